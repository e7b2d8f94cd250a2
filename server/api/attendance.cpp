// /api/v1/meetings/{id}/invitations, /rsvps, /rsvps/{person_id}, /attendance, /attendance/{person_id},
// /excusals/{organization_id}, and /api/v1/reports/participation
#include "api/attendance_view.hpp"
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/paging.hpp"
#include "domain/attendance.hpp"
#include "domain/attendance_change.hpp"
#include "domain/time.hpp"
#include "render/templates.hpp"
#include "store/attendance.hpp"
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

void require_status(const std::string& status, std::initializer_list<std::string_view> allowed, std::string_view what)
{
    for (auto a : allowed)
        if (status == a)
            return;
    throw http::conflict("The meeting is " + status + "; " + std::string(what) + ".");
}

void require_status(const json& meeting, std::initializer_list<std::string_view> allowed, std::string_view what)
{
    require_status(meeting["status"].get<std::string>(), allowed, what);
}

std::string after_text(const json& meeting_row, const char* field)
{
    return domain::format_rfc3339(meeting_row[field].get<std::int64_t>(), zone_of(meeting_row));
}

json rsvp_json(const json& meeting_row, const json& row)
{
    json r = row;
    r["responded_at"] = local(meeting_row, row["responded_at"]);
    return r;
}

const http::schema rsvp_schema{
    {
        {.name = "response", .type = http::field_type::choice, .required = true, .nullable = false,
         .choices = {"yes", "no", "maybe"}},
        {.name = "note", .type = http::field_type::long_text, .max_length = 2000},
        {.name = "substitute", .type = http::field_type::object, .nested = nullptr},
    },
    {"meeting_id", "person_id", "responded_at"}};

const http::schema& rsvp_schema_with_substitute()
{
    static const http::schema s = [] {
        auto copy = rsvp_schema;
        copy.fields[2].nested = &person_fields();
        return copy;
    }();
    return s;
}

// Records one answer, with the deadline and capacity rules; `before` is the answer it replaces.
store::rsvp answer(store::connection& conn, const store::meeting_rules& m, std::int64_t person_id,
                   std::string response, std::optional<std::string> note, const std::optional<store::rsvp>& before)
{
    if (m.rsvp_deadline && domain::now() > *m.rsvp_deadline)
        throw http::conflict("The RSVP deadline (" + domain::format_rfc3339(*m.rsvp_deadline, domain::find_zone(m.timezone)) +
                             ") has passed; ask the organizers to change your answer.");
    bool was_yes = before && before->response == "yes";
    // The write batch holds the database lock here, so the count cannot change before the insert.
    if (response == "yes" && !was_yes && m.capacity && store::yes_count(conn, m.id) >= *m.capacity)
        throw http::conflict("The meeting is full: all " + std::to_string(*m.capacity) +
                             " places are taken. Answer 'maybe' to be told if one frees up.");
    return store::save_rsvp(conn, m.id, person_id, std::move(response), std::move(note));
}

// A person may answer when invited, or when their organization is invited (then they are
// added to the invitation list: a member may send someone else).
void ensure_invited(store::connection& conn, std::int64_t meeting_id, std::int64_t person_id, std::int64_t org)
{
    if (store::is_invited(conn, meeting_id, person_id))
        return;
    if (!store::organization_invited(conn, meeting_id, org))
        throw http::conflict("This person's organization is not invited to the meeting.");
    store::invite_person(conn, meeting_id, person_id, org);
}

std::optional<std::string> optional_text(const json& j)
{
    return j.is_string() ? std::optional<std::string>(j.get<std::string>()) : std::nullopt;
}

json check_in_json(const date::time_zone* zone, const json& row)
{
    json r = row;
    r.erase("id");
    r["checked_in_at"] = domain::format_rfc3339(row["checked_in_at"].get<std::int64_t>(), zone);
    return r;
}

store::attendance_state load_attendance_state(store::connection& conn, std::int64_t id)
{
    auto m = store::find_attendance_state(conn, id);
    if (!m)
        throw http::not_found("No meeting has the id " + std::to_string(id) + ".");
    return std::move(*m);
}

