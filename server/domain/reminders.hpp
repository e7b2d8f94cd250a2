#pragma once
// The burst rule: whether a message may be queued for a person now, given what they had lately. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sanaksme::domain {

// A message already queued (pending) or sent to the person about one meeting, and when.
struct ledger_entry {
    std::string kind; // invitation, cancellation, reminder, rsvp_nudge, minutes
    std::int64_t meeting_id = 0;
    std::int64_t at = 0;
};

enum class send_verdict {
    send,
    not_wanted, // a reminder to someone who said no, a nudge to someone who answered
    too_soon,   // within 24 h of their invitation or of another reminder for the meeting
};

constexpr std::int64_t burst_window_seconds = 86400; // the default gap (--reminder-gap-hours 24)

// `kind` of the candidate message, the person's answer (empty optional: none yet) and their ledger.
// Invitations, updates, cancellations and minutes always go; reminders and nudges (both count as
// reminders) never within `gap` seconds of the person's invitation or another reminder for the same
// meeting, so a manual run and the schedule together send at most one of a kind per day.
send_verdict may_send(const std::string& kind, std::int64_t meeting_id, const std::optional<std::string>& response,
                      const std::vector<ledger_entry>& ledger, std::int64_t now,
                      std::int64_t gap = burst_window_seconds);

} // namespace sanaksme::domain
