// /api/v1/meetings/{id}/minutes, /minutes/versions, /minutes/approve, /minutes.md|.html|.txt,
// /attendance.csv, /api/v1/reports/participation.csv|.svg
#include "api/attendance_view.hpp"
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/minutes_view.hpp"
#include "domain/dates.hpp"
#include "domain/words.hpp"
#include "mail/compose.hpp"
#include "render/csv.hpp"
#include "render/documents.hpp"
#include "render/templates.hpp"
#include "store/meetings.hpp"
#include "store/minutes.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace sanaksme::api {

namespace {

const date::time_zone* zone_of(const json& m) { return domain::find_zone(m["timezone"].get<std::string>()); }

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : ""; }

std::string venue_text(const json& m)
{
    auto v = text_of(m["venue_name"]);
    if (m["venue_address"].is_string())
        v += (v.empty() ? "" : ", ") + m["venue_address"].get<std::string>();
    return v;
}

std::string lang_of(const http::context& c, const std::string& fallback)
{
    auto lang = c.query_value("lang").value_or(fallback);
    if (lang != "lv" && lang != "en")
        throw http::bad_request("lang must be lv or en.");
    return lang;
}

std::string lang_of(const http::context& c, const json& meeting) { return lang_of(c, text_of(meeting["language"])); }

// Reports span meetings: without ?lang they speak the platform's language.
constexpr std::string_view platform_lang = "lv";

json empty_body() { return {{"summary", nullptr}, {"items", json::array()}, {"action_items", json::array()}, {"next_meeting", nullptr}}; }

void reject_unknown(const json& obj, std::initializer_list<std::string_view> allowed, const std::string& prefix,
                    std::vector<http::field_error>& errors)
{
    for (const auto& [k, v] : obj.items())
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
            errors.push_back({prefix + k, "is not a known field"});
}

