#include "store/attendance.hpp"

#include "domain/time.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view default_invitees_sql =
    "SELECT p.id AS person_id, p.organization_id FROM people p JOIN organizations o ON o.id = p.organization_id "
    "WHERE o.active = 1 AND o.membership = 'member' AND p.erased_at IS NULL ORDER BY p.id";
constexpr std::string_view active_members_sql =
    "SELECT id FROM organizations WHERE active = 1 AND membership = 'member' ORDER BY id";
constexpr std::string_view people_of_org_sql =
    "SELECT id AS person_id, organization_id FROM people WHERE organization_id = :org AND erased_at IS NULL ORDER BY id";
constexpr std::string_view invite_sql =
    "INSERT OR IGNORE INTO invitations (meeting_id, person_id, organization_id, invited_at) "
    "VALUES (:meeting, :person, :org, :now)";
constexpr std::string_view invite_org_sql =
    "INSERT OR IGNORE INTO invited_organizations (meeting_id, organization_id) VALUES (:meeting, :org)";
constexpr std::string_view is_invited_sql = "SELECT 1 FROM invitations WHERE meeting_id = ?1 AND person_id = ?2";
constexpr std::string_view org_invited_sql =
    "SELECT count(*) FROM invited_organizations WHERE meeting_id = :meeting AND organization_id = :org";
constexpr std::string_view invitation_page_sql =
    "SELECT i.person_id, p.name, i.organization_id, o.name AS organization_name, i.invited_at, r.response, r.note, "
    "r.responded_at, (a.id IS NOT NULL) AS checked_in FROM invitations i JOIN people p ON p.id = i.person_id "
    "JOIN organizations o ON o.id = i.organization_id "
    "LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id "
    "LEFT JOIN attendance a ON a.meeting_id = i.meeting_id AND a.person_id = i.person_id "
    "WHERE i.meeting_id = :meeting AND i.person_id > :after ORDER BY i.person_id LIMIT :limit";

constexpr std::string_view find_rsvp_sql =
    "SELECT response, note, responded_at FROM rsvps WHERE meeting_id = ?1 AND person_id = ?2";
// No RETURNING: SQLite buffers its rows in a temporary b-tree, and every value is known here.
constexpr std::string_view save_rsvp_sql =
    "INSERT INTO rsvps (meeting_id, person_id, response, note, responded_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (meeting_id, person_id) DO UPDATE SET response = excluded.response, "
    "note = excluded.note, responded_at = excluded.responded_at";
constexpr std::string_view delete_rsvp_sql = "DELETE FROM rsvps WHERE meeting_id = :meeting AND person_id = :person";
constexpr std::string_view yes_count_sql = "SELECT count(*) FROM rsvps WHERE meeting_id = ?1 AND response = 'yes'";
constexpr std::string_view organization_yes_count_sql =
    "SELECT count(*) FROM rsvps r JOIN people p ON p.id = r.person_id "
    "WHERE r.meeting_id = :meeting AND r.response = 'yes' AND p.organization_id = :org";
// The line: seq orders it; a position is the rank, so it never skips or repeats.
constexpr std::string_view join_waitlist_sql =
    "INSERT INTO waitlist (meeting_id, person_id, seq, note, joined_at) VALUES (:meeting, :person, "
    "(SELECT coalesce(max(seq), 0) + 1 FROM waitlist WHERE meeting_id = :meeting), :note, :now) ON CONFLICT DO NOTHING";
constexpr std::string_view find_waitlisted_sql =
    "SELECT (SELECT count(*) FROM waitlist o WHERE o.meeting_id = w.meeting_id AND o.seq <= w.seq) AS position, "
    "w.note, w.joined_at FROM waitlist w WHERE w.meeting_id = :meeting AND w.person_id = :person";
constexpr std::string_view leave_waitlist_sql = "DELETE FROM waitlist WHERE meeting_id = :meeting AND person_id = :person";
constexpr std::string_view first_waitlisted_sql =
    "SELECT person_id, note FROM waitlist WHERE meeting_id = :meeting ORDER BY seq LIMIT :n";
