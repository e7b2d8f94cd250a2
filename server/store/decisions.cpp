// Decisions and votes: named SQL, bound by name.
#include "store/decisions.hpp"

#include "domain/time.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view columns =
    "SELECT d.id, d.meeting_id, d.agenda_item_id, a.title AS agenda_item_title, d.text, d.rule, d.status, d.outcome, "
    "d.votes_for, d.votes_against, d.abstentions, d.present, d.members, d.quorum, d.required, "
    "d.present_organizations, d.closed_at, d.closed_by, d.state, d.version, d.created_at, d.updated_at, "
    "m.title AS meeting_title, m.starts_at AS meeting_starts_at, m.series AS meeting_series, "
    "m.timezone AS meeting_timezone, "
    "EXISTS (SELECT 1 FROM minutes n WHERE n.meeting_id = d.meeting_id AND n.status = 'approved') AS minutes_approved "
    "FROM decisions d JOIN meetings m ON m.id = d.meeting_id LEFT JOIN agenda_items a ON a.id = d.agenda_item_id ";
constexpr std::string_view find_sql_tail = "WHERE d.id = :id";
constexpr std::string_view list_sql_tail =
    "WHERE (m.starts_at, d.id) > (:after_start, :after_id) AND (:from IS NULL OR m.starts_at >= :from) "
    "AND (:to IS NULL OR m.starts_at < :to) AND (:state IS NULL OR d.state = :state) "
    "AND (:meeting IS NULL OR d.meeting_id = :meeting) ORDER BY m.starts_at, d.id LIMIT :limit";
constexpr std::string_view series_sql_tail = "WHERE m.series = :series AND d.status = 'closed' ORDER BY m.starts_at, d.id";
constexpr std::string_view insert_sql =
    "INSERT INTO decisions (meeting_id, agenda_item_id, text, rule, created_at, updated_at) "
    "VALUES (:meeting_id, :agenda_item_id, :text, :rule, :now, :now)";
constexpr std::string_view update_text_sql =
    "UPDATE decisions SET agenda_item_id = :agenda_item_id, text = :text, rule = :rule, version = version + 1, "
    "updated_at = :now WHERE id = :id";
constexpr std::string_view update_state_sql =
    "UPDATE decisions SET state = :state, version = version + 1, updated_at = :now WHERE id = :id";
constexpr std::string_view close_sql =
    "UPDATE decisions SET status = 'closed', outcome = :outcome, votes_for = :votes_for, votes_against = :votes_against, "
    "abstentions = :abstentions, present = :present, members = :members, quorum = :quorum, required = :required, "
    "present_organizations = :present_organizations, closed_at = :now, closed_by = :by, version = version + 1, "
    "updated_at = :now WHERE id = :id AND status = 'voting'";
constexpr std::string_view votes_sql =
    "SELECT v.organization_id, o.name AS organization_name, v.vote, v.cast_by, v.cast_at FROM decision_votes v "
    "JOIN organizations o ON o.id = v.organization_id WHERE v.decision_id = :id ORDER BY o.name, v.organization_id";
constexpr std::string_view save_vote_sql =
    "INSERT INTO decision_votes (decision_id, organization_id, vote, cast_by, cast_at) VALUES (:id, :org, :vote, :by, :now) "
    "ON CONFLICT (decision_id, organization_id) DO UPDATE SET vote = excluded.vote, cast_by = excluded.cast_by, "
    "cast_at = excluded.cast_at";
constexpr std::string_view bump_sql = "UPDATE decisions SET version = version + 1, updated_at = :now WHERE id = :id";

std::string sql(std::string_view tail) { return std::string(columns) + std::string(tail); }

json decoded(json row)
{
    if (row["present_organizations"].is_string())
        row["present_organizations"] = json::parse(row["present_organizations"].get<std::string>());
    return row;
}

} // namespace

std::optional<json> find_decision_row(connection& c, std::int64_t id)
{
    static const auto find_sql = sql(find_sql_tail);
    auto row = query_one(c, find_sql, {{"id", id}});
    if (!row)
        return std::nullopt;
    return decoded(*row);
}

json list_decision_rows(connection& c, const decision_filter& f, std::int64_t after_start, std::int64_t after_id, int limit)
{
    static const auto list_sql = sql(list_sql_tail);
    json out = json::array();
    for (auto row : query_all(c, list_sql,
                              {{"after_start", after_start}, {"after_id", after_id}, {"limit", limit},
                               {"from", f.from ? json(*f.from) : json()}, {"to", f.to ? json(*f.to) : json()},
                               {"state", f.state ? json(*f.state) : json()},
                               {"meeting", f.meeting_id ? json(*f.meeting_id) : json()}}))
        out.push_back(decoded(std::move(row)));
    return out;
}

json closed_decisions_of_series(connection& c, const std::string& series)
{
    static const auto series_sql = sql(series_sql_tail);
    json out = json::array();
    for (auto row : query_all(c, series_sql, {{"series", series}}))
        out.push_back(decoded(std::move(row)));
    return out;
}

std::int64_t insert_decision(connection& c, const json& row)
{
    execute(c, insert_sql,
            {{"meeting_id", row["meeting_id"]}, {"agenda_item_id", row["agenda_item_id"]}, {"text", row["text"]},
             {"rule", row["rule"]}, {"now", domain::now()}});
    return c.last_insert_id();
}

void update_decision_text(connection& c, std::int64_t id, const json& row)
{
    execute(c, update_text_sql,
            {{"id", id}, {"agenda_item_id", row["agenda_item_id"]}, {"text", row["text"]}, {"rule", row["rule"]},
             {"now", domain::now()}});
}

void update_decision_state(connection& c, std::int64_t id, const std::string& state)
{
    execute(c, update_state_sql, {{"id", id}, {"state", state}, {"now", domain::now()}});
}

void close_decision(connection& c, std::int64_t id, const json& result, const std::string& closed_by)
{
    execute(c, close_sql,
            {{"id", id}, {"outcome", result["outcome"]}, {"votes_for", result["for"]}, {"votes_against", result["against"]},
             {"abstentions", result["abstained"]}, {"present", result["present"]}, {"members", result["members"]},
             {"quorum", result["quorum"]}, {"required", result["required"]},
             {"present_organizations", result["present_organizations"].dump()}, {"now", domain::now()},
             {"by", closed_by}});
}

json decision_votes(connection& c, std::int64_t decision_id) { return query_all(c, votes_sql, {{"id", decision_id}}); }

void save_vote(connection& c, std::int64_t decision_id, std::int64_t organization_id, const std::string& vote,
               const std::string& cast_by)
{
    auto now = domain::now();
    execute(c, save_vote_sql, {{"id", decision_id}, {"org", organization_id}, {"vote", vote}, {"by", cast_by}, {"now", now}});
    execute(c, bump_sql, {{"id", decision_id}, {"now", now}});
}

} // namespace sanaksme::store
