#pragma once
// What a handler may use besides its request: the database, the settings, the link-signing keys
// and a notifier that wakes the mail worker; the metrics only for GET /metrics, which renders them.
// Not the caches or the server: those are dispatch's.
#include "auth/link_keys.hpp"
#include "config.hpp"
#include "http/metrics.hpp"
#include "store/database.hpp"

#include <functional>

namespace sanaksme {

// Wakes the mail worker after messages were queued, so they leave now rather than at its next round.
class mail_notifier {
public:
    explicit mail_notifier(const std::function<void()>& poke) : poke_(&poke) {}
    void messages_queued() const { (*poke_)(); }

private:
    const std::function<void()>* poke_;
};

struct handler_env {
    store::database& db;
    const config& settings;
    auth::link_keys& link_keys;
    mail_notifier mail;
    const http::metrics& metrics; // read by GET /metrics only
};

} // namespace sanaksme