constexpr std::string_view waitlist_rows_sql =
    "SELECT w.person_id, p.name, p.organization_id, row_number() OVER (ORDER BY w.seq) AS position, w.joined_at "
    "FROM waitlist w JOIN people p ON p.id = w.person_id WHERE w.meeting_id = :meeting ORDER BY w.seq";
constexpr std::string_view waitlist_count_sql = "SELECT count(*) FROM waitlist WHERE meeting_id = :meeting";
constexpr std::string_view rsvp_counts_sql =
    "SELECT (SELECT count(*) FROM rsvps WHERE meeting_id = :meeting AND response = 'yes') AS yes, "
    "(SELECT count(*) FROM rsvps WHERE meeting_id = :meeting AND response = 'no') AS no, "
    "(SELECT count(*) FROM rsvps WHERE meeting_id = :meeting AND response = 'maybe') AS maybe, "
    "(SELECT count(*) FROM invitations i WHERE i.meeting_id = :meeting AND NOT EXISTS "
    "(SELECT 1 FROM rsvps r WHERE r.meeting_id = i.meeting_id AND r.person_id = i.person_id)) AS no_answer";
constexpr std::string_view rsvp_page_sql =
    "SELECT r.person_id, p.name, p.organization_id, o.name AS organization_name, r.response, r.note, r.responded_at "
    "FROM rsvps r JOIN people p ON p.id = r.person_id JOIN organizations o ON o.id = p.organization_id "
    "WHERE r.meeting_id = :meeting AND r.person_id > :after ORDER BY r.person_id LIMIT :limit";

constexpr std::string_view attendance_state_sql =
    "SELECT m.starts_at, m.status, m.timezone, "
    "EXISTS (SELECT 1 FROM minutes n WHERE n.meeting_id = m.id AND n.status = 'approved') "
    "FROM meetings m WHERE m.id = :meeting";
constexpr std::string_view find_check_in_sql =
    "SELECT a.id, a.meeting_id, a.person_id, p.name, a.organization_id, o.name AS organization_name, a.checked_in_at, "
    "a.mode, a.source FROM attendance a JOIN people p ON p.id = a.person_id LEFT JOIN organizations o ON o.id = a.organization_id "
    "WHERE a.meeting_id = :meeting AND a.person_id = :person";
constexpr std::string_view check_in_sql =
    "INSERT INTO attendance (meeting_id, person_id, organization_id, checked_in_at, mode, source) "
    "VALUES (:meeting, :person, :org, :at, :mode, :source) ON CONFLICT DO NOTHING";
constexpr std::string_view undo_check_in_sql =
    "DELETE FROM attendance WHERE meeting_id = :meeting AND person_id = :person";
constexpr std::string_view add_guest_sql =
    "INSERT INTO attendance (meeting_id, guest_name, guest_organization_name, checked_in_at, source) "
    "VALUES (:meeting, :name, :org_name, :at, :source)";
constexpr std::string_view attendance_rows_sql =
    "SELECT a.id, a.person_id, coalesce(p.name, a.guest_name) AS name, (p.erased_at IS NOT NULL) AS erased, "
    "a.organization_id, coalesce(o.name, a.guest_organization_name) AS organization_name, "
    "(a.person_id IS NULL) AS guest, a.checked_in_at, a.mode, a.source FROM attendance a LEFT JOIN people p ON p.id = a.person_id "
    "LEFT JOIN organizations o ON o.id = a.organization_id WHERE a.meeting_id = :meeting ORDER BY a.checked_in_at, a.id";

constexpr std::string_view excuse_sql =
    "INSERT INTO excusals (meeting_id, organization_id, reason, excused_at) VALUES (:meeting, :org, :reason, :now) "
    "ON CONFLICT (meeting_id, organization_id) DO UPDATE SET reason = excluded.reason, excused_at = excluded.excused_at";
