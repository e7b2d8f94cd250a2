#pragma once
// Who gets which message (queued as what it is), and the message rendered when it goes: in the
// person's language with personal signed links, from the meeting and settings of that moment.
#include "render/mime.hpp"
#include "store/outbox.hpp"

#include <functional>
#include <map>
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
    // Set: each message's reply address reply+<tag>@ this domain is its envelope sender and its
    // calendar ORGANIZER, so bounces and calendar answers come back through LMTP (mail/inbound).
    std::string reply_domain;
};

compose_settings settings_from(const config& cfg, std::vector<std::string> secrets);
render::mailbox parse_mailbox(const std::string& text); // "Name <a@b>" or "a@b"

struct generate_request {
    std::string kind;  // invitation, reminder, rsvp_nudge, minutes
    std::string label; // tells scheduled runs apart (e.g. "7d"); empty for manual ones
    std::optional<std::string> test_to;
    bool dry_run = false;
    std::string attachment; // "minutes_pdf": the minutes' PDF goes with it, made when it is sent
    // A ledger shared by several runs (the schedule's, so a dry run weighs what it would queue); else read here.
    store::ledger_map* ledger = nullptr;
    std::optional<std::int64_t> only_person; // one invitee's message, not everyone's
};

inline constexpr std::string_view minutes_pdf_attachment = "minutes_pdf";

// Makes the file a message carries (the minutes' PDF of a meeting in a language), or nothing.
using attachment_source =
    std::function<std::optional<render::attachment>(store::connection&, const json& meeting_row, const std::string& lang)>;

struct rendered_message {
    std::string subject, bytes;
    std::string envelope_from; // the reply address, or empty: the configured sender
};

// Renders queued messages (store::message_facts rows) as they go now; the files they carry are
// made once per meeting and language for the renderer's life (one batch of the worker).
class message_renderer {
public:
    message_renderer(compose_settings s, attachment_source attachments);
    rendered_message render(store::connection& c, const json& facts, std::int64_t now);

private:
    compose_settings settings_;
    attachment_source attachments_;
    std::map<std::pair<std::int64_t, std::string>, std::optional<render::attachment>> made_;
};

struct generate_result {
    int created = 0, duplicates = 0, skipped_no_email = 0, skipped_no_consent = 0;
    int skipped_recent = 0; // held back by the burst rule (domain/reminders)
    json planned = json::array(); // {kind, to, language, subject} of each new message
    std::string first_message;    // a dry run: the first recipient's message as it would go
    json to_json() const;
};

// Queues one message per recipient (or, dry, only says what it would add and renders the first).
generate_result generate(store::connection& c, const json& meeting_row, const generate_request& r,
                         const compose_settings& s);

// Tells each person promoted from the waiting list that a place is theirs (kind waitlist_promoted,
// in their language), queued in the caller's write.
void queue_promotion_notices(store::connection& c, std::int64_t meeting_id, const std::vector<std::int64_t>& person_ids,
                             const compose_settings& s);

// Personal links, also used by the pages.
std::string rsvp_link(const compose_settings& s, const json& meeting_row, std::int64_t person_id);
std::string checkin_link(const compose_settings& s, const json& meeting_row, std::int64_t person_id);
// Joins the meeting's call (online_url) and records online attendance; a GET page, the button posts.
std::string online_link(const compose_settings& s, const json& meeting_row, std::int64_t person_id);
std::string unsubscribe_link(const compose_settings& s, std::int64_t person_id);
// The minutes of the meeting as a page (with their PDF), for whoever got the email; no token.
inline constexpr std::int64_t minutes_link_days = 365;
std::string minutes_link(const compose_settings& s, const json& meeting_row, std::int64_t person_id);
// The person's own calendar feed (with the online link and descriptions), valid for a year.
std::string calendar_link(const compose_settings& s, std::int64_t person_id);
// A paper of the meeting for this person (opens members' papers without a token; valid as long as the minutes link).
std::string paper_link(const compose_settings& s, const json& meeting_row, std::int64_t paper_id, std::int64_t person_id);

} // namespace sanaksme::mail
