// The coordinator's webhooks page: the subscriptions, add one (its secret shown once, on the
// answer to the POST itself, never in a URL), disable or enable, delete; and a subscription's
// deliveries with "send again". The rules are the API's (domain/webhooks), said in the reader's language.
#include "handler_env.hpp"
#include "auth/webhook_signature.hpp"
#include "domain/error.hpp"
#include "domain/webhooks.hpp"
#include "store/webhooks.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"


namespace sanaksme::web {

namespace {

constexpr int shown_webhooks = 500, shown_deliveries = 200;


std::string webhook_path(std::int64_t id, std::string_view rest = "") { return "/webhooks/" + std::to_string(id) + std::string(rest); }

const char* state_label(std::string_view s) { return s == "pending" ? "waiting" : s == "delivered" ? "delivered" : "failed"; }

json load(store::connection& conn, std::int64_t id, const reader& r)
{
    auto w = store::find_webhook(conn, id);
    if (!w)
        throw domain::not_found(tr(r.lang, "There is no such webhook."));
    return *w;
}

// The list page, with the form as sent (`v`, `errors`, the events ticked) or empty.
http::response list_page(http::context& c, reader& r, unsigned status, json data, const std::vector<std::string>& ticked)
{
    data["title"] = tr(r.lang, "Webhooks");
    json items = json::array();
    c.env.db.read([&](store::connection& conn) {
        for (auto& w : store::list_webhooks(conn, 0, shown_webhooks)) {
            std::string events;
            for (const auto& e : w["events"])
                events += (events.empty() ? "" : ", ") + e.get<std::string>();
            auto id = w["id"].get<std::int64_t>();
            items.push_back({{"href", webhook_path(id)}, {"url", w["url"]}, {"description", w["description"]},
                             {"events", events}, {"active", w["active"]}, {"toggle_action", webhook_path(id, "/active")},
                             {"delete_action", webhook_path(id, "/delete")}});
        }
    });
    data["none"] = items.empty();
    data["webhooks"] = std::move(items);
    json choices = json::array();
    for (auto e : domain::webhook_events)
        choices.push_back({{"name", e}, {"checked", std::find(ticked.begin(), ticked.end(), e) != ticked.end()}});
    data["event_choices"] = std::move(choices);
    if (!data.contains("v"))
        data["v"] = {{"url", ""}, {"description", ""}};
    return html(status, c, r, "webhooks", data);
}

} // namespace

http::response webhooks_page(http::context& c, reader& r)
{
    json data = json::object();
    if (c.query_value("deleted"))
        data["notice"] = tr(r.lang, "The webhook is deleted.");
    if (c.query_value("saved"))
        data["notice"] = tr(r.lang, "Saved.");
    return list_page(c, r, 200, data, {});
}

http::response webhook_create(http::context& c, reader& r)
{
    auto url = trimmed(form_value(c, "url").value_or(""));
    auto description = trimmed(form_value(c, "description").value_or(""));
    std::vector<std::string> events;
    for (auto e : domain::webhook_events)
        if (form_value(c, "event_" + std::string(e)))
            events.emplace_back(e);
    form_errors errors;
    try {
        domain::check_webhook_url(url);
    } catch (const domain::error&) {
        errors.add("url", tr(r.lang, "Enter an address starting with https:// (http:// only on this machine)."));
    }
    if (events.empty())
        errors.add("events", tr(r.lang, "Choose at least one event."));
    if (description.size() > 200)
        description.resize(200);
    json data = {{"v", {{"url", url}, {"description", description}}}};
    if (!errors.empty()) {
        errors.into(data);
        data["has_errors"] = true;
        return list_page(c, r, 422, data, events);
    }
    auto secret = auth::new_webhook_secret();
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        json row = {{"url", url}, {"events", events}, {"secret", secret},
                    {"description", description.empty() ? json() : json(description)}, {"active", true}};
        auto id = store::insert_webhook(conn, row, domain::now_ms());
        store::audit(conn, who, "create", "webhook", id, nullptr, *store::find_webhook(conn, id));
    });
    // Answered here rather than by a redirect: the secret goes in this page only, never in a URL.
    return list_page(c, r, 201, {{"created", true}, {"secret", secret}}, {});
}

http::response webhook_toggle(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto before = load(conn, id, r);
        auto row = before;
        row["active"] = !before["active"].get<bool>();
        store::update_webhook(conn, id, row, domain::now_ms());
        store::audit(conn, who, "update", "webhook", id, before, *store::find_webhook(conn, id));
    });
    return see_other("/webhooks?saved=1");
}

http::response webhook_delete(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto before = load(conn, id, r);
        store::delete_webhook(conn, id);
        store::audit(conn, who, "delete", "webhook", id, before, nullptr);
    });
    return see_other("/webhooks?deleted=1");
}

http::response webhook_page(http::context& c, reader& r)
{
    auto id = c.id();
    json data = {{"title", tr(r.lang, "Webhook deliveries")}};
    // A webhook deleted meanwhile (a bookmark, another tab): back to the list.
    bool found = c.env.db.read([&](store::connection& conn) {
        auto hook = store::find_webhook(conn, id);
        if (!hook)
            return false;
        const auto& w = *hook;
        data["url"] = w["url"];
        data["active"] = w["active"];
        json rows = json::array();
        for (const auto& d : store::webhook_deliveries(conn, id, std::numeric_limits<std::int64_t>::max(), shown_deliveries)) {
            auto state = d["state"].get<std::string>();
            rows.push_back({{"id", d["id"]}, {"event", d["event_type"]}, {"resource_id", d["resource_id"]},
                            {"state", tr(r.lang, state_label(state))}, {"failed", state == "failed"},
                            {"answer", d["last_status"].is_null() ? d["last_error"].is_null() ? json("") : d["last_error"] : json(std::to_string(d["last_status"].get<int>()))},
                            {"attempts", d["attempts"]}, {"last_attempt", d["last_attempt_at"].is_null() ? json("") : d["last_attempt_at"]},
                            {"redeliver_action", webhook_path(id, "/redeliver")}});
        }
        data["none"] = rows.empty();
        data["deliveries"] = std::move(rows);
        return true;
    });
    if (!found)
        return see_other("/webhooks");
    if (c.query_value("queued"))
        data["notice"] = tr(r.lang, "It will be sent again in a moment.");
    return html(200, c, r, "webhook", data);
}

http::response webhook_redeliver(http::context& c, reader& r)
{
    auto id = c.id();
    std::int64_t delivery = 0;
    try {
        delivery = std::stoll(form_value(c, "delivery_id").value_or(""));
    } catch (...) {
        throw domain::invalid(tr(r.lang, "There is no such delivery."));
    }
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        load(conn, id, r);
        auto before = store::find_webhook_delivery(conn, id, delivery);
        if (!before)
            throw domain::not_found(tr(r.lang, "There is no such delivery."));
        store::redeliver_webhook(conn, delivery, domain::now_ms());
        store::audit(conn, who, "redeliver", "webhook", id, *before, *store::find_webhook_delivery(conn, id, delivery));
    });
    return see_other(webhook_path(id, "?queued=1"));
}

} // namespace sanaksme::web
