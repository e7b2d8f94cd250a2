#pragma once
// Invitations, RSVPs, check-ins, walk-in guests and apologies of one meeting.
#include "store/database.hpp"

#include <optional>

namespace sanaksme::store {

// People of active organizations with membership 'member' (not erased): the default invitees.
json default_invitees(connection& c);
std::vector<std::int64_t> active_member_organizations(connection& c);
json people_of_organization(connection& c, std::int64_t organization_id);
// Returns true when the person was not invited yet.
bool invite_person(connection& c, std::int64_t meeting_id, std::int64_t person_id, std::int64_t organization_id);
void invite_organization(connection& c, std::int64_t meeting_id, std::int64_t organization_id);
bool is_invited(connection& c, std::int64_t meeting_id, std::int64_t person_id);
bool organization_invited(connection& c, std::int64_t meeting_id, std::int64_t organization_id);
json invitation_page(connection& c, std::int64_t meeting_id, std::int64_t after_person, int limit);

// One stored answer. Typed: on a meeting day the RSVP write is the hottest path there is.
struct rsvp {
    std::int64_t meeting_id = 0, person_id = 0;
    std::string response;
    std::optional<std::string> note;
    std::int64_t responded_at = 0;
};
std::optional<rsvp> find_rsvp(connection& c, std::int64_t meeting_id, std::int64_t person_id);
// Inserts or replaces the answer, answered now; returns it as stored.
rsvp save_rsvp(connection& c, std::int64_t meeting_id, std::int64_t person_id, std::string response,
               std::optional<std::string> note);
void delete_rsvp(connection& c, std::int64_t meeting_id, std::int64_t person_id);
std::int64_t yes_count(connection& c, std::int64_t meeting_id);
// The yes answers of one organization's people (seats_per_organization).
std::int64_t organization_yes_count(connection& c, std::int64_t meeting_id, std::int64_t organization_id);

// One person in a full meeting's line; `position` 1 is the next to get a place.
struct waitlisted {
    std::int64_t person_id = 0, position = 0;
    std::optional<std::string> note;
    std::int64_t joined_at = 0;
};
// Puts the person at the end of the line; false when they are in it already (their place stays).
bool join_waitlist(connection& c, std::int64_t meeting_id, std::int64_t person_id, const std::optional<std::string>& note);
std::optional<waitlisted> find_waitlisted(connection& c, std::int64_t meeting_id, std::int64_t person_id);
void leave_waitlist(connection& c, std::int64_t meeting_id, std::int64_t person_id);
// The first `n` in line, in order (joined_at not read).
std::vector<waitlisted> first_waitlisted(connection& c, std::int64_t meeting_id, std::int64_t n);
std::int64_t waitlist_count(connection& c, std::int64_t meeting_id);
// The whole line in order: person_id, name, organization_id, position, joined_at.
json waitlist_rows(connection& c, std::int64_t meeting_id);
json rsvp_counts(connection& c, std::int64_t meeting_id);
json rsvp_page(connection& c, std::int64_t meeting_id, std::int64_t after_person, int limit);

// What decides whether a meeting's attendance may change now (domain::judge).
struct attendance_state {
    std::int64_t id = 0, starts_at = 0;
    std::string status, timezone;
    bool minutes_approved = false;
};
std::optional<attendance_state> find_attendance_state(connection& c, std::int64_t meeting_id);

std::optional<json> find_check_in(connection& c, std::int64_t meeting_id, std::int64_t person_id);
// How a check-in came: `mode` in_person or online, `source` desk, link, organizer or api.
struct check_in_how {
    std::string_view mode = "in_person", source = "api";
};
void check_in(connection& c, std::int64_t meeting_id, std::int64_t person_id, std::int64_t organization_id,
              std::int64_t at, const check_in_how& how);
void undo_check_in(connection& c, std::int64_t meeting_id, std::int64_t person_id);
// A walk-in guest is in the room; `source` as for check_in.
std::int64_t add_guest(connection& c, std::int64_t meeting_id, const std::string& name, const json& organization_name,
                       std::int64_t at, std::string_view source);
json attendance_rows(connection& c, std::int64_t meeting_id);

void excuse(connection& c, std::int64_t meeting_id, std::int64_t organization_id, const json& reason);
bool unexcuse(connection& c, std::int64_t meeting_id, std::int64_t organization_id);

// Every organization with its membership on `date` and this meeting's invitation and apologies.
json organization_facts(connection& c, std::int64_t meeting_id, const std::string& date);

// Per organization over meetings that started in [from, to): invited, attended.
json participation_by_organization(connection& c, std::int64_t from, std::int64_t to);
json participation_by_meeting(connection& c, std::int64_t from, std::int64_t to);

} // namespace sanaksme::store
