#pragma once
// A person's fields: the lengths the API's schema and the web form allow, and what a phone number
// may hold. No I/O.
#include <cstddef>
#include <string_view>

namespace sanaksme::domain {

inline constexpr std::size_t person_name_max = 200;
inline constexpr std::size_t person_phone_max = 40;
inline constexpr std::size_t person_position_max = 300;

// Not empty, and digits, spaces and + ( ) - . only.
bool valid_phone(std::string_view phone);
// Throws invalid_field("phone", …) when the phone is not valid_phone.
void require_valid_phone(std::string_view phone);

} // namespace sanaksme::domain
