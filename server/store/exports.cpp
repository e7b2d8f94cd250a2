#include "store/exports.hpp"

#include "domain/time.hpp"
#include "store/organizations.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view invitations_sql =
    "SELECT i.meeting_id, m.title, m.starts_at, i.invited_at FROM invitations i JOIN meetings m ON m.id = i.meeting_id "
    "WHERE i.person_id = :id ORDER BY m.starts_at";
constexpr std::string_view rsvps_sql =
    "SELECT r.meeting_id, m.title, r.response, r.note, r.responded_at FROM rsvps r JOIN meetings m ON m.id = r.meeting_id "
    "WHERE r.person_id = :id ORDER BY m.starts_at";
constexpr std::string_view attendance_sql =
    "SELECT a.meeting_id, m.title, a.checked_in_at, a.mode, a.source FROM attendance a JOIN meetings m ON m.id = a.meeting_id "
    "WHERE a.person_id = :id ORDER BY m.starts_at";
constexpr std::string_view waitlists_sql =
    "SELECT w.meeting_id, m.title, (SELECT count(*) FROM waitlist o WHERE o.meeting_id = w.meeting_id AND o.seq <= w.seq) "
    "AS position, w.note, w.joined_at FROM waitlist w JOIN meetings m ON m.id = w.meeting_id WHERE w.person_id = :id "
    "ORDER BY m.starts_at";
constexpr std::string_view presentations_sql =
    "SELECT g.meeting_id, g.id AS agenda_item_id, g.title FROM agenda_items g WHERE g.presenter_person_id = :id";
constexpr std::string_view audit_sql =
    "SELECT at, actor_name, action FROM audit_log WHERE resource = 'person' AND resource_id = :id ORDER BY id";
constexpr std::string_view messages_sql =
    "SELECT id, meeting_id, kind, to_address, subject, status, created_at, sent_at FROM outbox WHERE person_id = :id "
    "ORDER BY id";
constexpr std::string_view forget_answers_sql = "DELETE FROM idempotency_keys WHERE path = :path";

json rows(connection& c, std::string_view sql, std::int64_t id, std::initializer_list<const char*> instants)
{
    auto& s = c.prepare(sql);
    s.bind(":id", id);
    json out = json::array();
    while (s.executeStep()) {
        auto row = row_object(s);
        for (auto k : instants)
            if (row[k].is_number_integer())
                row[k] = domain::format_rfc3339_utc(row[k].get<std::int64_t>());
        out.push_back(std::move(row));
    }
    return out;
}

} // namespace

json person_export(connection& c, std::int64_t id)
{
    auto person = find_person(c, id).value();
    person.erase("version");
    auto org = find_organization(c, person["organization_id"].get<std::int64_t>());
    return {{"exported_at", domain::format_rfc3339_utc(domain::now())},
            {"person", person},
            {"organization", org ? json{{"id", (*org)["id"]}, {"name", (*org)["name"]}} : json()},
            {"invitations", rows(c, invitations_sql, id, {"starts_at", "invited_at"})},
            {"rsvps", rows(c, rsvps_sql, id, {"responded_at"})},
            {"attendance", rows(c, attendance_sql, id, {"checked_in_at"})},
            {"waitlists", rows(c, waitlists_sql, id, {"joined_at"})},
            {"presentations", rows(c, presentations_sql, id, {})},
            {"messages", rows(c, messages_sql, id, {"created_at", "sent_at"})},
            {"changes", rows(c, audit_sql, id, {"at"})}};
}

void forget_idempotent_answers(connection& c, const std::string& path)
{
    auto& s = c.prepare(forget_answers_sql);
    s.bind(":path", path);
    s.exec();
}

} // namespace sanaksme::store
