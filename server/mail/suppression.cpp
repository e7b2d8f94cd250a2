// The send-time checks of a queued message.
#include "mail/suppression.hpp"

#include "domain/address.hpp"

#include <cctype>

namespace sanaksme::mail {

std::optional<std::string> suppression_reason(const json& due)
{
    // A message about a meeting deleted since cannot be rendered (one stored whole still can go).
    if (due["meeting_status"].is_null() && due["stored_message"].is_null())
        return "meeting_deleted";
    if (due["test"].get<std::int64_t>() != 0 || due["person_id"].is_null())
        return std::nullopt;
    if (due["known"].is_null() || !due["erased_at"].is_null())
        return "erased";
    if (due["email_consent"].get<std::int64_t>() == 0)
        return "no_consent";
    // Compared as sent: an IDN domain goes out as punycode, and case does not tell addresses apart.
    auto lower = [](std::string t) {
        for (auto& ch : t)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return t;
    };
    auto now_to = due["person_email"].is_string() ? domain::ascii_address(due["person_email"].get<std::string>()) : std::nullopt;
    if (!now_to || lower(*now_to) != lower(due["to_address"].get<std::string>()))
        return "address_changed";
    // Bounced (a hard bounce, or soft ones past the limit): no more mail until the address changes.
    if (due["email_bounced_at"].is_number_integer())
        return "bounced";
    // A meeting cancelled after queueing: its invitations and reminders no longer hold (the
    // cancellation notice is a message of its own kind and goes).
    if (due["meeting_status"] == "cancelled" &&
        (due["kind"] == "invitation" || due["kind"] == "reminder" || due["kind"] == "rsvp_nudge"))
        return "meeting_cancelled";
    // Rendered when sent, an older invitation would repeat the newer one queued after a change.
    if ((due["kind"] == "invitation" || due["kind"] == "cancellation") && due["superseded"] == 1)
        return "superseded";
    // The answer may have come after queueing: a nudge to someone who answered, a reminder to a "no".
    if (due["kind"] == "rsvp_nudge" && due["response"].is_string())
        return "answered";
    if (due["kind"] == "reminder" && due["response"] == "no")
        return "declined";
    return std::nullopt;
}

} // namespace sanaksme::mail
