#pragma once
// The attendance answer of a meeting: people present, the summary, and the roll-call by
// organization. Used by GET /attendance, reports and minutes.
#include "http/message.hpp"
#include "store/database.hpp"

namespace sanaksme::api {

http::json attendance_view(store::connection& conn, const http::json& meeting_row);
// The roll-call's organizations (attendance_view's "organizations") as `c` may see them: a member
// token does not see other organizations' excuse reasons.
void hide_others_notes(const http::context& c, http::json& organizations);

// The participation report (?from=&to=) as data: per meeting and per organization.
http::json participation_data(http::context& c);

} // namespace sanaksme::api
