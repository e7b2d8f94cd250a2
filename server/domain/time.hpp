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

// The years a date or time may fall in: a typo such as 0202 or 9999 is refused rather than
// stored, and every instant renders as a four-digit year in every zone.
inline constexpr int first_year = 1900;
inline constexpr int last_year = 2999;

// Strict RFC 3339 date-time with a 'Z' or numeric offset, in the years above (as UTC too);
// fractions of a second are dropped.
std::optional<instant> parse_rfc3339(std::string_view text);
// A calendar date 'YYYY-MM-DD' that exists, in the years above.
bool valid_date(std::string_view text);

// A wall-clock time 'YYYY-MM-DDTHH:MM:SS' (no offset) read in a zone.
struct local_time_result {
    enum class kind { ok, not_local, nonexistent, ambiguous } outcome = kind::not_local;
    instant at = 0;
};
// not_local: the text is not an offset-less local time (it may be RFC 3339 with an offset);
// nonexistent: the clocks skip it (spring forward); ambiguous: it happens twice (fall back).
local_time_result parse_local_time(std::string_view text, const date::time_zone* zone);

// The zone, or nullptr when the IANA name is unknown.
const date::time_zone* find_zone(std::string_view name);

// '2017-09-21T10:00:00+03:00': the instant as wall time in the zone, with its offset.
std::string format_rfc3339(instant t, const date::time_zone* zone);
std::string format_rfc3339_utc(instant t);
// 'YYYY-MM-DD' of the instant in the zone.
std::string local_date(instant t, const date::time_zone* zone);

instant now();

} // namespace sanaksme::domain
