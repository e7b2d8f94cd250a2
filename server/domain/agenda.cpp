#include "domain/agenda.hpp"

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

} // namespace sanaksme::domain
