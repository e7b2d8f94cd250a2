#include "domain/meeting.hpp"

#include <algorithm>
#include <array>

namespace sanaksme::domain {

namespace {
constexpr std::array<std::string_view, 4> names{"draft", "scheduled", "held", "cancelled"};
}

std::optional<meeting_status> parse_meeting_status(std::string_view text)
{
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == text)
            return static_cast<meeting_status>(i);
    return std::nullopt;
}

std::string_view to_string(meeting_status s) { return names[static_cast<std::size_t>(s)]; }

std::vector<meeting_status> next_statuses(meeting_status from)
{
    switch (from) {
    case meeting_status::draft:
        return {meeting_status::scheduled, meeting_status::cancelled};
    case meeting_status::scheduled:
        return {meeting_status::held, meeting_status::cancelled};
    case meeting_status::held:
    case meeting_status::cancelled:
        break;
    }
    return {};
}

bool status_change_allowed(meeting_status from, meeting_status to)
{
    auto next = next_statuses(from);
    return from == to || std::find(next.begin(), next.end(), to) != next.end();
}

} // namespace sanaksme::domain
