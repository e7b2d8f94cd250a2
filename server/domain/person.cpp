// What a person's phone number may hold.
#include "domain/person.hpp"

#include "domain/error.hpp"

#include <algorithm>

namespace sanaksme::domain {

bool valid_phone(std::string_view phone)
{
    return !phone.empty() && std::all_of(phone.begin(), phone.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || ch == '+' || ch == ' ' || ch == '(' || ch == ')' || ch == '-' || ch == '.';
    });
}

void require_valid_phone(std::string_view phone)
{
    if (!valid_phone(phone))
        throw invalid_field("phone", "must hold digits, spaces and + ( ) - . only");
}

} // namespace sanaksme::domain
