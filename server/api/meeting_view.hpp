#pragma once
// The JSON shape of a meeting, from its row: instants in the meeting's own time zone.
#include "http/message.hpp"
#include "store/database.hpp"

namespace sanaksme::api {

http::json render_meeting(const http::json& row);

} // namespace sanaksme::api
