#include "api/common.hpp"

#include "domain/time.hpp"

namespace sanaksme::api {

namespace {

constexpr std::string_view find_key_sql =
    "SELECT request_hash, status, headers, body FROM idempotency_keys WHERE token_id = :token_id AND key = :key";
constexpr std::string_view save_key_sql =
    "INSERT INTO idempotency_keys (token_id, key, method, path, request_hash, status, headers, body, created_at) "
    "VALUES (:token_id, :key, :method, :path, :request_hash, :status, :headers, :body, :created_at)";
constexpr std::string_view expire_keys_sql = "DELETE FROM idempotency_keys WHERE created_at < :before";

} // namespace

store::actor actor_of(const http::context& c)
{
    if (!c.who)
        return {std::nullopt, "anonymous", "none"};
    return {c.who->token_id, c.who->name, std::string(auth::to_string(c.who->role_))};
}

void require_own_organization(const http::context& c, std::int64_t organization_id)
{
    const auto& who = c.user();
    if (who.role_ == auth::role::member && who.organization_id != organization_id)
        throw http::forbidden("A member token acts only for its own organization.");
}

void require_organization_editor(const http::context& c, std::int64_t organization_id)
{
    if (c.user().role_ == auth::role::organizer)
        throw http::forbidden("Organizers read organizations and people; the coordinator or the organization itself "
                              "edits them.");
    require_own_organization(c, organization_id);
}

bool sees_personal_data_of(const http::context& c, std::int64_t organization_id)
{
    return c.who && (c.who->at_least(auth::role::organizer) || c.who->organization_id == organization_id);
}

void require_may_write(const http::context& c)
{
    if (!c.who || c.who->organization_active)
        return;
    auto method = c.req.method();
    if (method != boost::beast::http::verb::get && method != boost::beast::http::verb::head)
        throw http::forbidden("The organization '" + c.who->organization_name +
                              "' is deactivated: its tokens may still read, but no longer write.");
}

http::response resource_response(unsigned status, const json& body, std::int64_t id, std::int64_t version)
{
    auto r = http::json_response(status, body);
    r.header("ETag", http::etag(id, version));
    return r;
}

namespace detail {

std::string idempotency_key(const http::context& c)
{
    auto key = c.header("Idempotency-Key");
    if (key.empty() || !c.who)
        return {};
    if (key.size() > 200 || std::any_of(key.begin(), key.end(), [](char ch) { return ch < 0x21 || ch > 0x7E; }))
        throw http::bad_request("Idempotency-Key must be 1 to 200 visible ASCII characters.");
    return std::string(key);
}

std::optional<http::response> replay(http::context& c, store::connection& conn, const std::string& key,
                                     const std::string& hash)
{
    auto& s = conn.prepare(find_key_sql);
    s.bind(":token_id", c.who->token_id);
    s.bind(":key", key);
    if (!s.executeStep())
        return std::nullopt;
    if (s.getColumn(0).getString() != hash)
        throw http::unprocessable("This Idempotency-Key was used for a different request; use a new key.");
    http::response r;
    r.status = static_cast<unsigned>(s.getColumn(1).getInt());
    r.body = s.getColumn(3).getString();
    auto headers = json::parse(s.getColumn(2).getString());
    for (const auto& [k, v] : headers.items())
        r.header(k, v.get<std::string>());
    r.header("Idempotent-Replayed", "true");
    return r;
}

// What is kept of an answer for a replay: never a secret. A token is shown once and kept only as
// its hash, so a replay names the token with "token": null.
std::string kept_body(const std::string& body)
{
    if (body.find("\"token\"") == std::string::npos)
        return body;
    auto j = json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("token"))
        return body;
    j["token"] = nullptr;
    return j.dump();
}

void remember(http::context& c, store::connection& conn, const std::string& key, const std::string& hash,
              const http::response& r)
{
    json headers = json::object();
    for (const auto& [k, v] : r.headers)
        headers[k] = v;
    auto now = domain::now();
    // A day is ample for retries; older keys are dropped so the table stays small.
    auto& e = conn.prepare(expire_keys_sql);
    e.bind(":before", now - 86400);
    e.exec();
    auto& s = conn.prepare(save_key_sql);
    store::bind_object(conn, s,
                       {{"token_id", c.who->token_id}, {"key", key}, {"method", std::string(c.req.method_string())},
                        {"path", c.path}, {"request_hash", hash}, {"status", r.status}, {"headers", headers.dump()},
                        {"body", kept_body(r.body)}, {"created_at", now}});
    s.exec();
}

} // namespace detail

} // namespace sanaksme::api
