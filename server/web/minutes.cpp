// The minutes editor on the web: notes and decisions per agenda item, action items (a few blank
// rows, no script), save as a draft or circulate (refused when someone saved in between), approve,
// and the exports downloaded through the API's own export handler under the page's role check.
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/minutes_body.hpp"
#include "api/minutes_view.hpp"
#include "domain/error.hpp"
#include "domain/minutes.hpp"
#include "handler_env.hpp"
#include "mail/compose.hpp"
#include "store/meetings.hpp"
#include "store/minutes.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

#include <boost/url.hpp>

#include <map>
#include <regex>

namespace sanaksme::web {

namespace {

constexpr int blank_action_rows = 3;
constexpr int max_rows = 500;

std::string minutes_path(std::int64_t id, std::string_view tail = "")
{
    return "/meetings/" + std::to_string(id) + "/minutes" + std::string(tail);
}

// The form's fields once, by name (the editor's form has many).
std::map<std::string, std::string> form_fields(const http::context& c)
{
    std::map<std::string, std::string> out;
    auto parsed = boost::urls::parse_query(c.req.body());
    if (parsed)
        for (auto p : boost::urls::params_view(*parsed, boost::urls::encoding_opts(true)))
            if (p.has_value)
                out.emplace(std::string(p.key), std::string(p.value));
    return out;
}

std::string field(const std::map<std::string, std::string>& f, const std::string& name)
{
    auto it = f.find(name);
    return it == f.end() ? std::string() : it->second;
}

json text_or_null(const std::string& s)
{
    auto t = trimmed(s);
    return t.empty() ? json() : json(t);
}

std::optional<domain::minutes_status> status_of(const std::optional<json>& stored)
{
    if (!stored)
        return std::nullopt;
    return domain::parse_minutes_status((*stored)["status"].get<std::string>());
}

// The form as the API's minutes body (PUT /minutes): items by agenda item, decisions one a line,
// action items whose text is not empty (an emptied row is a removed one).
json body_of(const std::map<std::string, std::string>& f, const std::string& status)
{
    json req = {{"summary", text_or_null(field(f, "summary"))}, {"items", json::array()}, {"action_items", json::array()},
                {"status", status}};
    for (int i = 0; i < max_rows && f.count("item_id_" + std::to_string(i)); ++i) {
        auto k = std::to_string(i);
        json decisions = json::array();
        std::istringstream lines(field(f, "decisions_" + k));
        for (std::string line; std::getline(lines, line);)
            if (auto d = trimmed(line); !d.empty())
                decisions.push_back(d);
        auto notes = text_or_null(field(f, "notes_" + k));
        if (notes.is_null() && decisions.empty())
            continue;
        auto id = optional_number(field(f, "item_id_" + k), 1, std::numeric_limits<std::int64_t>::max());
        req["items"].push_back({{"agenda_item_id", id && *id ? json(**id) : json(field(f, "item_id_" + k))},
                                {"notes", notes}, {"decisions", decisions}});
    }
    for (int i = 0; i < max_rows && f.count("action_text_" + std::to_string(i)); ++i) {
        auto k = std::to_string(i);
        auto text = text_or_null(field(f, "action_text_" + k));
        if (text.is_null())
            continue;
        json a = {{"text", text}, {"owner", text_or_null(field(f, "action_owner_" + k))},
                  {"due", text_or_null(field(f, "action_due_" + k))}, {"done", f.count("action_done_" + k) > 0}};
        if (auto from = optional_number(field(f, "action_from_" + k), 1, std::numeric_limits<std::int64_t>::max()); from && *from)
            a["from_meeting_id"] = **from;
        a["row"] = i; // which form row, for its errors; taken out before the body is checked
        req["action_items"].push_back(a);
    }
    return req;
}

// The API's field names ("action_items[2].due") as the form's ("action_due_5").
std::string form_field_of(const std::string& api_field, const json& req)
{
    std::smatch m;
    if (std::regex_match(api_field, m, std::regex(R"(action_items\[(\d+)\]\.(text|owner|due).*)"))) {
        auto i = std::stoul(m[1]);
        if (i < req["action_items"].size())
            return "action_" + m[2].str() + "_" + std::to_string(req["action_items"][i]["row"].get<int>());
    }
    if (api_field.starts_with("items"))
        return "items";
    return "summary";
}

std::string message_of(std::string_view lang, const std::string& form_field)
{
    if (form_field.starts_with("action_due"))
        return tr(lang, "Enter the due date as a date, for example 2030-12-31.");
    if (form_field.starts_with("action_owner"))
        return tr(lang, "The owner's name is at most 300 characters.");
    if (form_field.starts_with("action_text"))
        return tr(lang, "The action item is at most 5000 characters.");
    if (form_field == "items")
        return tr(lang, "The notes or decisions of an agenda item are too long.");
    return tr(lang, "The summary is at most 50000 characters.");
}

// The editor's page: the stored minutes, or what the reader typed (`typed`, a body as body_of made it).
json editor_data(store::connection& conn, const reader& r, const json& m, const std::optional<json>& typed)
{
    auto id = m["id"].get<std::int64_t>();
    auto stored = store::find_minutes(conn, id);
    json body = typed ? *typed : stored ? (*stored)["body"] : api::empty_minutes_body();
    auto status = stored ? (*stored)["status"].get<std::string>() : std::string("draft");
    json data = {{"title", tr(r.lang, "Minutes") + ": " + m["title"].get<std::string>()},
                 {"meeting_title", m["title"]}, {"meeting_link", "/meetings/" + std::to_string(id)},
                 {"action", minutes_path(id)}, {"approve_action", minutes_path(id, "/approve")},
                 {"version", stored ? (*stored)["version"] : json(0)},
                 {"status", tr(r.lang, status == "draft" ? "draft" : status == "circulated" ? "circulated" : "approved")}};
    data["editable"] = status != "approved";
    data["may_approve"] = stored && status != "approved" && r.account && r.account->role == "coordinator";
    data["summary"] = body["summary"].is_string() ? body["summary"] : json("");
    std::map<std::int64_t, json> by_item;
    for (const auto& it : body["items"])
        if (it["agenda_item_id"].is_number_integer())
            by_item[it["agenda_item_id"].get<std::int64_t>()] = it;
    json items = json::array();
    int i = 0;
    for (const auto& a : store::agenda_rows(conn, id)) {
        auto aid = a["id"].get<std::int64_t>();
        json it = {{"n", i++}, {"id", aid}, {"title", a["title"]}, {"notes", ""}, {"decisions", ""}};
        if (auto f = by_item.find(aid); f != by_item.end()) {
            it["notes"] = f->second["notes"].is_string() ? f->second["notes"] : json("");
            std::string lines;
            for (const auto& d : f->second["decisions"])
                lines += d.get<std::string>() + "\n";
            it["decisions"] = lines;
        }
        items.push_back(it);
    }
    data["items"] = items;
    data["no_items"] = items.empty();
    json actions = json::array();
    int n = 0;
    for (const auto& a : body["action_items"]) {
        actions.push_back({{"n", n++}, {"text", a["text"]}, {"owner", a["owner"].is_string() ? a["owner"] : json("")},
                           {"due", a["due"].is_string() ? a["due"] : json("")}, {"done", a.value("done", false)},
                           {"from", a.value("from_meeting_id", json())}});
    }
    for (int k = 0; k < blank_action_rows; ++k)
        actions.push_back({{"n", n++}, {"text", ""}, {"owner", ""}, {"due", ""}, {"done", false}, {"from", nullptr}});
    for (auto& a : actions)
        a["label_n"] = a["n"].get<int>() + 1;
    data["actions"] = actions;
    json downloads = json::array();
    for (const char* f : {"pdf", "docx", "html", "md", "txt"})
        downloads.push_back({{"href", minutes_path(id, std::string(".") + f)}, {"format", std::string(f)}});
    downloads.push_back({{"href", "/meetings/" + std::to_string(id) + "/attendance.csv"}, {"format", "csv"},
                         {"label", tr(r.lang, "Roll-call (CSV)")}});
    data["downloads"] = downloads;
    return data;
}

} // namespace

http::response minutes_editor(http::context& c, reader& r)
{
    auto id = c.id();
    auto data = c.env.db.read([&](store::connection& conn) { return editor_data(conn, r, store::load_meeting_row(conn, id), std::nullopt); });
    data["saved"] = c.query_value("saved").has_value();
    return html(200, c, r, "minutes", data);
}

// Save as a draft or circulate, as PUT /minutes does (its body rules, its version, its email when
// first circulated); a version other than the one the form was opened at is refused with the text kept.
http::response minutes_save(http::context& c, reader& r)
{
    auto id = c.id();
    auto f = form_fields(c);
    auto status = field(f, "do") == "circulate" ? std::string("circulated") : std::string("draft");
    auto req = body_of(f, status);
    auto opened_at = optional_number(field(f, "version"), 0, std::numeric_limits<std::int64_t>::max());
    auto who = actor_of(r);
    auto mail_settings = mail::settings_from(c.env.settings, c.env.link_keys.secrets());
    form_errors errors;
    json page;
    bool circulate = false, stale = false;
    c.env.db.write([&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, id);
        auto current = store::find_minutes(conn, id);
        auto version = current ? (*current)["version"].get<std::int64_t>() : 0;
        json typed = req;
        typed.erase("status");
        if (!opened_at || !*opened_at ? version != 0 : **opened_at != version) {
            errors.add("summary", tr(r.lang, "Someone else saved these minutes after you opened them. Your text is below; "
                                             "compare it with theirs (open the minutes in a new tab) before you save again."));
            page = editor_data(conn, r, meeting, typed);
            stale = true;
            return;
        }
        domain::ensure_editable(status_of(current));
        json checked_req = req;
        for (auto& a : checked_req["action_items"])
            a.erase("row");
        json body;
        try {
            body = api::checked_minutes_body(conn, id, checked_req);
        } catch (const http::api_error& e) {
            for (const auto& fe : e.errors()) {
                auto name = form_field_of(fe.field, req);
                errors.add(name, message_of(r.lang, name));
            }
            if (errors.empty())
                throw;
            page = editor_data(conn, r, meeting, typed);
            return;
        }
        circulate = api::record_minutes(conn, who, meeting, current, status, body, mail_settings);
    });
    if (!errors.empty()) {
        errors.into(page);
        for (auto& a : page["actions"])
            for (const char* part : {"text", "owner", "due"})
                if (auto name = "action_" + std::string(part) + "_" + std::to_string(a["n"].get<int>()); page["e"].contains(name))
                    a[std::string("e_") + part] = page["e"][name];
        return html(stale ? 409 : 422, c, r, "minutes", page);
    }
    if (circulate)
        c.env.mail.messages_queued();
    return see_other(minutes_path(id, "?saved=1"));
}

// Approve, as POST /minutes/approve does: the approval and its frozen snapshot in one transaction.
http::response minutes_approve(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, id);
        api::record_approval(conn, who, meeting);
    });
    return see_other(minutes_path(id, "?saved=1"));
}

// The API's export of the minutes (or the roll-call) for the signed-in reader: no token in a link.
http::response minutes_download(http::context& c, reader&) { return api::minutes_export(c); }
http::response attendance_download(http::context& c, reader&) { return api::attendance_csv(c); }

} // namespace sanaksme::web