// Throws unless `by` may change this meeting's attendance now (domain::judge): 403, 409 or 422.
// `at` is the check-in time a caller gave; an `arrival` (check-in, walk-in) is never before the
// meeting day, whoever records it.
void require_attendance_change(domain::attendance_editor by, const store::attendance_state& m,
                               const std::optional<std::string>& reason, std::optional<std::int64_t> at = std::nullopt,
                               bool arrival = false)
{
    using domain::attendance_verdict;
    const auto* zone = domain::find_zone(m.timezone);
    auto day = domain::local_date(m.starts_at, zone);
    auto today = domain::local_date(domain::now(), zone);
    bool on_day = today == day && (!at || domain::local_date(*at, zone) == day);
    bool early = arrival && (today < day || (at && domain::local_date(*at, zone) < day));
    bool link = by == domain::attendance_editor::own_link;
    switch (domain::judge({by, m.status, m.minutes_approved, on_day, reason.has_value(), early})) {
    case attendance_verdict::allowed:
        return;
    case attendance_verdict::too_early:
        throw http::conflict("Check-in opens on the meeting day (" + day + ", " + m.timezone + ").");
    case attendance_verdict::organizers_only:
        if (link)
            throw http::conflict("The meeting is held; ask the organizers to record your attendance.");
        throw http::forbidden("The meeting is held: its attendance is corrected by an organizer or the coordinator only.");
    case attendance_verdict::frozen:
        throw http::conflict("The minutes of this meeting are approved; its attendance can no longer change.");
    case attendance_verdict::reason_required:
        throw http::unprocessable_field("reason", "is required to change the attendance of a held meeting; it is kept in "
                                                  "the audit log");
    case attendance_verdict::not_meeting_day:
        if (link)
            throw http::conflict("Check-in opens on the meeting day (" + day + ").");
        throw http::forbidden("A member token checks people in on the meeting day only (" + day + ", " + m.timezone +
                              "), at a time of that day; ask an organizer.");
    }
}

domain::attendance_editor editor_of(const http::context& c)
{
    return c.user().at_least(auth::role::organizer) ? domain::attendance_editor::organizer
                                                    : domain::attendance_editor::member;
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

// Checks a person in, the rules passed; audited as `who` when new.
std::pair<json, bool> check_in(store::connection& conn, const store::actor& who, const store::attendance_state& m,
                               const store::person_ref& person, std::int64_t at, const std::optional<std::string>& reason)
{
    require_status(m.status, {"scheduled", "held"}, "check-in is for scheduled or held meetings");
    const auto* zone = domain::find_zone(m.timezone);
    if (auto existing = store::find_check_in(conn, m.id, person.id))
        return {check_in_json(zone, *existing), false}; // twice changes nothing
    store::check_in(conn, m.id, person.id, person.organization_id, at);
    auto row = check_in_json(zone, *store::find_check_in(conn, m.id, person.id));
    store::audit(conn, who, "check_in", "meeting", m.id, nullptr, with_reason(row, reason));
    return {std::move(row), true};
}

} // namespace

store::meeting_rules load_meeting_rules(store::connection& conn, std::int64_t id)
{
    auto m = store::find_meeting_rules(conn, id);
    if (!m)
        throw http::not_found("No meeting has the id " + std::to_string(id) + ".");
    return std::move(*m);
}

store::person_ref load_person_ref(store::connection& conn, std::int64_t id)
{
    auto p = store::find_person_ref(conn, id);
    if (!p)
        throw http::not_found("No person has the id " + std::to_string(id) + ".");
    if (p->erased)
        throw http::conflict("This person's data was erased.");
    return std::move(*p);
}

json rsvp_json(const date::time_zone* zone, const store::rsvp& r)
{
    return {{"meeting_id", r.meeting_id}, {"person_id", r.person_id}, {"response", r.response},
            {"note", r.note ? json(*r.note) : json()}, {"responded_at", domain::format_rfc3339(r.responded_at, zone)}};
}

namespace {

// A JSON string as nlohmann::json writes it. Plain text (printable ASCII without quote or
// backslash: every answer, most notes) is copied as it is; anything else goes through the library.
void append_json_string(std::string& out, const std::string& text)
{
    bool plain = std::all_of(text.begin(), text.end(), [](char ch) {
        auto u = static_cast<unsigned char>(ch);
        return u >= 0x20 && u < 0x7f && ch != '"' && ch != '\\';
    });
    if (!plain) {
        out += json(text).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
    }
    out += '"';
    out += text;
    out += '"';
}

} // namespace

