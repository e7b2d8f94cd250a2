#pragma once
// The next meeting of a series (POST /meetings/{id}/next): its number, its title, and when it is
// by default. No I/O.
#include "domain/time.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sanaksme::domain {

// By default the next meeting is this many weeks later, on the same weekday at the same local time.
inline constexpr int next_meeting_weeks = 4;

// The next number of the series: one more than the meeting's, or 2 when it had none (it was the first).
std::int64_t next_number(std::optional<std::int64_t> number);

// The title with the meeting's number, where it stands as a number of its own ("5. sanāksme",
// "Meeting 5"), replaced by the next one (its last such occurrence); else the same title.
std::string next_title(const std::string& title, std::optional<std::int64_t> number, std::int64_t next);

// `weeks` weeks after `start`, at the same wall-clock time in `zone` (across a DST change the
// hour stays, the offset moves); a time the clocks skip or repeat resolves to the earlier instant.
instant weeks_later(instant start, const date::time_zone* zone, int weeks);

// A time that moves with the start (the end, the answer deadline) keeps its distance from it.
std::optional<instant> keep_distance(std::optional<instant> t, instant old_start, instant new_start);

} // namespace sanaksme::domain
