// The records a CSV import of people is checked against.
#include "store/people_import.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view active_organizations_sql = "SELECT id, name FROM organizations WHERE active = 1";
constexpr std::string_view person_emails_sql =
    "SELECT DISTINCT lower(email) AS email FROM people WHERE email IS NOT NULL AND erased_at IS NULL";

} // namespace

std::map<std::string, std::int64_t> active_organization_ids_by_name(connection& c)
{
    std::map<std::string, std::int64_t> out;
    for (const auto& row : query_all(c, active_organizations_sql, json::object()))
        out.emplace(row["name"].get<std::string>(), row["id"].get<std::int64_t>());
    return out;
}

std::set<std::string> person_emails_lowercase(connection& c)
{
    std::set<std::string> out;
    for (const auto& row : query_all(c, person_emails_sql, json::object()))
        out.insert(row["email"].get<std::string>());
    return out;
}

} // namespace sanaksme::store
