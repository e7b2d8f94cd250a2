#pragma once
// Planned start times of agenda items: the meeting start plus the durations before each item.
#include "domain/time.hpp"

#include <vector>

namespace sanaksme::domain {

// Durations in the order of the agenda; returns the planned start of each item.
std::vector<instant> planned_starts(instant meeting_start, const std::vector<int>& duration_minutes);

} // namespace sanaksme::domain
