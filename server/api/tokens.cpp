// /api/v1/tokens and /api/v1/tokens/{id} (coordinator)
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/paging.hpp"
#include "domain/roles.hpp"
#include "store/organizations.hpp"
#include "store/tokens.hpp"

namespace sanaksme::api {

namespace {

const http::schema token_schema{
    {
        {.name = "role", .type = http::field_type::choice, .required = true, .nullable = false,
         .choices = {"coordinator", "organizer", "member"}},
        {.name = "name", .type = http::field_type::text, .required = true, .nullable = false, .max_length = 200},
        {.name = "organization_id", .type = http::field_type::integer, .min = 1},
    },
    {"id", "token", "created_at", "revoked_at", "last_used_at", "active"}};

} // namespace

http::response list_tokens(http::context& c)
{
    auto p = http::parse_page(c);
    auto items = c.env.db.read([&](store::connection& conn) { return store::list_tokens(conn, after_id(p), p.limit + 1); });
    return http::json_response(200, finish_page(std::move(items), p.limit, id_key));
}

http::response create_token(http::context& c)
{
    auto req = http::merge_for_create(http::body_object(c), token_schema);
    bool member = req["role"] == "member";
    if (member != req["organization_id"].is_number_integer())
        throw http::unprocessable_field("organization_id", member ? "is required for a member token"
                                                                  : "is only for member tokens");
    return create_once(c, [&](store::connection& conn) {
        std::optional<std::int64_t> org;
        if (member) {
            org = req["organization_id"].get<std::int64_t>();
            if (!store::find_organization(conn, *org))
                throw http::unprocessable_field("organization_id", "is not a known organization");
        }
        auto secret = auth::new_token();
        auto id = store::insert_token(conn, req["name"].get<std::string>(), req["role"].get<std::string>(), org,
                                      auth::sha256_hex(secret));
        auto created = *store::find_token(conn, id);
        store::audit(conn, actor_of(c), "create", "token", id, nullptr, created);
        // The secret is shown in this one answer and never again.
        created["token"] = secret;
        auto r = http::json_response(201, created);
        r.header("Location", "/api/v1/tokens/" + std::to_string(id));
        return r;
    });
}

http::response get_token(http::context& c)
{
    auto id = c.id();
    auto t = c.env.db.read([&](store::connection& conn) { return store::find_token(conn, id); });
    if (!t)
        throw http::not_found("No token has the id " + std::to_string(id) + ".");
    return http::json_response(200, *t);
}

http::response delete_token(http::context& c)
{
    auto id = c.id();
    return c.env.db.write([&](store::connection& conn) {
        auto t = store::find_token(conn, id);
        if (!t)
            throw http::not_found("No token has the id " + std::to_string(id) + ".");
        if ((*t)["active"].get<bool>() &&
            domain::leaves_no_coordinator((*t)["role"].get<std::string>(), "", store::active_coordinator_tokens(conn)))
            throw http::conflict("This is the last coordinator token; create another before revoking it.");
        store::revoke_token(conn, id);
        store::audit(conn, actor_of(c), "revoke", "token", id, *t, *store::find_token(conn, id));
        return http::no_content();
    });
}

} // namespace sanaksme::api
