#pragma once
// A meeting's agenda: planned start times of its items (the meeting start plus the durations
// before each), its limits, and the rule that it fits the meeting. No I/O.
#include "domain/time.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sanaksme::domain {

// Durations in the order of the agenda; returns the planned start of each item.
std::vector<instant> planned_starts(instant meeting_start, const std::vector<int>& duration_minutes);

inline constexpr std::size_t agenda_max_items = 200;
inline constexpr std::size_t agenda_title_max = 300;
inline constexpr std::size_t presenter_name_max = 200;
inline constexpr std::int64_t item_minutes_max = 1440;
inline constexpr std::array<std::string_view, 5> agenda_item_kinds{"presentation", "discussion", "decision", "break", "other"};

// Throws conflict when a meeting holding `items` items can take no more.
void require_room_for_item(std::size_t items);

// The planned end of an agenda of `planned_minutes` when it is after the meeting's end; nothing
// when it fits. A meeting without an end takes any agenda.
std::optional<instant> agenda_overrun(instant starts_at, std::optional<instant> ends_at, std::int64_t planned_minutes);
// Throws invalid (field duration_minutes, times in `zone`) when the agenda would end after the meeting.
void require_agenda_fits(instant starts_at, std::optional<instant> ends_at, std::int64_t planned_minutes,
                         const date::time_zone* zone);

} // namespace sanaksme::domain
