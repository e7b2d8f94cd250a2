#pragma once
// Organizations, their membership history, and their people.
#include "store/database.hpp"

#include <optional>

namespace sanaksme::store {

struct org_filter {
    std::optional<std::string> kind, membership, q;
    std::optional<bool> active;
};

std::optional<json> find_organization(connection& c, std::int64_t id);
json list_organizations(connection& c, const org_filter& f, std::int64_t after_id, int limit);
std::int64_t insert_organization(connection& c, const json& org, const std::string& today);
void update_organization(connection& c, std::int64_t id, const json& before, const json& after, const std::string& today);
bool organization_has_history(connection& c, std::int64_t id);
void delete_organization(connection& c, std::int64_t id);
// Member organizations (active, membership = member) on a date, from the history.
std::int64_t member_organizations_on(connection& c, const std::string& date);

std::optional<json> find_person(connection& c, std::int64_t id);
// Who a person is for the rules of a write, typed (the RSVP and check-in hot paths).
struct person_ref {
    std::int64_t id = 0, organization_id = 0;
    std::string name;
    bool erased = false;
};
std::optional<person_ref> find_person_ref(connection& c, std::int64_t id);
json list_people(connection& c, std::int64_t organization_id, std::int64_t after_id, int limit);
std::int64_t insert_person(connection& c, std::int64_t organization_id, const json& person);
void update_person(connection& c, std::int64_t id, const json& person);
bool person_has_history(connection& c, std::int64_t id);
void delete_person(connection& c, std::int64_t id);
void erase_person(connection& c, std::int64_t id);

} // namespace sanaksme::store

namespace sanaksme::store {
bool organization_name_taken(connection& c, const std::string& name, std::int64_t except_id);
}
