#pragma once
// Who is calling: the token's identity and role. Roles are ordered member < organizer < coordinator.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanaksme::auth {

enum class role { member = 1, organizer = 2, coordinator = 3 };

std::string_view to_string(role r);
std::optional<role> role_from(std::string_view s);

struct principal {
    std::int64_t token_id = 0;
    std::string name;
    role role_ = role::member;
    std::optional<std::int64_t> organization_id; // members only
    std::string organization_name;               // members only
    bool organization_active = true;             // members: false once their organization is deactivated

    bool at_least(role r) const { return static_cast<int>(role_) >= static_cast<int>(r); }
};

} // namespace sanaksme::auth
