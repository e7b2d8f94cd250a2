#include "store/audit.hpp"

#include "domain/time.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view insert_sql =
    "INSERT INTO audit_log (at, token_id, actor_name, actor_role, action, resource, resource_id, before, after) "
    "VALUES (:at, :token_id, :actor_name, :actor_role, :action, :resource, :resource_id, :before, :after)";
// To the minute: a row touched on every write would also start a new generation of the token
// cache (store::database::watched::tokens) with every commit.
constexpr std::string_view token_used_sql =
    "UPDATE tokens SET last_used_at = :at WHERE id = :token_id AND (last_used_at IS NULL OR last_used_at <= :at - 60)";
constexpr std::string_view forget_sql =
    "UPDATE audit_log SET before = NULL, after = NULL WHERE resource = :resource AND resource_id = :id";
constexpr std::string_view page_sql =
    "SELECT id, at, token_id, actor_name, actor_role, action, resource, resource_id, before, after FROM audit_log "
    "WHERE id < :before_id AND (:resource IS NULL OR resource = :resource) "
    "AND (:resource_id IS NULL OR resource_id = :resource_id) AND (:from IS NULL OR at >= :from) "
    "AND (:to IS NULL OR at < :to) AND (:action IS NULL OR action = :action) ORDER BY id DESC LIMIT :limit";

} // namespace

void audit(connection& c, const actor& who, std::string_view action, std::string_view resource,
           std::optional<std::int64_t> id, const json& before, const json& after)
{
    json row = {{"at", domain::now()},
                {"token_id", who.token_id ? json(*who.token_id) : json(nullptr)},
                {"actor_name", who.name},
                {"actor_role", who.role},
                {"action", action},
                {"resource", resource},
                {"resource_id", id ? json(*id) : json(nullptr)},
                {"before", before.is_null() ? json(nullptr) : json(before.dump())},
                {"after", after.is_null() ? json(nullptr) : json(after.dump())}};
    auto& s = c.prepare(insert_sql);
    bind_object(c, s, row);
    s.exec();
    if (who.token_id) {
        auto& u = c.prepare(token_used_sql);
        bind_object(c, u, row);
        u.exec();
    }
}

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
