#include "store/organizations.hpp"

#include "domain/time.hpp"
#include "store/erasure.hpp"
#include "store/tokens.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view select_org_sql =
    "SELECT id, name, short_name, kind, membership, email, website, language, joined_on, active, version, "
    "created_at, updated_at FROM organizations WHERE id = :id";
constexpr std::string_view list_orgs_sql =
    "SELECT id, name, short_name, kind, membership, email, website, language, joined_on, active, version, "
    "created_at, updated_at FROM organizations WHERE id > :after AND (:kind IS NULL OR kind = :kind) "
    "AND (:membership IS NULL OR membership = :membership) AND (:active IS NULL OR active = :active) "
    "AND (:q IS NULL OR instr(name, :q) > 0 OR instr(short_name, :q) > 0) ORDER BY id LIMIT :limit";
constexpr std::string_view insert_org_sql =
    "INSERT INTO organizations (name, short_name, kind, membership, email, website, language, joined_on, active, "
    "created_at, updated_at) VALUES (:name, :short_name, :kind, :membership, :email, :website, :language, "
    ":joined_on, :active, :now, :now)";
constexpr std::string_view update_org_sql =
    "UPDATE organizations SET name = :name, short_name = :short_name, kind = :kind, membership = :membership, "
    "email = :email, website = :website, language = :language, joined_on = :joined_on, active = :active, "
    "version = version + 1, updated_at = :now WHERE id = :id";
constexpr std::string_view insert_history_sql =
    "INSERT INTO organization_history (organization_id, membership, active, valid_from) "
    "VALUES (:id, :membership, :active, :valid_from)";
constexpr std::string_view move_first_history_sql =
    "UPDATE organization_history SET valid_from = :valid_from WHERE id = "
    "(SELECT min(id) FROM organization_history WHERE organization_id = :id)";
constexpr std::string_view org_history_sql =
    "SELECT EXISTS (SELECT 1 FROM invitations WHERE organization_id = :id) "
    "OR EXISTS (SELECT 1 FROM invited_organizations WHERE organization_id = :id) "
    "OR EXISTS (SELECT 1 FROM attendance WHERE organization_id = :id) "
    "OR EXISTS (SELECT 1 FROM excusals WHERE organization_id = :id) "
    "OR EXISTS (SELECT 1 FROM agenda_items WHERE presenter_organization_id = :id) "
    "OR EXISTS (SELECT 1 FROM tokens WHERE organization_id = :id) "
    "OR EXISTS (SELECT 1 FROM rsvps r JOIN people p ON p.id = r.person_id WHERE p.organization_id = :id)";
constexpr std::string_view delete_org_sql = "DELETE FROM organizations WHERE id = :id";
constexpr std::string_view members_on_sql =
    "SELECT count(*) FROM organizations o WHERE (SELECT h.membership = 'member' AND h.active = 1 "
    "FROM organization_history h WHERE h.organization_id = o.id AND h.valid_from <= :date "
    "ORDER BY h.valid_from DESC, h.id DESC LIMIT 1)";

constexpr std::string_view select_person_sql =
    "SELECT id, organization_id, name, email, phone, position, language, email_consent, erased_at, version, "
    "created_at, updated_at, email_bounced_at IS NOT NULL AS email_bounced FROM people WHERE id = :id";
constexpr std::string_view select_person_ref_sql =
    "SELECT organization_id, name, erased_at IS NOT NULL FROM people WHERE id = ?1";
constexpr std::string_view list_people_sql =
    "SELECT id, organization_id, name, email, phone, position, language, email_consent, erased_at, version, "
    "created_at, updated_at, email_bounced_at IS NOT NULL AS email_bounced FROM people WHERE organization_id = :org AND id > :after ORDER BY id LIMIT :limit";
constexpr std::string_view insert_person_sql =
    "INSERT INTO people (organization_id, name, email, phone, position, language, email_consent, created_at, "
    "updated_at) VALUES (:organization_id, :name, :email, :phone, :position, :language, :email_consent, :now, :now)";
constexpr std::string_view update_person_sql =
    "UPDATE people SET name = :name, email = :email, phone = :phone, position = :position, language = :language, "
    "email_consent = :email_consent, version = version + 1, updated_at = :now WHERE id = :id";
constexpr std::string_view person_history_sql =
    "SELECT EXISTS (SELECT 1 FROM invitations WHERE person_id = :id) "
    "OR EXISTS (SELECT 1 FROM rsvps WHERE person_id = :id) "
    "OR EXISTS (SELECT 1 FROM attendance WHERE person_id = :id) "
    "OR EXISTS (SELECT 1 FROM agenda_items WHERE presenter_person_id = :id)";
constexpr std::string_view delete_person_sql = "DELETE FROM people WHERE id = :id";
constexpr std::string_view erase_person_sql =
    "UPDATE people SET name = NULL, email = NULL, phone = NULL, position = NULL, email_consent = 0, "
    "erased_at = :now, version = version + 1, updated_at = :now WHERE id = :id";

json render_org(SQLite::Statement& s)
{
    auto j = row_object(s);
    j["active"] = j["active"].get<int>() != 0;
    j["created_at"] = domain::format_rfc3339_utc(j["created_at"].get<std::int64_t>());
    j["updated_at"] = domain::format_rfc3339_utc(j["updated_at"].get<std::int64_t>());
    return j;
}

