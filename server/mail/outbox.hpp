#pragma once
// The durable outbox, in SQLite.
#include "domain/reminders.hpp"
#include "store/database.hpp"

#include <map>

#include <optional>
#include <string>
#include <vector>

namespace sanaksme::mail {

using store::json;

struct outgoing {
    std::optional<std::int64_t> meeting_id, person_id;
    std::string kind, dedupe_key, to_address, language, subject, message;
    bool test = false;
};

// False when a message with the same dedupe key exists already.
bool enqueue(store::connection& c, const outgoing& m);
bool already_queued(store::connection& c, const std::string& dedupe_key);
json outbox_page(store::connection& c, const json& filters, std::int64_t after_id, int limit);
std::optional<json> outbox_entry(store::connection& c, std::int64_t id);
std::optional<std::string> outbox_message(store::connection& c, std::int64_t id);
json due_messages(store::connection& c, std::int64_t now, int limit);
// One of them as it is now, while still pending (a batch takes time to send: an unsubscribe, an
// answer or a cancel may land meanwhile).
std::optional<json> due_message(store::connection& c, std::int64_t id);
void mark_sent(store::connection& c, std::int64_t id, std::int64_t now);
// Records a failed attempt: tries again after `retry_at`, or gives up as 'failed' when it is empty.
void mark_attempt_failed(store::connection& c, std::int64_t id, const std::string& error,
                         std::optional<std::int64_t> retry_at);
// Why a due message (a due_messages row) must not go out now, if it must not: the person was
// erased, withdrew consent, has another address than the one it was queued for, or answered since
// (a nudge to someone who answered, a reminder to a "no").
std::optional<std::string> suppression_reason(const json& due);
void mark_suppressed(store::connection& c, std::int64_t id, const std::string& reason);
// Only a pending message can be cancelled: false when there is none, or it is not pending.
bool cancel(store::connection& c, std::int64_t id);
// Cancels the pending messages of a meeting (of one kind, or all); returns how many.
int cancel_matching(store::connection& c, std::int64_t meeting_id, const std::optional<std::string>& kind);
// Each person's pending and sent messages about the meeting since `since`: the burst rule's ledger.
using ledger_map = std::map<std::int64_t, std::vector<domain::ledger_entry>>; // by person
ledger_map recent_messages(store::connection& c, std::int64_t meeting_id, std::int64_t since);
void forget_person_messages(store::connection& c, std::int64_t person_id);

} // namespace sanaksme::mail
