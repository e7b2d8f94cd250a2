// GET /api/v1/meetings/{id}/calendar-counters: counter-proposals that came back by calendar
// (iMIP COUNTER, mail/inbound), kept for the organizer and never applied.
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "store/mail_returns.hpp"
#include "store/meetings.hpp"

namespace sanaksme::api {

http::response list_calendar_counters(http::context& c)
{
    auto meeting_id = c.id();
    auto items = c.env.db.read([&](store::connection& conn) {
        store::load_meeting_row(conn, meeting_id); // 404 for a meeting that does not exist
        return store::calendar_counters(conn, meeting_id);
    });
    return http::json_response(200, json{{"items", items}});
}

} // namespace sanaksme::api