json render_person(SQLite::Statement& s)
{
    auto j = row_object(s);
    j["email_consent"] = j["email_consent"].get<int>() != 0;
    j["erased"] = !j["erased_at"].is_null();
    j["email_bounced"] = j["email_bounced"].get<int>() != 0;
    j.erase("erased_at");
    j["created_at"] = domain::format_rfc3339_utc(j["created_at"].get<std::int64_t>());
    j["updated_at"] = domain::format_rfc3339_utc(j["updated_at"].get<std::int64_t>());
    return j;
}

} // namespace

std::optional<json> find_organization(connection& c, std::int64_t id)
{
    auto& s = c.prepare(select_org_sql);
    s.bind(":id", id);
    if (!s.executeStep())
        return std::nullopt;
    return render_org(s);
}

json list_organizations(connection& c, const org_filter& f, std::int64_t after_id, int limit)
{
    auto& s = c.prepare(list_orgs_sql);
    json p = {{"after", after_id}, {"limit", limit}, {"kind", f.kind ? json(*f.kind) : json()},
              {"membership", f.membership ? json(*f.membership) : json()}, {"q", f.q ? json(*f.q) : json()},
              {"active", f.active ? json(*f.active) : json()}};
    bind_object(c, s, p);
    json items = json::array();
    while (s.executeStep())
        items.push_back(render_org(s));
    return items;
}

std::int64_t insert_organization(connection& c, const json& org, const std::string&)
{
    json p = org;
    p["now"] = domain::now();
    execute(c, insert_org_sql, p);
    auto id = c.last_insert_id();
    // Membership starts on the joining date: earlier meetings never count the organization.
    execute(c, insert_history_sql,
        {{"id", id}, {"membership", org["membership"]}, {"active", org["active"]}, {"valid_from", org["joined_on"]}});
    return id;
}

void update_organization(connection& c, std::int64_t id, const json& before, const json& after, const std::string& today)
{
    json p = after;
    p["id"] = id;
    p["now"] = domain::now();
    execute(c, update_org_sql, p);
    if (before["joined_on"] != after["joined_on"])
        execute(c, move_first_history_sql, {{"id", id}, {"valid_from", after["joined_on"]}});
    if (before["membership"] != after["membership"] || before["active"] != after["active"])
        execute(c, insert_history_sql,
            {{"id", id}, {"membership", after["membership"]}, {"active", after["active"]}, {"valid_from", today}});
    // A deactivated organization's tokens stop writing with the next request, not when the cache ages.
    if (before["active"] != after["active"] || before["name"] != after["name"])
        touch_organization_tokens(c, id);
}

bool organization_has_history(connection& c, std::int64_t id) { return query_int(c, org_history_sql, {{"id", id}}) != 0; }

void delete_organization(connection& c, std::int64_t id) { execute(c, delete_org_sql, {{"id", id}}); }

std::int64_t member_organizations_on(connection& c, const std::string& date)
{
    return query_int(c, members_on_sql, {{"date", date}});
}

std::optional<json> find_person(connection& c, std::int64_t id)
{
    auto& s = c.prepare(select_person_sql);
    s.bind(":id", id);
    if (!s.executeStep())
        return std::nullopt;
    return render_person(s);
}

std::optional<person_ref> find_person_ref(connection& c, std::int64_t id)
{
    auto& s = c.prepare(select_person_ref_sql);
    s.bind(1, id);
    if (!s.executeStep())
        return std::nullopt;
    return person_ref{id, s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getInt() != 0};
}

json list_people(connection& c, std::int64_t organization_id, std::int64_t after_id, int limit)
{
    auto& s = c.prepare(list_people_sql);
    bind_object(c, s, {{"org", organization_id}, {"after", after_id}, {"limit", limit}});
    json items = json::array();
    while (s.executeStep())
        items.push_back(render_person(s));
    return items;
}

std::int64_t insert_person(connection& c, std::int64_t organization_id, const json& person)
{
    json p = person;
    p["organization_id"] = organization_id;
    p["now"] = domain::now();
    execute(c, insert_person_sql, p);
    return c.last_insert_id();
}

void update_person(connection& c, std::int64_t id, const json& person)
{
    json p = person;
    p["id"] = id;
    p["now"] = domain::now();
    execute(c, update_person_sql, p);
}

bool person_has_history(connection& c, std::int64_t id) { return query_int(c, person_history_sql, {{"id", id}}) != 0; }

void delete_person(connection& c, std::int64_t id)
{
    scrub_personal_data(c, id); // others' notes, audit values, stored answers may name the person
    execute(c, delete_person_sql, {{"id", id}});
}

void erase_person(connection& c, std::int64_t id)
{
    scrub_personal_data(c, id); // before the row's own values go: they are what is looked for
    execute(c, erase_person_sql, {{"id", id}, {"now", domain::now()}});
}

} // namespace sanaksme::store

namespace sanaksme::store {

namespace {
constexpr std::string_view name_taken_sql = "SELECT count(*) FROM organizations WHERE name = :name AND id != :id";
}

bool organization_name_taken(connection& c, const std::string& name, std::int64_t except_id)
{
    return query_int(c, name_taken_sql, {{"name", name}, {"id", except_id}}) > 0;
}

} // namespace sanaksme::store
