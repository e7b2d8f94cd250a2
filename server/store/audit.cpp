#include "store/audit.hpp"

#include "domain/time.hpp"
#include "domain/webhooks.hpp"
#include "store/tokens.hpp"
#include "store/webhooks.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view insert_sql =
    "INSERT INTO audit_log (at, token_id, actor_name, actor_role, action, resource, resource_id, before, after) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr std::string_view forget_sql =
    "UPDATE audit_log SET before = NULL, after = NULL WHERE resource = :resource AND resource_id = :id";
constexpr std::string_view page_sql =
    "SELECT id, at, token_id, actor_name, actor_role, action, resource, resource_id, before, after FROM audit_log "
    "WHERE id < :before_id AND (:resource IS NULL OR resource = :resource) "
    "AND (:resource_id IS NULL OR resource_id = :resource_id) AND (:from IS NULL OR at >= :from) "
    "AND (:to IS NULL OR at < :to) AND (:action IS NULL OR action = :action) ORDER BY id DESC LIMIT :limit";

// Subscribers hear of the change in its own transaction: a committed change has its event queued.
void queue_event(connection& c, std::string_view action, std::string_view resource, std::optional<std::int64_t> id,
                 std::string_view before_status, std::string_view after_status)
{
    if (!id)
        return;
    auto event = domain::webhook_event_for(action, resource, before_status, after_status);
    if (!event)
        return;
    queue_webhook_event(c, event->type, event->resource, *id, c.last_insert_id(), domain::now_ms());
}

std::string_view status_of(const json& j)
{
    if (!j.is_object())
        return {};
    auto it = j.find("status");
    return it != j.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : std::string_view();
}

void insert_entry(connection& c, const actor& who, std::string_view action, std::string_view resource,
                  std::optional<std::int64_t> id, const std::optional<std::string>& before_text,
                  const std::optional<std::string>& after_text);

} // namespace

void audit(connection& c, const actor& who, std::string_view action, std::string_view resource,
           std::optional<std::int64_t> id, const json& before, const json& after)
{
    auto text = [](const json& j) { return j.is_null() ? std::nullopt : std::optional<std::string>(j.dump()); };
    insert_entry(c, who, action, resource, id, text(before), text(after));
    queue_event(c, action, resource, id, status_of(before), status_of(after));
}

void audit_text(connection& c, const actor& who, std::string_view action, std::string_view resource,
                std::optional<std::int64_t> id, const std::optional<std::string>& before_text,
                const std::optional<std::string>& after_text)
{
    insert_entry(c, who, action, resource, id, before_text, after_text);
    // The hot answers' path: its events (rsvp.changed) need no status, so nothing is parsed.
    queue_event(c, action, resource, id, {}, {});
}

namespace {

void insert_entry(connection& c, const actor& who, std::string_view action, std::string_view resource,
                  std::optional<std::int64_t> id, const std::optional<std::string>& before_text,
                  const std::optional<std::string>& after_text)
{
    auto at = domain::now();
    auto& s = c.prepare(insert_sql); // bound by position: every write of the API passes here
    s.bind(1, at);
    bind_optional(s, 2, who.token_id);
    bind_text(s, 3, who.name);
    bind_text(s, 4, who.role);
    s.bind(5, std::string(action));
    s.bind(6, std::string(resource));
    bind_optional(s, 7, id);
    bind_optional(s, 8, before_text);
    bind_optional(s, 9, after_text);
    s.exec();
    if (who.token_id)
        mark_token_used(c, *who.token_id, at); // a write by a token is a use of it
}

} // namespace

void audit_forget(connection& c, std::string_view resource, std::int64_t id)
{
    auto& s = c.prepare(forget_sql);
    s.bind(":resource", std::string(resource));
    s.bind(":id", id);
    s.exec();
}

json audit_page(connection& c, const json& filters, std::optional<std::int64_t> before_id, int limit)
{
    auto& s = c.prepare(page_sql);
    json params = filters;
    params["before_id"] = before_id.value_or(std::numeric_limits<std::int64_t>::max());
    params["limit"] = limit;
    bind_object(c, s, params);
    json items = json::array();
    while (s.executeStep()) {
        auto row = row_object(s);
        row["at"] = domain::format_rfc3339_utc(row["at"].get<std::int64_t>());
        for (const char* k : {"before", "after"})
            if (row[k].is_string())
                row[k] = json::parse(row[k].get<std::string>());
        row["actor"] = {{"name", row["actor_name"]}, {"role", row["actor_role"]}, {"token_id", row["token_id"]}};
        row.erase("actor_name");
        row.erase("actor_role");
        row.erase("token_id");
        items.push_back(std::move(row));
    }
    return items;
}

} // namespace sanaksme::store
