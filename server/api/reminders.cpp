// /api/v1/meetings/{id}/reminders, /api/v1/outbox, /api/v1/outbox/{id}, /api/v1/outbox/{id}/message.eml
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/paging.hpp"
#include "mail/compose.hpp"
#include "mail/outbox.hpp"

namespace sanaksme::api {

http::response create_reminders(http::context& c)
{
    auto meeting_id = c.id();
    http::schema s{{{.name = "kind", .type = http::field_type::choice, .required = true, .nullable = false,
                     .choices = {"invitation", "reminder", "rsvp_nudge", "minutes"}},
                    {.name = "test_to", .type = http::field_type::email}},
                   {}};
    auto req = http::merge_for_create(http::body_object(c), s);
    auto settings = mail::settings_from(c.app.cfg, c.app.link_keys.secrets());
    auto result = c.app.db.write([&](store::connection& conn) {
        auto meeting = load_meeting_row(conn, meeting_id);
        if (meeting["status"] == "draft" && !req["test_to"].is_string())
            throw http::conflict("The meeting is a draft; schedule it first (or send a test with test_to).");
        std::optional<std::string> test_to;
        if (req["test_to"].is_string())
            test_to = req["test_to"].get<std::string>();
        auto r = mail::generate(conn, meeting, {req["kind"].get<std::string>(), "", test_to, false}, settings);
        auto body = r.to_json();
        body.erase("planned");
        store::audit(conn, actor_of(c), "reminders", "meeting", meeting_id, nullptr, {{"request", req}, {"result", body}});
        return body;
    });
    c.app.poke_mail();
    return http::json_response(result["created"].get<int>() > 0 ? 201 : 200, result);
}

http::response list_outbox(http::context& c)
{
    auto p = http::parse_page(c);
    auto status = c.query_value("status");
    if (status && *status != "pending" && *status != "sent" && *status != "failed")
        throw http::bad_request("status must be pending, sent or failed.");
    auto meeting = http::query_int(c, "meeting_id");
    json filters = {{"meeting_id", meeting ? json(*meeting) : json()}, {"status", status ? json(*status) : json()},
                    {"kind", c.query_value("kind") ? json(*c.query_value("kind")) : json()}};
    auto items = c.app.db.read([&](store::connection& conn) { return mail::outbox_page(conn, filters, after_id(p), p.limit + 1); });
    return http::json_response(200, finish_page(std::move(items), p.limit, id_key));
}

http::response get_outbox_entry(http::context& c)
{
    auto id = c.id();
    auto e = c.app.db.read([&](store::connection& conn) { return mail::outbox_entry(conn, id); });
    if (!e)
        throw http::not_found("No message has the id " + std::to_string(id) + ".");
    return http::json_response(200, *e);
}

http::response get_outbox_message(http::context& c)
{
    auto id = c.id();
    auto m = c.app.db.read([&](store::connection& conn) { return mail::outbox_message(conn, id); });
    if (!m)
        throw http::not_found("No message has the id " + std::to_string(id) + ".");
    auto r = http::text_response(200, "message/rfc822", *m);
    r.header("Content-Disposition", "attachment; filename=\"message-" + std::to_string(id) + ".eml\"");
    return r;
}

} // namespace sanaksme::api