std::string rsvp_text(const date::time_zone* zone, const store::rsvp& r)
{
    // Written by hand, because this runs in the write batch twice per answer: building the
    // object and dumping it measured ~12% fewer writes a second (27-30k against 30-34k req/s).
    // The keys are in the order nlohmann::json writes them (sorted), and a unit test holds the
    // bytes equal to rsvp_json(...).dump().
    std::string s;
    s.reserve(128 + (r.note ? r.note->size() : 0));
    s += "{\"meeting_id\":";
    s += std::to_string(r.meeting_id);
    s += ",\"note\":";
    if (r.note)
        append_json_string(s, *r.note);
    else
        s += "null";
    s += ",\"person_id\":";
    s += std::to_string(r.person_id);
    s += ",\"responded_at\":\"";
    s += domain::format_rfc3339(r.responded_at, zone);
    s += "\",\"response\":";
    append_json_string(s, r.response);
    s += '}';
    return s;
}

std::pair<std::string, bool> record_rsvp(store::connection& conn, const store::actor& who,
                                         const store::meeting_rules& m, const store::person_ref& person,
                                         std::string response, std::optional<std::string> note)
{
    require_status(m.status, {"draft", "scheduled"}, "answers are closed");
    ensure_invited(conn, m.id, person.id, person.organization_id);
    auto before = store::find_rsvp(conn, m.id, person.id);
    const auto* zone = domain::find_zone(m.timezone);
    auto after = rsvp_text(zone, answer(conn, m, person.id, std::move(response), std::move(note), before));
    store::audit_text(conn, who, "rsvp", "meeting", m.id,
                      before ? std::optional<std::string>(rsvp_text(zone, *before)) : std::nullopt, after);
    return {std::move(after), !before};
}

std::pair<json, bool> record_check_in(store::connection& conn, const store::actor& who, const store::meeting_rules& m,
                                      const store::person_ref& person, std::int64_t at)
{
    require_status(m.status, {"scheduled", "held"}, "check-in is for scheduled or held meetings");
    auto state = load_attendance_state(conn, m.id);
    require_attendance_change(domain::attendance_editor::own_link, state, std::nullopt, at, true);
    return check_in(conn, who, state, person, at, std::nullopt);
}

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
        present.push_back(e);
        json item = {{"person_id", r["person_id"]},
                     {"name", r["erased"].get<std::int64_t>() ? json() : r["name"]},
                     {"erased", r["erased"].get<std::int64_t>() != 0},
                     {"organization_id", r["organization_id"]},
                     {"organization_name", r["organization_name"]},
                     {"guest", r["guest"].get<std::int64_t>() != 0},
                     {"checked_in_at", local(meeting, r["checked_in_at"])}};
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
                    {"quorum_met", s.quorum_met}};
    return {{"items", items}, {"next_cursor", nullptr}, {"summary", summary}, {"organizations", organizations}};
}

void hide_others_notes(const http::context& c, json& organizations)
{
    for (auto& org : organizations)
        if (org.contains("excuse_reason") && !sees_personal_data_of(c, org["id"].get<std::int64_t>()))
            org["excuse_reason"] = nullptr;
}

http::response list_invitations(http::context& c)
{
    auto meeting_id = c.id();
    auto p = http::parse_page(c);
    auto [meeting, rows] = c.app.db.read([&](store::connection& conn) {
        auto m = load_meeting_row(conn, meeting_id);
        return std::pair{m, store::invitation_page(conn, meeting_id, after_id(p), p.limit + 1)};
    });
    json items = json::array();
    for (auto r : rows) {
        r["invited_at"] = local(meeting, r["invited_at"]);
        if (r["responded_at"].is_number_integer())
            r["responded_at"] = local(meeting, r["responded_at"]);
        r["checked_in"] = r["checked_in"].get<std::int64_t>() != 0;
        if (!sees_personal_data_of(c, r["organization_id"].get<std::int64_t>()))
            r["note"] = nullptr; // who is coming, not why
        items.push_back(std::move(r));
    }
    return http::json_response(200, finish_page(std::move(items), p.limit,
                                                [](const json& i) { return json::array({i["person_id"]}); }));
}

