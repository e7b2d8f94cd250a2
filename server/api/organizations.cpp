// /api/v1/organizations and /api/v1/organizations/{id}
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/paging.hpp"
#include "domain/organization.hpp"
#include "domain/time.hpp"
#include "store/organizations.hpp"

namespace sanaksme::api {

namespace {

const http::schema organization_schema{
    {
        {.name = "name", .type = http::field_type::text, .required = true, .nullable = false,
         .max_length = domain::organization_name_max},
        {.name = "short_name", .type = http::field_type::text, .max_length = domain::organization_short_name_max},
        {.name = "kind", .type = http::field_type::choice, .nullable = false, .default_value = "ngo",
         .choices = {domain::organization_kinds.begin(), domain::organization_kinds.end()}},
        {.name = "membership", .type = http::field_type::choice, .nullable = false, .default_value = "member",
         .choices = {domain::memberships.begin(), domain::memberships.end()}},
        {.name = "email", .type = http::field_type::email},
        {.name = "website", .type = http::field_type::url},
        {.name = "language", .type = http::field_type::language, .nullable = false, .default_value = "lv"},
        // Never null: without one, an organization joined the day it was created (create_organization).
        {.name = "joined_on", .type = http::field_type::date, .nullable = false},
        {.name = "active", .type = http::field_type::boolean, .nullable = false, .default_value = true},
    },
    {"id", "version", "created_at", "updated_at"}};

// What the platform decides about a member organization, not the organization itself.
constexpr std::array<std::string_view, 4> coordinator_only_fields{"kind", "membership", "active", "joined_on"};

std::string today() { return domain::local_date(domain::now(), domain::find_zone("Europe/Riga")); }

void check_name_free(store::connection& conn, const json& org, std::int64_t id)
{
    if (store::organization_name_taken(conn, org["name"].get<std::string>(), id))
        throw domain::organization_name_taken(org["name"].get<std::string>());
}

std::pair<json, std::int64_t> load(store::connection& conn, std::int64_t id)
{
    auto org = store::find_organization(conn, id);
    if (!org)
        throw http::not_found("No organization has the id " + std::to_string(id) + ".");
    auto version = (*org)["version"].get<std::int64_t>();
    org->erase("version");
    return {*org, version};
}

} // namespace

http::response list_organizations(http::context& c)
{
    auto p = http::parse_page(c);
    store::org_filter f{http::query_choice(c, "kind", {"ngo", "public_body", "municipality", "international", "other"}),
                        http::query_choice(c, "membership", {"member", "observer", "guest"}), c.query_value("q"),
                        http::query_bool(c, "active")};
    auto items = c.env.db.read(
        [&](store::connection& conn) { return store::list_organizations(conn, f, after_id(p), p.limit + 1); });
    for (auto& o : items)
        o.erase("version");
    return http::json_response(200, finish_page(std::move(items), p.limit, id_key));
}

http::response create_organization(http::context& c)
{
    auto org = http::merge_for_create(http::body_object(c), organization_schema);
    if (org["joined_on"].is_null())
        org["joined_on"] = today();
    return create_once(c, [&](store::connection& conn) {
        check_name_free(conn, org, 0);
        auto id = store::insert_organization(conn, org, today());
        auto [created, version] = load(conn, id);
        store::audit(conn, actor_of(c), "create", "organization", id, nullptr, created);
        return resource_response(201, created, id, version).header("Location", "/api/v1/organizations/" + std::to_string(id));
    });
}

http::response get_organization(http::context& c)
{
    auto id = c.id();
    auto [org, version] = c.env.db.read([&](store::connection& conn) { return load(conn, id); });
    return resource_response(200, org, id, version);
}

http::response patch_organization(http::context& c)
{
    auto id = c.id();
    auto body = http::body_object(c);
    require_organization_editor(c, id);
    if (!c.user().at_least(auth::role::coordinator))
        for (auto f : coordinator_only_fields)
            if (body.contains(f))
                throw http::forbidden("Only a coordinator may change '" + std::string(f) + "'.");
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = load(conn, id);
        http::check_if_match(c, http::etag(id, version));
        auto merged = http::merge_for_patch(http::project(before, organization_schema), body, organization_schema);
        check_name_free(conn, merged, id);
        store::update_organization(conn, id, before, merged, today());
        auto [after, new_version] = load(conn, id);
        store::audit(conn, actor_of(c), "update", "organization", id, before, after);
        return resource_response(200, after, id, new_version);
    });
}

http::response delete_organization(http::context& c)
{
    auto id = c.id();
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = load(conn, id);
        http::check_if_match(c, http::etag(id, version));
        if (store::organization_has_history(conn, id)) {
            // History stays: the organization is deactivated, its people and records remain.
            auto merged = http::project(before, organization_schema);
            merged["active"] = false;
            store::update_organization(conn, id, before, merged, today());
            auto [after, new_version] = load(conn, id);
            store::audit(conn, actor_of(c), "deactivate", "organization", id, before, after);
            return resource_response(200, after, id, new_version);
        }
        store::delete_organization(conn, id);
        store::audit(conn, actor_of(c), "delete", "organization", id, before, nullptr);
        return http::no_content();
    });
}

} // namespace sanaksme::api
