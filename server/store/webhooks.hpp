#pragma once
// Webhook subscriptions and their deliveries: one row per event and subscription, queued in the
// transaction of the change itself (audit() calls queue_webhook_event), delivered by mail/webhooks.
#include "store/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sanaksme::store {

// Queues the event for every active subscription that wants it; nothing when none does.
void queue_webhook_event(connection& c, std::string_view type, std::string_view resource, std::int64_t resource_id,
                         std::int64_t change, std::int64_t now_ms);

// A subscription as the API shows it (never the secret): id, url, events (array), description,
// active, failing_since, disabled_at, created_at, updated_at, version.
std::optional<json> find_webhook(connection& c, std::int64_t id);
json list_webhooks(connection& c, std::int64_t after_id, int limit);
// `row`: url, events (array), secret, description, active.
std::int64_t insert_webhook(connection& c, const json& row, std::int64_t now_ms);
// `row`: url, events (array), description, active; turning it active again clears failing_since.
void update_webhook(connection& c, std::int64_t id, const json& row, std::int64_t now_ms);
void delete_webhook(connection& c, std::int64_t id);

// Its deliveries, newest first, ids below `before_id`.
json webhook_deliveries(connection& c, std::int64_t subscription_id, std::int64_t before_id, int limit);
std::optional<json> find_webhook_delivery(connection& c, std::int64_t subscription_id, std::int64_t delivery_id);
// Sends it again as soon as the worker can (same webhook-id); its attempts are kept.
void redeliver_webhook(connection& c, std::int64_t delivery_id, std::int64_t now_ms);

// What the worker sends: due, of an active subscription, and the oldest undelivered of its resource.
struct due_webhook {
    std::int64_t id = 0, subscription_id = 0, resource_id = 0, change = 0, created_ms = 0;
    std::string url, secret, event_type, resource;
    int failed_attempts = 0;
};
std::vector<due_webhook> due_webhooks(connection& c, std::int64_t now_ms, int limit);
// The earliest next attempt of a pending delivery of an active subscription, if any.
std::optional<std::int64_t> next_webhook_attempt(connection& c);
void mark_webhook_delivered(connection& c, std::int64_t id, int status, std::int64_t now_ms);
// A failed attempt: tried again at retry_ms, or given up ('failed') without one. Returns true when
// this failure disabled the subscription (failing since disable_before_ms or earlier).
bool mark_webhook_failed(connection& c, std::int64_t id, std::optional<int> status, const std::string& error,
                         std::int64_t now_ms, std::optional<std::int64_t> retry_ms, std::int64_t disable_before_ms);

// For /metrics: deliveries by state, and failed attempts.
struct webhook_counts {
    std::int64_t delivered = 0, pending = 0, failed = 0, failed_attempts = 0;
};
webhook_counts count_webhook_deliveries(connection& c);

} // namespace sanaksme::store