http::response create_invitations(http::context& c)
{
    auto meeting_id = c.id();
    http::schema s{{{.name = "organization_ids", .type = http::field_type::id_list},
                    {.name = "person_ids", .type = http::field_type::id_list}},
                   {}};
    auto req = http::merge_for_create(c.req.body().empty() ? json::object() : http::body_object(c), s);
    return http::deferred([&c, meeting_id, req = std::move(req)](store::connection& conn) {
        auto meeting = load_meeting_row(conn, meeting_id);
        require_status(meeting, {"draft", "scheduled"}, "invitations are for draft or scheduled meetings");
        json people = json::array();
        std::vector<http::field_error> errors;
        bool explicit_list = req["organization_ids"].is_array() || req["person_ids"].is_array();
        if (!explicit_list)
            people = store::default_invitees(conn);
        std::vector<std::int64_t> orgs;
        if (req["organization_ids"].is_array())
            for (const auto& id : req["organization_ids"]) {
                auto oid = id.get<std::int64_t>();
                if (!store::find_organization(conn, oid)) {
                    errors.push_back({"organization_ids", "holds " + std::to_string(oid) + ", not a known organization"});
                    continue;
                }
                orgs.push_back(oid);
                for (auto& p : store::people_of_organization(conn, oid))
                    people.push_back(p);
            }
        if (req["person_ids"].is_array())
            for (const auto& id : req["person_ids"]) {
                auto person = store::find_person(conn, id.get<std::int64_t>());
                if (!person || (*person)["erased"].get<bool>()) {
                    errors.push_back({"person_ids", "holds " + std::to_string(id.get<std::int64_t>()) + ", not a known person"});
                    continue;
                }
                people.push_back({{"person_id", (*person)["id"]}, {"organization_id", (*person)["organization_id"]}});
            }
        http::throw_if_any(errors); // the transaction rolls back: nothing is invited
        if (!explicit_list)
            for (auto oid : store::active_member_organizations(conn))
                orgs.push_back(oid);
        for (auto oid : orgs)
            store::invite_organization(conn, meeting_id, oid);
        std::int64_t added = 0;
        for (const auto& p : people)
            added += store::invite_person(conn, meeting_id, p["person_id"].get<std::int64_t>(),
                                          p["organization_id"].get<std::int64_t>());
        json result = {{"invited", added}, {"already_invited", static_cast<std::int64_t>(people.size()) - added},
                       {"organizations", orgs.size()}};
        store::audit(conn, actor_of(c), "invite", "meeting", meeting_id, nullptr, {{"request", req}, {"result", result}});
        return http::json_response(added > 0 ? 201 : 200, result);
    });
}

http::response list_rsvps(http::context& c)
{
    auto meeting_id = c.id();
    auto p = http::parse_page(c);
    auto body = c.app.db.read([&](store::connection& conn) {
        auto meeting = load_meeting_row(conn, meeting_id);
        json items = json::array();
        for (const auto& r : store::rsvp_page(conn, meeting_id, after_id(p), p.limit + 1)) {
            items.push_back(rsvp_json(meeting, r));
            if (!sees_personal_data_of(c, r["organization_id"].get<std::int64_t>()))
                items.back()["note"] = nullptr; // who is coming, not why
        }
        auto out = finish_page(std::move(items), p.limit, [](const json& i) { return json::array({i["person_id"]}); });
        out["counts"] = store::rsvp_counts(conn, meeting_id);
        if (meeting["capacity"].is_number_integer())
            out["capacity"] = meeting["capacity"];
        return out;
    });
    return http::json_response(200, body);
}

