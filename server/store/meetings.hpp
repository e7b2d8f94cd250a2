#pragma once
// Meetings and their agenda items. Rows hold instants as Unix seconds; the JSON shape the API
// shows is made in api/meetings.cpp and api/agenda.cpp.
#include "store/database.hpp"

#include <optional>

namespace sanaksme::store {

struct meeting_filter {
    std::optional<std::int64_t> from, to;
    std::optional<std::string> status, series;
};

std::optional<json> find_meeting_row(connection& c, std::int64_t id);
// The meeting row, or domain::not_found.
json load_meeting_row(connection& c, std::int64_t id);

// The facts an answer is checked against, typed: the RSVP write reads no more of a meeting.
struct meeting_rules {
    std::int64_t id = 0;
    std::string status, timezone;
    std::optional<std::int64_t> rsvp_deadline, capacity;
    bool waitlist = false; // a yes past capacity waits in line
    std::optional<std::int64_t> seats_per_organization;
};
std::optional<meeting_rules> find_meeting_rules(connection& c, std::int64_t id);
json list_meeting_rows(connection& c, const meeting_filter& f, std::int64_t after_start, std::int64_t after_id, int limit);
std::int64_t insert_meeting(connection& c, const json& row);
void update_meeting(connection& c, std::int64_t id, const json& row, bool bump_sequence);
bool meeting_has_records(connection& c, std::int64_t id);
// A meeting that becomes scheduled with nobody invited invites every active member organization
// and its people, as POST /invitations {} does. Returns the people invited (0: it had invitations).
std::int64_t invite_members_if_none(connection& c, std::int64_t meeting_id);
// Scheduled meetings whose end has passed and that have attendance become held; returns their ids.
std::vector<std::int64_t> mark_held_meetings(connection& c, std::int64_t now);
void delete_meeting(connection& c, std::int64_t id);

std::optional<json> find_agenda_row(connection& c, std::int64_t id);
json agenda_rows(connection& c, std::int64_t meeting_id);
// The sum of the planned minutes of a meeting's agenda items.
std::int64_t planned_agenda_minutes(connection& c, std::int64_t meeting_id);
std::int64_t insert_agenda_item(connection& c, const json& row);
void update_agenda_item(connection& c, std::int64_t id, const json& row);
void delete_agenda_item(connection& c, std::int64_t id);
void set_agenda_position(connection& c, std::int64_t id, std::int64_t position);

} // namespace sanaksme::store
