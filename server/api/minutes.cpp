// /api/v1/meetings/{id}/minutes, /minutes/versions, /minutes/approve, /minutes.md|.html|.txt|.pdf|.docx,
// /attendance.csv: parse, apply the minutes' rules (domain/minutes), read or write the store, answer.
#include "api/attendance_view.hpp"
#include "api/common.hpp"
#include "api/decision_ops.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/minutes_body.hpp"
#include "api/minutes_view.hpp"
#include "domain/minutes.hpp"
#include "mail/compose.hpp"
#include "render/minutes_document.hpp"
#include "render/report_sheets.hpp"
#include "render/templates.hpp"
#include "store/meetings.hpp"
#include "store/minutes.hpp"
#include "store/papers.hpp"

namespace sanaksme::api {

namespace {

std::optional<domain::minutes_status> status_of(const std::optional<json>& stored)
{
    if (!stored)
        return std::nullopt;
    return domain::parse_minutes_status((*stored)["status"].get<std::string>());
}

// A stored action item (checked when saved: text a string, done a boolean) as the rules read it.
domain::action_item action_item_of(const json& a)
{
    auto text = [&](const char* key) {
        const auto& v = a.value(key, json());
        return v.is_string() ? std::optional(v.get<std::string>()) : std::nullopt;
    };
    const auto& from = a.value("from_meeting_id", json());
    return {text("text").value_or(""), text("owner"), text("due"), a.value("done", false),
            from.is_number_integer() ? std::optional(from.get<std::int64_t>()) : std::nullopt};
}

std::vector<domain::action_item> action_items_of(const json& body)
{
    std::vector<domain::action_item> out;
    for (const auto& a : body["action_items"])
        out.push_back(action_item_of(a));
    return out;
}

// Action items of earlier meetings in the series not yet marked done in any later minutes.
json open_action_items(store::connection& conn, const json& meeting)
{
    std::vector<domain::meeting_actions> earlier;
    for (const auto& row : store::earlier_minutes_in_series(conn, meeting))
        earlier.push_back({row["meeting_id"].get<std::int64_t>(), row["title"].get<std::string>(), action_items_of(row["body"])});
    auto current = store::find_minutes(conn, meeting["id"].get<std::int64_t>());
    auto own = current ? action_items_of((*current)["body"]) : std::vector<domain::action_item>{};
    json open = json::array();
    for (const auto& a : domain::open_action_items(earlier, own))
        open.push_back({{"text", a.text}, {"owner", a.owner ? json(*a.owner) : json()}, {"due", a.due ? json(*a.due) : json()},
                        {"from_meeting_id", a.from_meeting_id}, {"from_title", a.from_title}});
    return open;
}

json minutes_json(store::connection& conn, const json& meeting)
{
    auto id = meeting["id"].get<std::int64_t>();
    auto stored = store::find_minutes(conn, id);
    if (stored && (*stored)["snapshot"].is_object())
        return (*stored)["snapshot"]["minutes"];
    json out = stored ? (*stored)["body"] : empty_minutes_body();
    out["meeting_id"] = id;
    out["status"] = stored ? (*stored)["status"] : json("draft");
    out["version"] = stored ? (*stored)["version"] : json(0);
    out["approved_by"] = stored ? (*stored)["approved_by"] : json();
    const auto* zone = domain::find_zone(meeting["timezone"].get<std::string>());
    out["approved_at"] = stored && (*stored)["approved_at"].is_number_integer()
                             ? json(domain::format_rfc3339((*stored)["approved_at"].get<std::int64_t>(), zone))
                             : json();
    auto view = attendance_view(conn, meeting);
    out["attendance"] = {{"summary", view["summary"]}, {"organizations", view["organizations"]}, {"people", view["items"]}};
    json agenda = json::array();
    for (const auto& row : store::agenda_rows(conn, id))
        agenda.push_back({{"id", row["id"]}, {"position", row["position"]}, {"title", row["title"]},
                          {"presenter", row["presenter_name"].is_string() ? row["presenter_name"] : row["person_name"]},
                          {"organization", row["organization_name"]}, {"duration_minutes", row["duration_minutes"]}});
    out["agenda"] = agenda;
    out["open_action_items"] = open_action_items(conn, meeting);
    out["decisions"] = meeting_decisions(conn, id);
    out["decisions_in_follow_up"] = decisions_in_follow_up(conn, meeting);
    return out;
}

// The frozen model of approved minutes, or null while they are a draft or circulated.
json snapshot_of(store::connection& conn, const json& meeting)
{
    auto stored = store::find_minutes(conn, meeting["id"].get<std::int64_t>());
    return stored && (*stored)["snapshot"].is_object() ? (*stored)["snapshot"] : json();
}

// The meeting a `next_meeting: {meeting_id}` names, as it is now.
json next_meeting_row(store::connection& conn, const json& next)
{
    if (!next.is_object() || !next.contains("meeting_id"))
        return nullptr;
    auto m = store::find_meeting_row(conn, next["meeting_id"].get<std::int64_t>());
    return m ? *m : json();
}

// Presentations of the agenda, for the news post.
json presentations_of(store::connection& conn, const json& meeting)
{
    json out = json::array();
    for (const auto& row : store::agenda_rows(conn, meeting["id"].get<std::int64_t>()))
        if (row["kind"] == "presentation") {
            auto name = row["presenter_name"].is_string() ? row["presenter_name"] : row["person_name"];
            if (name.is_string())
                out.push_back({{"name", name}, {"organization", row["organization_name"]}, {"title", row["title"]}});
        }
    return out;
}

// Everything the exports of these minutes read, from the records as they are now.
// The papers the minutes list as annexes: every one but the organizers' drafts.
json annexes_of(store::connection& conn, const json& meeting)
{
    json out = json::array();
    for (const auto& p : store::meeting_papers(conn, meeting["id"].get<std::int64_t>()))
        if (p["visibility"] != "organizers")
            out.push_back({{"id", p["id"]}, {"title", p["title"]}, {"file_name", p["file_name"]}, {"content_type", p["content_type"]}});
    return out;
}

json live_model(store::connection& conn, const json& meeting)
{
    auto m = minutes_json(conn, meeting);
    return {{"meeting", meeting},
            {"minutes", m},
            {"next_meeting_row", next_meeting_row(conn, m["next_meeting"])},
            {"presentations", presentations_of(conn, meeting)},
            {"papers", annexes_of(conn, meeting)}};
}

// What the exports render: the snapshot of approved minutes, else the live records.
json model_of(store::connection& conn, const json& meeting)
{
    auto frozen = snapshot_of(conn, meeting);
    return frozen.is_object() ? frozen : live_model(conn, meeting);
}

std::string lang_of(const http::context& c, const json& meeting)
{
    const auto& l = meeting["language"];
    return export_lang(c, l.is_string() ? l.get<std::string>() : "");
}

// ?style= of the Markdown export: the minutes, or a news post about the meeting.
bool news_style(const http::context& c)
{
    auto style = c.query_value("style").value_or("minutes");
    if (style != "minutes" && style != "news")
        throw http::bad_request("style must be minutes or news.");
    return style == "news";
}

std::string content_type_of(const std::string& format)
{
    if (format == "md")
        return "text/markdown; charset=utf-8";
    if (format == "html")
        return "text/html; charset=utf-8";
    if (format == "pdf")
        return "application/pdf";
    if (format == "docx")
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    return "text/plain; charset=utf-8";
}

} // namespace

std::string export_lang(const http::context& c, const std::string& fallback)
{
    auto lang = c.query_value("lang").value_or(fallback);
    if (lang != "lv" && lang != "en")
        throw http::bad_request("lang must be lv or en.");
    return lang;
}

http::response export_response(std::string content_type, std::string body, const std::string& filename)
{
    auto r = http::text_response(200, std::move(content_type), std::move(body));
    r.header("Content-Disposition", "inline; filename=\"" + filename + "\"");
    return r;
}

std::optional<json> readable_minutes(store::connection& conn, const json& meeting_row, const std::string& lang)
{
    auto model = model_of(conn, meeting_row);
    if (!domain::readable(*domain::parse_minutes_status(model["minutes"]["status"].get<std::string>())))
        return std::nullopt;
    return render::minutes_document(model, lang);
}

std::function<std::optional<render::attachment>(const std::string&)> minutes_attachment(store::connection& conn,
                                                                                        const json& meeting_row)
{
    return [&conn, meeting_row](const std::string& lang) -> std::optional<render::attachment> {
        auto doc = readable_minutes(conn, meeting_row, lang);
        if (!doc)
            return std::nullopt;
        return render::attachment{minutes_pdf_name(meeting_row, lang), "application/pdf", render::minutes_pdf(*doc)};
    };
}

bool record_minutes(store::connection& conn, const store::actor& who, const json& meeting_row,
                    const std::optional<json>& current, const std::string& status, const json& body,
                    const mail::compose_settings& mail_settings)
{
    auto id = meeting_row["id"].get<std::int64_t>();
    bool circulate = domain::newly_circulated(status_of(current), *domain::parse_minutes_status(status));
    auto version = store::save_minutes(conn, id, status, body, who.name);
    store::audit(conn, who, "minutes_save", "meeting", id, current ? (*current)["body"] : json(),
                 {{"version", version}, {"status", status}, {"body", body}});
    if (circulate) { // members get the "minutes available" email, with the minutes' PDF
        mail::generate_request g{"minutes", "v" + std::to_string(version), std::nullopt, false};
        g.attachment = mail::minutes_pdf_attachment;
        mail::generate(conn, meeting_row, g, mail_settings);
    }
    return circulate;
}

void record_approval(store::connection& conn, const store::actor& who, const json& meeting_row)
{
    auto id = meeting_row["id"].get<std::int64_t>();
    domain::ensure_approvable(status_of(store::find_minutes(conn, id)));
    store::approve_minutes(conn, id, who.name);
    // Frozen in the same transaction: no commit can come between approval and snapshot.
    store::freeze_minutes(conn, id, live_model(conn, meeting_row));
    store::audit(conn, who, "minutes_approve", "meeting", id, nullptr, {{"approved_by", who.name}});
}

std::string minutes_pdf_name(const json& meeting_row, const std::string& lang)
{
    return "minutes-" + std::to_string(meeting_row["id"].get<std::int64_t>()) + "-" + lang + ".pdf";
}

http::response get_minutes(http::context& c)
{
    auto id = c.id();
    auto body = c.env.db.read([&](store::connection& conn) { return minutes_json(conn, store::load_meeting_row(conn, id)); });
    hide_others_notes(c, body["attendance"]["organizations"]);
    auto r = http::json_response(200, body);
    r.header("ETag", http::etag(id, body["version"].get<std::int64_t>()));
    return r;
}

http::response put_minutes(http::context& c)
{
    auto id = c.id();
    auto req = http::body_object(c);
    bool circulate = false;
    // Read before the write transaction: nothing inside it may wait on the database again.
    auto mail_settings = mail::settings_from(c.env.settings, c.env.link_keys.secrets());
    auto result = c.env.db.write([&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, id);
        auto current = store::find_minutes(conn, id);
        http::check_if_match(c, http::etag(id, current ? (*current)["version"].get<std::int64_t>() : 0));
        domain::ensure_editable(status_of(current));
        auto body = checked_minutes_body(conn, id, req);
        auto status = req.value("status", std::string("draft"));
        circulate = record_minutes(conn, actor_of(c), meeting, current, status, body, mail_settings);
        return minutes_json(conn, meeting);
    });
    if (circulate)
        c.env.mail.messages_queued();
    auto r = http::json_response(200, result);
    r.header("ETag", http::etag(id, result["version"].get<std::int64_t>()));
    return r;
}

