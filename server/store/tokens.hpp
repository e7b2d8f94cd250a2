#pragma once
// API tokens: only the SHA-256 of the secret is stored.
#include "store/database.hpp"

#include <optional>

namespace sanaksme::store {

std::int64_t insert_token(connection& c, const std::string& name, const std::string& role,
                          std::optional<std::int64_t> organization_id, const std::string& secret_sha256);
std::optional<json> find_token(connection& c, std::int64_t id);
json list_tokens(connection& c, std::int64_t after_id, int limit);
void revoke_token(connection& c, std::int64_t id);
std::int64_t active_coordinator_tokens(connection& c);
void revoke_organization_tokens(connection& c, std::int64_t organization_id);

} // namespace sanaksme::store
