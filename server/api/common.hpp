#pragma once
// What every handler shares: the caller as an audit actor, ownership checks, idempotent creation.
#include "handler_env.hpp"
#include "auth/secrets.hpp"
#include "domain/caller.hpp"
#include "http/message.hpp"
#include "http/validate.hpp"
#include "store/audit.hpp"

namespace sanaksme::api {

using http::json;

store::actor actor_of(const http::context& c);

// The fields of a person a client may send (people.cpp), and the checks beyond their types.
const std::vector<http::field>& person_fields();
void check_person(const json& person);

// The token's holder as the rules of domain/caller see them; the checks below apply those rules
// to the request's token (401 without one).
domain::caller caller_of(const auth::principal& who);
void require_own_organization(const http::context& c, std::int64_t organization_id);
void require_organization_editor(const http::context& c, std::int64_t organization_id);
bool sees_personal_data_of(const http::context& c, std::int64_t organization_id);
// Any method but GET and HEAD: checked for every route in dispatch.
void require_may_write(const http::context& c);

// A response for a resource with its ETag.
http::response resource_response(unsigned status, const json& body, std::int64_t id, std::int64_t version);

// Runs a creating write; with an Idempotency-Key a retry gets the first answer back, and the
// answer is stored in the same transaction as the change.
// Those promoted from the waiting list by an answer hear of it by email, queued in the same write.
void tell_promoted(const http::context& c, store::connection& conn, std::int64_t meeting_id,
                   const std::vector<std::int64_t>& promoted);

template <class F>
http::response create_once(http::context& c, F&& create);

namespace detail {
std::optional<http::response> replay(http::context& c, store::connection& conn, const std::string& key,
                                     const std::string& hash);
void remember(http::context& c, store::connection& conn, const std::string& key, const std::string& hash,
              const http::response& r);
std::string idempotency_key(const http::context& c);
} // namespace detail

template <class F>
http::response create_once(http::context& c, F&& create)
{
    if (c.style != http::writes::create_once)
        throw std::logic_error("create_once on a route the table does not mark create_once");
    auto key = detail::idempotency_key(c);
    auto hash = key.empty() ? std::string() : auth::sha256_hex(std::string(c.req.method_string()) + " " + c.path + "\n" + c.req.body());
    return c.env.db.write([&](store::connection& conn) {
        if (!key.empty())
            if (auto prior = detail::replay(c, conn, key, hash))
                return *prior;
        http::response r = create(conn);
        if (!key.empty() && r.status < 300)
            detail::remember(c, conn, key, hash, r);
        return r;
    });
}

} // namespace sanaksme::api
