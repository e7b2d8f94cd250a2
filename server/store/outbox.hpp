#pragma once
// The durable outbox: what each message is, its state, and the bytes of what went out (zlib).
#include "domain/reminders.hpp"
#include "store/database.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::store {

// A message as queued: rendered only when it is sent.
struct queued_message {
    std::optional<std::int64_t> meeting_id, person_id;
    std::string kind, dedupe_key, to_address, language, subject, message_id;
    std::int64_t sequence = 0;
    std::string attachment; // "" or "minutes_pdf"
    bool test = false;
    // Bytes made when queued, sent as they are: only for a message about no meeting and no member
    // whose content exists only at that moment (a one-time sign-in link).
    std::optional<std::string> message;
};

// False when a message with the same dedupe key exists already.
bool queue_message(connection& c, const queued_message& m);
bool message_queued(connection& c, const std::string& dedupe_key);
json outbox_entries(connection& c, const json& filters, std::int64_t after_id, int limit);
std::optional<json> outbox_entry(connection& c, std::int64_t id);
// The bytes that went out (or, queued before messages were rendered at send time, were stored);
// nothing for a message rendered only when it goes.
std::optional<std::string> kept_message(connection& c, std::int64_t id);
// What a message is, with the facts that decide whether and how it goes now: the person's consent,
// erasure, address, name and answer, and the meeting's status. Any state; nothing when unknown.
std::optional<json> message_facts(connection& c, std::int64_t id);
// The ids of messages due now, oldest first.
std::vector<std::int64_t> due_message_ids(connection& c, std::int64_t now, int limit);
// Claims a pending message for delivery (pending → sending); false when it is no longer pending.
bool claim_for_sending(connection& c, std::int64_t id);
// A claim left by a worker that stopped mid-send goes back to pending (it may go twice, never lost).
int release_claims(connection& c);
// Keeps the bytes that went out, compressed, and the subject they carried.
void mark_sent(connection& c, std::int64_t id, std::int64_t now, const std::string& subject, const std::string& bytes);
// Records a failed attempt: tries again after `retry_at`, or gives up as 'failed' when it is empty.
void mark_attempt_failed(connection& c, std::int64_t id, const std::string& error, std::optional<std::int64_t> retry_at);
void mark_suppressed(connection& c, std::int64_t id, const std::string& reason);
// Only a pending message can be cancelled: false when there is none, or it is not pending.
bool cancel_pending_message(connection& c, std::int64_t id);
// Cancels the pending messages of a meeting (of one kind, or all); returns how many.
int cancel_pending_messages(connection& c, std::int64_t meeting_id, const std::optional<std::string>& kind);
// Each person's pending and sent messages about the meeting since `since`: the burst rule's ledger.
using ledger_map = std::map<std::int64_t, std::vector<domain::ledger_entry>>; // by person
ledger_map recent_messages(connection& c, std::int64_t meeting_id, std::int64_t since);
void forget_person_messages(connection& c, std::int64_t person_id);
// Scheduled and cancelled meetings still ahead: what the schedule looks at.
std::vector<std::int64_t> upcoming_meeting_ids(connection& c, std::int64_t now);
// The meeting's invitees who are not erased, with name, address, consent, languages and answer.
json meeting_recipients(connection& c, std::int64_t meeting_id);

// Rewrites each kept sent message for which `rewrite` returns a new text (erasure: the person's
// name and contacts leave the compressed bytes too); returns how many changed.
int rewrite_kept_messages(connection& c, const std::function<std::optional<std::string>(std::string_view)>& rewrite);

// zlib, for the kept bytes.
std::string deflate_bytes(const std::string& bytes);
std::string inflate_bytes(const std::string& compressed);

} // namespace sanaksme::store
