// /api/v1/meetings/{id}/attendance, /attendance/{person_id}, /excusals/{organization_id}, and
// /api/v1/reports/participation: who was there, check-ins and their corrections, apologies.
#include "api/attendance_view.hpp"
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/paging.hpp"
#include "domain/attendance.hpp"
#include "domain/attendance_change.hpp"
#include "domain/meeting.hpp"
#include "domain/time.hpp"
#include "store/answers.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace sanaksme::api {

namespace {

const date::time_zone* zone_of(const json& meeting_row)
{
    return domain::find_zone(meeting_row["timezone"].get<std::string>());
}

std::string local(const json& meeting_row, const json& t)
{
    return domain::format_rfc3339(t.get<std::int64_t>(), zone_of(meeting_row));
}

domain::attendance_editor editor_of(const http::context& c)
{
    return c.user().at_least(auth::role::organizer) ? domain::attendance_editor::organizer
                                                    : domain::attendance_editor::member;
}

// Throws unless `by` may change this meeting's attendance now (domain::require_attendance_change).
// `at` is the check-in time a caller gave; an `arrival` is a check-in or a walk-in.
void require_attendance_change(domain::attendance_editor by, const store::attendance_state& m,
                               const std::optional<std::string>& reason, std::optional<std::int64_t> at = std::nullopt,
                               bool arrival = false)
{
    domain::require_attendance_change(
        {by, m.status, m.minutes_approved, m.starts_at, m.timezone, reason.has_value(), domain::now(), at, arrival});
}

// A reason that says something: blank text counts as none.
std::optional<std::string> reason_of(const json& v)
{
    if (!v.is_string() || v.get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos)
        return std::nullopt;
    return v.get<std::string>();
}

const http::field reason_field{.name = "reason", .type = http::field_type::long_text, .max_length = 2000};

// The reason of a DELETE: in a JSON body {"reason": …}, or as ?reason= for clients that send no
// body with a DELETE.
std::optional<std::string> delete_reason(const http::context& c)
{
    static const http::schema s{{reason_field}, {}};
    json body = c.req.body().empty() ? json::object() : http::body_object(c);
    if (auto q = c.query_value("reason"); q && !body.contains("reason"))
        body["reason"] = *q;
    return reason_of(http::merge_for_create(body, s)["reason"]);
}

// The audit record of an attendance change, with the reason given for it.
json with_reason(json row, const std::optional<std::string>& reason)
{
    if (reason)
        row["reason"] = *reason;
    return row;
}

} // namespace

json attendance_view(store::connection& conn, const json& meeting)
{
    auto meeting_id = meeting["id"].get<std::int64_t>();
    auto date = domain::local_date(meeting["starts_at"].get<std::int64_t>(), zone_of(meeting));
    auto rows = store::attendance_rows(conn, meeting_id);
    auto facts_rows = store::organization_facts(conn, meeting_id, date);

    std::vector<domain::present_entry> present;
    json items = json::array();
    for (const auto& r : rows) {
        domain::present_entry e;
        if (r["person_id"].is_number_integer())
            e.person_id = r["person_id"].get<std::int64_t>();
        if (r["organization_id"].is_number_integer())
            e.organization_id = r["organization_id"].get<std::int64_t>();
        e.online = r["mode"] == "online";
        present.push_back(e);
        json item = {{"person_id", r["person_id"]},
                     {"name", r["erased"].get<std::int64_t>() ? json() : r["name"]},
                     {"erased", r["erased"].get<std::int64_t>() != 0},
                     {"organization_id", r["organization_id"]},
                     {"organization_name", r["organization_name"]},
                     {"guest", r["guest"].get<std::int64_t>() != 0},
                     {"checked_in_at", local(meeting, r["checked_in_at"])},
                     {"mode", r["mode"]},
                     {"source", r["source"]}};
        if (item["guest"].get<bool>())
            item["guest_id"] = r["id"];
        items.push_back(std::move(item));
    }
    // Lookups by id, not scans: the roll-call lists every organization (a thousand on a large
    // platform), and a scan per organization made it quadratic.
    std::unordered_set<std::int64_t> orgs_present;
    for (const auto& p : present)
        if (p.organization_id)
            orgs_present.insert(*p.organization_id);
    std::vector<domain::organization_fact> facts;
    std::unordered_map<std::int64_t, const json*> reason_of; // excuse reasons by organization
    for (const auto& f : facts_rows) {
        auto id = f["id"].get<std::int64_t>();
        bool invited = f["invited"].get<std::int64_t>() != 0;
        reason_of[id] = &f["excuse_reason"];
        if (!f["membership_then"].is_null())
            facts.push_back({id, f["name"].get<std::string>(), f["membership_then"].get<std::string>(),
                             f["active_then"].get<std::int64_t>() != 0, invited, f["apologised"].get<std::int64_t>() != 0});
        else if (orgs_present.count(id))
            // Registered after the meeting, yet its people were checked in: on the roll-call
            // all the same, as a non-member.
            facts.push_back({id, f["name"].get<std::string>(), "guest", true, invited, false});
    }
    std::optional<std::int64_t> quorum;
    if (meeting["quorum"].is_number_integer())
        quorum = meeting["quorum"].get<std::int64_t>();
    auto s = domain::summarize(present, facts, quorum);

    std::unordered_map<std::int64_t, const domain::organization_fact*> fact_of;
    for (const auto& f : facts)
        fact_of[f.id] = &f;
    std::unordered_map<std::int64_t, json> people_of; // organization → its people present
    for (const auto& item : items)
        if (item["organization_id"].is_number_integer() && !item["guest"].get<bool>())
            people_of[item["organization_id"].get<std::int64_t>()].push_back(
                {{"person_id", item["person_id"]}, {"name", item["name"]}});
    json organizations = json::array();
    for (const auto& entry : s.roll_call) {
        const auto& fact = *fact_of.at(entry.organization_id);
        auto people = people_of.find(fact.id);
        json org = {{"id", fact.id}, {"name", fact.name}, {"membership", fact.membership_then},
                    {"status", domain::to_string(entry.status)},
                    {"people", people == people_of.end() ? json::array() : std::move(people->second)}};
        if (entry.status == domain::roll_status::excused)
            org["excuse_reason"] = *reason_of.at(fact.id);
        organizations.push_back(std::move(org));
    }
    json summary = {{"people_present", s.people_present},
                    {"guests_present", s.guests_present},
                    {"organizations_present", s.organizations_present},
                    {"member_organizations_present", s.member_organizations_present},
                    {"member_organizations", s.member_organizations},
                    {"member_organizations_excused", s.member_organizations_excused},
                    {"quorum", s.quorum},
                    {"quorum_met", s.quorum_met},
                    {"people_present_in_person", s.people_in_person},
                    {"people_present_online", s.people_online},
                    {"member_organizations_present_in_person", s.member_organizations_present_in_person},
                    {"online_counts_for_quorum", s.online_counts_for_quorum}};
    return {{"items", items}, {"next_cursor", nullptr}, {"summary", summary}, {"organizations", organizations}};
}