constexpr std::string_view unexcuse_sql = "DELETE FROM excusals WHERE meeting_id = :meeting AND organization_id = :org";

// Set-based: each table is read once for the whole roll-call (with correlated subqueries per
// organization, a thousand organizations cost 8 ms of index seeks per request).
constexpr std::string_view organization_facts_sql =
    "WITH history AS (SELECT organization_id, membership, active, row_number() OVER "
    " (PARTITION BY organization_id ORDER BY valid_from DESC, id DESC) AS n "
    " FROM organization_history WHERE valid_from <= :date), "
    "answers AS (SELECT p.organization_id, max(r.response = 'no') AS said_no, max(r.response <> 'no') AS said_other "
    " FROM rsvps r JOIN people p ON p.id = r.person_id WHERE r.meeting_id = :meeting GROUP BY p.organization_id) "
    "SELECT o.id, o.name, o.short_name, h.membership AS membership_then, h.active AS active_then, "
    "(i.organization_id IS NOT NULL) AS invited, e.reason AS excuse_reason, "
    "(e.organization_id IS NOT NULL OR coalesce(a.said_no AND NOT a.said_other, 0)) AS apologised "
    "FROM organizations o LEFT JOIN history h ON h.organization_id = o.id AND h.n = 1 "
    "LEFT JOIN invited_organizations i ON i.meeting_id = :meeting AND i.organization_id = o.id "
    "LEFT JOIN excusals e ON e.meeting_id = :meeting AND e.organization_id = o.id "
    "LEFT JOIN answers a ON a.organization_id = o.id "
    "ORDER BY o.name, o.id";

// A meeting counts in the report once it took place: held, or scheduled with someone checked in
// (the scheduler marks those held after their end). One announced but never recorded is left out.
constexpr std::string_view participation_org_sql =
    "SELECT o.id, o.name, o.membership, "
    "(SELECT count(DISTINCT m.id) FROM meetings m WHERE m.starts_at >= :from AND m.starts_at < :to "
    " AND (m.status = 'held' OR (m.status = 'scheduled' AND EXISTS (SELECT 1 FROM attendance x WHERE x.meeting_id = m.id))) AND EXISTS (SELECT 1 FROM invited_organizations i "
    " WHERE i.meeting_id = m.id AND i.organization_id = o.id)) AS meetings_invited, "
    "(SELECT count(DISTINCT a.meeting_id) FROM attendance a JOIN meetings m ON m.id = a.meeting_id "
    " WHERE a.organization_id = o.id AND m.starts_at >= :from AND m.starts_at < :to "
    " AND (m.status = 'held' OR (m.status = 'scheduled' AND EXISTS (SELECT 1 FROM attendance x WHERE x.meeting_id = m.id)))) AS meetings_attended "
    "FROM organizations o ORDER BY o.name, o.id";
constexpr std::string_view participation_meeting_sql =
    "SELECT m.id, m.title, m.series, m.number, m.starts_at, m.timezone, m.status, "
    "(SELECT count(*) FROM invitations i WHERE i.meeting_id = m.id) AS people_invited, "
    "(SELECT count(*) FROM invited_organizations i WHERE i.meeting_id = m.id) AS organizations_invited, "
    "(SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id) AS people_present, "
    "(SELECT count(DISTINCT a.organization_id) FROM attendance a WHERE a.meeting_id = m.id) AS organizations_present "
    "FROM meetings m WHERE m.starts_at >= :from AND m.starts_at < :to AND (m.status = 'held' OR (m.status = 'scheduled' AND EXISTS (SELECT 1 FROM attendance x WHERE x.meeting_id = m.id))) "
    "ORDER BY m.starts_at, m.id";

} // namespace

json default_invitees(connection& c) { return query_all(c, default_invitees_sql, json::object()); }

