#include "store/web_sessions.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view account_by_id_sql =
    "SELECT a.id, a.email, a.name, a.role, a.organization_id, o.name AS organization_name, "
    "coalesce(o.active, 1) AS organization_active, a.language, a.active FROM web_accounts a "
    "LEFT JOIN organizations o ON o.id = a.organization_id WHERE a.id = :id";
constexpr std::string_view account_by_email_sql =
    "SELECT a.id, a.email, a.name, a.role, a.organization_id, o.name AS organization_name, "
    "coalesce(o.active, 1) AS organization_active, a.language, a.active FROM web_accounts a "
    "LEFT JOIN organizations o ON o.id = a.organization_id WHERE a.email = :email AND a.active = 1";
constexpr std::string_view insert_account_sql =
    "INSERT INTO web_accounts (email, name, role, organization_id, created_at, updated_at) "
    "VALUES (:email, :name, :role, :organization_id, :now, :now)";
constexpr std::string_view insert_link_sql =
    "INSERT INTO web_signin_links (account_id, created_at, expires_at) VALUES (:account, :now, :expires)";
constexpr std::string_view links_since_sql =
    "SELECT count(*) FROM web_signin_links WHERE account_id = :account AND created_at >= :since";
constexpr std::string_view forget_links_sql = "DELETE FROM web_signin_links WHERE expires_at < :before";
constexpr std::string_view forget_sessions_sql =
    "DELETE FROM web_sessions WHERE expires_at < :before OR revoked_at < :before";
constexpr std::string_view link_open_sql =
    "SELECT count(*) FROM web_signin_links WHERE id = :id AND account_id = :account AND used_at IS NULL "
    "AND expires_at >= :now";
constexpr std::string_view consume_link_sql =
    "UPDATE web_signin_links SET used_at = :now WHERE id = :id AND account_id = :account AND used_at IS NULL "
    "AND expires_at >= :now";
constexpr std::string_view insert_session_sql =
    "INSERT INTO web_sessions (account_id, secret_sha256, created_at, expires_at) VALUES (:account, :hash, :now, :expires)";
constexpr std::string_view session_account_sql =
    "SELECT a.id, a.email, a.name, a.role, a.organization_id, o.name AS organization_name, "
    "coalesce(o.active, 1) AS organization_active, a.language, a.active FROM web_sessions s "
    "JOIN web_accounts a ON a.id = s.account_id LEFT JOIN organizations o ON o.id = a.organization_id "
    "WHERE s.secret_sha256 = :hash AND s.revoked_at IS NULL AND s.expires_at > :now AND a.active = 1";
constexpr std::string_view revoke_session_sql =
    "UPDATE web_sessions SET revoked_at = :now WHERE secret_sha256 = :hash AND revoked_at IS NULL";
constexpr std::string_view list_accounts_sql =
    "SELECT a.id, a.email, a.name, a.role, a.organization_id, o.name AS organization_name, "
    "coalesce(o.active, 1) AS organization_active, a.language, a.active, "
    "(SELECT count(*) FROM web_sessions s WHERE s.account_id = a.id AND s.revoked_at IS NULL AND s.expires_at > :now) "
    "AS live_sessions FROM web_accounts a LEFT JOIN organizations o ON o.id = a.organization_id "
    "ORDER BY a.name COLLATE NOCASE, a.id";
constexpr std::string_view active_coordinators_sql =
    "SELECT count(*) FROM web_accounts WHERE role = 'coordinator' AND active = 1";
constexpr std::string_view set_role_sql =
    "UPDATE web_accounts SET role = :role, organization_id = :organization_id, updated_at = :now WHERE id = :id";
constexpr std::string_view delete_account_sql = "DELETE FROM web_accounts WHERE id = :id";
constexpr std::string_view revoke_account_sessions_sql =
    "UPDATE web_sessions SET revoked_at = :now WHERE account_id = :id AND revoked_at IS NULL AND expires_at > :now";

