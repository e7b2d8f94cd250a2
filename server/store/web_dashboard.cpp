#include "store/web_dashboard.hpp"

#include "store/meetings.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view next_meeting_sql =
    "SELECT id FROM meetings WHERE status IN ('draft', 'scheduled') AND starts_at >= :from "
    "ORDER BY starts_at, id LIMIT 1";
constexpr std::string_view last_held_sql =
    "SELECT id FROM meetings WHERE status = 'held' ORDER BY starts_at DESC, id DESC LIMIT 1";
constexpr std::string_view answers_sql =
    "SELECT o.id, o.name, "
    "count(*) FILTER (WHERE r.response = 'yes') AS yes, count(*) FILTER (WHERE r.response = 'no') AS no, "
    "count(*) FILTER (WHERE r.response = 'maybe') AS maybe, count(*) FILTER (WHERE r.response IS NULL) AS none "
    "FROM invitations i "
    "JOIN organizations o ON o.id = i.organization_id "
    "JOIN people p ON p.id = i.person_id AND p.erased_at IS NULL "
    "LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id "
    "WHERE i.meeting_id = :meeting GROUP BY o.id ORDER BY o.name COLLATE NOCASE, o.id";
constexpr std::string_view minutes_with_actions_sql =
    "SELECT m.id AS meeting_id, m.title, m.starts_at, m.timezone, mi.body FROM minutes mi "
    "JOIN meetings m ON m.id = mi.meeting_id "
    "WHERE json_array_length(mi.body, '$.action_items') > 0 ORDER BY m.starts_at DESC LIMIT :limit";
constexpr std::string_view failed_mail_sql =
    "SELECT id, kind, to_address, subject, attempts, last_error, created_at FROM outbox "
    "WHERE status = 'failed' ORDER BY id DESC LIMIT :limit";
constexpr std::string_view failed_mail_count_sql = "SELECT count(*) FROM outbox WHERE status = 'failed'";
constexpr std::string_view desk_people_sql =
    "SELECT p.id AS person_id, p.name, o.id AS organization_id, o.name AS organization_name, "
    "a.id IS NOT NULL AS checked_in FROM invitations i "
    "JOIN people p ON p.id = i.person_id AND p.erased_at IS NULL "
    "JOIN organizations o ON o.id = i.organization_id "
    "LEFT JOIN attendance a ON a.meeting_id = i.meeting_id AND a.person_id = i.person_id "
    "WHERE i.meeting_id = :meeting ORDER BY p.name COLLATE NOCASE, p.id";

constexpr std::string_view upcoming_of_sql =
    "SELECT m.id FROM meetings m WHERE m.status = 'scheduled' AND m.starts_at >= :from AND EXISTS "
    "(SELECT 1 FROM invitations i WHERE i.meeting_id = m.id AND i.organization_id = :org) "
    "ORDER BY m.starts_at, m.id LIMIT :limit";
constexpr std::string_view organization_answers_sql =
    "SELECT p.id AS person_id, p.name, r.response, coalesce(r.note, w.note) AS note, "
    "CASE WHEN w.seq IS NULL THEN NULL ELSE (SELECT count(*) FROM waitlist o WHERE o.meeting_id = w.meeting_id "
    "AND o.seq <= w.seq) END AS waitlist_position FROM invitations i "
    "JOIN people p ON p.id = i.person_id AND p.erased_at IS NULL "
    "LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id "
    "LEFT JOIN waitlist w ON w.meeting_id = i.meeting_id AND w.person_id = i.person_id "
    "WHERE i.meeting_id = :meeting AND i.organization_id = :org ORDER BY p.name COLLATE NOCASE, p.id";

} // namespace

json upcoming_meetings_of(connection& c, std::int64_t organization_id, std::int64_t from, int limit)
{
    return query_all(c, upcoming_of_sql, {{"org", organization_id}, {"from", from}, {"limit", limit}});
}

json organization_answers(connection& c, std::int64_t meeting_id, std::int64_t organization_id)
{
    return query_all(c, organization_answers_sql, {{"meeting", meeting_id}, {"org", organization_id}});
}

std::optional<json> next_meeting(connection& c, std::int64_t from)
{
    auto row = query_one(c, next_meeting_sql, {{"from", from}});
    return row ? find_meeting_row(c, (*row)["id"].get<std::int64_t>()) : std::nullopt;
}

std::optional<json> last_held_meeting(connection& c)
{
    auto row = query_one(c, last_held_sql, json::object());
    return row ? find_meeting_row(c, (*row)["id"].get<std::int64_t>()) : std::nullopt;
}

json answers_by_organization(connection& c, std::int64_t meeting_id)
{
    return query_all(c, answers_sql, {{"meeting", meeting_id}});
}

json latest_minutes_with_actions(connection& c, int limit)
{
    return query_all(c, minutes_with_actions_sql, {{"limit", limit}});
}

json failed_mail(connection& c, int limit)
{
    return query_all(c, failed_mail_sql, {{"limit", limit}});
}

std::int64_t failed_mail_count(connection& c)
{
    return query_int(c, failed_mail_count_sql, json::object());
}

json desk_people(connection& c, std::int64_t meeting_id)
{
    return query_all(c, desk_people_sql, {{"meeting", meeting_id}});
}

} // namespace sanaksme::store
