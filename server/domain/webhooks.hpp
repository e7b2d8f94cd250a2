#pragma once
// Webhooks' rules: which events exist and which change makes which, the URLs and secrets a
// subscription may have, and when a failed delivery is tried again or given up. No I/O.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::domain {

// Every event a subscription may ask for; a new event is one more line here (and its mapping).
inline constexpr std::array<std::string_view, 10> webhook_events{
    "meeting.scheduled", "meeting.updated",   "meeting.cancelled", "meeting.held",  "rsvp.changed",
    "attendance.changed", "minutes.circulated", "minutes.approved", "person.erased", "decision.recorded",
};
bool known_webhook_event(std::string_view type);

// What an audited change tells subscribers, if anything: the event type and the resource whose
// events go in order ("meeting" or "person"). `before_status`/`after_status`: a meeting's status
// (or the minutes' status for minutes_save) where the change has one.
struct webhook_event {
    std::string_view type;
    std::string_view resource;
};
std::optional<webhook_event> webhook_event_for(std::string_view action, std::string_view resource,
                                               std::string_view before_status, std::string_view after_status);

// https anywhere; http only to a loopback host (a receiver on the same machine, tests). Throws
// invalid_field("url", …) otherwise.
void check_webhook_url(std::string_view url);
// The events of a subscription: known, at least one, each once. Throws invalid_field("events", …).
void check_webhook_events(const std::vector<std::string>& events);
// Standard Webhooks secrets: "whsec_" and the base64 of 24 to 64 random bytes. Throws
// invalid_field("secret", …). Returns the key bytes' base64 (the part after the prefix).
std::string_view check_webhook_secret(std::string_view secret);

// The wait before attempt n+1 after n failed attempts: base · 2^(n-1), at most an hour.
std::int64_t webhook_retry_delay_ms(int failed_attempts, std::int64_t base_ms);
// Retries go on for this long after a delivery's first failure; a subscription failing this long
// without one success is disabled.
inline constexpr std::int64_t webhook_give_up_ms = 24LL * 3600 * 1000;
// Webhook times are milliseconds since the epoch: retries back off from bases shorter than a second.
std::int64_t now_ms();
// A 2xx answer is a delivery; anything else, or none, is a failed attempt.
inline bool webhook_delivered(int status) { return status >= 200 && status < 300; }

} // namespace sanaksme::domain