http::response list_minutes_versions(http::context& c)
{
    auto id = c.id();
    auto items = c.env.db.read([&](store::connection& conn) {
        store::load_meeting_row(conn, id);
        return store::minutes_versions(conn, id);
    });
    return http::json_response(200, http::list_body(std::move(items), std::nullopt));
}

http::response approve_minutes(http::context& c)
{
    auto id = c.id();
    auto result = c.env.db.write([&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, id);
        record_approval(conn, actor_of(c), meeting);
        return minutes_json(conn, meeting);
    });
    return http::json_response(200, result);
}

http::response minutes_export(http::context& c)
{
    auto id = c.id();
    auto format = c.path.substr(c.path.rfind('.') + 1);
    bool printed = format == "pdf" || format == "docx"; // laid out after the read
    std::string lang;
    json doc;
    auto r = c.env.db.read([&](store::connection& conn) {
        auto model = model_of(conn, store::load_meeting_row(conn, id));
        lang = lang_of(c, model["meeting"]);
        if (format == "md" && news_style(c))
            return export_response(content_type_of("md"), render::render_template(lang, "news.md", render::minutes_news(model, lang)),
                                   "news-" + std::to_string(id) + "-" + lang + ".md");
        doc = render::minutes_document(model, lang);
        auto body = printed ? std::string() : render::render_template(lang, "minutes_doc." + format, doc);
        return export_response(content_type_of(format), std::move(body), "minutes-" + std::to_string(id) + "-" + lang + "." + format);
    });
    // A long document takes a second or more to lay out: outside the read transaction.
    if (format == "pdf")
        r.body = render::minutes_pdf(doc);
    else if (format == "docx")
        r.body = render::minutes_docx(doc);
    return r;
}

http::response attendance_csv(http::context& c)
{
    auto id = c.id();
    auto csv = c.env.db.read([&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, id);
        return render::attendance_sheet(attendance_view(conn, meeting), lang_of(c, meeting));
    });
    return export_response("text/csv; charset=utf-8; header=present", csv, "attendance-" + std::to_string(id) + ".csv");
}

std::vector<domain::open_action_item> action_items_open_after(store::connection& conn, const json& meeting)
{
    std::vector<domain::meeting_actions> earlier;
    for (const auto& row : store::earlier_minutes_in_series(conn, meeting))
        earlier.push_back({row["meeting_id"].get<std::int64_t>(), row["title"].get<std::string>(), action_items_of(row["body"])});
    if (auto own = store::find_minutes(conn, meeting["id"].get<std::int64_t>()))
        earlier.push_back({meeting["id"].get<std::int64_t>(), meeting["title"].get<std::string>(), action_items_of((*own)["body"])});
    return domain::open_action_items(earlier, {});
}

} // namespace sanaksme::api
