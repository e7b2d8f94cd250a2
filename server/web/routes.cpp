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
            if (r.account && !domain::may_write(caller_of(r)))
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
        page<meeting_next, need::organizer>(v::post, "/meetings/{id}/next"),
        page<agenda_add, need::organizer>(v::post, "/meetings/{id}/agenda"),
        page<agenda_move, need::organizer>(v::post, "/meetings/{id}/agenda/move"),
        page<paper_upload, need::organizer>(v::post, "/meetings/{id}/papers"),
        page<paper_open, need::member>(v::get, "/meetings/{id}/papers"),
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
        page<decisions_page, need::member>(v::get, "/meetings/{id}/decisions"),
        page<decision_add, need::organizer>(v::post, "/meetings/{id}/decisions"),
        page<decision_vote, need::member>(v::post, "/decisions/{id}/vote"),
        page<decision_close, need::organizer>(v::post, "/decisions/{id}/close"),
        page<decision_follow_up, need::organizer>(v::post, "/decisions/{id}/state"),
        page<decisions_register, need::member>(v::get, "/decisions"),
        page<decisions_download, need::member>(v::get, "/decisions.csv"),
        page<roll_call_page, need::organizer>(v::get, "/meetings/{id}/roll-call"),
        page<participation_page, need::organizer>(v::get, "/reports/participation"),
        page<participation_download_csv, need::organizer>(v::get, "/reports/participation.csv"),
        page<participation_download_svg, need::organizer>(v::get, "/reports/participation.svg"),
        page<audit_page, need::coordinator>(v::get, "/audit"),
        page<tokens_page, need::coordinator>(v::get, "/tokens"),
        page<token_create, need::coordinator>(v::post, "/tokens"),
        page<token_revoke, need::coordinator>(v::post, "/tokens/{id}/revoke"),
        page<accounts_page, need::coordinator>(v::get, "/accounts"),
        page<account_create, need::coordinator>(v::post, "/accounts"),
        page<account_role, need::coordinator>(v::post, "/accounts/{id}/role"),
        page<account_remove, need::coordinator>(v::post, "/accounts/{id}/remove"),
        page<account_sign_out, need::coordinator>(v::post, "/accounts/{id}/signout"),
        page<webhooks_page, need::coordinator>(v::get, "/webhooks"),
        page<webhook_create, need::coordinator>(v::post, "/webhooks"),
        page<webhook_toggle, need::coordinator>(v::post, "/webhooks/{id}/active"),
        page<webhook_delete, need::coordinator>(v::post, "/webhooks/{id}/delete"),
        page<webhook_page, need::coordinator>(v::get, "/webhooks/{id}"),
        page<webhook_redeliver, need::coordinator>(v::post, "/webhooks/{id}/redeliver"),
        page<substitute_for_person, need::member>(v::post, "/meetings/{id}/substitutes"),
        page<approved_minutes_download, need::member>(v::get, "/minutes"),
        page<desk_substitute, need::organizer>(v::post, "/meetings/{id}/desk/substitutes"),
        page<people_list, need::member>(v::get, "/people"),
        page<person_create, need::member>(v::post, "/people"),
        page<person_update, need::member>(v::post, "/people/{id}/edit"),
        page<person_erase, need::member>(v::post, "/people/{id}/erase"),
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
