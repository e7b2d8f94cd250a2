// /api/v1/webhooks, /api/v1/webhooks/{id}, its deliveries and their redelivery (coordinator)
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/paging.hpp"
#include "auth/webhook_signature.hpp"
#include "domain/error.hpp"
#include "domain/webhooks.hpp"
#include "store/webhooks.hpp"


namespace sanaksme::api {

namespace {

// `events` is an array of names: checked by domain::check_webhook_events, not by the schema.
const http::schema webhook_schema{
    {
        {.name = "url", .type = http::field_type::text, .required = true, .nullable = false, .max_length = 2000},
        {.name = "description", .type = http::field_type::text, .max_length = 200},
        {.name = "active", .type = http::field_type::boolean, .nullable = false, .default_value = true},
    },
    {"id", "created_at", "updated_at", "version", "failing_since", "disabled_at"}};


// The events the client sent (an array of strings, each known, once), or the current ones.
json take_events(json& body, const json& current)
{
    auto it = body.find("events");
    if (it == body.end()) {
        if (current.is_null())
            throw domain::invalid_field("events", "is required");
        return current;
    }
    json events = std::move(*it);
    body.erase(it);
    if (!events.is_array())
        throw domain::invalid_field("events", "must be an array of event names");
    std::vector<std::string> names;
    for (const auto& e : events) {
        if (!e.is_string())
            throw domain::invalid_field("events", "must be an array of event names");
        names.push_back(e.get<std::string>());
    }
    domain::check_webhook_events(names);
    return events;
}

json load(store::connection& conn, std::int64_t id)
{
    auto w = store::find_webhook(conn, id);
    if (!w)
        throw domain::not_found("No webhook has the id " + std::to_string(id) + ".");
    return *w;
}

http::response render(unsigned status, const json& w)
{
    return resource_response(status, w, w["id"].get<std::int64_t>(), w["version"].get<std::int64_t>());
}

} // namespace

http::response list_webhooks(http::context& c)
{
    auto p = http::parse_page(c);
    auto items = c.env.db.read([&](store::connection& conn) { return store::list_webhooks(conn, after_id(p), p.limit + 1); });
    return http::json_response(200, finish_page(std::move(items), p.limit, id_key));
}

http::response create_webhook(http::context& c)
{
    auto body = http::body_object(c);
    auto events = take_events(body, nullptr);
    std::optional<std::string> secret;
    if (auto it = body.find("secret"); it != body.end()) {
        if (!it->is_string())
            throw domain::invalid_field("secret", "must be a string whsec_<base64>");
        secret = it->get<std::string>();
        domain::check_webhook_secret(*secret);
        body.erase(it);
    }
    auto req = http::merge_for_create(body, webhook_schema);
    domain::check_webhook_url(req["url"].get<std::string>());
    req["events"] = events;
    req["secret"] = secret ? *secret : auth::new_webhook_secret();
    return create_once(c, [&](store::connection& conn) {
        auto id = store::insert_webhook(conn, req, domain::now_ms());
        auto created = load(conn, id);
        store::audit(conn, actor_of(c), "create", "webhook", id, nullptr, created);
        // The secret is shown in this one answer (and to the coordinator's page once) only.
        created["secret"] = req["secret"];
        auto r = render(201, created);
        r.header("Location", "/api/v1/webhooks/" + std::to_string(id));
        return r;
    });
}

http::response get_webhook(http::context& c)
{
    auto id = c.id();
    return render(200, c.env.db.read([&](store::connection& conn) { return load(conn, id); }));
}

http::response patch_webhook(http::context& c)
{
    auto id = c.id();
    auto body = http::body_object(c);
    if (body.contains("secret"))
        throw domain::invalid_field("secret", "cannot be changed; create a new subscription for a new secret");
    return c.env.db.write([&](store::connection& conn) {
        auto before = load(conn, id);
        http::check_if_match(c, http::etag(id, before["version"].get<std::int64_t>()));
        auto events = take_events(body, before["events"]);
        auto merged = http::merge_for_patch(http::project(before, webhook_schema), body, webhook_schema);
        domain::check_webhook_url(merged["url"].get<std::string>());
        merged["events"] = events;
        store::update_webhook(conn, id, merged, domain::now_ms());
        auto after = load(conn, id);
        store::audit(conn, actor_of(c), "update", "webhook", id, before, after);
        return render(200, after);
    });
}

http::response delete_webhook(http::context& c)
{
    auto id = c.id();
    return c.env.db.write([&](store::connection& conn) {
        auto before = load(conn, id);
        http::check_if_match(c, http::etag(id, before["version"].get<std::int64_t>()));
        store::delete_webhook(conn, id);
        store::audit(conn, actor_of(c), "delete", "webhook", id, before, nullptr);
        return http::no_content();
    });
}

http::response list_webhook_deliveries(http::context& c)
{
    auto id = c.id();
    auto p = http::parse_page(c);
    auto before = p.after ? after_id(p) : std::numeric_limits<std::int64_t>::max();
    auto items = c.env.db.read([&](store::connection& conn) {
        load(conn, id);
        return store::webhook_deliveries(conn, id, before, p.limit + 1);
    });
    return http::json_response(200, finish_page(std::move(items), p.limit, id_key));
}

http::response redeliver_webhook(http::context& c)
{
    auto id = c.id(), delivery_id = c.id("delivery_id");
    return c.env.db.write([&](store::connection& conn) {
        load(conn, id);
        auto before = store::find_webhook_delivery(conn, id, delivery_id);
        if (!before)
            throw domain::not_found("Webhook " + std::to_string(id) + " has no delivery " + std::to_string(delivery_id) + ".");
        store::redeliver_webhook(conn, delivery_id, domain::now_ms());
        auto after = *store::find_webhook_delivery(conn, id, delivery_id);
        store::audit(conn, actor_of(c), "redeliver", "webhook", id, *before, after);
        return http::json_response(202, after);
    });
}

} // namespace sanaksme::api
