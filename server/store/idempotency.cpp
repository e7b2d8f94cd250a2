// Idempotency keys: the SQL behind api::create_once.
#include "store/idempotency.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view find_key_sql =
    "SELECT request_hash, status, headers, body FROM idempotency_keys WHERE token_id = :token_id AND key = :key";
constexpr std::string_view save_key_sql =
    "INSERT INTO idempotency_keys (token_id, key, method, path, request_hash, status, headers, body, created_at) "
    "VALUES (:token_id, :key, :method, :path, :request_hash, :status, :headers, :body, :created_at)";
constexpr std::string_view expire_keys_sql = "DELETE FROM idempotency_keys WHERE created_at < :before";

} // namespace

std::optional<kept_answer> find_kept_answer(connection& c, std::int64_t token_id, const std::string& key)
{
    auto& s = c.prepare(find_key_sql);
    s.bind(":token_id", token_id);
    s.bind(":key", key);
    if (!s.executeStep())
        return std::nullopt;
    return kept_answer{s.getColumn(0).getString(), static_cast<unsigned>(s.getColumn(1).getInt()),
                       s.getColumn(2).getString(), s.getColumn(3).getString()};
}

void keep_answer(connection& c, const new_kept_answer& a, std::int64_t now)
{
    // A day is ample for retries; older keys are dropped so the table stays small.
    auto& e = c.prepare(expire_keys_sql);
    e.bind(":before", now - 86400);
    e.exec();
    auto& s = c.prepare(save_key_sql);
    bind_object(c, s,
                {{"token_id", a.token_id}, {"key", a.key}, {"method", a.method}, {"path", a.path},
                 {"request_hash", a.request_hash}, {"status", a.status}, {"headers", a.headers},
                 {"body", a.body}, {"created_at", now}});
    s.exec();
}

} // namespace sanaksme::store
