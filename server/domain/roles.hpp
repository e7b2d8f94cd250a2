#pragma once
// Who holds the coordinator's role: a change that takes it from its last holder (a web account
// removed or demoted, a coordinator token revoked) would lock everyone out of the platform's settings.
#include <cstdint>
#include <string_view>

namespace sanaksme::domain {

// `role_after` is "" when the holder goes away; `coordinators` counts the active holders now.
inline bool leaves_no_coordinator(std::string_view role_before, std::string_view role_after, std::int64_t coordinators)
{
    return role_before == "coordinator" && role_after != "coordinator" && coordinators <= 1;
}

} // namespace sanaksme::domain
