#pragma once
// API tokens: only the SHA-256 of the secret is stored.
#include "auth/principal.hpp"
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
// Who calls with the token of this hash (not revoked), with its organization and whether that is active.
std::optional<auth::principal> find_principal(connection& c, const std::string& secret_sha256);
// Token lookups are cached with their organization's name and activity: a change of either must
// start a new generation of that cache (a write to the tokens table does).
void touch_organization_tokens(connection& c, std::int64_t organization_id);
// Sets the token's last_used_at to `now` when it is unset or a minute old (store::audit calls it
// for every write by a token). Each connection remembers its marks (connection::token_marks) and
// skips the statement within the minute; a rollback makes it forget them.
void mark_token_used(connection& c, std::int64_t token_id, std::int64_t now);

} // namespace sanaksme::store
