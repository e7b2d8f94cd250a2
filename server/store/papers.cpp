// The papers' rows: one per upload, soft-deleted, its bytes named by their hash.
#include "store/papers.hpp"

#include "domain/time.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace sanaksme::store {

namespace {

constexpr std::string_view select_paper_sql =
    "SELECT id, meeting_id, agenda_item_id, title, file_name, content_type, size, sha256, visibility, version, "
    "created_at, updated_at, deleted_at FROM papers WHERE id = :id";
constexpr std::string_view meeting_papers_sql =
    "SELECT id, meeting_id, agenda_item_id, title, file_name, content_type, size, sha256, visibility, version, "
    "created_at, updated_at, deleted_at FROM papers WHERE meeting_id = :meeting_id AND deleted_at IS NULL "
    "AND (:agenda_item_id IS NULL OR agenda_item_id = :agenda_item_id) ORDER BY id";
constexpr std::string_view insert_paper_sql =
    "INSERT INTO papers (meeting_id, agenda_item_id, title, file_name, content_type, size, sha256, visibility, "
    "created_at, updated_at) VALUES (:meeting_id, :agenda_item_id, :title, :file_name, :content_type, :size, "
    ":sha256, :visibility, :now, :now)";
constexpr std::string_view update_paper_sql =
    "UPDATE papers SET title = :title, visibility = :visibility, agenda_item_id = :agenda_item_id, "
    "version = version + 1, updated_at = :now WHERE id = :id";
constexpr std::string_view delete_paper_sql =
    "UPDATE papers SET deleted_at = :now, version = version + 1, updated_at = :now WHERE id = :id";
constexpr std::string_view paper_hashes_sql = "SELECT DISTINCT sha256 FROM papers ORDER BY sha256";

} // namespace

std::optional<json> find_paper(connection& c, std::int64_t id) { return query_one(c, select_paper_sql, {{"id", id}}); }

json meeting_papers(connection& c, std::int64_t meeting_id, std::optional<std::int64_t> agenda_item_id)
{
    return query_all(c, meeting_papers_sql,
                     {{"meeting_id", meeting_id}, {"agenda_item_id", agenda_item_id ? json(*agenda_item_id) : json()}});
}

std::int64_t insert_paper(connection& c, const json& row)
{
    json p = row;
    p["now"] = domain::now();
    execute(c, insert_paper_sql, p);
    return c.last_insert_id();
}

void update_paper(connection& c, std::int64_t id, const json& fields)
{
    json p = fields;
    p["id"] = id;
    p["now"] = domain::now();
    execute(c, update_paper_sql, p);
}

void mark_paper_deleted(connection& c, std::int64_t id) { execute(c, delete_paper_sql, {{"id", id}, {"now", domain::now()}}); }

std::vector<std::string> paper_hashes(connection& c)
{
    std::vector<std::string> out;
    for (const auto& r : query_all(c, paper_hashes_sql, json::object()))
        out.push_back(r["sha256"].get<std::string>());
    return out;
}

std::vector<std::string> paper_hashes_in(const std::string& db_file)
{
    SQLite::Database db(db_file, SQLite::OPEN_READONLY);
    SQLite::Statement s(db, std::string(paper_hashes_sql));
    std::vector<std::string> out;
    while (s.executeStep())
        out.push_back(s.getColumn(0).getString());
    return out;
}

} // namespace sanaksme::store
