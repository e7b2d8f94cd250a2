// A meeting's papers on its page: the list, an upload form (multipart, csrf as a text part),
// opening one (streamed, /meetings/{id}/papers?paper=N; members too, drafts aside) and removing one
// (kept for the record).
#include "api/papers.hpp"
#include "domain/error.hpp"
#include "domain/paper.hpp"
#include "handler_env.hpp"
#include "store/meetings.hpp"
#include "store/papers.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

#include <limits>

namespace sanaksme::web {

namespace {

std::string papers_path(std::int64_t meeting, const std::string& tail = "")
{
    return "/meetings/" + std::to_string(meeting) + "/papers" + tail;
}

// The paper named by `text`, when it is one of this meeting's and not removed.
json paper_of(store::connection& conn, std::int64_t meeting_id, const std::string& text, const std::string& lang,
              const domain::caller& who)
{
    auto paper_id = optional_number(text, 1, std::numeric_limits<std::int64_t>::max());
    auto row = paper_id && *paper_id ? store::find_paper(conn, **paper_id) : std::nullopt;
    if (!row || (*row)["meeting_id"] != meeting_id || !(*row)["deleted_at"].is_null() ||
        !domain::may_see_paper((*row)["visibility"].get<std::string>(), who, false)) // a draft is not shown to members
        throw domain::not_found(tr(lang, "There is no such paper."));
    return *row;
}

// Sizes as people read them: "840 KB", "2.4 MB".
std::string size_text(std::int64_t bytes)
{
    if (bytes < 1024 * 1024)
        return std::to_string((bytes + 1023) / 1024) + " KB";
    auto tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

// The reader's words for a refused upload or removal (the API's details are English).
std::string refusal_text(unsigned status, const std::string& lang)
{
    switch (status) {
    case 415: return tr(lang, "The file is not a PDF, DOCX, ODT, PPTX, XLSX, PNG or JPEG document.");
    case 409: return tr(lang, "The minutes are approved: the meeting's papers no longer change.");
    case 404: return tr(lang, "There is no such paper.");
    case 400: return tr(lang, "The upload was incomplete. Choose the file and send the form again.");
    default: return tr(lang, "Choose a file, a title of at most 300 characters and who sees it.");
    }
}

} // namespace

json meeting_papers_data(store::connection& conn, std::int64_t meeting_id)
{
    json out = json::array();
    for (const auto& p : store::meeting_papers(conn, meeting_id)) {
        auto id = p["id"].get<std::int64_t>();
        auto vis = p["visibility"].get<std::string>();
        out.push_back({{"id", id}, {"title", p["title"]}, {"size", size_text(p["size"].get<std::int64_t>())},
                       {"is_" + vis, true}, {"open", papers_path(meeting_id, "?paper=" + std::to_string(id))}});
    }
    return out;
}

json readable_papers_data(store::connection& conn, std::int64_t meeting_id, const domain::caller& who)
{
    json out = json::array();
    for (const auto& p : store::meeting_papers(conn, meeting_id))
        if (domain::may_see_paper(p["visibility"].get<std::string>(), who, false)) {
            auto id = std::to_string(p["id"].get<std::int64_t>());
            out.push_back({{"title", p["title"]}, {"size", size_text(p["size"].get<std::int64_t>())},
                           {"open", papers_path(meeting_id, "?paper=" + id)}});
        }
    return out;
}

http::response paper_upload(http::context& c, reader& r)
{
    auto id = c.id();
    try {
        api::upload_paper(c, id, std::nullopt, actor_of(r), {"csrf"});
    } catch (const http::api_error& e) {
        return refusal(e.status(), c, r, refusal_text(e.status(), r.lang));
    } catch (const domain::error& e) {
        auto status = http::from_domain(e).status();
        return refusal(status, c, r, refusal_text(status, r.lang));
    }
    return see_other("/meetings/" + std::to_string(id) + "?saved#papers");
}

http::response paper_open(http::context& c, reader& r)
{
    auto id = c.id();
    auto paper = c.query_value("paper");
    if (!paper) // the list is on the meeting's page
        return see_other("/meetings/" + std::to_string(id) + "#papers");
    auto row = c.env.db.read([&](store::connection& conn) { return paper_of(conn, id, *paper, r.lang, caller_of(r)); });
    return api::paper_download(c, row);
}

http::response paper_remove(http::context& c, reader& r)
{
    auto id = c.id();
    auto paper = form_value(c, "paper_id").value_or("");
    try {
        c.env.db.write([&](store::connection& conn) {
            api::remove_paper(conn, paper_of(conn, id, paper, r.lang, caller_of(r)), actor_of(r));
            return 0;
        });
    } catch (const domain::error& e) {
        auto status = http::from_domain(e).status();
        return refusal(status, c, r, refusal_text(status, r.lang));
    }
    return see_other("/meetings/" + std::to_string(id) + "?saved#papers");
}

} // namespace sanaksme::web
