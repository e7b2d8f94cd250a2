// The web interface's route table: every page, the least role it needs, and the one place where
// a page's reader is read, its role checked, its form verified and its failures become a page.
#include "web/routes.hpp"

#include "domain/error.hpp"
#include "log.hpp"

#include <SQLiteCpp/Exception.h>
#include "web/i18n.hpp"

namespace sanaksme::web {

namespace {

http::response run(http::context& c, need who, page_fn f)
{
    auto r = reader_of(c);
    try {
        if (!may(r, who)) {
            if (!r.account && c.req.method() != http::verb::post)
                return see_other("/signin");
            return refusal(403, c, r, tr(r.lang, r.account ? "Your role does not allow this page." : "Sign in first."));
        }
        if (c.req.method() == http::verb::post) {
            check_form(c, r);
            // A deactivated organization's representatives still read, but no longer write.
            if (r.account && r.account->organization_id && !r.account->organization_active)
                return refusal(403, c, r, tr(r.lang, "Your organization is no longer active."));
        }
        return f(c, r);
    } catch (const http::api_error& e) {
        return refusal(e.status(), c, r, e.what());
    } catch (const domain::error& e) {
        auto mapped = http::from_domain(e);
        return refusal(mapped.status(), c, r, e.what());
    } catch (const SQLite::Exception&) {
        throw; // dispatch maps busy and constraint failures once
    } catch (const std::exception& e) {
        log::event({{"event", "handler_error"}, {"route", "web"}, {"message", e.what()}});
        return refusal(500, c, r, tr(r.lang, "Something went wrong on the server. Try again in a moment."));
    }
}

template <page_fn F, need N>
http::response guarded(http::context& c)
{
    return run(c, N, F);
}

struct entry {
    page_route page;
    http::handler_fn handler;
};

template <page_fn F, need N>
entry page(http::verb method, std::string_view pattern)
{
    return {{method, pattern, N}, guarded<F, N>};
}

const std::vector<entry>& table()
{
    using v = http::verb;
    static const std::vector<entry> all{
        page<home, need::anyone>(v::get, "/"),
        page<signin_form, need::anyone>(v::get, "/signin"),
        page<signin_request, need::anyone>(v::post, "/signin"),
        page<signin_confirm, need::anyone>(v::get, "/signin/{signed}"),
        page<signin_consume, need::anyone>(v::post, "/signin/{signed}"),
        page<signout, need::member>(v::post, "/signout"),
        page<desk_start, need::organizer>(v::get, "/desk"),
        page<desk, need::organizer>(v::get, "/meetings/{id}/desk"),
        page<desk_check_in, need::organizer>(v::post, "/meetings/{id}/desk"),
        page<desk_live, need::organizer>(v::get, "/meetings/{id}/desk.json"),
        page<desk_walk_in, need::organizer>(v::post, "/meetings/{id}/desk/guests"),
        page<meetings_list, need::organizer>(v::get, "/meetings"),
        page<meeting_new, need::organizer>(v::get, "/meetings/new"),
        page<meeting_create, need::organizer>(v::post, "/meetings"),
        page<meeting_page, need::organizer>(v::get, "/meetings/{id}"),
        page<meeting_edit, need::organizer>(v::get, "/meetings/{id}/edit"),
        page<meeting_update, need::organizer>(v::post, "/meetings/{id}/edit"),
        page<meeting_status, need::organizer>(v::post, "/meetings/{id}/status"),
        page<agenda_add, need::organizer>(v::post, "/meetings/{id}/agenda"),
        page<agenda_move, need::organizer>(v::post, "/meetings/{id}/agenda/move"),
        page<paper_upload, need::organizer>(v::post, "/meetings/{id}/papers"),
        page<paper_open, need::organizer>(v::get, "/meetings/{id}/papers"),
        page<paper_remove, need::organizer>(v::post, "/meetings/{id}/papers/delete"),
        page<mail_page, need::organizer>(v::get, "/meetings/{id}/mail"),
        page<mail_send, need::organizer>(v::post, "/meetings/{id}/mail"),
        page<mail_invite, need::organizer>(v::post, "/meetings/{id}/mail/invite"),
        page<mail_cancel, need::organizer>(v::post, "/meetings/{id}/mail/cancel"),
        page<organizations_list, need::organizer>(v::get, "/organizations"),
        page<organization_new, need::coordinator>(v::get, "/organizations/new"),
        page<organization_create, need::coordinator>(v::post, "/organizations"),
        page<organization_edit, need::coordinator>(v::get, "/organizations/{id}/edit"),
        page<organization_update, need::coordinator>(v::post, "/organizations/{id}/edit"),
        page<organization_deactivate, need::coordinator>(v::post, "/organizations/{id}/deactivate"),
        page<organization_add_person, need::coordinator>(v::post, "/organizations/{id}/people"),
        page<minutes_editor, need::organizer>(v::get, "/meetings/{id}/minutes"),
        page<minutes_save, need::organizer>(v::post, "/meetings/{id}/minutes"),
        page<minutes_approve, need::coordinator>(v::post, "/meetings/{id}/minutes/approve"),
        page<minutes_download, need::organizer>(v::get, "/meetings/{id}/minutes.pdf"),
        page<minutes_download, need::organizer>(v::get, "/meetings/{id}/minutes.docx"),
        page<minutes_download, need::organizer>(v::get, "/meetings/{id}/minutes.html"),
        page<minutes_download, need::organizer>(v::get, "/meetings/{id}/minutes.md"),
        page<minutes_download, need::organizer>(v::get, "/meetings/{id}/minutes.txt"),
        page<attendance_download, need::organizer>(v::get, "/meetings/{id}/attendance.csv"),
        page<people_import_form, need::coordinator>(v::get, "/people/import"),
        page<people_import, need::coordinator>(v::post, "/people/import"),
        page<answer_for_person, need::member>(v::post, "/meetings/{id}/answers"),
    };
    return all;
}

} // namespace

const std::vector<page_route>& pages()
{
    static const auto all = [] {
        std::vector<page_route> out;
        for (const auto& e : table())
            out.push_back(e.page);
        return out;
    }();
    return all;
}

const http::router& routes()
{
    static const http::router r([] {
        std::vector<http::route> out;
        // Pages hold personal data: private, no-store. Sessions are checked by run(), not by dispatch.
        for (const auto& e : table())
            out.push_back({e.page.method, e.page.pattern, e.handler, http::access::open, http::personal});
        out.push_back({http::verb::get, "/static/{file}", static_file, http::access::open, http::plain});
        return out;
    }());
    return r;
}

} // namespace sanaksme::web