void hide_others_notes(const http::context& c, json& organizations)
{
    for (auto& org : organizations)
        if (org.contains("excuse_reason") && !sees_personal_data_of(c, org["id"].get<std::int64_t>()))
            org["excuse_reason"] = nullptr;
}

http::response get_attendance(http::context& c)
{
    auto meeting_id = c.id();
    auto body = c.env.db.read([&](store::connection& conn) { return attendance_view(conn, store::load_meeting_row(conn, meeting_id)); });
    hide_others_notes(c, body["organizations"]);
    return http::json_response(200, body);
}

http::reply put_attendance(http::context& c)
{
    auto meeting_id = c.id(), person_id = c.id("person_id");
    static const http::schema s{{{.name = "checked_in_at", .type = http::field_type::instant}, reason_field,
                                 {.name = "mode", .type = http::field_type::choice, .nullable = false,
                                  .default_value = "in_person", .choices = {"in_person", "online"}}},
                                {"meeting_id", "person_id", "source"}};
    auto req = http::merge_for_create(c.req.body().empty() ? json::object() : http::body_object(c), s);
    return http::deferred([&c, meeting_id, person_id, req = std::move(req)](store::connection& conn) {
        auto [meeting, person] = store::load_check_in_facts(conn, meeting_id, person_id);
        require_own_organization(c, person.organization_id);
        std::optional<std::int64_t> given;
        if (req["checked_in_at"].is_string())
            given = *domain::parse_rfc3339(req["checked_in_at"].get<std::string>());
        auto reason = reason_of(req["reason"]);
        require_attendance_change(editor_of(c), meeting, reason, given, true);
        // An organizer's token records for the room's desk or the call; a member's is the API's.
        auto source = editor_of(c) == domain::attendance_editor::organizer ? "organizer" : "api";
        auto [row, created] = store::record_check_in(conn, actor_of(c), meeting, person, given.value_or(domain::now()), reason,
                                                     {req["mode"].get_ref<const std::string&>(), source});
        return http::json_response(created ? 201 : 200, row);
    });
}

http::reply delete_attendance(http::context& c)
{
    auto meeting_id = c.id(), person_id = c.id("person_id");
    auto reason = delete_reason(c);
    return http::deferred([&c, meeting_id, person_id, reason](store::connection& conn) {
        auto meeting = store::load_attendance_state(conn, meeting_id);
        auto person = store::find_person(conn, person_id);
        if (!person)
            throw domain::not_found("No person has the id " + std::to_string(person_id) + ".");
        require_own_organization(c, (*person)["organization_id"].get<std::int64_t>());
        require_attendance_change(editor_of(c), meeting, reason);
        auto existing = store::find_check_in(conn, meeting_id, person_id);
        if (!existing)
            throw domain::not_found("This person is not checked in.");
        store::undo_check_in(conn, meeting_id, person_id);
        store::audit(conn, actor_of(c), "check_in_undo", "meeting", meeting_id,
                     store::check_in_json(domain::find_zone(meeting.timezone), *existing),
                     reason ? json{{"reason", *reason}} : json());
        return http::no_content();
    });
}

