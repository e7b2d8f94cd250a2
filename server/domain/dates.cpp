#include "domain/dates.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <chrono>

namespace sanaksme::domain {

namespace {

// Latvian dates use the locative of the month: "21. septembrī".
constexpr std::array<std::string_view, 12> lv_months{"janvārī", "februārī", "martā",     "aprīlī",   "maijā",    "jūnijā",
                                                     "jūlijā",  "augustā",  "septembrī", "oktobrī", "novembrī", "decembrī"};
constexpr std::array<std::string_view, 12> en_months{"January", "February", "March",     "April",   "May",      "June",
                                                     "July",    "August",   "September", "October", "November", "December"};
// Russian dates use the genitive of the month and "г.": "23 ноября 2026 г."; weekdays in lower case.
constexpr std::array<std::string_view, 12> ru_months{"января", "февраля", "марта",    "апреля",  "мая",    "июня",
                                                     "июля",   "августа", "сентября", "октября", "ноября", "декабря"};
constexpr std::array<std::string_view, 7> ru_weekdays{"воскресенье", "понедельник", "вторник", "среда",
                                                      "четверг",     "пятница",     "суббота"};
constexpr std::array<std::string_view, 7> en_weekdays{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                      "Thursday", "Friday", "Saturday"};

struct local_parts {
    int year;
    unsigned month, day, weekday, hour, minute;
};

local_parts parts(instant t, const date::time_zone* zone)
{
    using namespace std::chrono;
    sys_seconds tp{seconds{t}};
    auto local = tp + zone->get_info(tp).offset;
    auto day = floor<date::days>(local);
    date::year_month_day ymd{day};
    date::hh_mm_ss<seconds> hms{local - day};
    return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()),
            date::weekday{day}.c_encoding(), unsigned(hms.hours().count()), unsigned(hms.minutes().count())};
}

std::string two(unsigned n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string long_date_of(std::string_view lang, int year, unsigned month, unsigned day, unsigned weekday, bool with_weekday)
{
    if (lang == "lv")
        return std::to_string(year) + ". gada " + std::to_string(day) + ". " + std::string(lv_months[month - 1]);
    if (lang == "ru") {
        auto out = std::to_string(day) + " " + std::string(ru_months[month - 1]) + " " + std::to_string(year) + " г.";
        return with_weekday ? std::string(ru_weekdays[weekday]) + ", " + out : out;
    }
    std::string out = std::to_string(day) + " " + std::string(en_months[month - 1]) + " " + std::to_string(year);
    return with_weekday ? std::string(en_weekdays[weekday]) + ", " + out : out;
}

} // namespace

std::string long_date(std::string_view lang, instant t, const date::time_zone* zone)
{
    auto p = parts(t, zone);
    return long_date_of(lang, p.year, p.month, p.day, p.weekday, true);
}

std::string clock_time(std::string_view lang, instant t, const date::time_zone* zone)
{
    auto p = parts(t, zone);
    // Latvian writes the time with a full stop: plkst. 10.00.
    return std::to_string(p.hour) + (lang == "lv" ? "." : ":") + two(p.minute);
}

std::string long_date_time(std::string_view lang, instant t, const date::time_zone* zone)
{
    return long_date(lang, t, zone) + (lang == "lv" ? ", plkst. " : ", ") + clock_time(lang, t, zone);
}

std::string day_month(std::string_view lang, instant t, const date::time_zone* zone)
{
    auto p = parts(t, zone);
    if (lang == "lv")
        return std::to_string(p.day) + ". " + std::string(lv_months[p.month - 1]);
    if (lang == "ru")
        return std::to_string(p.day) + " " + std::string(ru_months[p.month - 1]);
    return std::to_string(p.day) + " " + std::string(en_months[p.month - 1]);
}

std::string long_date(std::string_view lang, std::string_view ymd)
{
    auto t = parse_rfc3339(std::string(ymd) + "T12:00:00Z");
    if (!t)
        return std::string(ymd);
    const auto* utc = find_zone("UTC");
    auto p = parts(*t, utc);
    return long_date_of(lang, p.year, p.month, p.day, p.weekday, false);
}

} // namespace sanaksme::domain
