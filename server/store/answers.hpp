#pragma once
// The writes of one answer (RSVP) and one check-in, shared by the API and the one-click pages:
// what the rules need, loaded in one query; the rules of domain/ applied; the change written and
// audited. Failures are domain errors.
#include "domain/rsvp.hpp"
#include "store/attendance.hpp"
#include "store/audit.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"

#include <utility>

namespace sanaksme::store {

// Everything the rules of one answer read, from one statement: the meeting, the person, their
// invitation and their organization's, and the answer it replaces.
struct answer_facts {
    meeting_rules meeting;
    person_ref person;
    bool person_invited = false, organization_invited = false;
    std::optional<rsvp> before;
    bool waitlisted = false; // in the line of a full meeting
};
// not_found when the meeting or the person is absent (in that order), conflict when erased.
answer_facts load_answer_facts(connection& c, std::int64_t meeting_id, std::int64_t person_id);

// The meeting and the person of a change, typed (not_found when absent, conflict when erased).
meeting_rules load_meeting_rules(connection& c, std::int64_t id);
person_ref load_person_ref(connection& c, std::int64_t id);
attendance_state load_attendance_state(connection& c, std::int64_t id);

// Stores one answer under the deadline, capacity and seat rules; `before` is the answer it replaces.
rsvp save_answer(connection& c, const meeting_rules& m, const person_ref& person, domain::rsvp_response response,
                 std::optional<std::string> note, const std::optional<rsvp>& before);

// What an answer did: its JSON text, whether it is new, and who got a place from the waiting
// list because of it (in line order; the caller tells them by email in the same write).
struct answer_result {
    std::string body;
    bool created = false;
    std::vector<std::int64_t> promoted;
};
// The whole answer: the meeting takes answers, the person is (or joins) the invited, then
// save_answer, audited as `who`. A yes past capacity on a meeting with a waiting list joins the
// line instead ({"status":"waitlisted","position":n}); a yes given up frees a place for the line.
answer_result record_rsvp(connection& c, const actor& who, const answer_facts& f, domain::rsvp_response response,
                          std::optional<std::string> note);
// Withdraws the answer (and the place in line); not_found when there is neither. Returns who was promoted.
std::vector<std::int64_t> withdraw_rsvp(connection& c, const actor& who, const answer_facts& f);
// Fills free places from the waiting list, in order: each gets a yes, audited as `who`.
std::vector<std::int64_t> promote_waitlisted(connection& c, const actor& who, const meeting_rules& m);

// The invitee cannot come and names who comes instead (PUT …/rsvps/{person_id} with `substitute`,
// and the representative's page): `substitute` (a person's checked fields) becomes a new person of
// the invitee's organization, invited and answering `response`; the invitee answers no. The notes
// are the caller's (the meeting's language), each audited as `who`.
struct substitution {
    std::int64_t substitute_id = 0;
    rsvp own, substitute;
};
substitution record_substitute(connection& c, const actor& who, const answer_facts& f, domain::rsvp_response response,
                               const json& substitute, const std::optional<std::string>& own_note,
                               const std::string& substitute_note);

// A stored answer as the API shows it: a JSON object, and the same bytes written directly (the
// RSVP write path sends and logs it inside the write batch; a unit test holds them equal).
json rsvp_json(const date::time_zone* zone, const rsvp& r);
std::string rsvp_text(const date::time_zone* zone, const rsvp& r);
// A yes waiting in line: the answer's fields with "status":"waitlisted" and its "position".
json waitlisted_json(const date::time_zone* zone, std::int64_t meeting_id, const waitlisted& w);

// What the rules of one person's check-in read, from one statement: the meeting's attendance
// state and the person (not_found when either is absent, in that order; conflict when erased).
struct check_in_facts {
    attendance_state meeting;
    person_ref person;
};
check_in_facts load_check_in_facts(connection& c, std::int64_t meeting_id, std::int64_t person_id);

// A check-in as the API shows it (its row without the id, the time in the meeting's zone).
json check_in_json(const date::time_zone* zone, const json& row);
// Checks a person in once the attendance rules passed (a second time changes nothing); audited
// as `who`, with the reason, when new. Returns the record and whether it is new.
std::pair<json, bool> record_check_in(connection& c, const actor& who, const attendance_state& m, const person_ref& person,
                                      std::int64_t at, const std::optional<std::string>& reason, const check_in_how& how);
// A person checks in from their own signed link (in the room, or joining the call): scheduled
// meetings on the meeting day only (domain::require_attendance_change as own_link).
std::pair<json, bool> record_own_check_in(connection& c, const actor& who, std::int64_t meeting_id,
                                          std::int64_t person_id, std::int64_t at, std::string_view mode);

} // namespace sanaksme::store
