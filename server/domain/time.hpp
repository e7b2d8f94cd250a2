#pragma once
// Instants (Unix seconds), RFC 3339 text, calendar dates and IANA zones. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace sanaksme::domain {

using instant = std::int64_t; // seconds since 1970-01-01T00:00:00Z

// Strict RFC 3339 date-time with a 'Z' or numeric offset; fractions of a second are dropped.
std::optional<instant> parse_rfc3339(std::string_view text);
// A calendar date 'YYYY-MM-DD' that exists.
bool valid_date(std::string_view text);

// The zone, or nullptr when the IANA name is unknown.
const date::time_zone* find_zone(std::string_view name);

// '2017-09-21T10:00:00+03:00': the instant as wall time in the zone, with its offset.
std::string format_rfc3339(instant t, const date::time_zone* zone);
std::string format_rfc3339_utc(instant t);
// 'YYYY-MM-DD' of the instant in the zone.
std::string local_date(instant t, const date::time_zone* zone);

instant now();

} // namespace sanaksme::domain
