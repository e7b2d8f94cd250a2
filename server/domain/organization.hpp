#pragma once
// An organization's fields (the lengths and choices the API's schema and the web form allow) and
// the rule that two organizations do not share a name. No I/O.
#include "domain/error.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace sanaksme::domain {

inline constexpr std::size_t organization_name_max = 200;
inline constexpr std::size_t organization_short_name_max = 50;
inline constexpr std::array<std::string_view, 5> organization_kinds{"ngo", "public_body", "municipality", "international", "other"};
inline constexpr std::array<std::string_view, 3> memberships{"member", "observer", "guest"};

// The conflict of a name another organization has (field "name": "is taken").
inline error organization_name_taken(const std::string& name)
{
    return {error_kind::conflict, "An organization named '" + name + "' exists already.", {{"name", "is taken"}}};
}

} // namespace sanaksme::domain
