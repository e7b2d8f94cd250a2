#pragma once
// Dates as people read them, in Latvian, English and Russian:
//   lv: "2030. gada 23. novembrī, plkst. 10.00"   en: "Saturday, 23 November 2030, 10:00"
//   ru: "суббота, 23 ноября 2030 г., 10:00"
#include "domain/time.hpp"

#include <string>
#include <string_view>

namespace sanaksme::domain {

// 'lv', 'ru' or 'en' (anything else reads as 'en').
std::string long_date(std::string_view lang, instant t, const date::time_zone* zone);     // 2017. gada 21. septembrī
std::string long_date_time(std::string_view lang, instant t, const date::time_zone* zone); // … plkst. 10.00
std::string day_month(std::string_view lang, instant t, const date::time_zone* zone);     // 23. novembrī / 23 November
std::string clock_time(std::string_view lang, instant t, const date::time_zone* zone);    // 10.00 / 10:00
// From a YYYY-MM-DD text (no time zone involved).
std::string long_date(std::string_view lang, std::string_view ymd);

} // namespace sanaksme::domain
