// The queries of store/web_people.hpp.
#include "store/web_people.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view people_directory_sql =
    "SELECT p.id, p.organization_id, o.name AS organization_name, p.name, p.email, p.phone, p.position, p.language, "
    "p.email_consent FROM people p JOIN organizations o ON o.id = p.organization_id "
    "WHERE p.erased_at IS NULL AND (:org IS NULL OR p.organization_id = :org) "
    "ORDER BY p.name COLLATE NOCASE, p.id LIMIT :limit";
constexpr std::string_view approved_minutes_of_sql =
    "SELECT m.id FROM meetings m JOIN minutes mi ON mi.meeting_id = m.id AND mi.status = 'approved' "
    "WHERE m.starts_at < :before AND EXISTS "
    "(SELECT 1 FROM invitations i WHERE i.meeting_id = m.id AND i.organization_id = :org) "
    "ORDER BY m.starts_at DESC, m.id DESC LIMIT :limit";
constexpr std::string_view minutes_approved_sql =
    "SELECT EXISTS (SELECT 1 FROM minutes WHERE meeting_id = :meeting AND status = 'approved')";

} // namespace

json people_directory(connection& c, std::optional<std::int64_t> organization_id, int limit)
{
    auto rows = query_all(c, people_directory_sql, {{"org", organization_id ? json(*organization_id) : json()}, {"limit", limit}});
    for (auto& r : rows)
        r["email_consent"] = r["email_consent"].get<std::int64_t>() != 0;
    return rows;
}

json approved_minutes_of(connection& c, std::int64_t organization_id, std::int64_t before, int limit)
{
    return query_all(c, approved_minutes_of_sql, {{"org", organization_id}, {"before", before}, {"limit", limit}});
}

bool minutes_approved(connection& c, std::int64_t meeting_id)
{
    return query_int(c, minutes_approved_sql, {{"meeting", meeting_id}}) != 0;
}

} // namespace sanaksme::store
