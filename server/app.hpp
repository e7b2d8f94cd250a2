#pragma once
// The application: configuration, the database, metrics, caches; handlers get its handler_env.
#include "auth/link_keys.hpp"
#include "auth/token_cache.hpp"
#include "config.hpp"
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
    handler_env env{db, cfg, link_keys, mail_notifier(poke_mail), metrics};
};

// Keys a database written before the key file still holds go into the key file (synced), and
// only then out of the database: links already sent stay valid. Nothing to do the next time.
void move_link_keys_out(store::database& db, auth::link_keys& keys);

} // namespace sanaksme
