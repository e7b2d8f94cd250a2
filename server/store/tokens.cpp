#include "store/tokens.hpp"

#include "domain/time.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view insert_sql =
    "INSERT INTO tokens (name, role, organization_id, secret_sha256, created_at) "
    "VALUES (:name, :role, :organization_id, :hash, :now)";
constexpr std::string_view select_sql =
    "SELECT id, name, role, organization_id, created_at, revoked_at, last_used_at FROM tokens WHERE id = :id";
constexpr std::string_view list_sql =
    "SELECT id, name, role, organization_id, created_at, revoked_at, last_used_at FROM tokens "
    "WHERE id > :after ORDER BY id LIMIT :limit";
constexpr std::string_view revoke_sql = "UPDATE tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL";
constexpr std::string_view coordinators_sql =
    "SELECT count(*) FROM tokens WHERE role = 'coordinator' AND revoked_at IS NULL";
constexpr std::string_view principal_sql =
    "SELECT t.id, t.name, t.role, t.organization_id, o.name, o.active FROM tokens t "
    "LEFT JOIN organizations o ON o.id = t.organization_id WHERE t.secret_sha256 = :hash AND t.revoked_at IS NULL";
// Changes no value: the update itself is what the database's update hook counts.
constexpr std::string_view touch_org_tokens_sql =
    "UPDATE tokens SET organization_id = organization_id WHERE organization_id = :org";
constexpr std::string_view revoke_org_sql =
    "UPDATE tokens SET revoked_at = :now WHERE organization_id = :org AND revoked_at IS NULL";
// To the minute: a row touched on every write would also start a new generation of the token
// cache (store::database::watched::tokens) with every commit.
constexpr std::string_view token_used_sql =
    "UPDATE tokens SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at <= ?1 - 60)";

json render(SQLite::Statement& s)
{
    auto j = row_object(s);
    for (const char* k : {"created_at", "revoked_at", "last_used_at"})
        if (j[k].is_number_integer())
            j[k] = domain::format_rfc3339_utc(j[k].get<std::int64_t>());
    j["active"] = j["revoked_at"].is_null();
    return j;
}

} // namespace

std::int64_t insert_token(connection& c, const std::string& name, const std::string& role,
                          std::optional<std::int64_t> organization_id, const std::string& secret_sha256)
{
    auto& s = c.prepare(insert_sql);
    bind_object(c, s,
                {{"name", name}, {"role", role}, {"organization_id", organization_id ? json(*organization_id) : json()},
                 {"hash", secret_sha256}, {"now", domain::now()}});
    s.exec();
    return c.last_insert_id();
}

std::optional<json> find_token(connection& c, std::int64_t id)
{
    auto& s = c.prepare(select_sql);
    s.bind(":id", id);
    if (!s.executeStep())
        return std::nullopt;
    return render(s);
}

json list_tokens(connection& c, std::int64_t after_id, int limit)
{
    auto& s = c.prepare(list_sql);
    s.bind(":after", after_id);
    s.bind(":limit", limit);
    json out = json::array();
    while (s.executeStep())
        out.push_back(render(s));
    return out;
}

void revoke_token(connection& c, std::int64_t id)
{
    auto& s = c.prepare(revoke_sql);
    s.bind(":id", id);
    s.bind(":now", domain::now());
    s.exec();
}

std::int64_t active_coordinator_tokens(connection& c)
{
    auto& s = c.prepare(coordinators_sql);
    s.executeStep();
    return s.getColumn(0).getInt64();
}

void revoke_organization_tokens(connection& c, std::int64_t organization_id)
{
    auto& s = c.prepare(revoke_org_sql);
    s.bind(":org", organization_id);
    s.bind(":now", domain::now());
    s.exec();
}

std::optional<auth::principal> find_principal(connection& c, const std::string& secret_sha256)
{
    auto& s = c.prepare(principal_sql);
    s.bind(":hash", secret_sha256);
    if (!s.executeStep())
        return std::nullopt;
    auth::principal who;
    who.token_id = s.getColumn(0).getInt64();
    who.name = s.getColumn(1).getString();
    who.role_ = auth::role_from(s.getColumn(2).getString()).value_or(auth::role::member);
    if (!s.getColumn(3).isNull()) {
        who.organization_id = s.getColumn(3).getInt64();
        who.organization_name = s.getColumn(4).getString();
        who.organization_active = !s.getColumn(5).isNull() && s.getColumn(5).getInt() != 0;
    }
    return who;
}

void touch_organization_tokens(connection& c, std::int64_t organization_id)
{
    auto& s = c.prepare(touch_org_tokens_sql);
    s.bind(":org", organization_id);
    s.exec();
}

void mark_token_used(connection& c, std::int64_t token_id, std::int64_t now)
{
    // The statement itself writes at most once a minute; remembering when it last did saves
    // running it (a seventh of an RSVP's statements) in between.
    auto [last, fresh] = c.token_marks().try_emplace(token_id, now);
    if (!fresh && last->second > now - 60)
        return;
    auto& u = c.prepare(token_used_sql);
    u.bind(1, now);
    u.bind(2, token_id);
    u.exec();
    last->second = now;
}

} // namespace sanaksme::store
