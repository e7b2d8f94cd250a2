#pragma once
// Who gets which message, rendered in their language with personal signed links.
#include "mail/outbox.hpp"
#include "render/mime.hpp"
#include "store/database.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sanaksme {
struct config;
}

namespace sanaksme::mail {

using store::json;

struct compose_settings {
    std::string public_url;
    render::mailbox from;
    render::mailbox reply_to; // the platform's contact: where replies and calendar answers go
    std::vector<std::string> secrets; // link-signing, newest first
    std::int64_t reminder_gap_seconds = domain::burst_window_seconds;
};

compose_settings settings_from(const config& cfg, std::vector<std::string> secrets);
render::mailbox parse_mailbox(const std::string& text); // "Name <a@b>" or "a@b"

struct generate_request {
    std::string kind;  // invitation, reminder, rsvp_nudge, minutes
    std::string label; // tells scheduled runs apart (e.g. "7d"); empty for manual ones
    std::optional<std::string> test_to;
    bool dry_run = false;
    // A file every recipient of one language gets (the minutes' PDF), made once per language.
    std::function<std::optional<render::attachment>(const std::string& lang)> attachment;
    // A ledger shared by several runs (the schedule's, so a dry run weighs what it would queue); else read here.
    ledger_map* ledger = nullptr;
};

struct generate_result {
    int created = 0, duplicates = 0, skipped_no_email = 0, skipped_no_consent = 0;
    int skipped_recent = 0; // held back by the burst rule (domain/reminders)
    json planned = json::array(); // {kind, to, language, subject} of each new message
    std::string first_message;    // a dry run: the first recipient's message as it would go
    json to_json() const;
};

// Renders one message per recipient into the outbox (or, dry, only says what it would add).
generate_result generate(store::connection& c, const json& meeting_row, const generate_request& r,
                         const compose_settings& s);

// Personal links, also used by the pages.
std::string rsvp_link(const compose_settings& s, const json& meeting_row, std::int64_t person_id);
std::string checkin_link(const compose_settings& s, const json& meeting_row, std::int64_t person_id);
std::string unsubscribe_link(const compose_settings& s, std::int64_t person_id);
// The minutes of the meeting as a page (with their PDF), for whoever got the email; no token.
inline constexpr std::int64_t minutes_link_days = 365;
std::string minutes_link(const compose_settings& s, const json& meeting_row, std::int64_t person_id);
// The person's own calendar feed (with the online link and descriptions), valid for a year.
std::string calendar_link(const compose_settings& s, std::int64_t person_id);

} // namespace sanaksme::mail
