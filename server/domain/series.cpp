// The rules of domain/series.hpp.
#include "domain/series.hpp"

#include <date/tz.h>

namespace sanaksme::domain {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

std::int64_t next_number(std::optional<std::int64_t> number) { return number.value_or(1) + 1; }

std::string next_title(const std::string& title, std::optional<std::int64_t> number, std::int64_t next)
{
    if (!number)
        return title;
    auto old_text = std::to_string(*number);
    for (auto at = title.rfind(old_text); at != std::string::npos; at = at == 0 ? std::string::npos : title.rfind(old_text, at - 1)) {
        auto end = at + old_text.size();
        bool alone = (at == 0 || !digit(title[at - 1])) && (end == title.size() || !digit(title[end]));
        if (alone)
            return title.substr(0, at) + std::to_string(next) + title.substr(end);
    }
    return title;
}

instant weeks_later(instant start, const date::time_zone* zone, int weeks)
{
    auto local = zone->to_local(date::sys_seconds{std::chrono::seconds{start}}) + date::days{7 * weeks};
    return zone->to_sys(local, date::choose::earliest).time_since_epoch().count();
}

std::optional<instant> keep_distance(std::optional<instant> t, instant old_start, instant new_start)
{
    if (!t)
        return std::nullopt;
    return *t - old_start + new_start;
}

} // namespace sanaksme::domain
