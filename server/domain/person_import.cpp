// A CSV import's rows checked one by one, and against each other for duplicates.
#include "domain/person_import.hpp"

#include "domain/address.hpp"

#include <algorithm>

namespace sanaksme::domain {

namespace {

std::string lower_ascii(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

bool phone_ok(const std::string& phone)
{
    return phone.size() <= 40 && std::all_of(phone.begin(), phone.end(), [](char ch) {
               return (ch >= '0' && ch <= '9') || ch == '+' || ch == ' ' || ch == '(' || ch == ')' || ch == '-' || ch == '.';
           });
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
        if (p.name.empty() || p.name.size() > 200)
            c.errors.push_back({"name", import_problem::name_missing});
        bool email_ok = p.email.empty() || (p.email.find('@') != std::string::npos && ascii_address(p.email));
        if (!email_ok)
            c.errors.push_back({"email", import_problem::email_invalid});
        if (!phone_ok(p.phone))
            c.errors.push_back({"phone", import_problem::phone_invalid});
        if (p.position.size() > 300)
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
