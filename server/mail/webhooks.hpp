#pragma once
// The webhook worker: a thread that sends due deliveries with libcurl's multi interface, signed
// as Standard Webhooks says, a bounded number at a time, each with its own timeout, so no
// receiver holds up another and no request ever waits for one. Failed attempts back off
// exponentially; a subscription failing for the give-up window is disabled and logged.
#include "render/mime.hpp"
#include "store/database.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace sanaksme::mail {

struct webhook_settings {
    std::string public_url;            // the base of each event's link
    int max_in_flight = 16;            // sends at once, over all subscriptions
    int max_per_subscription = 4;      // of which one subscription may hold
    int timeout_ms = 10000;            // a whole attempt, connecting included
    std::int64_t retry_base_ms = 5000; // the first retry's wait; doubles (domain::webhook_retry_delay_ms)
    std::int64_t give_up_ms = 24LL * 3600 * 1000;
    int poll_ms = 500;                 // how soon a queued event is seen
    render::mailbox from, contact;     // the notice of a disabled subscription goes to the platform's contact
};

// Queues the notice that a failing subscription was disabled (Latvian, then English), to the contact.
void queue_disabled_notice(store::connection& c, const webhook_settings& s, std::int64_t subscription_id,
                           const std::string& url);

// The JSON body of a delivery: type, timestamp, and data {resource, id, version, link}.
std::string webhook_body(const std::string& public_url, const std::string& type, const std::string& resource,
                         std::int64_t resource_id, std::int64_t version, std::int64_t created_ms);

class webhook_worker {
public:
    webhook_worker(store::database& db, webhook_settings s);
    ~webhook_worker();
    void start();
    void stop();

private:
    void loop();
    store::database& db_;
    webhook_settings settings_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    void* multi_ = nullptr; // CURLM, woken by stop()
    std::mutex multi_mutex_;
};

} // namespace sanaksme::mail