// The minutes body a client may send, checked field by field.
json checked_body(store::connection& conn, std::int64_t meeting_id, const json& req)
{
    std::vector<http::field_error> errors;
    static const std::set<std::string> known{"summary", "items", "action_items", "next_meeting", "status"};
    static const std::set<std::string> read_only{"meeting_id", "version", "approved_by", "approved_at", "updated_at",
                                                 "attendance", "agenda", "open_action_items"};
    for (const auto& [k, v] : req.items())
        if (read_only.count(k))
            errors.push_back({k, "is read-only"});
        else if (!known.count(k))
            errors.push_back({k, "is not a known field"});
    auto text = [&](const json& v, const std::string& field, std::size_t max, bool required) {
        if (v.is_null() && !required)
            return;
        if (!v.is_string() || (required && v.get<std::string>().empty()))
            errors.push_back({field, required ? "must be a non-empty string" : "must be a string"});
        else if (v.get<std::string>().size() > max)
            errors.push_back({field, "is too long"});
    };
    json body = empty_body();
    if (req.contains("summary")) {
        text(req["summary"], "summary", 50000, false);
        body["summary"] = req["summary"];
    }
    std::set<std::int64_t> agenda_ids;
    for (const auto& row : store::agenda_rows(conn, meeting_id))
        agenda_ids.insert(row["id"].get<std::int64_t>());
    if (req.contains("items")) {
        if (!req["items"].is_array() || req["items"].size() > 500)
            errors.push_back({"items", "must be an array of at most 500 items"});
        else
            for (std::size_t i = 0; i < req["items"].size(); ++i) {
                const auto& it = req["items"][i];
                auto f = "items[" + std::to_string(i) + "]";
                if (!it.is_object()) {
                    errors.push_back({f, "must be an object"});
                    continue;
                }
                reject_unknown(it, {"agenda_item_id", "notes", "decisions"}, f + ".", errors);
                if (!it.contains("agenda_item_id") || !it["agenda_item_id"].is_number_integer() ||
                    !agenda_ids.count(it["agenda_item_id"].get<std::int64_t>()))
                    errors.push_back({f + ".agenda_item_id", "must be an agenda item of this meeting"});
                text(it.value("notes", json()), f + ".notes", 50000, false);
                const auto& d = it.value("decisions", json::array());
                if (!d.is_array() || d.size() > 100)
                    errors.push_back({f + ".decisions", "must be an array of strings"});
                else
                    for (const auto& s : d)
                        text(s, f + ".decisions", 5000, true);
                body["items"].push_back({{"agenda_item_id", it.value("agenda_item_id", json())},
                                         {"notes", it.value("notes", json())},
                                         {"decisions", d.is_array() ? d : json::array()}});
            }
    }
    if (req.contains("action_items")) {
        if (!req["action_items"].is_array() || req["action_items"].size() > 500)
            errors.push_back({"action_items", "must be an array of at most 500 items"});
        else
            for (std::size_t i = 0; i < req["action_items"].size(); ++i) {
                const auto& a = req["action_items"][i];
                auto f = "action_items[" + std::to_string(i) + "]";
                if (!a.is_object()) {
                    errors.push_back({f, "must be an object"});
                    continue;
                }
                reject_unknown(a, {"text", "owner", "due", "done", "from_meeting_id"}, f + ".", errors);
                text(a.value("text", json()), f + ".text", 5000, true);
                text(a.value("owner", json()), f + ".owner", 300, false);
                auto due = a.value("due", json());
                if (!due.is_null() && (!due.is_string() || !domain::valid_date(due.get<std::string>())))
                    errors.push_back({f + ".due", "must be a date YYYY-MM-DD"});
                if (a.contains("done") && !a["done"].is_boolean())
                    errors.push_back({f + ".done", "must be true or false"});
                auto from = a.value("from_meeting_id", json());
                if (!from.is_null() && !from.is_number_integer())
                    errors.push_back({f + ".from_meeting_id", "must be a meeting id"});
                body["action_items"].push_back({{"text", a.value("text", json())}, {"owner", a.value("owner", json())},
                                                {"due", due}, {"done", a.value("done", false)}, {"from_meeting_id", from}});
            }
    }
    if (req.contains("next_meeting") && !req["next_meeting"].is_null()) {
        const auto& n = req["next_meeting"];
        if (!n.is_object())
            errors.push_back({"next_meeting", "must be {\"meeting_id\"} or {\"date\", \"place\", \"topic\"}"});
        else {
            reject_unknown(n, {"meeting_id", "date", "place", "topic"}, "next_meeting.", errors);
            if (n.contains("meeting_id") && (!n["meeting_id"].is_number_integer() ||
                                             !store::find_meeting_row(conn, n["meeting_id"].get<std::int64_t>())))
                errors.push_back({"next_meeting.meeting_id", "is not a known meeting"});
            if (n.contains("date") && (!n["date"].is_string() || !domain::valid_date(n["date"].get<std::string>())))
                errors.push_back({"next_meeting.date", "must be a date YYYY-MM-DD"});
            text(n.value("place", json()), "next_meeting.place", 500, false);
            text(n.value("topic", json()), "next_meeting.topic", 2000, false);
            body["next_meeting"] = n;
        }
    }
    auto status = req.value("status", json("draft"));
    if (!status.is_string() || (status != "draft" && status != "circulated"))
        errors.push_back({"status", "must be draft or circulated (approval is POST /minutes/approve)"});
    http::throw_if_any(errors);
    return body;
}

// Action items of earlier meetings in the series not yet marked done in any later minutes.
json open_action_items(store::connection& conn, const json& meeting)
{
    auto earlier = store::earlier_minutes_in_series(conn, meeting);
    auto current = store::find_minutes(conn, meeting["id"].get<std::int64_t>());
    json all_later = earlier;
    if (current)
        all_later.push_back({{"meeting_id", meeting["id"]}, {"body", (*current)["body"]}});
    json open = json::array();
    for (std::size_t i = 0; i < earlier.size(); ++i)
        for (const auto& a : earlier[i]["body"]["action_items"]) {
            if (a.value("done", false))
                continue;
            auto origin = a["from_meeting_id"].is_number_integer() ? a["from_meeting_id"] : earlier[i]["meeting_id"];
            bool closed = false;
            for (std::size_t j = i + 1; j < all_later.size() && !closed; ++j)
                for (const auto& b : all_later[j]["body"]["action_items"])
                    closed = closed || (b.value("done", false) && b["from_meeting_id"] == origin && b["text"] == a["text"]);
            bool repeated = false; // carried by a later meeting of the series already: listed once
            for (std::size_t j = i + 1; j < earlier.size(); ++j)
                for (const auto& b : earlier[j]["body"]["action_items"])
                    repeated = repeated || (b["from_meeting_id"] == origin && b["text"] == a["text"]);
            if (!closed && !repeated)
                open.push_back({{"text", a["text"]}, {"owner", a["owner"]}, {"due", a["due"]}, {"from_meeting_id", origin},
                                {"from_title", earlier[i]["title"]}});
        }
    return open;
}