http::response put_rsvp(http::context& c)
{
    auto meeting_id = c.id(), person_id = c.id("person_id");
    auto body = http::body_object(c);
    auto req = http::merge_for_create(body, rsvp_schema_with_substitute());
    return http::deferred([&c, meeting_id, person_id, req = std::move(req)](store::connection& conn) {
        auto meeting = load_meeting_rules(conn, meeting_id);
        auto person = load_person_ref(conn, person_id);
        require_own_organization(c, person.organization_id);
        auto response = req["response"].get<std::string>();
        if (!req["substitute"].is_object()) {
            auto [after, created] = record_rsvp(conn, actor_of(c), meeting, person, response, optional_text(req["note"]));
            return http::text_response(created ? 201 : 200, std::string(http::json_type), std::move(after));
        }
        // The invitee cannot come and names who comes instead: a new representative of the
        // same organization, invited and answering 'yes' (or the given answer) at once.
        require_organization_editor(c, person.organization_id);
        require_status(meeting.status, {"draft", "scheduled"}, "answers are closed");
        ensure_invited(conn, meeting_id, person.id, person.organization_id);
        auto before = store::find_rsvp(conn, meeting_id, person_id);
        json sub = http::merge_for_create(req["substitute"], http::schema{person_fields(), {}});
        check_person(sub);
        auto org_id = person.organization_id;
        auto sub_id = store::insert_person(conn, org_id, sub);
        store::audit(conn, actor_of(c), "create", "person", sub_id, nullptr, *store::find_person(conn, sub_id));
        store::invite_person(conn, meeting_id, sub_id, org_id);
        const auto* zone = domain::find_zone(meeting.timezone);
        // Each note goes to its own person, in the meeting's language: the invitee keeps the note
        // they sent (or one naming who comes instead), the substitute's names whom they replace.
        auto lang = load_meeting_row(conn, meeting_id)["language"].get<std::string>();
        auto line = [&](std::string_view name, const std::string& who) {
            auto text = render::render_template(lang, name, {{"name", who}});
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
                text.pop_back();
            return text;
        };
        auto own_note = optional_text(req["note"]);
        if (!own_note)
            own_note = line("substitute_note.txt", sub["name"].get<std::string>());
        auto sub_answer = rsvp_json(zone, answer(conn, meeting, sub_id, response, line("substitute_for.txt", person.name), std::nullopt));
        auto own = rsvp_json(zone, answer(conn, meeting, person_id, "no", own_note, before));
        store::audit(conn, actor_of(c), "rsvp", "meeting", meeting_id, before ? rsvp_json(zone, *before) : json(), own);
        store::audit(conn, actor_of(c), "rsvp", "meeting", meeting_id, nullptr, sub_answer);
        json out = own;
        out["substitute"] = sub_answer;
        return http::json_response(200, out);
    });
}

http::response delete_rsvp(http::context& c)
{
    auto meeting_id = c.id(), person_id = c.id("person_id");
    return http::deferred([&c, meeting_id, person_id](store::connection& conn) {
        auto meeting = load_meeting_row(conn, meeting_id);
        require_own_organization(c, load_person_ref(conn, person_id).organization_id);
        auto before = store::find_rsvp(conn, meeting_id, person_id);
        if (!before)
            throw http::not_found("This person has not answered.");
        require_status(meeting, {"draft", "scheduled"}, "answers are closed");
        if (meeting["rsvp_deadline"].is_number_integer() && domain::now() > meeting["rsvp_deadline"].get<std::int64_t>())
            throw http::conflict("The RSVP deadline (" + after_text(meeting, "rsvp_deadline") + ") has passed.");
        store::delete_rsvp(conn, meeting_id, person_id);
        store::audit(conn, actor_of(c), "rsvp_withdraw", "meeting", meeting_id, rsvp_json(zone_of(meeting), *before),
                     nullptr);
        return http::no_content();
    });
}

http::response get_attendance(http::context& c)
{
    auto meeting_id = c.id();
    auto body = c.app.db.read([&](store::connection& conn) { return attendance_view(conn, load_meeting_row(conn, meeting_id)); });
    hide_others_notes(c, body["organizations"]);
    return http::json_response(200, body);
}

http::response put_attendance(http::context& c)
{
    auto meeting_id = c.id(), person_id = c.id("person_id");
    static const http::schema s{{{.name = "checked_in_at", .type = http::field_type::instant}, reason_field},
                                {"meeting_id", "person_id"}};
    auto req = http::merge_for_create(c.req.body().empty() ? json::object() : http::body_object(c), s);
    return http::deferred([&c, meeting_id, person_id, req = std::move(req)](store::connection& conn) {
        auto meeting = load_attendance_state(conn, meeting_id);
        auto person = load_person_ref(conn, person_id);
        require_own_organization(c, person.organization_id);
        std::optional<std::int64_t> given;
        if (req["checked_in_at"].is_string())
            given = *domain::parse_rfc3339(req["checked_in_at"].get<std::string>());
        auto reason = reason_of(req["reason"]);
        require_attendance_change(editor_of(c), meeting, reason, given, true);
        auto [row, created] = check_in(conn, actor_of(c), meeting, person, given.value_or(domain::now()), reason);
        return http::json_response(created ? 201 : 200, row);
    });
}

