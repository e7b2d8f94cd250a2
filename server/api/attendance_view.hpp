#pragma once
// The attendance answer of a meeting: people present, the summary, and the roll-call by
// organization. Used by GET /attendance, reports and minutes.
#include "http/message.hpp"
#include "store/database.hpp"

namespace sanaksme::api {

http::json attendance_view(store::connection& conn, const http::json& meeting_row);

} // namespace sanaksme::api