std::vector<std::int64_t> active_member_organizations(connection& c)
{
    std::vector<std::int64_t> ids;
    for (const auto& r : query_all(c, active_members_sql, json::object()))
        ids.push_back(r["id"].get<std::int64_t>());
    return ids;
}

json people_of_organization(connection& c, std::int64_t organization_id)
{
    return query_all(c, people_of_org_sql, {{"org", organization_id}});
}

bool invite_person(connection& c, std::int64_t meeting_id, std::int64_t person_id, std::int64_t organization_id)
{
    execute(c, invite_sql, {{"meeting", meeting_id}, {"person", person_id}, {"org", organization_id}, {"now", domain::now()}});
    bool added = c.changes() > 0;
    invite_organization(c, meeting_id, organization_id);
    return added;
}

void invite_organization(connection& c, std::int64_t meeting_id, std::int64_t organization_id)
{
    execute(c, invite_org_sql, {{"meeting", meeting_id}, {"org", organization_id}});
}

bool is_invited(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    auto& s = c.prepare(is_invited_sql);
    s.bind(1, meeting_id);
    s.bind(2, person_id);
    return s.executeStep();
}

bool organization_invited(connection& c, std::int64_t meeting_id, std::int64_t organization_id)
{
    return query_int(c, org_invited_sql, {{"meeting", meeting_id}, {"org", organization_id}}) > 0;
}

json invitation_page(connection& c, std::int64_t meeting_id, std::int64_t after_person, int limit)
{
    return query_all(c, invitation_page_sql, {{"meeting", meeting_id}, {"after", after_person}, {"limit", limit}});
}

std::optional<rsvp> find_rsvp(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    auto& s = c.prepare(find_rsvp_sql);
    s.bind(1, meeting_id);
    s.bind(2, person_id);
    if (!s.executeStep())
        return std::nullopt;
    return rsvp{meeting_id, person_id, s.getColumn(0).getString(), optional_text(s.getColumn(1)),
                s.getColumn(2).getInt64()};
}

rsvp save_rsvp(connection& c, std::int64_t meeting_id, std::int64_t person_id, std::string response,
               std::optional<std::string> note)
{
    rsvp r{meeting_id, person_id, std::move(response), std::move(note), domain::now()};
    auto& s = c.prepare(save_rsvp_sql);
    s.bind(1, meeting_id);
    s.bind(2, person_id);
    bind_text(s, 3, r.response);
    bind_optional(s, 4, r.note);
    s.bind(5, r.responded_at);
    s.exec();
    return r;
}

void delete_rsvp(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    execute(c, delete_rsvp_sql, {{"meeting", meeting_id}, {"person", person_id}});
}

