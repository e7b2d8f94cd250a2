#pragma once
// The rules of a CSV import of people, row by row, before anything is written: a name, an
// address that mail can go to, a known organization, no person twice (in the file or already
// there). The same limits as a person added one at a time on the organization's page. No I/O.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sanaksme::domain {

struct import_person {
    std::string name, email, phone, position, organization;
};

enum class import_problem {
    name_missing,          // empty, or over 200 characters
    email_invalid,         // not an address (empty is allowed: a person without email)
    phone_invalid,         // other than digits, spaces and + ( ) - ., or over 40
    position_too_long,     // over 300 characters
    organization_unknown,  // no active organization of that name
    duplicate_in_file,     // the same address on an earlier row
    duplicate_existing,    // a person with that address exists already
};

struct import_error {
    std::string field; // name, email, phone, position, organization
    import_problem problem;
};

struct import_checked {
    std::optional<std::int64_t> organization_id;
    std::vector<import_error> errors;
};

// Each row's organization and errors, in the file's order. `organization_of` finds an active
// organization by the name as typed; `existing_emails` holds addresses in lower case.
std::vector<import_checked> check_import(const std::vector<import_person>& rows,
                                         const std::function<std::optional<std::int64_t>(const std::string&)>& organization_of,
                                         const std::set<std::string>& existing_emails);

} // namespace sanaksme::domain
