// A CSV import's rows checked one by one, and against each other for duplicates.
#include "domain/person_import.hpp"

#include "domain/address.hpp"
#include "domain/person.hpp"

#include <algorithm>

namespace sanaksme::domain {

namespace {

std::string lower_ascii(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

// Characters, not bytes, as the API's schema counts them ("Ņ" is one).
std::size_t characters(const std::string& s)
{
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

// The API's rules for a person's fields (domain/person); an empty phone is no phone.
bool phone_ok(const std::string& phone)
{
    return phone.empty() || (characters(phone) <= person_phone_max && valid_phone(phone));
}

} // namespace

std::vector<import_checked> check_import(const std::vector<import_person>& rows,
                                         const std::function<std::optional<std::int64_t>(const std::string&)>& organization_of,
                                         const std::set<std::string>& existing_emails)
{
    std::vector<import_checked> out;
    std::set<std::string> seen;
    for (const auto& p : rows) {
        import_checked c;
        if (p.name.empty() || characters(p.name) > person_name_max)
            c.errors.push_back({"name", import_problem::name_missing});
        bool email_ok = p.email.empty() || (p.email.find('@') != std::string::npos && ascii_address(p.email));
        if (!email_ok)
            c.errors.push_back({"email", import_problem::email_invalid});
        if (!phone_ok(p.phone))
            c.errors.push_back({"phone", import_problem::phone_invalid});
        if (characters(p.position) > person_position_max)
            c.errors.push_back({"position", import_problem::position_too_long});
        c.organization_id = organization_of(p.organization);
        if (!c.organization_id)
            c.errors.push_back({"organization", import_problem::organization_unknown});
        if (email_ok && !p.email.empty()) {
            auto key = lower_ascii(p.email);
            if (existing_emails.count(key))
                c.errors.push_back({"email", import_problem::duplicate_existing});
            else if (!seen.insert(key).second)
                c.errors.push_back({"email", import_problem::duplicate_in_file});
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace sanaksme::domain
