#pragma once
// The settings table. It held the link-signing keys until they moved to their own file
// (auth/link_keys.hpp); what is read here is only to move them out.
#include "store/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sanaksme::store {

// The keys a database written before the key file still holds, newest first.
std::optional<std::vector<std::string>> legacy_link_secrets(connection& c);
// Deletes them, overwriting the freed space (secure_delete) so the file keeps no copy.
void forget_legacy_link_secrets(connection& c);

} // namespace sanaksme::store
