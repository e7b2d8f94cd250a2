#include "domain/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <chrono>

namespace sanaksme::domain {

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out)
{
    if (pos + n > s.size())
        return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

std::optional<date::year_month_day> parse_ymd(std::string_view s)
{
    int y, m, d;
    if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' || !digits(s, 8, 2, d))
        return std::nullopt;
    date::year_month_day ymd{date::year{y}, date::month{unsigned(m)}, date::day{unsigned(d)}};
    if (!ymd.ok() || y < first_year || y > last_year)
        return std::nullopt;
    return ymd;
}

// Seconds since the epoch at the start of a year, UTC.
constexpr instant year_start(int y)
{
    return static_cast<instant>(date::sys_days{date::year{y} / 1 / 1}.time_since_epoch().count()) * 86400;
}

} // namespace

std::optional<instant> parse_rfc3339(std::string_view s)
{
    auto ymd = parse_ymd(s);
    if (!ymd || s.size() < 20 || (s[10] != 'T' && s[10] != 't'))
        return std::nullopt;
    int hh, mm, ss;
    if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm) || s[16] != ':' || !digits(s, 17, 2, ss))
        return std::nullopt;
    if (hh > 23 || mm > 59 || ss > 60)
        return std::nullopt;
    std::size_t pos = 19;
    if (s[pos] == '.') {
        std::size_t start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
            ++pos;
        if (pos == start || pos - start > 9)
            return std::nullopt;
    }
    int offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om))
            return std::nullopt;
        if (oh > 23 || om > 59)
            return std::nullopt;
        offset = (oh * 60 + om) * 60 * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    auto days = date::sys_days{*ymd}.time_since_epoch().count();
    // A leap second (:60) is read as the next second; SQLite and the zone database have none.
    auto t = static_cast<instant>(days) * 86400 + hh * 3600 + mm * 60 + ss - offset;
    // 2999-12-31T23:59:59-23:59 is a year 3000 instant: it would render as a fifth digit.
    if (t < year_start(first_year) || t >= year_start(last_year + 1))
        return std::nullopt;
    return t;
}

bool valid_date(std::string_view text) { return text.size() == 10 && parse_ymd(text).has_value(); }

local_time_result parse_local_time(std::string_view text, const date::time_zone* zone)
{
    using kind = local_time_result::kind;
    if (!zone || text.size() != 19)
        return {};
    // The same text with 'Z' is a valid RFC 3339 time exactly when the local text is well formed.
    auto as_utc = parse_rfc3339(std::string(text) + "Z");
    if (!as_utc)
        return {};
    date::local_seconds local{std::chrono::seconds{*as_utc}};
    auto info = zone->get_info(local);
    if (info.result == date::local_info::nonexistent)
        return {kind::nonexistent, 0};
    if (info.result == date::local_info::ambiguous)
        return {kind::ambiguous, 0};
    auto t = *as_utc - info.first.offset.count();
    if (!parse_rfc3339(format_rfc3339(t, zone)))
        return {}; // outside the years a time may fall in
    return {kind::ok, t};
}

const date::time_zone* find_zone(std::string_view name)
{
    if (name.empty() || name.size() > 64)
        return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;
    }
}

namespace {

// "YYYY-MM-DDTHH:MM:SS" of seconds since the epoch in some clock, without streams: this runs
// for every timestamp of every answer.
std::string civil_text(std::int64_t seconds, bool with_time)
{
    auto days = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{seconds}});
    date::year_month_day ymd{days};
    auto rest = seconds - std::chrono::duration_cast<std::chrono::seconds>(days.time_since_epoch()).count();
    char buf[32];
    int n = with_time ? std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", int(ymd.year()),
                                      unsigned(ymd.month()), unsigned(ymd.day()), int(rest / 3600),
                                      int(rest / 60 % 60), int(rest % 60))
                      : std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                                      unsigned(ymd.day()));
    return std::string(buf, static_cast<std::size_t>(n));
}

} // namespace

std::string format_rfc3339(instant t, const date::time_zone* zone)
{
    // The writer formats "now" in one zone for every answer of a batch: the last one is kept.
    thread_local struct {
        instant t = 0;
        const date::time_zone* zone = nullptr;
        std::string text;
    } last;
    if (zone && last.zone == zone && last.t == t)
        return last.text;
    using namespace std::chrono;
    sys_seconds tp{seconds{t}};
    auto off_s = zone->get_info(tp).offset.count();
    auto off = off_s / 60;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", off < 0 ? '-' : '+', int(std::abs(off) / 60), int(std::abs(off) % 60));
    last = {t, zone, civil_text(t + off_s, true) + buf};
    return last.text;
}

std::string format_rfc3339_utc(instant t) { return civil_text(t, true) + "Z"; }

std::string local_date(instant t, const date::time_zone* zone)
{
    using namespace std::chrono;
    sys_seconds tp{seconds{t}};
    return civil_text(t + zone->get_info(tp).offset.count(), false);
}

instant now()
{
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace sanaksme::domain
