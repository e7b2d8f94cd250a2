#pragma once
// One-time sign-in links: signed (the link keys of auth/links), single use, 15 minutes.
#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sanaksme::web {

inline constexpr std::int64_t signin_link_seconds = 15 * 60;

// Records a new link for the account and returns its URL under `public_url`.
std::string new_signin_link(store::connection& c, std::int64_t account_id, const std::string& public_url,
                            const std::string& secret, std::int64_t now);

} // namespace sanaksme::web
