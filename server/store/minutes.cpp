#include "store/minutes.hpp"

#include "domain/time.hpp"

namespace sanaksme::store {

namespace {

constexpr std::string_view find_sql =
    "SELECT meeting_id, status, body, version, approved_by, approved_at, updated_at, snapshot FROM minutes "
    "WHERE meeting_id = :m";
constexpr std::string_view snapshot_sql = "UPDATE minutes SET snapshot = :snapshot WHERE meeting_id = :m";
constexpr std::string_view upsert_sql =
    "INSERT INTO minutes (meeting_id, status, body, version, updated_at) VALUES (:m, :status, :body, 1, :now) "
    "ON CONFLICT (meeting_id) DO UPDATE SET status = excluded.status, body = excluded.body, "
    "version = minutes.version + 1, updated_at = excluded.updated_at";
constexpr std::string_view version_sql = "SELECT version FROM minutes WHERE meeting_id = :m";
constexpr std::string_view insert_version_sql =
    "INSERT INTO minutes_versions (meeting_id, version, status, body, saved_by, saved_at) "
    "VALUES (:m, :version, :status, :body, :by, :now)";
constexpr std::string_view approve_sql =
    "UPDATE minutes SET status = 'approved', approved_by = :by, approved_at = :now, version = version + 1, "
    "updated_at = :now WHERE meeting_id = :m";
constexpr std::string_view versions_sql =
    "SELECT version, status, body, saved_by, saved_at FROM minutes_versions WHERE meeting_id = :m ORDER BY version";
constexpr std::string_view earlier_sql =
    "SELECT m.id AS meeting_id, m.title, m.number, m.starts_at, n.body FROM minutes n JOIN meetings m ON m.id = n.meeting_id "
    "WHERE m.series = :series AND m.starts_at < :starts_at ORDER BY m.starts_at";

json decoded(json row)
{
    row["body"] = json::parse(row["body"].get<std::string>());
    if (row.contains("snapshot") && row["snapshot"].is_string())
        row["snapshot"] = json::parse(row["snapshot"].get<std::string>());
    return row;
}

} // namespace

std::optional<json> find_minutes(connection& c, std::int64_t meeting_id)
{
    auto row = query_one(c, find_sql, {{"m", meeting_id}});
    if (!row)
        return std::nullopt;
    return decoded(*row);
}

std::int64_t save_minutes(connection& c, std::int64_t meeting_id, const std::string& status, const json& body,
                          const std::string& saved_by)
{
    auto now = domain::now();
    execute(c, upsert_sql, {{"m", meeting_id}, {"status", status}, {"body", body.dump()}, {"now", now}});
    auto version = query_int(c, version_sql, {{"m", meeting_id}});
    execute(c, insert_version_sql,
            {{"m", meeting_id}, {"version", version}, {"status", status}, {"body", body.dump()}, {"by", saved_by}, {"now", now}});
    return version;
}

void approve_minutes(connection& c, std::int64_t meeting_id, const std::string& approved_by)
{
    auto now = domain::now();
    execute(c, approve_sql, {{"m", meeting_id}, {"by", approved_by}, {"now", now}});
    auto m = *find_minutes(c, meeting_id);
    execute(c, insert_version_sql,
            {{"m", meeting_id}, {"version", m["version"]}, {"status", "approved"}, {"body", m["body"].dump()},
             {"by", approved_by}, {"now", now}});
}

void freeze_minutes(connection& c, std::int64_t meeting_id, const json& snapshot)
{
    execute(c, snapshot_sql, {{"m", meeting_id}, {"snapshot", snapshot.dump()}});
}

json minutes_versions(connection& c, std::int64_t meeting_id)
{
    json out = json::array();
    for (auto row : query_all(c, versions_sql, {{"m", meeting_id}})) {
        row = decoded(row);
        row["saved_at"] = domain::format_rfc3339_utc(row["saved_at"].get<std::int64_t>());
        out.push_back(std::move(row));
    }
    return out;
}

json earlier_minutes_in_series(connection& c, const json& meeting_row)
{
    if (!meeting_row["series"].is_string())
        return json::array();
    json out = json::array();
    for (auto row : query_all(c, earlier_sql, {{"series", meeting_row["series"]}, {"starts_at", meeting_row["starts_at"]}}))
        out.push_back(decoded(row));
    return out;
}

} // namespace sanaksme::store
