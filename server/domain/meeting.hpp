#pragma once
// A meeting's lifecycle: its statuses and which change of status is allowed. No I/O.
#include <optional>
#include <string_view>
#include <vector>

namespace sanaksme::domain {

enum class meeting_status { draft, scheduled, held, cancelled };

std::optional<meeting_status> parse_meeting_status(std::string_view text);
std::string_view to_string(meeting_status s);

// draft → scheduled → held; draft or scheduled → cancelled. Held and cancelled are final: a held
// meeting's records are the minutes' basis, and a cancelled one was announced as such.
std::vector<meeting_status> next_statuses(meeting_status from);
// Staying in the same status is no change, so always allowed.
bool status_change_allowed(meeting_status from, meeting_status to);

} // namespace sanaksme::domain
