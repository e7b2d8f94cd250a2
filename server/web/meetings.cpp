// The organizers' meeting pages: the list (upcoming, past), create and edit (times typed in the
// meeting's zone), schedule and cancel, and a meeting's page with its agenda and the answers.
// The rules are the API's (domain/meeting: field limits, the times' order; domain::parse_local_time),
// their field errors mapped to the form's fields and said in the reader's language.
#include "api/meeting_view.hpp"
#include "handler_env.hpp"
#include "domain/agenda.hpp"
#include "domain/dates.hpp"
#include "domain/error.hpp"
#include "domain/meeting.hpp"
#include "domain/time.hpp"
#include "store/meetings.hpp"
#include "store/series.hpp"
#include "store/web_dashboard.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/meeting_facts.hpp"
#include "web/routes.hpp"

#include <limits>

namespace sanaksme::web {

namespace {

constexpr int shown_meetings = 100;

std::string meeting_path(std::int64_t id, std::string_view tail = "") { return "/meetings/" + std::to_string(id) + std::string(tail); }

// '2026-12-03T10:00' as a datetime-local field shows the instant in the meeting's zone.
std::string local_field(const json& v, const date::time_zone* zone)
{
    return v.is_number_integer() ? domain::format_rfc3339(v.get<std::int64_t>(), zone).substr(0, 16) : "";
}

// A datetime-local value read in the zone; the error in the reader's words otherwise.
std::optional<std::int64_t> local_instant(const std::string& text, const date::time_zone* zone, std::string_view lang,
                                          const char* field, form_errors& errors)
{
    auto t = text.size() == 16 ? text + ":00" : text;
    auto r = domain::parse_local_time(t, zone);
    using kind = domain::local_time_result::kind;
    if (r.outcome == kind::ok)
        return r.at;
    errors.add(field, tr(lang, r.outcome == kind::nonexistent ? "That time does not exist in this zone: the clocks skip that hour."
                             : r.outcome == kind::ambiguous    ? "That time happens twice in this zone as the clocks go back; choose another."
                                                               : "Enter a date and time, for example 2026-12-03 10:00."));
    return std::nullopt;
}

// The form's fields onto the meeting row (`row` holds the stored meeting when editing), by the
// API's schema limits and cross-field rules.
json read_meeting_form(const http::context& c, const reader& r, json row, form_errors& errors)
{
    auto lang = r.lang;
    auto title = trimmed(form_value(c, "title").value_or(""));
    if (title.empty() || title.size() > domain::meeting_title_max)
        errors.add("title", tr(lang, "Enter the meeting's title (at most 300 characters)."));
    auto zone_name = trimmed(form_value(c, "timezone").value_or("Europe/Riga"));
    const auto* zone = domain::find_zone(zone_name);
    if (!zone)
        errors.add("timezone", tr(lang, "Enter a time zone such as Europe/Riga."));
    std::optional<std::int64_t> starts, ends;
    if (zone) {
        starts = local_instant(form_value(c, "starts_at").value_or(""), zone, lang, "starts_at", errors);
        auto end_text = form_value(c, "ends_at").value_or("");
        if (!end_text.empty())
            ends = local_instant(end_text, zone, lang, "ends_at", errors);
    }
    if (starts) {
        // The form shows no answer deadline: one after the start is the start's fault here.
        auto deadline = row.contains("rsvp_deadline") && row["rsvp_deadline"].is_number_integer()
                            ? std::optional(row["rsvp_deadline"].get<std::int64_t>())
                            : std::nullopt;
        for (const auto& e : domain::meeting_time_errors({*starts, ends, deadline}))
            if (e.field == "ends_at")
                errors.add("ends_at", tr(lang, "The end must be after the start."));
            else
                errors.add("starts_at", tr(lang, "The start must not be before the answer deadline."));
    }
    auto venue_name = trimmed(form_value(c, "venue_name").value_or(""));
    auto venue_address = trimmed(form_value(c, "venue_address").value_or(""));
    if (venue_name.size() > domain::venue_name_max)
        errors.add("venue_name", tr(lang, "The place's name is at most 300 characters."));
    if (venue_address.size() > domain::venue_address_max)
        errors.add("venue_address", tr(lang, "The address is at most 500 characters."));
    auto quorum = optional_number(form_value(c, "quorum").value_or(""), 0, domain::meeting_count_max);
    if (!quorum)
        errors.add("quorum", tr(lang, "Enter the quorum as a whole number from 0, or leave it empty."));
    auto language = form_value(c, "language").value_or("lv");
    if (!known_language(language))
        errors.add("language", tr(lang, "Choose a language."));
    auto description = form_value(c, "description").value_or("");
    if (description.size() > domain::meeting_description_max)
        errors.add("description", tr(lang, "The description is at most 20,000 characters."));
    auto text_or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
    if (!row.contains("status")) {
        for (const char* f : {"series", "number", "online_url", "rsvp_deadline", "capacity"})
            row[f] = nullptr;
        row["status"] = "draft";
    }
    row["title"] = title;
    row["timezone"] = zone_name;
    row["starts_at"] = starts ? json(*starts) : json();
    row["ends_at"] = ends ? json(*ends) : json();
    row["venue_name"] = text_or_null(venue_name);
    row["venue_address"] = text_or_null(venue_address);
    row["quorum"] = quorum && *quorum ? json(**quorum) : json();
    row["language"] = language;
    row["description"] = text_or_null(description);
    return row;
}

// The form's values as typed, for showing it again.
json typed_values(const http::context& c)
{
    json v;
    for (const char* f : {"title", "starts_at", "ends_at", "timezone", "venue_name", "venue_address", "quorum", "language",
                          "description"})
        v[f] = form_value(c, f).value_or("");
    return v;
}

json stored_values(const json& m)
{
    const auto* zone = domain::find_zone(m["timezone"].get<std::string>());
    auto text = [](const json& v) { return v.is_string() ? v.get<std::string>() : ""; };
    return {{"title", m["title"]}, {"starts_at", local_field(m["starts_at"], zone)}, {"ends_at", local_field(m["ends_at"], zone)},
            {"timezone", m["timezone"]}, {"venue_name", text(m["venue_name"])}, {"venue_address", text(m["venue_address"])},
            {"quorum", m["quorum"].is_number_integer() ? std::to_string(m["quorum"].get<std::int64_t>()) : ""},
            {"language", m["language"]}, {"description", text(m["description"])}};
}

http::response form_page(unsigned status, http::context& c, reader& r, json values, const form_errors& errors,
                         std::optional<std::int64_t> id)
{
    json data = {{"title", tr(r.lang, id ? "Edit the meeting" : "New meeting")}, {"v", values},
                 {"action", id ? meeting_path(*id, "/edit") : "/meetings"}, {"back", id ? meeting_path(*id) : "/meetings"}};
    json langs = json::array();
    for (auto l : languages)
        langs.push_back({{"code", l}, {"name", l == "lv" ? "Latviski" : l == "en" ? "English" : "Русский"},
                         {"selected", values.value("language", "lv") == l}});
    data["languages"] = langs;
    errors.into(data);
    return html(status, c, r, "meeting_form", data);
}

json list_section(store::connection& conn, std::string_view lang, const store::meeting_filter& f, bool newest_first)
{
    auto rows = store::list_meeting_rows(conn, f, std::numeric_limits<std::int64_t>::min(), 0, 10000);
    if (newest_first)
        std::reverse(rows.begin(), rows.end());
    json out = json::array();
    for (const auto& m : rows) {
        if (out.size() >= shown_meetings)
            break;
        auto b = meeting_block(lang, m);
        b["href"] = meeting_path(m["id"].get<std::int64_t>());
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace

http::response meetings_list(http::context& c, reader& r)
{
    auto cut = domain::now() - 24 * 3600;
    json data = {{"title", tr(r.lang, "Meetings")}};
    c.env.db.read([&](store::connection& conn) {
        data["upcoming"] = list_section(conn, r.lang, {cut, std::nullopt, std::nullopt, std::nullopt}, false);
        data["past"] = list_section(conn, r.lang, {std::nullopt, cut, std::nullopt, std::nullopt}, true);
    });
    data["no_upcoming"] = data["upcoming"].empty();
    data["no_past"] = data["past"].empty();
    return html(200, c, r, "meetings", data);
}

http::response meeting_new(http::context& c, reader& r)
{
    return form_page(200, c, r, {{"timezone", "Europe/Riga"}, {"language", "lv"}}, {}, std::nullopt);
}

http::response meeting_create(http::context& c, reader& r)
{
    form_errors errors;
    auto row = read_meeting_form(c, r, json::object(), errors);
    if (!errors.empty())
        return form_page(422, c, r, typed_values(c), errors, std::nullopt);
    auto who = actor_of(r);
    auto id = c.env.db.write([&](store::connection& conn) {
        auto created = store::insert_meeting(conn, row);
        store::audit(conn, who, "create", "meeting", created, nullptr, api::render_meeting(store::load_meeting_row(conn, created)));
        return created;
    });
    return see_other(meeting_path(id, "?saved=1"));
}

http::response meeting_edit(http::context& c, reader& r)
{
    auto id = c.id();
    auto m = c.env.db.read([&](store::connection& conn) { return store::load_meeting_row(conn, id); });
    return form_page(200, c, r, stored_values(m), {}, id);
}

http::response meeting_update(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    form_errors errors;
    bool saved = c.env.db.write([&](store::connection& conn) {
        auto before_row = store::load_meeting_row(conn, id);
        auto row = read_meeting_form(c, r, before_row, errors);
        if (!errors.empty())
            return false;
        row.erase("id");
        // Calendar programs replace an event only when its SEQUENCE grows.
        bool moved = row["starts_at"] != before_row["starts_at"] || row["ends_at"] != before_row["ends_at"] ||
                     row["timezone"] != before_row["timezone"] || row["venue_name"] != before_row["venue_name"] ||
                     row["venue_address"] != before_row["venue_address"];
        store::update_meeting(conn, id, row, moved);
        store::audit(conn, who, "update", "meeting", id, api::render_meeting(before_row),
                     api::render_meeting(store::load_meeting_row(conn, id)));
        return true;
    });
    if (!saved)
        return form_page(422, c, r, typed_values(c), errors, id);
    return see_other(meeting_path(id, "?saved=1"));
}

// Schedule or cancel: the lifecycle's rule (domain::status_change_allowed) as PATCH status applies it.
http::response meeting_status(http::context& c, reader& r)
{
    auto id = c.id();
    auto to_text = form_value(c, "to").value_or("");
    auto to = domain::parse_meeting_status(to_text);
    if (!to || (*to != domain::meeting_status::scheduled && *to != domain::meeting_status::cancelled))
        throw domain::invalid(tr(r.lang, "Choose to schedule or to cancel the meeting."));
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto before_row = store::load_meeting_row(conn, id);
        auto from_text = before_row["status"].get<std::string>();
        if (from_text == to_text)
            return;
        if (!domain::status_change_allowed(*domain::parse_meeting_status(from_text), *to))
            throw domain::conflict(tr(r.lang, "A held or cancelled meeting can no longer change its status."));
        auto row = before_row;
        row.erase("id");
        row["status"] = to_text;
        store::update_meeting(conn, id, row, *to == domain::meeting_status::cancelled);
        store::audit(conn, who, "update", "meeting", id, api::render_meeting(before_row),
                     api::render_meeting(store::load_meeting_row(conn, id)));
        // A meeting that becomes scheduled with nobody invited invites the member organizations.
        if (*to == domain::meeting_status::scheduled)
            if (auto n = store::invite_members_if_none(conn, id))
                store::audit(conn, who, "invite", "meeting", id, nullptr, {{"invited", n}, {"default", true}});
    });
    return see_other(meeting_path(id, "?saved=1"));
}

http::response meeting_page(http::context& c, reader& r)
{
    auto id = c.id();
    json data;
    c.env.db.read([&](store::connection& conn) {
        auto m = store::load_meeting_row(conn, id);
        data = meeting_page_data(conn, r, m);
        // ?edit_item=N: the item's form in place of the empty one.
        if (auto e = c.query_value("edit_item"))
            for (const auto& a : store::agenda_rows(conn, id))
                if (std::to_string(a["id"].get<std::int64_t>()) == *e) {
                    data["typed"] = {{"item_id", *e}, {"item_title", a["title"]},
                                     {"presenter_name", a["presenter_name"].is_string() ? a["presenter_name"] : json("")},
                                     {"duration_minutes", std::to_string(a["duration_minutes"].get<std::int64_t>())},
                                     {"is_" + a["kind"].get<std::string>(), true}};
                    data["editing_item"] = true;
                }
    });
    data["saved"] = c.query_value("saved").has_value();
    return html(200, c, r, "meeting", data);
}

json meeting_page_data(store::connection& conn, const reader& r, const json& m)
{
    auto id = m["id"].get<std::int64_t>();
    const auto* zone = domain::find_zone(m["timezone"].get<std::string>());
    json data = {{"title", m["title"]}, {"meeting", meeting_block(r.lang, m)}, {"edit", meeting_path(id, "/edit")},
                 {"status_action", meeting_path(id, "/status")}, {"next_action", meeting_path(id, "/next")},
                 {"desk", meeting_path(id, "/desk")},
                 {"mail", meeting_path(id, "/mail")},
                 {"agenda_action", meeting_path(id, "/agenda")}, {"move_action", meeting_path(id, "/agenda/move")}};
    auto status = m["status"].get<std::string>();
    data["may_schedule"] = status == "draft";
    data["may_cancel"] = status == "draft" || status == "scheduled";
    if (m["ends_at"].is_number_integer())
        data["meeting"]["ends"] = domain::clock_time(r.lang, m["ends_at"].get<std::int64_t>(), zone);
    if (m["quorum"].is_number_integer())
        data["meeting"]["quorum"] = m["quorum"];
    auto rows = store::agenda_rows(conn, id);
    std::vector<int> durations;
    for (const auto& a : rows)
        durations.push_back(a["duration_minutes"].get<int>());
    auto starts = domain::planned_starts(m["starts_at"].get<std::int64_t>(), durations);
    json agenda = json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& a = rows[i];
        json presenter = a["presenter_name"].is_string() ? a["presenter_name"] : a["person_name"];
        json item = {{"id", a["id"]}, {"position", a["position"]}, {"title", a["title"]}, {"presenter", presenter},
                     {"organization", a["organization_name"]}, {"minutes", durations[i]},
                     {"from", domain::clock_time(r.lang, starts[i], zone)},
                     {"to", domain::clock_time(r.lang, starts[i] + durations[i] * 60, zone)},
                     {"first", i == 0}, {"last", i + 1 == rows.size()},
                     {"edit", meeting_path(id, "?edit_item=" + std::to_string(a["id"].get<std::int64_t>()) + "#add-item")}};
        agenda.push_back(std::move(item));
    }
    data["agenda"] = agenda;
    data["no_agenda"] = agenda.empty();
    data["review"] = json::array(); // what a meeting planned with "next" reviews (store/series.hpp)
    for (auto item : store::review_items(conn, id)) {
        if (item["due"].is_string())
            item["due"] = domain::long_date(r.lang, item["due"].get<std::string>());
        data["review"].push_back(std::move(item));
    }
    data["has_review"] = !data["review"].empty();
    json answers = json::array();
    std::int64_t totals[4] = {0, 0, 0, 0};
    for (auto& a : store::answers_by_organization(conn, id)) {
        int k = 0;
        for (const char* f : {"yes", "no", "maybe", "none"})
            totals[k++] += a[f].get<std::int64_t>();
        answers.push_back(a);
    }
    data["answers"] = answers;
    data["has_answers"] = !answers.empty();
    data["papers"] = meeting_papers_data(conn, id);
    data["has_papers"] = !data["papers"].empty();
    data["paper_action"] = meeting_path(id, "/papers");
    data["paper_remove_action"] = meeting_path(id, "/papers/delete");
    data["totals"] = {{"yes", totals[0]}, {"no", totals[1]}, {"maybe", totals[2]}, {"none", totals[3]}};
    return data;
}

} // namespace sanaksme::web
