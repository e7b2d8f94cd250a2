#pragma once
// What the web dashboard and the check-in desk read beyond the API's own queries.
#include "store/database.hpp"

#include <cstdint>
#include <optional>

namespace sanaksme::store {

// The first draft or scheduled meeting starting at or after `from`, and the latest held one
// (full meeting rows, as find_meeting_row).
std::optional<json> next_meeting(connection& c, std::int64_t from);
std::optional<json> last_held_meeting(connection& c);
// Per invited organization: its invited people's answers {id, name, yes, no, maybe, none}.
json answers_by_organization(connection& c, std::int64_t meeting_id);
// The newest minutes holding action items: [{meeting_id, title, starts_at, timezone, body}].
json latest_minutes_with_actions(connection& c, int limit);
// Failed messages, newest first, and how many there are in all.
json failed_mail(connection& c, int limit);
std::int64_t failed_mail_count(connection& c);
// The invited people of a meeting and whether each is checked in, by name:
// [{person_id, name, organization_id, organization_name, checked_in}].
json desk_people(connection& c, std::int64_t meeting_id);

// Scheduled meetings from `from` on to which the organization's people are invited (ids, by start).
json upcoming_meetings_of(connection& c, std::int64_t organization_id, std::int64_t from, int limit);
// The organization's invited people of a meeting with their answers: [{person_id, name, response, note,
// waitlist_position}], the position null unless their yes waits in line.
json organization_answers(connection& c, std::int64_t meeting_id, std::int64_t organization_id);

} // namespace sanaksme::store