web_account account_of(const json& row)
{
    web_account a;
    a.id = row["id"].get<std::int64_t>();
    a.email = row["email"].get<std::string>();
    a.name = row["name"].get<std::string>();
    a.role = row["role"].get<std::string>();
    if (row["organization_id"].is_number_integer())
        a.organization_id = row["organization_id"].get<std::int64_t>();
    if (row["organization_name"].is_string())
        a.organization_name = row["organization_name"].get<std::string>();
    a.organization_active = row["organization_active"].get<std::int64_t>() != 0;
    if (row["language"].is_string())
        a.language = row["language"].get<std::string>();
    a.active = row["active"].get<std::int64_t>() != 0;
    return a;
}

std::optional<web_account> one_account(connection& c, std::string_view sql, const json& params)
{
    auto row = query_one(c, sql, params);
    if (!row)
        return std::nullopt;
    return account_of(*row);
}

} // namespace

std::optional<web_account> find_web_account(connection& c, std::int64_t id)
{
    return one_account(c, account_by_id_sql, {{"id", id}});
}

std::optional<web_account> find_web_account_by_email(connection& c, const std::string& email)
{
    return one_account(c, account_by_email_sql, {{"email", email}});
}

std::int64_t insert_web_account(connection& c, const std::string& email, const std::string& name, const std::string& role,
                                std::optional<std::int64_t> organization_id, std::int64_t now)
{
    execute(c, insert_account_sql,
            {{"email", email}, {"name", name}, {"role", role},
             {"organization_id", organization_id ? json(*organization_id) : json()}, {"now", now}});
    return c.last_insert_id();
}

std::int64_t insert_signin_link(connection& c, std::int64_t account_id, std::int64_t now, std::int64_t expires_at)
{
    execute(c, insert_link_sql, {{"account", account_id}, {"now", now}, {"expires", expires_at}});
    return c.last_insert_id();
}

std::int64_t signin_links_since(connection& c, std::int64_t account_id, std::int64_t since)
{
    return query_int(c, links_since_sql, {{"account", account_id}, {"since", since}});
}

void forget_ended_web_sessions(connection& c, std::int64_t before)
{
    execute(c, forget_links_sql, {{"before", before}});
    execute(c, forget_sessions_sql, {{"before", before}});
}

bool signin_link_open(connection& c, std::int64_t link_id, std::int64_t account_id, std::int64_t now)
{
    return query_int(c, link_open_sql, {{"id", link_id}, {"account", account_id}, {"now", now}}) == 1;
}

bool consume_signin_link(connection& c, std::int64_t link_id, std::int64_t account_id, std::int64_t now)
{
    execute(c, consume_link_sql, {{"id", link_id}, {"account", account_id}, {"now", now}});
    return c.changes() == 1;
}

void insert_web_session(connection& c, std::int64_t account_id, const std::string& secret_sha256, std::int64_t now,
                        std::int64_t expires_at)
{
    execute(c, insert_session_sql, {{"account", account_id}, {"hash", secret_sha256}, {"now", now}, {"expires", expires_at}});
}

std::optional<web_account> find_web_session(connection& c, const std::string& secret_sha256, std::int64_t now)
{
    return one_account(c, session_account_sql, {{"hash", secret_sha256}, {"now", now}});
}

void revoke_web_session(connection& c, const std::string& secret_sha256, std::int64_t now)
{
    execute(c, revoke_session_sql, {{"hash", secret_sha256}, {"now", now}});
}

std::vector<web_account_row> list_web_accounts(connection& c, std::int64_t now)
{
    std::vector<web_account_row> out;
    for (const auto& row : query_all(c, list_accounts_sql, {{"now", now}}))
        out.push_back({account_of(row), row["live_sessions"].get<std::int64_t>()});
    return out;
}

std::int64_t active_coordinator_accounts(connection& c) { return query_int(c, active_coordinators_sql, json::object()); }

void set_web_account_role(connection& c, std::int64_t id, const std::string& role,
                          std::optional<std::int64_t> organization_id, std::int64_t now)
{
    execute(c, set_role_sql,
            {{"id", id}, {"role", role}, {"organization_id", organization_id ? json(*organization_id) : json()}, {"now", now}});
}

void delete_web_account(connection& c, std::int64_t id) { execute(c, delete_account_sql, {{"id", id}}); }

std::int64_t revoke_web_account_sessions(connection& c, std::int64_t id, std::int64_t now)
{
    execute(c, revoke_account_sessions_sql, {{"id", id}, {"now", now}});
    return c.changes();
}

} // namespace sanaksme::store