http::response delete_attendance(http::context& c)
{
    auto meeting_id = c.id(), person_id = c.id("person_id");
    auto reason = delete_reason(c);
    return c.app.db.write([&](store::connection& conn) {
        auto meeting = load_attendance_state(conn, meeting_id);
        auto person = store::find_person(conn, person_id);
        if (!person)
            throw http::not_found("No person has the id " + std::to_string(person_id) + ".");
        require_own_organization(c, (*person)["organization_id"].get<std::int64_t>());
        require_attendance_change(editor_of(c), meeting, reason);
        auto existing = store::find_check_in(conn, meeting_id, person_id);
        if (!existing)
            throw http::not_found("This person is not checked in.");
        store::undo_check_in(conn, meeting_id, person_id);
        store::audit(conn, actor_of(c), "check_in_undo", "meeting", meeting_id,
                     check_in_json(domain::find_zone(meeting.timezone), *existing),
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
        auto meeting = load_meeting_row(conn, meeting_id);
        require_status(meeting, {"scheduled", "held"}, "check-in is for scheduled or held meetings");
        auto at = req["checked_in_at"].is_string() ? *domain::parse_rfc3339(req["checked_in_at"].get<std::string>())
                                                   : domain::now();
        require_attendance_change(editor_of(c), load_attendance_state(conn, meeting_id), reason, at, true);
        auto id = store::add_guest(conn, meeting_id, req["name"].get<std::string>(), req["organization_name"], at);
        json row = {{"guest_id", id}, {"meeting_id", meeting_id}, {"name", req["name"]},
                    {"organization_name", req["organization_name"]}, {"guest", true},
                    {"checked_in_at", domain::format_rfc3339(at, zone_of(meeting))}};
        store::audit(conn, actor_of(c), "walk_in", "meeting", meeting_id, nullptr, with_reason(row, reason));
        return http::json_response(201, row);
    });
}

http::response put_excusal(http::context& c)
{
    auto meeting_id = c.id(), org_id = c.id("organization_id");
    http::schema s{{{.name = "reason", .type = http::field_type::long_text, .max_length = 2000}}, {}};
    auto req = http::merge_for_create(c.req.body().empty() ? json::object() : http::body_object(c), s);
    return http::deferred([&c, meeting_id, org_id, req = std::move(req)](store::connection& conn) {
        auto meeting = load_attendance_state(conn, meeting_id);
        if (!store::find_organization(conn, org_id))
            throw http::not_found("No organization has the id " + std::to_string(org_id) + ".");
        // The apology's reason is also the reason for changing a held meeting's roll-call.
        require_attendance_change(editor_of(c), meeting, reason_of(req["reason"]));
        store::excuse(conn, meeting_id, org_id, req["reason"]);
        json row = {{"meeting_id", meeting_id}, {"organization_id", org_id}, {"reason", req["reason"]}};
        store::audit(conn, actor_of(c), "excuse", "meeting", meeting_id, nullptr, row);
        return http::json_response(200, row);
    });
}

http::response delete_excusal(http::context& c)
{
    auto meeting_id = c.id(), org_id = c.id("organization_id");
    auto reason = delete_reason(c);
    return c.app.db.write([&](store::connection& conn) {
        require_attendance_change(editor_of(c), load_attendance_state(conn, meeting_id), reason);
        if (!store::unexcuse(conn, meeting_id, org_id))
            throw http::not_found("This organization is not excused from the meeting.");
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
    auto body = c.app.db.read([&](store::connection& conn) {
        json meetings = json::array();
        for (auto m : store::participation_by_meeting(conn, from, to)) {
            auto view = attendance_view(conn, load_meeting_row(conn, m["id"].get<std::int64_t>()));
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
