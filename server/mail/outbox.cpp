#include "mail/outbox.hpp"

#include "domain/address.hpp"
#include "domain/time.hpp"

namespace sanaksme::mail {

namespace {

constexpr std::string_view insert_sql =
    "INSERT OR IGNORE INTO outbox (meeting_id, person_id, kind, dedupe_key, to_address, language, subject, message, "
    "next_attempt_at, test, created_at) VALUES (:meeting_id, :person_id, :kind, :dedupe_key, :to_address, :language, "
    ":subject, :message, :now, :test, :now)";
constexpr std::string_view queued_sql = "SELECT count(*) FROM outbox WHERE dedupe_key = :key";
constexpr std::string_view page_sql =
    "SELECT id, meeting_id, person_id, kind, to_address, language, subject, status, attempts, next_attempt_at, "
    "last_error, test, created_at, sent_at, reason FROM outbox WHERE id > :after "
    "AND (:meeting_id IS NULL OR meeting_id = :meeting_id) AND (:status IS NULL OR status = :status) "
    "AND (:kind IS NULL OR kind = :kind) ORDER BY id LIMIT :limit";
constexpr std::string_view entry_sql =
    "SELECT id, meeting_id, person_id, kind, to_address, language, subject, status, attempts, next_attempt_at, "
    "last_error, test, created_at, sent_at, reason FROM outbox WHERE id = :id";
constexpr std::string_view message_sql = "SELECT message FROM outbox WHERE id = :id";
// With the person as they are now: consent, erasure and address are checked when a message is sent.
constexpr std::string_view due_sql =
    "SELECT o.id, o.kind, o.to_address, o.message, o.attempts, o.person_id, o.test, p.id AS known, p.email_consent, "
    "p.erased_at, p.email AS person_email, r.response, m.status AS meeting_status FROM outbox o "
    "LEFT JOIN people p ON p.id = o.person_id LEFT JOIN meetings m ON m.id = o.meeting_id "
    "LEFT JOIN rsvps r ON r.meeting_id = o.meeting_id AND r.person_id = o.person_id WHERE o.status = 'pending' "
    "AND o.next_attempt_at <= :now ORDER BY o.next_attempt_at, o.id LIMIT :limit";
// The same facts of one message, read again just before it is sent.
constexpr std::string_view due_one_sql =
    "SELECT o.id, o.kind, o.to_address, o.message, o.attempts, o.person_id, o.test, p.id AS known, p.email_consent, "
    "p.erased_at, p.email AS person_email, r.response, m.status AS meeting_status FROM outbox o "
    "LEFT JOIN people p ON p.id = o.person_id LEFT JOIN meetings m ON m.id = o.meeting_id "
    "LEFT JOIN rsvps r ON r.meeting_id = o.meeting_id AND r.person_id = o.person_id "
    "WHERE o.id = :id AND o.status = 'pending'";
constexpr std::string_view suppressed_sql =
    "UPDATE outbox SET status = 'suppressed', reason = :reason WHERE id = :id AND status = 'pending'";
constexpr std::string_view cancel_sql =
    "UPDATE outbox SET status = 'cancelled', reason = 'cancelled_by_organizer' WHERE id = :id AND status = 'pending'";
constexpr std::string_view cancel_matching_sql =
    "UPDATE outbox SET status = 'cancelled', reason = 'cancelled_by_organizer' WHERE meeting_id = :meeting_id "
    "AND status = 'pending' AND (:kind IS NULL OR kind = :kind)";
// One person's recent messages about a meeting: what the burst rule weighs (tests never count).
constexpr std::string_view ledger_sql =
    "SELECT person_id, kind, coalesce(sent_at, created_at) AS at FROM outbox WHERE meeting_id = :meeting_id "
    "AND person_id IS NOT NULL AND test = 0 AND status IN ('pending', 'sent') AND coalesce(sent_at, created_at) > :since";
// Only a pending message becomes sent: a message is never marked (or sent) twice.
constexpr std::string_view sent_sql =
    "UPDATE outbox SET status = 'sent', sent_at = :now, attempts = attempts + 1, last_error = NULL "
    "WHERE id = :id AND status = 'pending'";
constexpr std::string_view failed_sql =
    "UPDATE outbox SET attempts = attempts + 1, last_error = :error, "
    "status = CASE WHEN :retry_at IS NULL THEN 'failed' ELSE 'pending' END, "
    "next_attempt_at = coalesce(:retry_at, next_attempt_at) WHERE id = :id AND status = 'pending'";
constexpr std::string_view forget_sql = "DELETE FROM outbox WHERE person_id = :id";

json render(json row)
{
    for (const char* k : {"next_attempt_at", "created_at", "sent_at"})
        if (row[k].is_number_integer())
            row[k] = domain::format_rfc3339_utc(row[k].get<std::int64_t>());
    row["test"] = row["test"].get<std::int64_t>() != 0;
    return row;
}

} // namespace

bool enqueue(store::connection& c, const outgoing& m)
{
    store::execute(c, insert_sql,
                   {{"meeting_id", m.meeting_id ? json(*m.meeting_id) : json()},
                    {"person_id", m.person_id ? json(*m.person_id) : json()},
                    {"kind", m.kind},
                    {"dedupe_key", m.dedupe_key.empty() ? json() : json(m.dedupe_key)},
                    {"to_address", m.to_address},
                    {"language", m.language},
                    {"subject", m.subject},
                    {"message", m.message},
                    {"test", m.test},
                    {"now", domain::now()}});
    return c.changes() > 0;
}

bool already_queued(store::connection& c, const std::string& key)
{
    return store::query_int(c, queued_sql, {{"key", key}}) > 0;
}

json outbox_page(store::connection& c, const json& filters, std::int64_t after_id, int limit)
{
    json p = filters;
    p["after"] = after_id;
    p["limit"] = limit;
    json out = json::array();
    for (auto& row : store::query_all(c, page_sql, p))
        out.push_back(render(row));
    return out;
}

std::optional<json> outbox_entry(store::connection& c, std::int64_t id)
{
    auto row = store::query_one(c, entry_sql, {{"id", id}});
    if (!row)
        return std::nullopt;
    return render(*row);
}

std::optional<std::string> outbox_message(store::connection& c, std::int64_t id)
{
    auto row = store::query_one(c, message_sql, {{"id", id}});
    if (!row)
        return std::nullopt;
    return (*row)["message"].get<std::string>();
}

json due_messages(store::connection& c, std::int64_t now, int limit)
{
    return store::query_all(c, due_sql, {{"now", now}, {"limit", limit}});
}

std::optional<json> due_message(store::connection& c, std::int64_t id)
{
    return store::query_one(c, due_one_sql, {{"id", id}});
}

void mark_sent(store::connection& c, std::int64_t id, std::int64_t now)
{
    store::execute(c, sent_sql, {{"id", id}, {"now", now}});
}

void mark_attempt_failed(store::connection& c, std::int64_t id, const std::string& error,
                         std::optional<std::int64_t> retry_at)
{
    store::execute(c, failed_sql, {{"id", id}, {"error", error}, {"retry_at", retry_at ? json(*retry_at) : json()}});
}

std::optional<std::string> suppression_reason(const json& due)
{
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
    // A meeting cancelled after queueing: its invitations and reminders no longer hold (the
    // cancellation notice is a message of its own kind and goes).
    if (due["meeting_status"] == "cancelled" &&
        (due["kind"] == "invitation" || due["kind"] == "reminder" || due["kind"] == "rsvp_nudge"))
        return "meeting_cancelled";
    // The answer may have come after queueing: a nudge to someone who answered, a reminder to a "no".
    if (due["kind"] == "rsvp_nudge" && due["response"].is_string())
        return "answered";
    if (due["kind"] == "reminder" && due["response"] == "no")
        return "declined";
    return std::nullopt;
}

void mark_suppressed(store::connection& c, std::int64_t id, const std::string& reason)
{
    store::execute(c, suppressed_sql, {{"id", id}, {"reason", reason}});
}

bool cancel(store::connection& c, std::int64_t id)
{
    store::execute(c, cancel_sql, {{"id", id}});
    return c.changes() > 0;
}

int cancel_matching(store::connection& c, std::int64_t meeting_id, const std::optional<std::string>& kind)
{
    store::execute(c, cancel_matching_sql, {{"meeting_id", meeting_id}, {"kind", kind ? json(*kind) : json()}});
    return c.changes();
}

ledger_map recent_messages(store::connection& c, std::int64_t meeting_id, std::int64_t since)
{
    ledger_map out;
    for (const auto& row : store::query_all(c, ledger_sql, {{"meeting_id", meeting_id}, {"since", since}}))
        out[row["person_id"].get<std::int64_t>()].push_back(
            {row["kind"].get<std::string>(), meeting_id, row["at"].get<std::int64_t>()});
    return out;
}

void forget_person_messages(store::connection& c, std::int64_t person_id)
{
    store::execute(c, forget_sql, {{"id", person_id}});
}

} // namespace sanaksme::mail
