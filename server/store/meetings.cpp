#include "store/meetings.hpp"

#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/attendance.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view select_meeting_sql =
    "SELECT id, title, series, number, starts_at, ends_at, timezone, venue_name, venue_address, online_url, status, "
    "rsvp_deadline, capacity, quorum, language, description, sequence, version, created_at, updated_at, calendar_uid, "
    "waitlist, seats_per_organization, previous_meeting_id "
    "FROM meetings WHERE id = :id";
constexpr std::string_view select_rules_sql =
    "SELECT status, timezone, rsvp_deadline, capacity, waitlist, seats_per_organization FROM meetings WHERE id = ?1";
constexpr std::string_view list_meetings_sql =
    "SELECT id, title, series, number, starts_at, ends_at, timezone, venue_name, venue_address, online_url, status, "
    "rsvp_deadline, capacity, quorum, language, description, sequence, version, created_at, updated_at, calendar_uid, "
    "waitlist, seats_per_organization, previous_meeting_id "
    "FROM meetings WHERE (starts_at, id) > (:after_start, :after_id) AND (:from IS NULL OR starts_at >= :from) "
    "AND (:to IS NULL OR starts_at < :to) AND (:status IS NULL OR status = :status) "
    "AND (:series IS NULL OR series = :series) ORDER BY starts_at, id LIMIT :limit";
constexpr std::string_view insert_meeting_sql =
    "INSERT INTO meetings (title, series, number, starts_at, ends_at, timezone, venue_name, venue_address, "
    "online_url, status, rsvp_deadline, capacity, quorum, language, description, created_at, updated_at, "
    "waitlist, seats_per_organization, previous_meeting_id) "
    "VALUES (:title, :series, :number, :starts_at, :ends_at, :timezone, :venue_name, :venue_address, :online_url, "
    ":status, :rsvp_deadline, :capacity, :quorum, :language, :description, :now, :now, coalesce(:waitlist, 0), "
    ":seats_per_organization, :previous_meeting_id)";
constexpr std::string_view update_meeting_sql =
    "UPDATE meetings SET title = :title, series = :series, number = :number, starts_at = :starts_at, "
    "ends_at = :ends_at, timezone = :timezone, venue_name = :venue_name, venue_address = :venue_address, "
    "online_url = :online_url, status = :status, rsvp_deadline = :rsvp_deadline, capacity = :capacity, "
    "quorum = :quorum, language = :language, description = :description, sequence = sequence + :bump, "
    "waitlist = coalesce(:waitlist, waitlist), seats_per_organization = :seats_per_organization, "
    "version = version + 1, updated_at = :now WHERE id = :id";
constexpr std::string_view meeting_records_sql =
    "SELECT EXISTS (SELECT 1 FROM invitations WHERE meeting_id = :id) "
    "OR EXISTS (SELECT 1 FROM rsvps WHERE meeting_id = :id) OR EXISTS (SELECT 1 FROM attendance WHERE meeting_id = :id)";
constexpr std::string_view delete_meeting_sql = "DELETE FROM meetings WHERE id = :id";
constexpr std::string_view mark_held_sql =
    "UPDATE meetings SET status = 'held', version = version + 1, updated_at = :now WHERE status = 'scheduled' "
    "AND coalesce(ends_at, starts_at + 7200) < :now AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = meetings.id) "
    "RETURNING id";
constexpr std::string_view has_invitations_sql =
    "SELECT EXISTS (SELECT 1 FROM invitations WHERE meeting_id = :id) "
    "OR EXISTS (SELECT 1 FROM invited_organizations WHERE meeting_id = :id)";

constexpr std::string_view select_agenda_sql =
    "SELECT id, meeting_id, position, title, description, kind, presenter_person_id, presenter_name, "
    "presenter_organization_id, duration_minutes, version, created_at, updated_at, standing FROM agenda_items WHERE id = :id";
constexpr std::string_view agenda_of_meeting_sql =
    "SELECT g.id, g.meeting_id, g.position, g.title, g.description, g.kind, g.presenter_person_id, g.presenter_name, "
    "g.presenter_organization_id, g.duration_minutes, g.version, g.created_at, g.updated_at, g.standing, "
    "p.name AS person_name, o.name AS organization_name FROM agenda_items g "
    "LEFT JOIN people p ON p.id = g.presenter_person_id "
    "LEFT JOIN organizations o ON o.id = coalesce(g.presenter_organization_id, p.organization_id) "
    "WHERE g.meeting_id = :meeting_id ORDER BY g.position, g.id";
constexpr std::string_view agenda_minutes_sql =
    "SELECT COALESCE(SUM(duration_minutes), 0) FROM agenda_items WHERE meeting_id = :meeting_id";
constexpr std::string_view insert_agenda_sql =
    "INSERT INTO agenda_items (meeting_id, position, title, description, kind, presenter_person_id, presenter_name, "
    "presenter_organization_id, duration_minutes, created_at, updated_at, standing) VALUES (:meeting_id, :position, :title, "
    ":description, :kind, :presenter_person_id, :presenter_name, :presenter_organization_id, :duration_minutes, "
    ":now, :now, coalesce(:standing, 0))";
