// The meeting's roll-call for printing: the attendance register by organization (api::attendance_view,
// as GET /attendance and the minutes have it) with a line to sign per person present.
#include "handler_env.hpp"
#include "store/meetings.hpp"
#include "web/i18n.hpp"
#include "web/meeting_facts.hpp"
#include "web/routes.hpp"

namespace sanaksme::web {

http::response roll_call_page(http::context& c, reader& r)
{
    auto id = c.id();
    json data;
    c.env.db.read([&](store::connection& conn) {
        auto row = store::load_meeting_row(conn, id);
        auto view = attendance_facts(conn, r.lang, row);
        auto meeting = meeting_block(r.lang, row);
        json organizations = json::array(), guests = json::array();
        for (const auto& o : view["organizations"]) {
            auto status = o["status"].get<std::string>();
            json people = json::array();
            for (const auto& p : o["people"])
                people.push_back({{"name", p["name"].is_string() ? p["name"] : json(tr(r.lang, "(erased)"))}});
            organizations.push_back({{"name", o["name"]}, {"people", people}, {"nobody", people.empty()},
                                     {"status", tr(r.lang, status == "present" ? "present" : status == "excused" ? "excused" : "absent")},
                                     {"member", o["membership"] == "member"}});
        }
        for (const auto& item : view["items"])
            if (item["guest"].get<bool>())
                guests.push_back({{"name", item["name"]}, {"organization", item["organization_name"]}});
        data = {{"title", tr(r.lang, "Roll-call") + " · " + meeting["title"].get<std::string>()}, {"meeting", meeting},
                {"counter", view["counter"]}, {"organizations", organizations}, {"guests", guests},
                {"has_guests", !guests.empty()}, {"back", "/meetings/" + std::to_string(id)}};
    });
    return html(200, c, r, "roll_call", data);
}

} // namespace sanaksme::web
