// The meetings the public feed and a personal feed list.
#include "store/calendars.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view feed_sql =
    "SELECT id, title, starts_at, ends_at, timezone, venue_name, venue_address, online_url, status, description, "
    "sequence, calendar_uid FROM meetings WHERE status = 'scheduled' OR (status IN ('held', 'cancelled') AND starts_at >= :since) "
    "ORDER BY starts_at, id LIMIT 1000";
constexpr std::string_view personal_sql =
    "SELECT id, title, starts_at, ends_at, timezone, venue_name, venue_address, online_url, status, description, "
    "sequence, calendar_uid FROM meetings WHERE (status = 'scheduled' OR (status IN ('held', 'cancelled') AND starts_at >= :since)) "
    "AND (id IN (SELECT meeting_id FROM invitations WHERE person_id = :person) "
    "OR id IN (SELECT i.meeting_id FROM invited_organizations i JOIN people p ON p.organization_id = i.organization_id "
    "WHERE p.id = :person)) ORDER BY starts_at, id LIMIT 1000";

} // namespace

json feed_meetings(connection& c, std::int64_t since) { return query_all(c, feed_sql, {{"since", since}}); }

json personal_meetings(connection& c, std::int64_t person_id, std::int64_t since)
{
    return query_all(c, personal_sql, {{"person", person_id}, {"since", since}});
}

} // namespace sanaksme::store
