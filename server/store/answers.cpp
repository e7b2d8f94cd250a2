// The answer and check-in writes of store/answers.hpp.
#include "store/answers.hpp"

#include "domain/attendance_change.hpp"
#include "domain/error.hpp"
#include "domain/meeting.hpp"

#include <algorithm>

namespace sanaksme::store {

namespace {

// One row whatever exists: the absent side's columns are NULL, and the last two say which is.
constexpr std::string_view answer_facts_sql =
    "SELECT m.status, m.timezone, m.rsvp_deadline, m.capacity, p.organization_id, p.name, p.erased_at IS NOT NULL, "
    "EXISTS (SELECT 1 FROM invitations i WHERE i.meeting_id = k.meeting_id AND i.person_id = k.person_id), "
    "EXISTS (SELECT 1 FROM invited_organizations v WHERE v.meeting_id = k.meeting_id "
    " AND v.organization_id = p.organization_id), "
    "r.response, r.note, r.responded_at, m.id IS NOT NULL, p.id IS NOT NULL, m.waitlist, m.seats_per_organization, "
    "EXISTS (SELECT 1 FROM waitlist w WHERE w.meeting_id = k.meeting_id AND w.person_id = k.person_id) "
    "FROM (SELECT :meeting AS meeting_id, :person AS person_id) k "
    "LEFT JOIN meetings m ON m.id = k.meeting_id LEFT JOIN people p ON p.id = k.person_id "
    "LEFT JOIN rsvps r ON r.meeting_id = k.meeting_id AND r.person_id = k.person_id";

constexpr std::string_view check_in_facts_sql =
    "SELECT m.starts_at, m.status, m.timezone, "
    "EXISTS (SELECT 1 FROM minutes n WHERE n.meeting_id = k.meeting_id AND n.status = 'approved'), "
    "p.organization_id, p.name, p.erased_at IS NOT NULL, m.id IS NOT NULL, p.id IS NOT NULL "
    "FROM (SELECT :meeting AS meeting_id, :person AS person_id) k "
    "LEFT JOIN meetings m ON m.id = k.meeting_id LEFT JOIN people p ON p.id = k.person_id";

[[noreturn]] void no_meeting(std::int64_t id)
{
    throw domain::not_found("No meeting has the id " + std::to_string(id) + ".");
}

[[noreturn]] void no_person(std::int64_t id)
{
    throw domain::not_found("No person has the id " + std::to_string(id) + ".");
}

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

// Conflict when the person's organization has all its seats (seats_per_organization).
void require_seat(connection& c, const meeting_rules& m, const person_ref& person)
{
    if (m.seats_per_organization)
        domain::require_free_seat(m.seats_per_organization, organization_yes_count(c, m.id, person.organization_id));
}

// The audit record of an attendance change, with the reason given for it.
json with_reason(json row, const std::optional<std::string>& reason)
{
    if (reason)
        row["reason"] = *reason;
    return row;
}

} // namespace

answer_facts load_answer_facts(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    auto& s = c.prepare(answer_facts_sql);
    s.bind(":meeting", meeting_id);
    s.bind(":person", person_id);
    s.executeStep();
    if (s.getColumn(12).getInt() == 0)
        no_meeting(meeting_id);
    if (s.getColumn(13).getInt() == 0)
        no_person(person_id);
    answer_facts f{{meeting_id, s.getColumn(0).getString(), s.getColumn(1).getString(), optional_int(s.getColumn(2)),
                    optional_int(s.getColumn(3)), s.getColumn(14).getInt() != 0, optional_int(s.getColumn(15))},
                   {person_id, s.getColumn(4).getInt64(), s.getColumn(5).getString(), s.getColumn(6).getInt() != 0},
                   s.getColumn(7).getInt() != 0,
                   s.getColumn(8).getInt() != 0,
                   std::nullopt,
                   s.getColumn(16).getInt() != 0};
    if (!s.getColumn(9).isNull())
        f.before = rsvp{meeting_id, person_id, s.getColumn(9).getString(), optional_text(s.getColumn(10)),
                        s.getColumn(11).getInt64()};
    s.reset();
    domain::require_not_erased(f.person.erased);
    return f;
}

check_in_facts load_check_in_facts(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    auto& s = c.prepare(check_in_facts_sql);
    s.bind(":meeting", meeting_id);
    s.bind(":person", person_id);
    s.executeStep();
    if (s.getColumn(7).getInt() == 0)
        no_meeting(meeting_id);
    if (s.getColumn(8).getInt() == 0)
        no_person(person_id);
    check_in_facts f{{meeting_id, s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                      s.getColumn(3).getInt() != 0},
                     {person_id, s.getColumn(4).getInt64(), s.getColumn(5).getString(), s.getColumn(6).getInt() != 0}};
    s.reset();
    domain::require_not_erased(f.person.erased);
    return f;
}

meeting_rules load_meeting_rules(connection& c, std::int64_t id)
{
    auto m = find_meeting_rules(c, id);
    if (!m)
        no_meeting(id);
    return std::move(*m);
}

person_ref load_person_ref(connection& c, std::int64_t id)
{
    auto p = find_person_ref(c, id);
    if (!p)
        no_person(id);
    domain::require_not_erased(p->erased);
    return std::move(*p);
}

attendance_state load_attendance_state(connection& c, std::int64_t id)
{
    auto m = find_attendance_state(c, id);
    if (!m)
        no_meeting(id);
    return std::move(*m);
}

rsvp save_answer(connection& c, const meeting_rules& m, const person_ref& person, domain::rsvp_response response,
                 std::optional<std::string> note, const std::optional<rsvp>& before)
{
    domain::require_before_deadline(m.rsvp_deadline, domain::find_zone(m.timezone), domain::now(),
                                    domain::rsvp_change::answer);
    auto was = before ? domain::parse_rsvp_response(before->response) : std::nullopt;
    // The write batch holds the database lock here, so the counts cannot change before the insert.
    if (domain::takes_place(response, was)) {
        require_seat(c, m, person);
        if (m.capacity)
            domain::require_free_place(*m.capacity, yes_count(c, m.id));
    }
    return save_rsvp(c, m.id, person.id, std::string(domain::to_string(response)), std::move(note));
}

answer_result record_rsvp(connection& c, const actor& who, const answer_facts& f, domain::rsvp_response response,
                          std::optional<std::string> note)
{
    domain::require_answers_open(domain::stored_meeting_status(f.meeting.status));
    if (domain::joins_invitations(f.person_invited, f.organization_invited))
        invite_person(c, f.meeting.id, f.person.id, f.person.organization_id);
    const auto* zone = domain::find_zone(f.meeting.timezone);
    auto was = f.before ? domain::parse_rsvp_response(f.before->response) : std::nullopt;
    bool takes = domain::takes_place(response, was);
    if (takes && f.meeting.waitlist && f.meeting.capacity) {
        domain::require_before_deadline(f.meeting.rsvp_deadline, zone, domain::now(), domain::rsvp_change::answer);
        require_seat(c, f.meeting, f.person);
        if (domain::place_for_yes(f.meeting.capacity, yes_count(c, f.meeting.id), true) == domain::place_verdict::wait) {
            bool joined = join_waitlist(c, f.meeting.id, f.person.id, note);
            auto w = *find_waitlisted(c, f.meeting.id, f.person.id);
            auto body = waitlisted_json(zone, f.meeting.id, w);
            if (joined)
                audit(c, who, "waitlist_join", "meeting", f.meeting.id, nullptr, body);
            return {body.dump(), joined, {}};
        }
    }
    if (f.waitlisted) // any other answer, or a yes that got a place, leaves the line
        leave_waitlist(c, f.meeting.id, f.person.id);
    auto after = rsvp_text(zone, save_answer(c, f.meeting, f.person, response, std::move(note), f.before));
    audit_text(c, who, "rsvp", "meeting", f.meeting.id,
               f.before ? std::optional<std::string>(rsvp_text(zone, *f.before)) : std::nullopt, after);
    answer_result out{std::move(after), !f.before, {}};
    if (was == domain::rsvp_response::yes && response != domain::rsvp_response::yes && f.meeting.waitlist)
        out.promoted = promote_waitlisted(c, who, f.meeting);
    return out;
}

std::vector<std::int64_t> withdraw_rsvp(connection& c, const actor& who, const answer_facts& f)
{
    if (!f.before && !f.waitlisted)
        throw domain::not_found("This person has not answered.");
    domain::require_answers_open(domain::stored_meeting_status(f.meeting.status));
    const auto* zone = domain::find_zone(f.meeting.timezone);
    domain::require_before_deadline(f.meeting.rsvp_deadline, zone, domain::now(), domain::rsvp_change::withdraw);
    if (f.waitlisted) {
        auto w = *find_waitlisted(c, f.meeting.id, f.person.id);
        leave_waitlist(c, f.meeting.id, f.person.id);
        audit(c, who, "waitlist_leave", "meeting", f.meeting.id, waitlisted_json(zone, f.meeting.id, w), nullptr);
    }
    if (!f.before)
        return {};
    delete_rsvp(c, f.meeting.id, f.person.id);
    audit(c, who, "rsvp_withdraw", "meeting", f.meeting.id, rsvp_json(zone, *f.before), nullptr);
    if (f.before->response == "yes" && f.meeting.waitlist)
        return promote_waitlisted(c, who, f.meeting);
    return {};
}

std::vector<std::int64_t> promote_waitlisted(connection& c, const actor& who, const meeting_rules& m)
{
    std::vector<std::int64_t> promoted;
    auto n = domain::places_to_fill(m.capacity, yes_count(c, m.id), m.waitlist, waitlist_count(c, m.id));
    if (n == 0)
        return promoted;
    const auto* zone = domain::find_zone(m.timezone);
    for (const auto& w : first_waitlisted(c, m.id, n)) {
        leave_waitlist(c, m.id, w.person_id);
        auto stored = save_rsvp(c, m.id, w.person_id, "yes", w.note);
        audit(c, who, "waitlist_promote", "meeting", m.id, nullptr, rsvp_json(zone, stored));
        promoted.push_back(w.person_id);
    }
    return promoted;
}

json waitlisted_json(const date::time_zone* zone, std::int64_t meeting_id, const waitlisted& w)
{
    return {{"meeting_id", meeting_id}, {"person_id", w.person_id}, {"response", "yes"},
            {"note", w.note ? json(*w.note) : json()}, {"responded_at", domain::format_rfc3339(w.joined_at, zone)},
            {"status", "waitlisted"}, {"position", w.position}};
}

substitution record_substitute(connection& c, const actor& who, const answer_facts& f, domain::rsvp_response response,
                               const json& substitute, const std::optional<std::string>& own_note,
                               const std::string& substitute_note)
{
    const auto& person = f.person;
    domain::require_answers_open(domain::stored_meeting_status(f.meeting.status));
    if (domain::joins_invitations(f.person_invited, f.organization_invited))
        invite_person(c, f.meeting.id, person.id, person.organization_id);
    auto sub_id = insert_person(c, person.organization_id, substitute);
    audit(c, who, "create", "person", sub_id, nullptr, *find_person(c, sub_id));
    invite_person(c, f.meeting.id, sub_id, person.organization_id);
    const auto* zone = domain::find_zone(f.meeting.timezone);
    substitution out{sub_id, {},
                     save_answer(c, f.meeting, {sub_id, person.organization_id, substitute["name"].get<std::string>(), false},
                                 response, substitute_note, std::nullopt)};
    out.own = save_answer(c, f.meeting, person, domain::rsvp_response::no, own_note, f.before);
    audit(c, who, "rsvp", "meeting", f.meeting.id, f.before ? rsvp_json(zone, *f.before) : json(), rsvp_json(zone, out.own));
    audit(c, who, "rsvp", "meeting", f.meeting.id, nullptr, rsvp_json(zone, out.substitute));
    return out;
}

json rsvp_json(const date::time_zone* zone, const rsvp& r)
{
    return {{"meeting_id", r.meeting_id}, {"person_id", r.person_id}, {"response", r.response},
            {"note", r.note ? json(*r.note) : json()}, {"responded_at", domain::format_rfc3339(r.responded_at, zone)}};
}

std::string rsvp_text(const date::time_zone* zone, const rsvp& r)
{
    // Written by hand: this runs in the write batch twice per answer (figures in the README).
    // The keys are in the order nlohmann::json writes them (sorted).
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

json check_in_json(const date::time_zone* zone, const json& row)
{
    json r = row;
    r.erase("id");
    r["checked_in_at"] = domain::format_rfc3339(row["checked_in_at"].get<std::int64_t>(), zone);
    return r;
}

std::pair<json, bool> record_check_in(connection& c, const actor& who, const attendance_state& m, const person_ref& person,
                                      std::int64_t at, const std::optional<std::string>& reason, const check_in_how& how)
{
    domain::require_check_in_open(domain::stored_meeting_status(m.status));
    const auto* zone = domain::find_zone(m.timezone);
    if (auto existing = find_check_in(c, m.id, person.id))
        return {check_in_json(zone, *existing), false}; // twice changes nothing
    check_in(c, m.id, person.id, person.organization_id, at, how);
    auto row = check_in_json(zone, *find_check_in(c, m.id, person.id));
    audit(c, who, "check_in", "meeting", m.id, nullptr, with_reason(row, reason));
    return {std::move(row), true};
}

std::pair<json, bool> record_own_check_in(connection& c, const actor& who, std::int64_t meeting_id,
                                          std::int64_t person_id, std::int64_t at, std::string_view mode)
{
    auto [m, person] = load_check_in_facts(c, meeting_id, person_id);
    domain::require_check_in_open(domain::stored_meeting_status(m.status));
    domain::require_attendance_change({domain::attendance_editor::own_link, m.status, m.minutes_approved, m.starts_at,
                                       m.timezone, false, domain::now(), at, true});
    return record_check_in(c, who, m, person, at, std::nullopt, {mode, "link"});
}

} // namespace sanaksme::store
