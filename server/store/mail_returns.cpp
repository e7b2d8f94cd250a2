// The SQL of mail that comes back (store/mail_returns.hpp).
#include "store/mail_returns.hpp"

#include "domain/time.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view reply_target_sql =
    "SELECT o.id, o.person_id, o.meeting_id, p.name, p.erased_at IS NOT NULL FROM outbox o "
    "JOIN people p ON p.id = o.person_id WHERE o.id = :outbox_id AND o.person_id = :person_id AND o.test = 0";
constexpr std::string_view bounce_state_sql =
    "SELECT email_soft_bounces, email_bounced_at IS NOT NULL FROM people WHERE id = :id";
constexpr std::string_view count_soft_bounce_sql =
    "UPDATE people SET email_soft_bounces = email_soft_bounces + 1 WHERE id = :id";
// A version step: an ETag taken before no longer matches the person as the API shows them now.
constexpr std::string_view mark_bounced_sql =
    "UPDATE people SET email_soft_bounces = email_soft_bounces + :soft, email_bounced_at = :now, "
    "email_bounce_status = :status, version = version + 1 WHERE id = :id";
constexpr std::string_view insert_counter_sql =
    "INSERT INTO calendar_counters (meeting_id, person_id, outbox_id, received_at, proposed_start, proposed_end, comment) "
    "VALUES (:meeting_id, :person_id, :outbox_id, :received_at, :proposed_start, :proposed_end, :comment)";
constexpr std::string_view counters_sql =
    "SELECT k.id, k.person_id, p.name AS person_name, k.received_at, k.proposed_start, k.proposed_end, k.comment "
    "FROM calendar_counters k JOIN people p ON p.id = k.person_id WHERE k.meeting_id = :meeting_id ORDER BY k.id";

} // namespace

std::optional<reply_target> find_reply_target(connection& c, std::int64_t outbox_id, std::int64_t person_id)
{
    auto& s = c.prepare(reply_target_sql);
    s.bind(":outbox_id", outbox_id);
    s.bind(":person_id", person_id);
    if (!s.executeStep())
        return std::nullopt;
    reply_target t{s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), std::nullopt, "", s.getColumn(4).getInt() != 0};
    if (!s.getColumn(2).isNull())
        t.meeting_id = s.getColumn(2).getInt64();
    if (!s.getColumn(3).isNull())
        t.person_name = s.getColumn(3).getString();
    return t;
}

bool record_bounce(connection& c, std::int64_t person_id, domain::bounce_kind kind, const std::string& status,
                   std::int64_t now)
{
    auto& q = c.prepare(bounce_state_sql);
    q.bind(":id", person_id);
    if (!q.executeStep())
        return false;
    auto soft = q.getColumn(0).getInt();
    bool already = q.getColumn(1).getInt() != 0;
    q.reset();
    int soft_step = kind == domain::bounce_kind::soft ? 1 : 0;
    if (already || !domain::address_suppressed(kind, soft)) {
        if (soft_step) {
            auto& u = c.prepare(count_soft_bounce_sql);
            u.bind(":id", person_id);
            u.exec();
        }
        return false;
    }
    auto& u = c.prepare(mark_bounced_sql);
    u.bind(":soft", soft_step);
    u.bind(":now", now);
    u.bind(":status", status);
    u.bind(":id", person_id);
    u.exec();
    return true;
}

std::int64_t insert_calendar_counter(connection& c, const calendar_counter& k)
{
    auto& s = c.prepare(insert_counter_sql);
    s.bind(":meeting_id", k.meeting_id);
    s.bind(":person_id", k.person_id);
    s.bind(":outbox_id", k.outbox_id);
    s.bind(":received_at", k.received_at);
    auto bind_text = [&](const char* name, const std::string& v) {
        if (v.empty())
            s.bind(name);
        else
            s.bind(name, v);
    };
    bind_text(":proposed_start", k.proposed_start);
    bind_text(":proposed_end", k.proposed_end);
    bind_text(":comment", k.comment);
    s.exec();
    return c.last_insert_id();
}

json calendar_counters(connection& c, std::int64_t meeting_id)
{
    auto rows = query_all(c, counters_sql, {{"meeting_id", meeting_id}});
    for (auto& r : rows)
        r["received_at"] = domain::format_rfc3339_utc(r["received_at"].get<std::int64_t>());
    return rows;
}

} // namespace sanaksme::store