http::response add_walk_in(http::context& c)
{
    auto meeting_id = c.id();
    http::schema s{{{.name = "name", .type = http::field_type::text, .required = true, .nullable = false, .max_length = 200},
                    {.name = "organization_name", .type = http::field_type::text, .max_length = 200},
                    {.name = "checked_in_at", .type = http::field_type::instant}, reason_field},
                   {"id", "guest_id", "person_id"}};
    auto req = http::merge_for_create(http::body_object(c), s);
    auto reason = reason_of(req["reason"]);
    return create_once(c, [&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, meeting_id);
        domain::require_check_in_open(domain::stored_meeting_status(meeting["status"].get_ref<const std::string&>()));
        auto at = req["checked_in_at"].is_string() ? *domain::parse_rfc3339(req["checked_in_at"].get<std::string>())
                                                   : domain::now();
        require_attendance_change(editor_of(c), store::load_attendance_state(conn, meeting_id), reason, at, true);
        auto id = store::add_guest(conn, meeting_id, req["name"].get<std::string>(), req["organization_name"], at, "organizer");
        json row = {{"guest_id", id}, {"meeting_id", meeting_id}, {"name", req["name"]},
                    {"organization_name", req["organization_name"]}, {"guest", true},
                    {"checked_in_at", domain::format_rfc3339(at, zone_of(meeting))}};
        store::audit(conn, actor_of(c), "walk_in", "meeting", meeting_id, nullptr, with_reason(row, reason));
        return http::json_response(201, row);
    });
}

http::reply put_excusal(http::context& c)
{
    auto meeting_id = c.id(), org_id = c.id("organization_id");
    http::schema s{{{.name = "reason", .type = http::field_type::long_text, .max_length = 2000}}, {}};
    auto req = http::merge_for_create(c.req.body().empty() ? json::object() : http::body_object(c), s);
    return http::deferred([&c, meeting_id, org_id, req = std::move(req)](store::connection& conn) {
        auto meeting = store::load_attendance_state(conn, meeting_id);
        if (!store::find_organization(conn, org_id))
            throw domain::not_found("No organization has the id " + std::to_string(org_id) + ".");
        // The apology's reason is also the reason for changing a held meeting's roll-call.
        require_attendance_change(editor_of(c), meeting, reason_of(req["reason"]));
        store::excuse(conn, meeting_id, org_id, req["reason"]);
        json row = {{"meeting_id", meeting_id}, {"organization_id", org_id}, {"reason", req["reason"]}};
        store::audit(conn, actor_of(c), "excuse", "meeting", meeting_id, nullptr, row);
        return http::json_response(200, row);
    });
}

http::reply delete_excusal(http::context& c)
{
    auto meeting_id = c.id(), org_id = c.id("organization_id");
    auto reason = delete_reason(c);
    return http::deferred([&c, meeting_id, org_id, reason](store::connection& conn) {
        require_attendance_change(editor_of(c), store::load_attendance_state(conn, meeting_id), reason);
        if (!store::unexcuse(conn, meeting_id, org_id))
            throw domain::not_found("This organization is not excused from the meeting.");
        store::audit(conn, actor_of(c), "excuse_withdraw", "meeting", meeting_id,
                     {{"organization_id", org_id}}, reason ? json{{"reason", *reason}} : json());
        return http::no_content();
    });
}

json participation_data(http::context& c)
{
    auto from = http::query_instant(c, "from").value_or(std::numeric_limits<std::int64_t>::min());
    auto to = http::query_instant(c, "to").value_or(std::numeric_limits<std::int64_t>::max());
    if (from >= to)
        throw http::bad_request("from must be before to.");
    auto body = c.env.db.read([&](store::connection& conn) {
        json meetings = json::array();
        for (auto m : store::participation_by_meeting(conn, from, to)) {
            auto view = attendance_view(conn, store::load_meeting_row(conn, m["id"].get<std::int64_t>()));
            const auto& s = view["summary"];
            const auto* zone = domain::find_zone(m["timezone"].get<std::string>());
            m["date"] = domain::local_date(m["starts_at"].get<std::int64_t>(), zone);
            m["starts_at"] = domain::format_rfc3339(m["starts_at"].get<std::int64_t>(), zone);
            m["member_organizations_present"] = s["member_organizations_present"];
            m["member_organizations"] = s["member_organizations"];
            m["quorum_met"] = s["quorum_met"];
            m.erase("timezone");
            meetings.push_back(std::move(m));
        }
        json organizations = json::array();
        for (auto o : store::participation_by_organization(conn, from, to)) {
            auto invited = o["meetings_invited"].get<std::int64_t>();
            auto attended = o["meetings_attended"].get<std::int64_t>();
            o["rate"] = invited > 0 ? json(std::round(1000.0 * attended / invited) / 1000) : json();
            organizations.push_back(std::move(o));
        }
        return json{{"from", c.query_value("from").value_or("")}, {"to", c.query_value("to").value_or("")},
                    {"meetings", meetings}, {"organizations", organizations}};
    });
    return body;
}

http::response participation_report(http::context& c) { return http::json_response(200, participation_data(c)); }

} // namespace sanaksme::api
