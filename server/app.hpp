#pragma once
// The application: configuration, the database, metrics, caches; handlers get its handler_env.
#include "auth/link_keys.hpp"
#include "auth/token_cache.hpp"
#include "handler_env.hpp"
#include "http/metrics.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sanaksme {

struct config {
    std::string db_path;
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 2;
    std::size_t body_limit = 1 << 20;
    std::size_t header_limit = 16 * 1024;
    int read_timeout_seconds = 30;
    std::size_t max_connections = 4096;
    bool metrics_public = true;
    std::string public_url = "http://127.0.0.1:8080"; // mail::default_public_url
    std::string smtp_url, smtp_user, smtp_password, mail_from = "Sanāksme <no-reply@localhost.localdomain>";
    std::string reply_to; // the platform's contact, "Name <address>"; empty: replies go to mail_from
    int mail_retry_seconds = 60; // first retry; doubles each time
    int mail_max_attempts = 6;
    int mail_interval_seconds = 30;
    bool scheduler = true;
    std::vector<int> reminder_days{7, 1};
    int reminder_gap_hours = 24; // no reminder or nudge this soon after a person's invitation or last reminder
    std::string link_key_file; // empty: <db_path>.key
    std::uint64_t ready_min_free_mb = 64; // /readyz fails with less free disk than this
};

class app {
public:
    // Moves link keys a database still holds into the key file (see move_link_keys_out).
    explicit app(config c);
    config cfg;
    store::database db;
    auth::link_keys link_keys;
    http::metrics metrics;
    auth::token_cache tokens;
    http::response_cache responses;
    // Wakes the mail worker after messages were queued (set by `serve`; a no-op elsewhere).
    std::function<void()> poke_mail = [] {};
    // The web interface's page table, asked when no API route matches; set by the binary, since
    // the web layer sits above this one (null: no pages).
    const http::router* pages = nullptr;
    // The part of all this a handler receives (server/handler_env.hpp).
    handler_env env{db, cfg, link_keys, mail_notifier(poke_mail)};
};

// Keys a database written before the key file still holds go into the key file (synced), and
// only then out of the database: links already sent stay valid. Nothing to do the next time.
void move_link_keys_out(store::database& db, auth::link_keys& keys);

} // namespace sanaksme
