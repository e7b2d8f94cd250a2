// The burst rule for reminders and nudges.
#include "domain/reminders.hpp"

namespace sanaksme::domain {

namespace {

bool is_reminder(const std::string& kind) { return kind == "reminder" || kind == "rsvp_nudge"; }

bool is_invitation(const std::string& kind) { return kind == "invitation" || kind == "cancellation"; }

} // namespace

send_verdict may_send(const std::string& kind, std::int64_t meeting_id, const std::optional<std::string>& response,
                      const std::vector<ledger_entry>& ledger, std::int64_t now, std::int64_t gap)
{
    if (kind == "reminder" && response == "no")
        return send_verdict::not_wanted;
    if (kind == "rsvp_nudge" && response)
        return send_verdict::not_wanted;
    if (!is_reminder(kind))
        return send_verdict::send;
    for (const auto& e : ledger)
        if (e.meeting_id == meeting_id && (is_reminder(e.kind) || is_invitation(e.kind)) &&
            e.at > now - gap)
            return send_verdict::too_soon;
    return send_verdict::send;
}

} // namespace sanaksme::domain
