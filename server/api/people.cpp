// /api/v1/organizations/{id}/people, /api/v1/people/{id}, /api/v1/people/{id}/export
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/paging.hpp"
#include "domain/person.hpp"
#include "store/erasure.hpp"
#include "store/exports.hpp"
#include "store/organizations.hpp"

namespace sanaksme::api {

namespace {

const http::schema person_schema{person_fields(), {"id", "organization_id", "erased", "version", "created_at", "updated_at"}};

// People are edited by the coordinator or by their own organization's member token.
void require_people_editor(const http::context& c, std::int64_t organization_id)
{
    require_organization_editor(c, organization_id);
}

json shown(json person)
{
    person.erase("version");
    return person;
}

std::pair<json, std::int64_t> load(store::connection& conn, std::int64_t id)
{
    auto p = store::find_person(conn, id);
    if (!p)
        throw http::not_found("No person has the id " + std::to_string(id) + ".");
    return {*p, (*p)["version"].get<std::int64_t>()};
}

} // namespace

const std::vector<http::field>& person_fields()
{
    static const std::vector<http::field> fields{
        {.name = "name", .type = http::field_type::text, .required = true, .nullable = false, .max_length = domain::person_name_max},
        {.name = "email", .type = http::field_type::email},
        {.name = "phone", .type = http::field_type::text, .max_length = domain::person_phone_max},
        {.name = "position", .type = http::field_type::text, .max_length = domain::person_position_max},
        {.name = "language", .type = http::field_type::language},
        {.name = "email_consent", .type = http::field_type::boolean, .nullable = false, .default_value = false},
    };
    return fields;
}

void check_person(const json& person)
{
    if (person["phone"].is_string())
        domain::require_valid_phone(person["phone"].get_ref<const std::string&>());
}

http::response list_people(http::context& c)
{
    auto org_id = c.id();
    auto p = http::parse_page(c);
    // Members read their own organization's people only; organizers and coordinators everyone's.
    require_own_organization(c, org_id);
    auto items = c.env.db.read([&](store::connection& conn) {
        if (!store::find_organization(conn, org_id))
            throw http::not_found("No organization has the id " + std::to_string(org_id) + ".");
        return store::list_people(conn, org_id, after_id(p), p.limit + 1);
    });
    for (auto& person : items)
        person = shown(std::move(person));
    return http::json_response(200, finish_page(std::move(items), p.limit, id_key));
}

http::response create_person(http::context& c)
{
    auto org_id = c.id();
    auto body = http::body_object(c);
    auto person = http::merge_for_create(body, person_schema);
    check_person(person);
    return create_once(c, [&](store::connection& conn) {
        if (!store::find_organization(conn, org_id))
            throw http::not_found("No organization has the id " + std::to_string(org_id) + ".");
        require_people_editor(c, org_id);
        auto id = store::insert_person(conn, org_id, person);
        auto [created, version] = load(conn, id);
        store::audit(conn, actor_of(c), "create", "person", id, nullptr, created);
        return resource_response(201, shown(created), id, version)
            .header("Location", "/api/v1/people/" + std::to_string(id));
    });
}

http::response get_person(http::context& c)
{
    auto id = c.id();
    auto [person, version] = c.env.db.read([&](store::connection& conn) { return load(conn, id); });
    require_own_organization(c, person["organization_id"].get<std::int64_t>());
    return resource_response(200, shown(person), id, version);
}

http::response patch_person(http::context& c)
{
    auto id = c.id();
    auto body = http::body_object(c);
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = load(conn, id);
        require_people_editor(c, before["organization_id"].get<std::int64_t>());
        http::check_if_match(c, http::etag(id, version));
        if (before["erased"].get<bool>())
            throw http::conflict("This person's data was erased; create a new person instead.");
        auto merged = http::merge_for_patch(http::project(before, person_schema), body, person_schema);
        check_person(merged);
        store::update_person(conn, id, merged);
        auto [after, new_version] = load(conn, id);
        store::audit(conn, actor_of(c), "update", "person", id, before, after);
        return resource_response(200, shown(after), id, new_version);
    });
}

http::response delete_person(http::context& c)
{
    auto id = c.id();
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = load(conn, id);
        auto org_id = before["organization_id"].get<std::int64_t>();
        require_people_editor(c, org_id);
        http::check_if_match(c, http::etag(id, version));
        // GDPR erasure: the name, contacts and logged values go; who came to which meeting stays,
        // anonymised, so every meeting's figures stay as they were.
        store::forget_person(conn, actor_of(c), id, org_id);
        return http::no_content();
    });
}

http::response export_person(http::context& c)
{
    auto id = c.id();
    auto doc = c.env.db.read([&](store::connection& conn) {
        auto [person, version] = load(conn, id);
        require_people_editor(c, person["organization_id"].get<std::int64_t>());
        return store::person_export(conn, id);
    });
    auto r = http::json_response(200, doc);
    r.header("Content-Disposition", "attachment; filename=\"person-" + std::to_string(id) + ".json\"");
    return r;
}

} // namespace sanaksme::api
