#pragma once
// The meetings calendars show: the public feed, and one person's own feed.
#include "store/database.hpp"

namespace sanaksme::store {

// Scheduled meetings, and held or cancelled ones that started after `since` (a year back).
json feed_meetings(connection& c, std::int64_t since);
// The same, of the meetings the person or their organization is invited to.
json personal_meetings(connection& c, std::int64_t person_id, std::int64_t since);

} // namespace sanaksme::store
