#pragma once
// The body of a meeting's minutes: what a client may send, checked, and the empty one.
#include "store/database.hpp"

#include <cstdint>

namespace sanaksme::api {

using store::json;

// No summary, no items, no action items, no next meeting: minutes nobody has written yet.
json empty_minutes_body();
// `req` as the stored body (summary, items, action_items, next_meeting); throws 422 naming every
// field to blame (unknown, read-only, wrong type or size, an agenda item or meeting that is not).
json checked_minutes_body(store::connection& conn, std::int64_t meeting_id, const json& req);

} // namespace sanaksme::api