// A due date: "01.11.2017." in Latvian (no case ending to get wrong), "1 November 2017" in English.
std::string due_text(const std::string& lang, const std::string& ymd)
{
    if (lang == "lv")
        return ymd.substr(8, 2) + "." + ymd.substr(5, 2) + "." + ymd.substr(0, 4) + ".";
    return domain::long_date(lang, ymd);
}

json minutes_json(store::connection& conn, const json& meeting)
{
    auto id = meeting["id"].get<std::int64_t>();
    auto stored = store::find_minutes(conn, id);
    if (stored && (*stored)["snapshot"].is_object())
        return (*stored)["snapshot"]["minutes"];
    json out = stored ? (*stored)["body"] : empty_body();
    out["meeting_id"] = id;
    out["status"] = stored ? (*stored)["status"] : json("draft");
    out["version"] = stored ? (*stored)["version"] : json(0);
    out["approved_by"] = stored ? (*stored)["approved_by"] : json();
    out["approved_at"] = stored && (*stored)["approved_at"].is_number_integer()
                             ? json(domain::format_rfc3339((*stored)["approved_at"].get<std::int64_t>(), zone_of(meeting)))
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
json live_model(store::connection& conn, const json& meeting)
{
    auto m = minutes_json(conn, meeting);
    return {{"meeting", meeting},
            {"minutes", m},
            {"next_meeting_row", next_meeting_row(conn, m["next_meeting"])},
            {"presentations", presentations_of(conn, meeting)}};
}

// What the exports render: the snapshot of approved minutes, else the live records.
json model_of(store::connection& conn, const json& meeting)
{
    auto frozen = snapshot_of(conn, meeting);
    return frozen.is_object() ? frozen : live_model(conn, meeting);
}

// A one-line template ("2. lpp. no 5") without the line's end.
std::string one_line(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

// The attendance figures for the templates, each with whether its noun is singular (Latvian: 1, 21, 31 …).
json attendance_counts(const std::string& lang, const json& s)
{
    auto one = [&](std::int64_t n) { return lang == "lv" ? domain::lv_singular(n) : n == 1; };
    auto people = s["people_present"].get<std::int64_t>(), orgs = s["organizations_present"].get<std::int64_t>(),
         members = s["member_organizations"].get<std::int64_t>();
    return {{"people", people}, {"people_one", one(people)}, {"orgs", orgs}, {"orgs_one", one(orgs)},
            {"members", members}, {"members_one", one(members)}, {"quorum", s["quorum"]}, {"quorum_met", s["quorum_met"]}};
}

std::string attendance_sentence(const std::string& lang, const json& s)
{
    return one_line(render::render_template(lang, "attendance_sentence.txt", attendance_counts(lang, s)));
}

std::string next_meeting_text(const json& model, const std::string& lang)
{
    const auto& next = model["minutes"]["next_meeting"];
    if (!next.is_object())
        return "";
    std::string when, place, topic;
    if (next.contains("meeting_id")) {
        const auto& m = model["next_meeting_row"];
        if (!m.is_object())
            return "";
        when = domain::long_date_time(lang, m["starts_at"].get<std::int64_t>(), zone_of(m));
        place = venue_text(m);
        topic = text_of(m["description"]);
    } else {
        when = next.contains("date") ? domain::long_date(lang, next["date"].get<std::string>()) : "";
        place = text_of(next.value("place", json()));
        topic = text_of(next.value("topic", json()));
    }
    return one_line(render::render_template(lang, "next_meeting.txt", {{"when", when}, {"place", place}, {"topic", topic}}));
}

// Everything the minutes templates show, in one language.
json document(const json& model, const std::string& lang)
{
    const auto& w = render::strings(lang);
    const auto& meeting = model["meeting"];
    const auto& m = model["minutes"];
    const auto* zone = zone_of(meeting);
    auto start = meeting["starts_at"].get<std::int64_t>();
    auto end = meeting["ends_at"].is_number_integer() ? meeting["ends_at"].get<std::int64_t>() : start;
    json roll = json::array();
    for (const auto& o : m["attendance"]["organizations"]) {
        std::string people;
        for (const auto& p : o["people"])
            people += (people.empty() ? "" : ", ") + (p["name"].is_string() ? p["name"].get<std::string>() : "—");
        auto code = o["status"].get<std::string>();
        roll.push_back({{"name", o["name"]}, {"status", w[code]}, {"code", code}, {"people", people}});
    }
    json guests = json::array();
    for (const auto& p : m["attendance"]["people"])
        if (p["guest"].get<bool>())
            guests.push_back({{"name", p["name"]}, {"organization", p["organization_name"]}});
    json agenda = json::array();
    auto t = start;
    for (const auto& a : m["agenda"]) {
        json item = {{"position", a["position"]}, {"title", a["title"]}, {"time", domain::clock_time(lang, t, zone)}};
        std::string presenter = text_of(a["presenter"]);
        if (a["organization"].is_string())
            presenter += (presenter.empty() ? "" : ", ") + a["organization"].get<std::string>();
        item["presenter"] = presenter;
        json decisions = json::array();
        for (const auto& n : m["items"])
            if (n["agenda_item_id"] == a["id"]) {
                item["notes"] = n["notes"];
                for (const auto& d : n["decisions"])
                    decisions.push_back({{"text", d}});
            }
        item["decisions"] = decisions;
        item["has_decisions"] = !decisions.empty();
        agenda.push_back(item);
        t += a["duration_minutes"].get<std::int64_t>() * 60;
    }
    auto action = [&](const json& a) {
        return json{{"text", a["text"]}, {"owner", a["owner"]}, {"done", a.value("done", false)},
                    {"due", a["due"].is_string() ? json(due_text(lang, a["due"].get<std::string>())) : json()},
                    {"from", a.value("from_title", json())}};
    };
    json actions = json::array(), carried = json::array();
    for (const auto& a : m["action_items"])
        actions.push_back(action(a));
    for (const auto& a : m["open_action_items"])
        carried.push_back(action(a));
    std::string approved, approved_on;
    if (m["status"] == "approved" && m["approved_by"].is_string()) {
        auto at = *domain::parse_rfc3339(m["approved_at"].get<std::string>());
        approved_on = domain::long_date(lang, domain::local_date(at, zone));
        approved = one_line(render::render_template(lang, "minutes_approval.txt", {{"by", m["approved_by"]}, {"on", approved_on}}));
    }
    return {{"lang", lang},
            {"heading", w["minutes_heading"]},
            {"title", meeting["title"]},
            {"series", meeting["series"]},
            {"date_long", domain::long_date(lang, start, zone)},
            // A meeting without an end shows its start alone, not "10.00–10.00".
            {"time_range", end == start ? domain::clock_time(lang, start, zone)
                                        : domain::clock_time(lang, start, zone) + "–" + domain::clock_time(lang, end, zone)},
            {"venue", venue_text(meeting)},
            {"status_label", w["status"]},
            {"status", w["status_" + m["status"].get<std::string>()]},
            {"approved", approved},
            {"approved_by", approved.empty() ? json() : m["approved_by"]},
            {"approved_at", approved.empty() ? json() : m["approved_at"]},
            {"approved_on", approved_on},
            {"attendance_label", w["attendance"]},
            {"attendance_sentence", attendance_sentence(lang, m["attendance"]["summary"])},
            {"org_label", w["csv_organization"]},
            {"people_label", w["representatives"]},
            {"roll", roll},
            {"guests_label", w["guests"]},
            {"guests", guests},
            {"has_guests", !guests.empty()},
            {"summary_label", w["summary"]},
            {"summary", m["summary"]},
            {"agenda_label", w["agenda"]},
            {"has_agenda", !agenda.empty()},
            {"decisions_label", w["decisions"]},
            {"decision_label", w["decision"]},
            {"agenda", agenda},
            {"action_items_label", w["action_items"]},
            {"action_items", actions},
            {"has_action_items", !actions.empty()},
            {"carried_label", w["carried_items"]},
            {"carried", carried},
            {"has_carried", !carried.empty()},
            {"next_label", w["next_meeting"]},
            {"next_meeting", next_meeting_text(model, lang)}};
}

// A public news post in the style of the seed: who met, how many of how many, who presented
// what, what comes next. No contact data of anyone.
json news(const json& model, const std::string& lang)
{
    const auto& meeting = model["meeting"];
    json out = attendance_counts(lang, model["minutes"]["attendance"]["summary"]);
    out.update({{"title", meeting["title"]},
                {"date_long", domain::long_date(lang, meeting["starts_at"].get<std::int64_t>(), zone_of(meeting))},
                {"venue", venue_text(meeting)},
                {"purpose", meeting["description"]},
                {"presentations", model["presentations"]},
                {"next_meeting", next_meeting_text(model, lang)}});
    return out;
}

// The same document as blocks, for PDF and DOCX: the roll-call as a table, an approval block last.
render::document printable(const json& d)
{
    auto lang = d["lang"].get<std::string>();
    const auto& w = render::strings(lang);
    render::document out;
    out.lang = lang;
    out.title = d["heading"].get<std::string>() + ": " + d["title"].get<std::string>();
    out.header_left = d["series"].is_string() ? d["series"].get<std::string>() : d["heading"].get<std::string>();
    out.header_right = d["title"];
    if (d["approved_at"].is_string())
        out.issued_at = domain::parse_rfc3339(d["approved_at"].get<std::string>());
    auto add = [&](const std::string& text, const std::string& style = "", const std::string& label = "") {
        if (!text.empty())
            out.blocks.emplace_back(render::paragraph{text, style, label});
    };
    add(out.title, "Title");
    add(d["date_long"].get<std::string>() + ", " + d["time_range"].get<std::string>(), "Subtitle");
    add(d["venue"], "Subtitle");
    add(d["status_label"].get<std::string>() + ": " + d["status"].get<std::string>(), "Subtitle");
    add(d["attendance_label"], "Heading1");
    add(d["attendance_sentence"]);
    render::table roll{{d["org_label"], d["status_label"], d["people_label"]}, {}, {0.44, 0.16, 0.40}};
    for (const auto& r : d["roll"])
        roll.rows.push_back({r["name"], r["status"], r["people"]});
    out.blocks.emplace_back(std::move(roll));
    if (d["has_guests"].get<bool>()) {
        std::string g;
        for (const auto& x : d["guests"])
            g += (g.empty() ? "" : "; ") + text_of(x["name"]) +
                 (x["organization"].is_string() ? " (" + x["organization"].get<std::string>() + ")" : "");
        add(g, "", d["guests_label"].get<std::string>() + ":");
    }
    if (d["summary"].is_string()) {
        add(d["summary_label"], "Heading1");
        add(d["summary"]);
    }
    if (d["has_agenda"].get<bool>())
        add(d["agenda_label"], "Heading1");
    for (const auto& a : d["agenda"]) {
        add(std::to_string(a["position"].get<std::int64_t>()) + ". " + a["title"].get<std::string>(), "Heading2");
        add(a["time"].get<std::string>() + (a["presenter"].get<std::string>().empty() ? "" : " · " + a["presenter"].get<std::string>()),
            "Meta");
        if (a.contains("notes"))
            add(text_of(a["notes"]));
        for (const auto& x : a["decisions"])
            add(x["text"], "Item", "• " + d["decision_label"].get<std::string>() + ":");
    }
    auto actions = [&](const json& list, const std::string& label) {
        if (list.empty())
            return;
        add(label, "Heading1");
        for (const auto& a : list)
            add(std::string(a["done"].get<bool>() ? "☑ " : "☐ ") + text_of(a["text"]) +
                    (a["owner"].is_string() ? ", " + a["owner"].get<std::string>() : "") +
                    (a["due"].is_string() ? ", " + a["due"].get<std::string>() : "") +
                    (a["from"].is_string() ? " (" + a["from"].get<std::string>() + ")" : ""),
                "Item");
    };
    actions(d["action_items"], d["action_items_label"]);
    actions(d["carried"], d["carried_label"]);
    if (!d["next_meeting"].get<std::string>().empty()) {
        add(d["next_label"], "Heading1");
        add(d["next_meeting"]);
    }
    add(d["approved_by"].is_string() ? d["approved"].get<std::string>() : w["approval_pending"].get<std::string>(), "Approval");
    return out;
}

render::page_label_fn page_label(const std::string& lang)
{
    return [lang](int page, int pages) {
        return one_line(render::render_template(lang, "minutes_page.txt", {{"page", page}, {"pages", pages}}));
    };
}

http::response export_response(std::string content_type, std::string body, const std::string& filename)
{
    auto r = http::text_response(200, std::move(content_type), std::move(body));
    r.header("Content-Disposition", "inline; filename=\"" + filename + "\"");
    return r;
}

} // namespace

std::optional<json> readable_minutes(store::connection& conn, const json& meeting_row, const std::string& lang)
{
    auto model = model_of(conn, meeting_row);
    if (model["minutes"]["status"] == "draft")
        return std::nullopt;
    return document(model, lang);
}

std::string minutes_html(const json& document)
{
    return render::render_template(document["lang"].get<std::string>(), "minutes_doc.html", document);
}

std::string minutes_pdf(const json& document)
{
    return render::pdf_document(printable(document), page_label(document["lang"].get<std::string>()));
}

std::function<std::optional<render::attachment>(const std::string&)> minutes_attachment(store::connection& conn,
                                                                                        const json& meeting_row)
{
    return [&conn, meeting_row](const std::string& lang) -> std::optional<render::attachment> {
        auto doc = readable_minutes(conn, meeting_row, lang);
        if (!doc)
            return std::nullopt;
        return render::attachment{minutes_pdf_name(meeting_row, lang), "application/pdf", minutes_pdf(*doc)};
    };
}

std::string minutes_pdf_name(const json& meeting_row, const std::string& lang)
{
    return "minutes-" + std::to_string(meeting_row["id"].get<std::int64_t>()) + "-" + lang + ".pdf";
}

http::response get_minutes(http::context& c)
{
    auto id = c.id();
    auto body = c.app.db.read([&](store::connection& conn) { return minutes_json(conn, load_meeting_row(conn, id)); });
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
    auto mail_settings = mail::settings_from(c.app.cfg, c.app.link_keys.secrets());
    auto result = c.app.db.write([&](store::connection& conn) {
        auto meeting = load_meeting_row(conn, id);
        auto current = store::find_minutes(conn, id);
        http::check_if_match(c, http::etag(id, current ? (*current)["version"].get<std::int64_t>() : 0));
        if (current && (*current)["status"] == "approved")
            throw http::conflict("These minutes are approved and frozen.");
        auto body = checked_body(conn, id, req);
        auto status = req.value("status", std::string("draft"));
        circulate = status == "circulated" && (!current || (*current)["status"] != "circulated");
        auto version = store::save_minutes(conn, id, status, body, c.actor_name());
        store::audit(conn, actor_of(c), "minutes_save", "meeting", id, current ? (*current)["body"] : json(),
                     {{"version", version}, {"status", status}, {"body", body}});
        if (circulate) { // members get the "minutes available" email, with the minutes' PDF
            mail::generate_request g{"minutes", "v" + std::to_string(version), std::nullopt, false};
            g.attachment = mail::minutes_pdf_attachment;
            mail::generate(conn, meeting, g, mail_settings);
        }
        return minutes_json(conn, meeting);
    });
    if (circulate)
        c.app.poke_mail();
    auto r = http::json_response(200, result);
    r.header("ETag", http::etag(id, result["version"].get<std::int64_t>()));
    return r;
}

http::response list_minutes_versions(http::context& c)
{
    auto id = c.id();
    auto items = c.app.db.read([&](store::connection& conn) {
        load_meeting_row(conn, id);
        return store::minutes_versions(conn, id);
    });
    return http::json_response(200, http::list_body(std::move(items), std::nullopt));
}

http::response approve_minutes(http::context& c)
{
    auto id = c.id();
    auto result = c.app.db.write([&](store::connection& conn) {
        auto meeting = load_meeting_row(conn, id);
        auto current = store::find_minutes(conn, id);
        if (!current)
            throw http::conflict("There are no minutes to approve yet.");
        if ((*current)["status"] == "approved")
            throw http::conflict("These minutes are approved already.");
        store::approve_minutes(conn, id, c.actor_name());
        // Frozen in the same transaction: no commit can come between approval and snapshot.
        store::freeze_minutes(conn, id, live_model(conn, meeting));
        store::audit(conn, actor_of(c), "minutes_approve", "meeting", id, nullptr, {{"approved_by", c.actor_name()}});
        return minutes_json(conn, meeting);
    });
    return http::json_response(200, result);
}

http::response minutes_export(http::context& c)
{
    auto id = c.id();
    auto format = c.path.substr(c.path.rfind('.') + 1);
    std::string lang;
    json printed; // the document of a PDF or DOCX, laid out after the read
    auto r = c.app.db.read([&](store::connection& conn) {
        auto model = model_of(conn, load_meeting_row(conn, id));
        const auto& meeting = model["meeting"];
        lang = lang_of(c, meeting);
        auto base = "minutes-" + std::to_string(id) + "-" + lang + "." + format;
        if (format == "md") {
            auto style = c.query_value("style").value_or("minutes");
            if (style != "minutes" && style != "news")
                throw http::bad_request("style must be minutes or news.");
            if (style == "news")
                return export_response("text/markdown; charset=utf-8", render::render_template(lang, "news.md", news(model, lang)),
                                       "news-" + std::to_string(id) + "-" + lang + ".md");
            return export_response("text/markdown; charset=utf-8",
                                   render::render_template(lang, "minutes_doc.md", document(model, lang)), base);
        }
        if (format == "pdf" || format == "docx") {
            printed = document(model, lang);
            return export_response("", "", base);
        }
        if (format == "html")
            return export_response("text/html; charset=utf-8",
                                   render::render_template(lang, "minutes_doc.html", document(model, lang)), base);
        return export_response("text/plain; charset=utf-8",
                               render::render_template(lang, "minutes_doc.txt", document(model, lang)), base);
    });
    if (printed.is_null())
        return r;
    // A long document takes a second or more to lay out: outside the read transaction.
    auto doc = printable(printed);
    if (format == "pdf") {
        r.content_type = "application/pdf";
        r.body = render::pdf_document(doc, page_label(lang));
    } else {
        r.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        r.body = render::docx_document(doc, page_label(lang));
    }
    return r;
}

http::response attendance_csv(http::context& c)
{
    auto id = c.id();
    auto csv = c.app.db.read([&](store::connection& conn) {
        auto meeting = load_meeting_row(conn, id);
        auto lang = lang_of(c, meeting);
        const auto& w = render::strings(lang);
        auto view = attendance_view(conn, meeting);
        std::string out(render::utf8_bom);
        out += render::csv_row({w["csv_organization"], w["csv_membership"], w["csv_status"], w["csv_person"],
                                w["csv_checked_in"], w["csv_guest"]});
        for (const auto& o : view["organizations"]) {
            auto membership = text_of(w.value("membership_" + o["membership"].get<std::string>(), json()));
            if (o["people"].empty())
                out += render::csv_row({o["name"], membership, w[o["status"].get<std::string>()], "", "", w["no"]});
            for (const auto& p : o["people"])
                for (const auto& item : view["items"])
                    if (item["person_id"] == p["person_id"])
                        out += render::csv_row({o["name"], membership, w["present"], text_of(item["name"]),
                                                item["checked_in_at"], w["no"]});
        }
        for (const auto& item : view["items"])
            if (item["guest"].get<bool>())
                out += render::csv_row({text_of(item["organization_name"]), "", w["present"], text_of(item["name"]),
                                        item["checked_in_at"], w["yes"]});
        return out;
    });
    return export_response("text/csv; charset=utf-8; header=present", csv, "attendance-" + std::to_string(id) + ".csv");
}

http::response participation_csv(http::context& c)
{
    auto lang = lang_of(c, std::string(platform_lang));
    const auto& w = render::strings(lang);
    auto report = participation_data(c);
    auto number = [](const json& v) { return std::to_string(v.get<std::int64_t>()); };
    std::string out(render::utf8_bom);
    out += render::csv_row({w["csv_section"], w["csv_id"], w["csv_name"], w["csv_date"], w["csv_invited"], w["csv_present"],
                            w["csv_member_organizations_present"], w["csv_member_organizations"], w["csv_rate"]});
    for (const auto& m : report["meetings"])
        out += render::csv_row({w["section_meeting"], number(m["id"]), m["title"], m["date"], number(m["people_invited"]),
                                number(m["people_present"]), number(m["member_organizations_present"]),
                                number(m["member_organizations"]), ""});
    for (const auto& o : report["organizations"]) {
        std::ostringstream rate;
        if (o["rate"].is_number())
            rate << o["rate"].get<double>();
        // A spreadsheet reads "0,667" as a number in a Latvian locale and "0.667" in an English one.
        auto rate_text = rate.str();
        std::replace(rate_text.begin(), rate_text.end(), '.', w["decimal_separator"].get<std::string>()[0]);
        out += render::csv_row({w["section_organization"], number(o["id"]), o["name"], "", number(o["meetings_invited"]),
                                number(o["meetings_attended"]), "", "", rate_text});
    }
    return export_response("text/csv; charset=utf-8; header=present", out, "participation-" + lang + ".csv");
}

http::response participation_svg(http::context& c)
{
    auto lang = lang_of(c, std::string(platform_lang));
    const auto& w = render::strings(lang);
    auto report = participation_data(c);
    const auto& meetings = report["meetings"];
    auto count = static_cast<int>(meetings.size());
    // Text widths are estimated at 0.6 em a character: enough for DejaVu Sans and most sans fonts.
    auto text_width = [](const json& text, double size) {
        auto s = text.get<std::string>();
        return static_cast<int>(std::ceil(0.6 * size * static_cast<double>(std::count_if(s.begin(), s.end(), [](char ch) {
                                                                           return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
                                                                       }))));
    };
    auto date_parts = [&](const json& ymd) {
        auto d = ymd.get<std::string>();
        auto month = std::stoi(d.substr(5, 2));
        return json{{"year", d.substr(0, 4)}, {"month2", d.substr(5, 2)}, {"day2", d.substr(8, 2)},
                    {"day", std::to_string(std::stoi(d.substr(8, 2)))}, {"month_short", w["months_short"][month - 1]}};
    };
    const int margin = 16, left = 64, slot = 88, bar = 24, top = 64, plot_height = 220, bottom = top + plot_height;
    std::int64_t highest = 1;
    for (const auto& m : meetings)
        highest = std::max({highest, m["people_present"].get<std::int64_t>(), m["member_organizations"].get<std::int64_t>()});
    std::int64_t step = 1; // 1, 2, 5, 10, 20, 50 …: at most five steps up the axis
    for (std::int64_t scale = 1; highest > 5 * step; scale *= 10)
        for (std::int64_t f : {1, 2, 5})
            if (highest > 5 * step)
                step = f * scale;
    auto axis_max = (highest + highest / 10 + step) / step * step; // headroom above the highest mark
    auto y_of = [&](std::int64_t v) { return bottom - static_cast<int>(std::lround(double(plot_height) * double(v) / double(axis_max))); };
    auto plot_width = count > 0 ? count * slot : text_width(w["chart_no_meetings"], 12) + 2 * margin;
    auto right = left + plot_width;
    auto width = std::max({right + margin, 2 * margin + text_width(w["chart_title"], 16), 2 * margin + text_width(w["chart_x_axis"], 12),
                           2 * margin + 18 + text_width(w["chart_people_present"], 12),
                           2 * margin + 18 + text_width(w["chart_members_present"], 12),
                           2 * margin + 18 + text_width(w["chart_members"], 12)});
    json ticks = json::array();
    for (std::int64_t v = 0; v <= axis_max; v += step)
        ticks.push_back({{"value", v}, {"y", y_of(v)}, {"text_y", y_of(v) + 4}});
    json bars = json::array();
    for (int i = 0; i < count; ++i) {
        const auto& m = meetings[static_cast<std::size_t>(i)];
        auto people = m["people_present"].get<std::int64_t>(), present = m["member_organizations_present"].get<std::int64_t>(),
             members = m["member_organizations"].get<std::int64_t>();
        int x = left + i * slot + slot / 2;
        bars.push_back({{"meeting_title", m["title"]}, {"date", date_parts(m["date"])}, {"x", x}, {"date_y", bottom + 18},
                        {"people", people}, {"people_x", x - bar - 2}, {"people_y", y_of(people)}, {"people_h", bottom - y_of(people)},
                        {"people_label_x", x - bar / 2 - 2}, {"people_value_y", y_of(people) - 4},
                        {"present", present}, {"present_x", x + 2}, {"present_y", y_of(present)}, {"present_h", bottom - y_of(present)},
                        {"present_label_x", x + bar / 2 + 2}, {"present_value_y", y_of(present) - 4},
                        {"members", members}, {"members_y", y_of(members)}, {"members_x1", x - bar - 6}, {"members_x2", x + bar + 6}});
    }
    int legend = bottom + 56;
    json chart = {{"lang", lang}, {"width", width}, {"height", legend + 3 * 20 + 12}, {"margin", margin},
                  {"title", w["chart_title"]}, {"x_axis", w["chart_x_axis"]}, {"y_axis", w["chart_y_axis"]},
                  {"people_label", w["chart_people_present"]}, {"present_label", w["chart_members_present"]},
                  {"members_label", w["chart_members"]}, {"no_meetings", w["chart_no_meetings"]},
                  {"first", count > 0 ? date_parts(meetings.front()["date"]) : json()},
                  {"last", count > 1 && meetings.back()["date"] != meetings.front()["date"] ? date_parts(meetings.back()["date"]) : json()},
                  {"left", left}, {"right", right}, {"top", top}, {"bottom", bottom}, {"middle", (top + bottom) / 2},
                  {"center", (left + right) / 2}, {"label_x", left - 6}, {"y_label_x", 22}, {"x_label_y", bottom + 40},
                  {"ticks", ticks}, {"meetings", bars}, {"bar", bar},
                  {"legend_text_x", margin + 18}, {"legend_line_x2", margin + 12},
                  {"legend_people_y", legend}, {"legend_people_text_y", legend + 11},
                  {"legend_present_y", legend + 20}, {"legend_present_text_y", legend + 31},
                  {"legend_members_line_y", legend + 46}, {"legend_members_text_y", legend + 51}};
    return export_response("image/svg+xml", render::render_template(lang, "participation_svg.xml", chart),
                           "participation-" + lang + ".svg");
}

} // namespace sanaksme::api
