#pragma once
// What a CSV import of people checks its rows against: the active organizations by name and the
// addresses people have already.
#include "store/database.hpp"

#include <map>
#include <set>

namespace sanaksme::store {

// Active organizations: name → id.
std::map<std::string, std::int64_t> active_organization_ids_by_name(connection& c);
// Addresses of people not erased, in lower case.
std::set<std::string> person_emails_lowercase(connection& c);

} // namespace sanaksme::store
