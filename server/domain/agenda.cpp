// Planned times of agenda items and the rules of an agenda's size.
#include "domain/agenda.hpp"

#include "domain/error.hpp"

#include <string>

namespace sanaksme::domain {

std::vector<instant> planned_starts(instant meeting_start, const std::vector<int>& duration_minutes)
{
    std::vector<instant> starts;
    starts.reserve(duration_minutes.size());
    instant t = meeting_start;
    for (int d : duration_minutes) {
        starts.push_back(t);
        t += static_cast<instant>(d) * 60;
    }
    return starts;
}

void require_room_for_item(std::size_t items)
{
    if (items >= agenda_max_items)
        throw conflict("A meeting holds at most " + std::to_string(agenda_max_items) + " agenda items.");
}

std::optional<instant> agenda_overrun(instant starts_at, std::optional<instant> ends_at, std::int64_t planned_minutes)
{
    auto end = starts_at + planned_minutes * 60;
    if (!ends_at || end <= *ends_at)
        return std::nullopt;
    return end;
}

void require_agenda_fits(instant starts_at, std::optional<instant> ends_at, std::int64_t planned_minutes,
                         const date::time_zone* zone)
{
    auto end = agenda_overrun(starts_at, ends_at, planned_minutes);
    if (!end)
        return;
    throw invalid("The agenda would end after the meeting.",
                  {{"duration_minutes", "the agenda would end at " + format_rfc3339(*end, zone) +
                                            ", after the meeting ends at " + format_rfc3339(*ends_at, zone) +
                                            "; shorten an item or move the meeting's end"}});
}

} // namespace sanaksme::domain
