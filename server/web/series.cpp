// POST /meetings/{id}/next: the meeting page's "Plan the next meeting" button (api/series.hpp).
#include "handler_env.hpp"
#include "api/series.hpp"
#include "web/page.hpp"
#include "web/routes.hpp"

namespace sanaksme::web {

http::response meeting_next(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    auto planned = c.env.db.write([&](store::connection& conn) {
        return api::plan_next_meeting(conn, who, id, {{"starts_at", nullptr}, {"ends_at", nullptr}, {"title", nullptr}});
    });
    return see_other("/meetings/" + std::to_string(planned.id) + "?saved=1");
}

} // namespace sanaksme::web
