#pragma once
// The web interface's accounts (who may sign in, with which role), one-time sign-in links and
// sessions (stored as hashes of their ids).
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sanaksme::store {

struct web_account {
    std::int64_t id = 0;
    std::string email, name;
    std::string role; // coordinator, organizer, member (a representative of organization_id)
    std::optional<std::int64_t> organization_id;
    std::string organization_name;
    bool organization_active = true;
    std::optional<std::string> language;
    bool active = true;
};

std::optional<web_account> find_web_account(connection& c, std::int64_t id);
// Active accounts only: a deactivated one cannot ask for a link.
std::optional<web_account> find_web_account_by_email(connection& c, const std::string& email);
std::int64_t insert_web_account(connection& c, const std::string& email, const std::string& name, const std::string& role,
                                std::optional<std::int64_t> organization_id, std::int64_t now);

std::int64_t insert_signin_link(connection& c, std::int64_t account_id, std::int64_t now, std::int64_t expires_at);
// Links made for the account since `since` (a throttle: nobody's inbox is flooded from the form).
std::int64_t signin_links_since(connection& c, std::int64_t account_id, std::int64_t since);
// Removes links and sessions that ended (expired or revoked) before `before`.
void forget_ended_web_sessions(connection& c, std::int64_t before);
// Whether the link is still unused and unexpired (the confirm page reads it; it never consumes).
bool signin_link_open(connection& c, std::int64_t link_id, std::int64_t account_id, std::int64_t now);
// Marks the link used: false when it was used already, expired, or names another account.
bool consume_signin_link(connection& c, std::int64_t link_id, std::int64_t account_id, std::int64_t now);

void insert_web_session(connection& c, std::int64_t account_id, const std::string& secret_sha256, std::int64_t now,
                        std::int64_t expires_at);
// The account behind a live session (unexpired, unrevoked, the account active).
std::optional<web_account> find_web_session(connection& c, const std::string& secret_sha256, std::int64_t now);
void revoke_web_session(connection& c, const std::string& secret_sha256, std::int64_t now);

// The coordinator's accounts page: every account, with how many live sessions it has.
struct web_account_row {
    web_account account;
    std::int64_t live_sessions = 0;
};
std::vector<web_account_row> list_web_accounts(connection& c, std::int64_t now);
// Active coordinator accounts (the last one may not be removed or demoted).
std::int64_t active_coordinator_accounts(connection& c);
void set_web_account_role(connection& c, std::int64_t id, const std::string& role,
                          std::optional<std::int64_t> organization_id, std::int64_t now);
// Removes the account with its links and sessions (ON DELETE CASCADE): its address may be added again.
void delete_web_account(connection& c, std::int64_t id);
// Revokes every live session of the account: each is signed out at its next request. The count revoked.
std::int64_t revoke_web_account_sessions(connection& c, std::int64_t id, std::int64_t now);

} // namespace sanaksme::store
