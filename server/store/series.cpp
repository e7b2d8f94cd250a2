// The copies and review items of store/series.hpp.
#include "store/series.hpp"

#include "domain/time.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view copy_invited_organizations_sql =
    "INSERT OR IGNORE INTO invited_organizations (meeting_id, organization_id) "
    "SELECT :to, i.organization_id FROM invited_organizations i JOIN organizations o ON o.id = i.organization_id "
    "WHERE i.meeting_id = :from AND o.active = 1";
constexpr std::string_view copy_invitations_sql =
    "INSERT OR IGNORE INTO invitations (meeting_id, person_id, organization_id, invited_at) "
    "SELECT :to, i.person_id, p.organization_id, :now FROM invitations i JOIN people p ON p.id = i.person_id "
    "JOIN organizations o ON o.id = p.organization_id "
    "WHERE i.meeting_id = :from AND p.erased_at IS NULL AND o.active = 1";
constexpr std::string_view copy_standing_sql =
    "INSERT INTO agenda_items (meeting_id, position, title, description, kind, presenter_person_id, presenter_name, "
    "presenter_organization_id, duration_minutes, created_at, updated_at, standing) "
    "SELECT :to, row_number() OVER (ORDER BY position, id), title, description, kind, NULL, NULL, NULL, "
    "duration_minutes, :now, :now, 1 FROM agenda_items WHERE meeting_id = :from AND standing = 1 ORDER BY position, id";
constexpr std::string_view add_review_item_sql =
    "INSERT INTO review_items (meeting_id, kind, text, owner, due, state, from_meeting_id, reference_id, position) "
    "VALUES (:meeting, :kind, :text, :owner, :due, :state, :from_meeting, :reference, :position)";
constexpr std::string_view review_items_sql =
    "SELECT r.kind, r.text, r.owner, r.due, r.state, r.from_meeting_id, m.title AS from_title, r.reference_id "
    "FROM review_items r LEFT JOIN meetings m ON m.id = r.from_meeting_id WHERE r.meeting_id = :meeting "
    "ORDER BY r.position, r.id";

json text_or_null(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

} // namespace

std::int64_t copy_invitations(connection& c, std::int64_t from, std::int64_t to)
{
    execute(c, copy_invited_organizations_sql, {{"from", from}, {"to", to}});
    execute(c, copy_invitations_sql, {{"from", from}, {"to", to}, {"now", domain::now()}});
    return c.changes();
}

std::int64_t copy_standing_agenda(connection& c, std::int64_t from, std::int64_t to)
{
    execute(c, copy_standing_sql, {{"from", from}, {"to", to}, {"now", domain::now()}});
    return c.changes();
}

void add_review_item(connection& c, std::int64_t meeting_id, const review_item& item, std::int64_t position)
{
    execute(c, add_review_item_sql,
            {{"meeting", meeting_id}, {"kind", item.kind}, {"text", item.text}, {"owner", text_or_null(item.owner)},
             {"due", text_or_null(item.due)}, {"state", text_or_null(item.state)},
             {"from_meeting", item.from_meeting_id ? json(*item.from_meeting_id) : json()},
             {"reference", item.reference_id ? json(*item.reference_id) : json()}, {"position", position}});
}

json review_items(connection& c, std::int64_t meeting_id) { return query_all(c, review_items_sql, {{"meeting", meeting_id}}); }

} // namespace sanaksme::store
