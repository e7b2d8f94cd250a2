#pragma once
// The durable outbox, in SQLite.
#include "store/database.hpp"

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
void mark_sent(store::connection& c, std::int64_t id, std::int64_t now);
// Records a failed attempt: tries again after `retry_at`, or gives up as 'failed' when it is empty.
void mark_attempt_failed(store::connection& c, std::int64_t id, const std::string& error,
                         std::optional<std::int64_t> retry_at);
void forget_person_messages(store::connection& c, std::int64_t person_id);

} // namespace sanaksme::mail
