// The outbox's SQL: queueing, the states of a message, the ledger, and the kept bytes (zlib).
#include "store/outbox.hpp"

#include "domain/time.hpp"

#include <zlib.h>

#include <stdexcept>

namespace sanaksme::store {

namespace {

constexpr std::string_view insert_sql =
    "INSERT OR IGNORE INTO outbox (meeting_id, person_id, kind, dedupe_key, to_address, language, subject, message_id, "
    "sequence, attachment, message, next_attempt_at, test, created_at) VALUES (:meeting_id, :person_id, :kind, "
    ":dedupe_key, :to_address, :language, :subject, :message_id, :sequence, :attachment, :message, :now, :test, :now)";
constexpr std::string_view queued_sql = "SELECT count(*) FROM outbox WHERE dedupe_key = :key";
// A message being sent shows as pending: 'sending' lasts one SMTP exchange and is no state of the API.
constexpr std::string_view page_sql =
    "SELECT id, meeting_id, person_id, kind, to_address, language, subject, "
    "CASE status WHEN 'sending' THEN 'pending' ELSE status END AS status, attempts, next_attempt_at, "
    "last_error, test, created_at, sent_at, reason FROM outbox WHERE id > :after "
    "AND (:meeting_id IS NULL OR meeting_id = :meeting_id) "
    "AND (:status IS NULL OR status = :status OR (:status = 'pending' AND status = 'sending')) "
    "AND (:kind IS NULL OR kind = :kind) ORDER BY id LIMIT :limit";
constexpr std::string_view kept_sql = "SELECT message, sent_message FROM outbox WHERE id = :id";
// With the person and meeting as they are now: consent, erasure and address are checked when a
// message is sent, and it is rendered from them. Superseded: a newer invitation of the person is queued or sent.
constexpr std::string_view facts_sql =
    "SELECT o.id, o.meeting_id, o.kind, o.to_address, o.language, o.subject, o.message_id, o.sequence, o.attachment, "
    "o.status, o.attempts, o.next_attempt_at, o.person_id, o.test, o.message AS stored_message, p.id AS known, "
    "p.name AS person_name, p.email_consent, p.erased_at, p.email AS person_email, p.email_bounced_at, r.response, "
    "m.status AS meeting_status, EXISTS (SELECT 1 FROM outbox n WHERE n.meeting_id = o.meeting_id "
    "AND n.person_id = o.person_id AND n.kind IN ('invitation', 'cancellation') AND n.sequence > o.sequence "
    "AND n.status IN ('pending', 'sending', 'sent')) AS superseded FROM outbox o LEFT JOIN people p ON p.id = o.person_id "
    "LEFT JOIN meetings m ON m.id = o.meeting_id "
    "LEFT JOIN rsvps r ON r.meeting_id = o.meeting_id AND r.person_id = o.person_id WHERE o.id = :id";
constexpr std::string_view due_sql =
    "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit";
constexpr std::string_view claim_sql = "UPDATE outbox SET status = 'sending' WHERE id = :id AND status = 'pending'";
constexpr std::string_view release_sql = "UPDATE outbox SET status = 'pending' WHERE status = 'sending'";
constexpr std::string_view suppressed_sql =
    "UPDATE outbox SET status = 'suppressed', reason = :reason WHERE id = :id AND status IN ('pending', 'sending')";
constexpr std::string_view cancel_sql =
    "UPDATE outbox SET status = 'cancelled', reason = 'cancelled_by_organizer' WHERE id = :id AND status = 'pending'";
constexpr std::string_view cancel_matching_sql =
    "UPDATE outbox SET status = 'cancelled', reason = 'cancelled_by_organizer' WHERE meeting_id = :meeting_id "
    "AND status = 'pending' AND (:kind IS NULL OR kind = :kind)";
// One person's recent messages about a meeting: what the burst rule weighs (tests never count).
constexpr std::string_view ledger_sql =
    "SELECT person_id, kind, coalesce(sent_at, created_at) AS at FROM outbox WHERE meeting_id = :meeting_id "
    "AND person_id IS NOT NULL AND test = 0 AND status IN ('pending', 'sending', 'sent') "
    "AND coalesce(sent_at, created_at) > :since";
// Only a claimed (or still pending) message becomes sent: a message is never marked (or sent) twice.
constexpr std::string_view sent_sql =
    "UPDATE outbox SET status = 'sent', sent_at = :now, attempts = attempts + 1, last_error = NULL, subject = :subject, "
    "sent_message = :bytes, message = NULL WHERE id = :id AND status IN ('pending', 'sending')";
constexpr std::string_view failed_sql =
    "UPDATE outbox SET attempts = attempts + 1, last_error = :error, "
    "status = CASE WHEN :retry_at IS NULL THEN 'failed' ELSE 'pending' END, "
    "next_attempt_at = coalesce(:retry_at, next_attempt_at) WHERE id = :id AND status IN ('pending', 'sending')";
constexpr std::string_view kept_messages_sql = "SELECT id, sent_message FROM outbox WHERE sent_message IS NOT NULL";
constexpr std::string_view rewrite_kept_sql = "UPDATE outbox SET sent_message = :bytes WHERE id = :id";
constexpr std::string_view forget_sql = "DELETE FROM outbox WHERE person_id = :id";
constexpr std::string_view upcoming_sql =
    "SELECT id FROM meetings WHERE status IN ('scheduled', 'cancelled') AND starts_at > :now ORDER BY starts_at";
constexpr std::string_view recipients_sql =
    "SELECT i.person_id, p.name, p.email, p.email_consent, p.language, o.language AS org_language, r.response "
    "FROM invitations i JOIN people p ON p.id = i.person_id JOIN organizations o ON o.id = i.organization_id "
    "LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id "
    "WHERE i.meeting_id = :meeting AND p.erased_at IS NULL ORDER BY i.person_id";

json entry_json(json row)
{
    for (const char* k : {"next_attempt_at", "created_at", "sent_at"})
        if (row[k].is_number_integer())
            row[k] = domain::format_rfc3339_utc(row[k].get<std::int64_t>());
    row["test"] = row["test"].get<std::int64_t>() != 0;
    return row;
}

json optional_value(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(); }

} // namespace

bool queue_message(connection& c, const queued_message& m)
{
    execute(c, insert_sql,
            {{"meeting_id", optional_value(m.meeting_id)},
             {"person_id", optional_value(m.person_id)},
             {"kind", m.kind},
             {"dedupe_key", m.dedupe_key.empty() ? json() : json(m.dedupe_key)},
             {"to_address", m.to_address},
             {"language", m.language},
             {"subject", m.subject},
             {"message_id", m.message_id},
             {"sequence", m.sequence},
             {"attachment", m.attachment.empty() ? json() : json(m.attachment)},
             {"message", m.message ? json(*m.message) : json()},
             {"test", m.test},
             {"now", domain::now()}});
    return c.changes() > 0;
}

bool message_queued(connection& c, const std::string& key) { return query_int(c, queued_sql, {{"key", key}}) > 0; }

json outbox_entries(connection& c, const json& filters, std::int64_t after_id, int limit)
{
    json p = filters;
    p["after"] = after_id;
    p["limit"] = limit;
    json out = json::array();
    for (auto& row : query_all(c, page_sql, p))
        out.push_back(entry_json(row));
    return out;
}

std::optional<json> outbox_entry(connection& c, std::int64_t id)
{
    // The page's query from just before the id: the first entry is this one when it exists.
    auto rows = outbox_entries(c, {{"meeting_id", nullptr}, {"status", nullptr}, {"kind", nullptr}}, id - 1, 1);
    if (rows.empty() || rows[0]["id"] != id)
        return std::nullopt;
    return rows[0];
}

std::optional<std::string> kept_message(connection& c, std::int64_t id)
{
    auto& s = c.prepare(kept_sql);
    s.bind(":id", id);
    if (!s.executeStep())
        return std::nullopt;
    if (!s.getColumn(1).isNull())
        return inflate_bytes(s.getColumn(1).getString());
    return optional_text(s.getColumn(0));
}

std::optional<json> message_facts(connection& c, std::int64_t id) { return query_one(c, facts_sql, {{"id", id}}); }

std::vector<std::int64_t> due_message_ids(connection& c, std::int64_t now, int limit)
{
    std::vector<std::int64_t> out;
    for (const auto& row : query_all(c, due_sql, {{"now", now}, {"limit", limit}}))
        out.push_back(row["id"].get<std::int64_t>());
    return out;
}

bool claim_for_sending(connection& c, std::int64_t id)
{
    execute(c, claim_sql, {{"id", id}});
    return c.changes() > 0;
}

int release_claims(connection& c)
{
    execute(c, release_sql, json::object());
    return c.changes();
}

void mark_sent(connection& c, std::int64_t id, std::int64_t now, const std::string& subject, const std::string& bytes)
{
    auto packed = deflate_bytes(bytes);
    auto& s = c.prepare(sent_sql);
    s.bind(":id", id);
    s.bind(":now", now);
    s.bind(":subject", subject);
    s.bind(":bytes", packed.data(), static_cast<int>(packed.size()));
    s.exec();
}

void mark_attempt_failed(connection& c, std::int64_t id, const std::string& error, std::optional<std::int64_t> retry_at)
{
    execute(c, failed_sql, {{"id", id}, {"error", error}, {"retry_at", optional_value(retry_at)}});
}

void mark_suppressed(connection& c, std::int64_t id, const std::string& reason)
{
    execute(c, suppressed_sql, {{"id", id}, {"reason", reason}});
}

bool cancel_pending_message(connection& c, std::int64_t id)
{
    execute(c, cancel_sql, {{"id", id}});
    return c.changes() > 0;
}

int cancel_pending_messages(connection& c, std::int64_t meeting_id, const std::optional<std::string>& kind)
{
    execute(c, cancel_matching_sql, {{"meeting_id", meeting_id}, {"kind", kind ? json(*kind) : json()}});
    return c.changes();
}

ledger_map recent_messages(connection& c, std::int64_t meeting_id, std::int64_t since)
{
    ledger_map out;
    for (const auto& row : query_all(c, ledger_sql, {{"meeting_id", meeting_id}, {"since", since}}))
        out[row["person_id"].get<std::int64_t>()].push_back(
            {row["kind"].get<std::string>(), meeting_id, row["at"].get<std::int64_t>()});
    return out;
}

void forget_person_messages(connection& c, std::int64_t person_id) { execute(c, forget_sql, {{"id", person_id}}); }

std::vector<std::int64_t> upcoming_meeting_ids(connection& c, std::int64_t now)
{
    std::vector<std::int64_t> out;
    for (const auto& row : query_all(c, upcoming_sql, {{"now", now}}))
        out.push_back(row["id"].get<std::int64_t>());
    return out;
}

json meeting_recipients(connection& c, std::int64_t meeting_id) { return query_all(c, recipients_sql, {{"meeting", meeting_id}}); }

int rewrite_kept_messages(connection& c, const std::function<std::optional<std::string>(std::string_view)>& rewrite)
{
    std::vector<std::pair<std::int64_t, std::string>> changed;
    auto& rows = c.prepare(kept_messages_sql);
    while (rows.executeStep())
        if (auto text = rewrite(inflate_bytes(rows.getColumn(1).getString())))
            changed.emplace_back(rows.getColumn(0).getInt64(), deflate_bytes(*text));
    rows.reset();
    for (const auto& [id, packed] : changed) {
        auto& s = c.prepare(rewrite_kept_sql);
        s.bind(":id", id);
        s.bind(":bytes", packed.data(), static_cast<int>(packed.size()));
        s.exec();
    }
    return static_cast<int>(changed.size());
}

std::string deflate_bytes(const std::string& bytes)
{
    auto bound = compressBound(static_cast<uLong>(bytes.size()));
    std::string out(bound, '\0');
    uLongf size = bound;
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
                  static_cast<uLong>(bytes.size()), Z_BEST_COMPRESSION) != Z_OK)
        throw std::runtime_error("zlib: cannot compress a message");
    out.resize(size);
    return out;
}

std::string inflate_bytes(const std::string& compressed)
{
    z_stream z{};
    if (inflateInit(&z) != Z_OK)
        throw std::runtime_error("zlib: cannot start");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    char buffer[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("zlib: a kept message is damaged");
    return out;
}

} // namespace sanaksme::store
