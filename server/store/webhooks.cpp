// Webhook subscriptions and deliveries.
#include "store/webhooks.hpp"

#include "domain/time.hpp"

#include <limits>

namespace sanaksme::store {

namespace {

// Bound by position: it runs inside every audited change, the meeting-day answers among them.
constexpr std::string_view queue_sql =
    "INSERT INTO webhook_deliveries (subscription_id, event_type, resource, resource_id, change, created_ms, "
    "next_attempt_ms) SELECT id, ?1, ?2, ?3, ?4, ?5, ?5 FROM webhook_subscriptions "
    "WHERE active = 1 AND instr(',' || events || ',', ',' || ?1 || ',') > 0";
constexpr std::string_view find_sql =
    "SELECT id, url, events, description, active, failing_since, disabled_at, created_at, updated_at, version "
    "FROM webhook_subscriptions WHERE id = :id";
constexpr std::string_view list_sql =
    "SELECT id, url, events, description, active, failing_since, disabled_at, created_at, updated_at, version "
    "FROM webhook_subscriptions WHERE id > :after ORDER BY id LIMIT :limit";
constexpr std::string_view insert_sql =
    "INSERT INTO webhook_subscriptions (url, events, secret, description, active, created_at, updated_at) "
    "VALUES (:url, :events, :secret, :description, :active, :now, :now)";
constexpr std::string_view update_sql =
    "UPDATE webhook_subscriptions SET url = :url, events = :events, description = :description, active = :active, "
    "failing_since = CASE WHEN :active = 1 AND active = 0 THEN NULL ELSE failing_since END, "
    "disabled_at = CASE WHEN :active = 1 THEN NULL ELSE disabled_at END, "
    "updated_at = :now, version = version + 1 WHERE id = :id";
constexpr std::string_view delete_deliveries_sql = "DELETE FROM webhook_deliveries WHERE subscription_id = :id";
constexpr std::string_view delete_sql = "DELETE FROM webhook_subscriptions WHERE id = :id";
constexpr std::string_view deliveries_sql =
    "SELECT id, event_type, resource, resource_id, change, created_ms, state, attempts, next_attempt_ms, "
    "last_attempt_ms, last_status, last_error FROM webhook_deliveries "
    "WHERE subscription_id = :subscription AND id < :before ORDER BY id DESC LIMIT :limit";
constexpr std::string_view delivery_sql =
    "SELECT id, event_type, resource, resource_id, change, created_ms, state, attempts, next_attempt_ms, "
    "last_attempt_ms, last_status, last_error FROM webhook_deliveries "
    "WHERE subscription_id = :subscription AND id = :id";
constexpr std::string_view redeliver_sql =
    "UPDATE webhook_deliveries SET state = 'pending', next_attempt_ms = :now WHERE id = :id";
// Per resource in order: a delivery waits while an earlier one of its resource is undelivered.
constexpr std::string_view due_sql =
    "SELECT d.id, d.subscription_id, d.resource_id, d.change, d.created_ms, s.url, s.secret, d.event_type, "
    "d.resource, d.failed_attempts FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id "
    "WHERE d.state = 'pending' AND d.next_attempt_ms <= :now AND s.active = 1 AND NOT EXISTS ("
    "SELECT 1 FROM webhook_deliveries e WHERE e.state = 'pending' AND e.subscription_id = d.subscription_id "
    "AND e.resource = d.resource AND e.resource_id = d.resource_id AND e.id < d.id) ORDER BY d.id LIMIT :limit";
constexpr std::string_view next_attempt_sql =
    "SELECT min(d.next_attempt_ms) FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id "
    "WHERE d.state = 'pending' AND s.active = 1";
constexpr std::string_view delivered_sql =
    "UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, last_attempt_ms = :now, "
    "last_status = :status, last_error = NULL WHERE id = :id";
constexpr std::string_view healthy_sql =
    "UPDATE webhook_subscriptions SET failing_since = NULL WHERE failing_since IS NOT NULL "
    "AND id = (SELECT subscription_id FROM webhook_deliveries WHERE id = :id)";
constexpr std::string_view failed_sql =
    "UPDATE webhook_deliveries SET state = CASE WHEN :retry IS NULL THEN 'failed' ELSE 'pending' END, "
    "attempts = attempts + 1, failed_attempts = failed_attempts + 1, last_attempt_ms = :now, last_status = :status, "
    "last_error = :error, next_attempt_ms = coalesce(:retry, next_attempt_ms) WHERE id = :id";
constexpr std::string_view failing_sql =
    "UPDATE webhook_subscriptions SET failing_since = coalesce(failing_since, :now) "
    "WHERE id = (SELECT subscription_id FROM webhook_deliveries WHERE id = :id)";
constexpr std::string_view disable_sql =
    "UPDATE webhook_subscriptions SET active = 0, disabled_at = :now, updated_at = :now, version = version + 1 "
    "WHERE active = 1 AND failing_since <= :before AND id = (SELECT subscription_id FROM webhook_deliveries WHERE id = :id)";
constexpr std::string_view counts_sql =
    "SELECT coalesce(sum(state = 'delivered'), 0), coalesce(sum(state = 'pending'), 0), "
    "coalesce(sum(state = 'failed'), 0), coalesce(sum(failed_attempts), 0) FROM webhook_deliveries";

std::string rfc3339_ms(std::int64_t ms) { return domain::format_rfc3339_utc(ms / 1000); }

std::string join_events(const json& events)
{
    std::string s;
    for (const auto& e : events) {
        if (!s.empty())
            s += ',';
        s += e.get<std::string>();
    }
    return s;
}

json render_subscription(json row)
{
    json events = json::array();
    const auto text = row["events"].get<std::string>();
    for (std::size_t start = 0; start <= text.size();) {
        auto end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            events.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    row["events"] = std::move(events);
    row["active"] = row["active"].get<int>() == 1;
    for (const char* k : {"failing_since", "disabled_at", "created_at", "updated_at"})
        if (row[k].is_number_integer())
            row[k] = rfc3339_ms(row[k].get<std::int64_t>());
    return row;
}

json render_delivery(json row)
{
    row["created_at"] = rfc3339_ms(row["created_ms"].get<std::int64_t>());
    row["last_attempt_at"] = row["last_attempt_ms"].is_number_integer()
                                 ? json(rfc3339_ms(row["last_attempt_ms"].get<std::int64_t>())) : json();
    row["next_attempt_at"] =
        row["state"] == "pending" ? json(rfc3339_ms(row["next_attempt_ms"].get<std::int64_t>())) : json();
    row["version"] = row["change"];
    for (const char* k : {"created_ms", "last_attempt_ms", "next_attempt_ms", "change"})
        row.erase(k);
    return row;
}

} // namespace

void queue_webhook_event(connection& c, std::string_view type, std::string_view resource, std::int64_t resource_id,
                         std::int64_t change, std::int64_t now_ms)
{
    auto& s = c.prepare(queue_sql);
    s.bind(1, std::string(type));
    s.bind(2, std::string(resource));
    s.bind(3, resource_id);
    s.bind(4, change);
    s.bind(5, now_ms);
    s.exec();
}

std::optional<json> find_webhook(connection& c, std::int64_t id)
{
    auto row = query_one(c, find_sql, {{"id", id}});
    if (!row)
        return std::nullopt;
    return render_subscription(std::move(*row));
}

json list_webhooks(connection& c, std::int64_t after_id, int limit)
{
    json items = json::array();
    for (auto& row : query_all(c, list_sql, {{"after", after_id}, {"limit", limit}}))
        items.push_back(render_subscription(std::move(row)));
    return items;
}

std::int64_t insert_webhook(connection& c, const json& row, std::int64_t now_ms)
{
    execute(c, insert_sql,
            {{"url", row["url"]}, {"events", join_events(row["events"])}, {"secret", row["secret"]},
             {"description", row["description"]}, {"active", row["active"].get<bool>() ? 1 : 0}, {"now", now_ms}});
    return c.last_insert_id();
}

void update_webhook(connection& c, std::int64_t id, const json& row, std::int64_t now_ms)
{
    execute(c, update_sql,
            {{"id", id}, {"url", row["url"]}, {"events", join_events(row["events"])},
             {"description", row["description"]}, {"active", row["active"].get<bool>() ? 1 : 0}, {"now", now_ms}});
}

void delete_webhook(connection& c, std::int64_t id)
{
    execute(c, delete_deliveries_sql, {{"id", id}});
    execute(c, delete_sql, {{"id", id}});
}

json webhook_deliveries(connection& c, std::int64_t subscription_id, std::int64_t before_id, int limit)
{
    json items = json::array();
    for (auto& row : query_all(c, deliveries_sql, {{"subscription", subscription_id}, {"before", before_id}, {"limit", limit}}))
        items.push_back(render_delivery(std::move(row)));
    return items;
}

std::optional<json> find_webhook_delivery(connection& c, std::int64_t subscription_id, std::int64_t delivery_id)
{
    auto row = query_one(c, delivery_sql, {{"subscription", subscription_id}, {"id", delivery_id}});
    if (!row)
        return std::nullopt;
    return render_delivery(std::move(*row));
}

void redeliver_webhook(connection& c, std::int64_t delivery_id, std::int64_t now_ms)
{
    execute(c, redeliver_sql, {{"id", delivery_id}, {"now", now_ms}});
}

std::vector<due_webhook> due_webhooks(connection& c, std::int64_t now_ms, int limit)
{
    auto& s = c.prepare(due_sql);
    s.bind(":now", now_ms);
    s.bind(":limit", limit);
    std::vector<due_webhook> out;
    while (s.executeStep()) {
        due_webhook d;
        d.id = s.getColumn(0).getInt64();
        d.subscription_id = s.getColumn(1).getInt64();
        d.resource_id = s.getColumn(2).getInt64();
        d.change = s.getColumn(3).getInt64();
        d.created_ms = s.getColumn(4).getInt64();
        d.url = s.getColumn(5).getString();
        d.secret = s.getColumn(6).getString();
        d.event_type = s.getColumn(7).getString();
        d.resource = s.getColumn(8).getString();
        d.failed_attempts = s.getColumn(9).getInt();
        out.push_back(std::move(d));
    }
    return out;
}

std::optional<std::int64_t> next_webhook_attempt(connection& c)
{
    auto& s = c.prepare(next_attempt_sql);
    if (!s.executeStep())
        return std::nullopt;
    return optional_int(s.getColumn(0));
}

void mark_webhook_delivered(connection& c, std::int64_t id, int status, std::int64_t now_ms)
{
    execute(c, delivered_sql, {{"id", id}, {"status", status}, {"now", now_ms}});
    execute(c, healthy_sql, {{"id", id}});
}

bool mark_webhook_failed(connection& c, std::int64_t id, std::optional<int> status, const std::string& error,
                         std::int64_t now_ms, std::optional<std::int64_t> retry_ms, std::int64_t disable_before_ms)
{
    execute(c, failed_sql,
            {{"id", id}, {"status", status ? json(*status) : json()}, {"error", error}, {"now", now_ms},
             {"retry", retry_ms ? json(*retry_ms) : json()}});
    execute(c, failing_sql, {{"id", id}, {"now", now_ms}});
    execute(c, disable_sql, {{"id", id}, {"now", now_ms}, {"before", disable_before_ms}});
    return c.changes() > 0;
}

webhook_counts count_webhook_deliveries(connection& c)
{
    auto& s = c.prepare(counts_sql);
    webhook_counts n;
    if (s.executeStep()) {
        n.delivered = s.getColumn(0).getInt64();
        n.pending = s.getColumn(1).getInt64();
        n.failed = s.getColumn(2).getInt64();
        n.failed_attempts = s.getColumn(3).getInt64();
    }
    return n;
}

} // namespace sanaksme::store
