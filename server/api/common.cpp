#include "api/common.hpp"

#include "domain/time.hpp"
#include "mail/compose.hpp"
#include "store/idempotency.hpp"

namespace sanaksme::api {

store::actor actor_of(const http::context& c)
{
    if (!c.who)
        return {std::nullopt, "anonymous", "none"};
    return {c.who->token_id, c.who->name, std::string(auth::to_string(c.who->role_))};
}

domain::caller caller_of(const auth::principal& who)
{
    return {static_cast<domain::caller_role>(who.role_), who.organization_id, who.organization_name,
            who.organization_active};
}

void require_own_organization(const http::context& c, std::int64_t organization_id)
{
    domain::require_own_organization(caller_of(c.user()), organization_id);
}

void require_organization_editor(const http::context& c, std::int64_t organization_id)
{
    domain::require_organization_editor(caller_of(c.user()), organization_id);
}

bool sees_personal_data_of(const http::context& c, std::int64_t organization_id)
{
    return c.who && domain::sees_personal_data_of(caller_of(*c.who), organization_id);
}

void require_may_write(const http::context& c)
{
    auto method = c.req.method();
    if (c.who && method != boost::beast::http::verb::get && method != boost::beast::http::verb::head)
        domain::require_may_write(caller_of(*c.who));
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
    auto kept = store::find_kept_answer(conn, c.who->token_id, key);
    if (!kept)
        return std::nullopt;
    if (kept->request_hash != hash)
        throw http::unprocessable("This Idempotency-Key was used for a different request; use a new key.");
    http::response r;
    r.status = kept->status;
    r.body = std::move(kept->body);
    auto headers = json::parse(kept->headers);
    for (const auto& [k, v] : headers.items())
        r.header(k, v.get<std::string>());
    r.header("Idempotent-Replayed", "true");
    return r;
}

// What is kept of an answer for a replay: never a secret. A token is shown once and kept only as
// its hash, so a replay names the token with "token": null; a webhook's secret likewise.
std::string kept_body(const std::string& body)
{
    if (body.find("\"token\"") == std::string::npos && body.find("\"secret\"") == std::string::npos)
        return body;
    auto j = json::parse(body, nullptr, false);
    if (!j.is_object() || !(j.contains("token") || j.contains("secret")))
        return body;
    for (const char* k : {"token", "secret"})
        if (j.contains(k))
            j[k] = nullptr;
    return j.dump();
}

void remember(http::context& c, store::connection& conn, const std::string& key, const std::string& hash,
              const http::response& r)
{
    json headers = json::object();
    for (const auto& [k, v] : r.headers)
        headers[k] = v;
    store::keep_answer(conn,
                       {c.who->token_id, key, std::string(c.req.method_string()), c.path, hash, r.status,
                        headers.dump(), kept_body(r.body)},
                       domain::now());
}

} // namespace detail

void tell_promoted(const http::context& c, store::connection& conn, std::int64_t meeting_id,
                   const std::vector<std::int64_t>& promoted)
{
    if (promoted.empty())
        return;
    mail::queue_promotion_notices(conn, meeting_id, promoted, mail::settings_from(c.env.settings, c.env.link_keys.secrets()));
    c.env.mail.messages_queued();
}

} // namespace sanaksme::api