constexpr std::string_view update_agenda_sql =
    "UPDATE agenda_items SET title = :title, description = :description, kind = :kind, "
    "presenter_person_id = :presenter_person_id, presenter_name = :presenter_name, "
    "presenter_organization_id = :presenter_organization_id, duration_minutes = :duration_minutes, "
    "standing = coalesce(:standing, standing), version = version + 1, updated_at = :now WHERE id = :id";
constexpr std::string_view delete_agenda_sql = "DELETE FROM agenda_items WHERE id = :id";
constexpr std::string_view set_position_sql =
    "UPDATE agenda_items SET position = :position, version = version + 1, updated_at = :now WHERE id = :id";

} // namespace

std::optional<json> find_meeting_row(connection& c, std::int64_t id) { return query_one(c, select_meeting_sql, {{"id", id}}); }

json load_meeting_row(connection& c, std::int64_t id)
{
    auto row = find_meeting_row(c, id);
    if (!row)
        throw domain::not_found("No meeting has the id " + std::to_string(id) + ".");
    return *row;
}

std::optional<meeting_rules> find_meeting_rules(connection& c, std::int64_t id)
{
    auto& s = c.prepare(select_rules_sql);
    s.bind(1, id);
    if (!s.executeStep())
        return std::nullopt;
    return meeting_rules{id, s.getColumn(0).getString(), s.getColumn(1).getString(), optional_int(s.getColumn(2)),
                         optional_int(s.getColumn(3)), s.getColumn(4).getInt() != 0, optional_int(s.getColumn(5))};
}

json list_meeting_rows(connection& c, const meeting_filter& f, std::int64_t after_start, std::int64_t after_id, int limit)
{
    auto& s = c.prepare(list_meetings_sql);
    bind_object(c, s,
                {{"after_start", after_start}, {"after_id", after_id}, {"limit", limit},
                 {"from", f.from ? json(*f.from) : json()}, {"to", f.to ? json(*f.to) : json()},
                 {"status", f.status ? json(*f.status) : json()}, {"series", f.series ? json(*f.series) : json()}});
    json out = json::array();
    while (s.executeStep())
        out.push_back(row_object(s));
    return out;
}

std::int64_t insert_meeting(connection& c, const json& row)
{
    json p = row;
    p["now"] = domain::now();
    execute(c, insert_meeting_sql, p);
    return c.last_insert_id();
}

void update_meeting(connection& c, std::int64_t id, const json& row, bool bump_sequence)
{
    json p = row;
    p["id"] = id;
    p["now"] = domain::now();
    p["bump"] = bump_sequence ? 1 : 0;
    execute(c, update_meeting_sql, p);
}

bool meeting_has_records(connection& c, std::int64_t id) { return query_int(c, meeting_records_sql, {{"id", id}}) != 0; }

void delete_meeting(connection& c, std::int64_t id) { execute(c, delete_meeting_sql, {{"id", id}}); }

std::int64_t invite_members_if_none(connection& c, std::int64_t meeting_id)
{
    auto& s = c.prepare(has_invitations_sql);
    bind_object(c, s, {{"id", meeting_id}});
    s.executeStep();
    bool any = s.getColumn(0).getInt() != 0;
    s.reset();
    if (any)
        return 0;
    for (auto oid : active_member_organizations(c))
        invite_organization(c, meeting_id, oid);
    std::int64_t added = 0;
    for (const auto& p : default_invitees(c))
        added += invite_person(c, meeting_id, p["person_id"].get<std::int64_t>(), p["organization_id"].get<std::int64_t>());
    return added;
}

std::vector<std::int64_t> mark_held_meetings(connection& c, std::int64_t now)
{
    std::vector<std::int64_t> ids;
    for (const auto& row : query_all(c, mark_held_sql, {{"now", now}}))
        ids.push_back(row["id"].get<std::int64_t>());
    return ids;
}

std::optional<json> find_agenda_row(connection& c, std::int64_t id) { return query_one(c, select_agenda_sql, {{"id", id}}); }

json agenda_rows(connection& c, std::int64_t meeting_id)
{
    return query_all(c, agenda_of_meeting_sql, {{"meeting_id", meeting_id}});
}

std::int64_t planned_agenda_minutes(connection& c, std::int64_t meeting_id)
{
    return query_int(c, agenda_minutes_sql, {{"meeting_id", meeting_id}});
}

std::int64_t insert_agenda_item(connection& c, const json& row)
{
    json p = row;
    p["now"] = domain::now();
    execute(c, insert_agenda_sql, p);
    return c.last_insert_id();
}

void update_agenda_item(connection& c, std::int64_t id, const json& row)
{
    json p = row;
    p["id"] = id;
    p["now"] = domain::now();
    execute(c, update_agenda_sql, p);
}

void delete_agenda_item(connection& c, std::int64_t id) { execute(c, delete_agenda_sql, {{"id", id}}); }

void set_agenda_position(connection& c, std::int64_t id, std::int64_t position)
{
    execute(c, set_position_sql, {{"id", id}, {"position", position}, {"now", domain::now()}});
}

} // namespace sanaksme::store