std::int64_t yes_count(connection& c, std::int64_t meeting_id)
{
    auto& s = c.prepare(yes_count_sql);
    s.bind(1, meeting_id);
    return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

std::int64_t organization_yes_count(connection& c, std::int64_t meeting_id, std::int64_t organization_id)
{
    return query_int(c, organization_yes_count_sql, {{"meeting", meeting_id}, {"org", organization_id}});
}

bool join_waitlist(connection& c, std::int64_t meeting_id, std::int64_t person_id, const std::optional<std::string>& note)
{
    execute(c, join_waitlist_sql, {{"meeting", meeting_id}, {"person", person_id}, {"note", note ? json(*note) : json()},
                                   {"now", domain::now()}});
    return c.changes() > 0;
}

std::optional<waitlisted> find_waitlisted(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    auto row = query_one(c, find_waitlisted_sql, {{"meeting", meeting_id}, {"person", person_id}});
    if (!row)
        return std::nullopt;
    return waitlisted{person_id, (*row)["position"].get<std::int64_t>(),
                      (*row)["note"].is_string() ? std::optional((*row)["note"].get<std::string>()) : std::nullopt,
                      (*row)["joined_at"].get<std::int64_t>()};
}

void leave_waitlist(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    execute(c, leave_waitlist_sql, {{"meeting", meeting_id}, {"person", person_id}});
}

std::vector<waitlisted> first_waitlisted(connection& c, std::int64_t meeting_id, std::int64_t n)
{
    std::vector<waitlisted> out;
    std::int64_t position = 0;
    for (const auto& r : query_all(c, first_waitlisted_sql, {{"meeting", meeting_id}, {"n", n}}))
        out.push_back({r["person_id"].get<std::int64_t>(), ++position,
                       r["note"].is_string() ? std::optional(r["note"].get<std::string>()) : std::nullopt, 0});
    return out;
}

json waitlist_rows(connection& c, std::int64_t meeting_id) { return query_all(c, waitlist_rows_sql, {{"meeting", meeting_id}}); }

std::int64_t waitlist_count(connection& c, std::int64_t meeting_id)
{
    return query_int(c, waitlist_count_sql, {{"meeting", meeting_id}});
}

json rsvp_counts(connection& c, std::int64_t meeting_id) { return *query_one(c, rsvp_counts_sql, {{"meeting", meeting_id}}); }

json rsvp_page(connection& c, std::int64_t meeting_id, std::int64_t after_person, int limit)
{
    return query_all(c, rsvp_page_sql, {{"meeting", meeting_id}, {"after", after_person}, {"limit", limit}});
}

std::optional<attendance_state> find_attendance_state(connection& c, std::int64_t meeting_id)
{
    auto& s = c.prepare(attendance_state_sql);
    s.bind(":meeting", meeting_id);
    if (!s.executeStep())
        return std::nullopt;
    return attendance_state{meeting_id, s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                            s.getColumn(3).getInt() != 0};
}

std::optional<json> find_check_in(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    return query_one(c, find_check_in_sql, {{"meeting", meeting_id}, {"person", person_id}});
}

void check_in(connection& c, std::int64_t meeting_id, std::int64_t person_id, std::int64_t organization_id,
              std::int64_t at, const check_in_how& how)
{
    execute(c, check_in_sql, {{"meeting", meeting_id}, {"person", person_id}, {"org", organization_id}, {"at", at},
                              {"mode", std::string(how.mode)}, {"source", std::string(how.source)}});
}

void undo_check_in(connection& c, std::int64_t meeting_id, std::int64_t person_id)
{
    execute(c, undo_check_in_sql, {{"meeting", meeting_id}, {"person", person_id}});
}

std::int64_t add_guest(connection& c, std::int64_t meeting_id, const std::string& name, const json& organization_name,
                       std::int64_t at, std::string_view source)
{
    execute(c, add_guest_sql, {{"meeting", meeting_id}, {"name", name}, {"org_name", organization_name}, {"at", at},
                               {"source", std::string(source)}});
    return c.last_insert_id();
}

json attendance_rows(connection& c, std::int64_t meeting_id) { return query_all(c, attendance_rows_sql, {{"meeting", meeting_id}}); }

void excuse(connection& c, std::int64_t meeting_id, std::int64_t organization_id, const json& reason)
{
    execute(c, excuse_sql, {{"meeting", meeting_id}, {"org", organization_id}, {"reason", reason}, {"now", domain::now()}});
}

bool unexcuse(connection& c, std::int64_t meeting_id, std::int64_t organization_id)
{
    execute(c, unexcuse_sql, {{"meeting", meeting_id}, {"org", organization_id}});
    return c.changes() > 0;
}

json organization_facts(connection& c, std::int64_t meeting_id, const std::string& date)
{
    return query_all(c, organization_facts_sql, {{"meeting", meeting_id}, {"date", date}});
}

json participation_by_organization(connection& c, std::int64_t from, std::int64_t to)
{
    return query_all(c, participation_org_sql, {{"from", from}, {"to", to}});
}

json participation_by_meeting(connection& c, std::int64_t from, std::int64_t to)
{
    return query_all(c, participation_meeting_sql, {{"from", from}, {"to", to}});
}

} // namespace sanaksme::store
