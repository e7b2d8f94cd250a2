#pragma once
// One SQLite connection with its prepared-statement cache, binding by name, and the file checks.
#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sanaksme::store {

using json = nlohmann::json;

class connection {
public:
    connection(const std::string& path, bool writer, int busy_timeout_ms);

    // A statement prepared once per connection and reused; reset and unbound on every call.
    SQLite::Statement& prepare(std::string_view sql);
    void exec(std::string_view sql);
    std::int64_t last_insert_id() const { return db_.getLastInsertRowid(); }
    int changes() const { return db_.getChanges(); }
    SQLite::Database& raw() { return db_; }
    // How long a lock held by another connection is waited for before SQLITE_BUSY.
    void set_busy_timeout(int ms) { busy_timeout_ms_ = ms; }
    // Ends every statement used in the transaction, so no read snapshot stays open after it.
    void reset_used();

    // When this connection last set a token's last_used_at (store::mark_token_used), by token id,
    // so the UPDATE runs once a minute and not with every write. Valid only while what it wrote
    // stays: whoever rolls back a write transaction calls rolled_back().
    std::unordered_map<std::int64_t, std::int64_t>& token_marks() { return token_marks_; }
    void rolled_back() { token_marks_.clear(); }

private:
    struct cached {
        std::unique_ptr<SQLite::Statement> statement;
        std::vector<std::string> parameters; // names without the leading ':'
        bool in_use = false;                 // listed in used_ (once, however often prepared)
    };
    friend void bind_object(connection&, SQLite::Statement&, const json&);

    SQLite::Database db_;
    int busy_timeout_ms_ = 0; // read by the busy handler
    std::unordered_map<const char*, cached> cache_;
    std::unordered_map<const SQLite::Statement*, const cached*> by_statement_;
    std::vector<cached*> used_;
    std::unordered_map<std::int64_t, std::int64_t> token_marks_;
};

// Binds each named parameter of the statement (":name") to obj["name"] (absent → NULL).
void bind_object(connection& c, SQLite::Statement& s, const json& obj);
// The current row as an object keyed by column name; INTEGER → number, TEXT → string.
json row_object(SQLite::Statement& s);

// One named statement with its parameters taken from `params`:
void execute(connection& c, std::string_view sql, const json& params);            // no rows
json query_all(connection& c, std::string_view sql, const json& params);          // every row
std::optional<json> query_one(connection& c, std::string_view sql, const json& params); // the first row
std::int64_t query_int(connection& c, std::string_view sql, const json& params);  // first column of the first row

// Typed access for the hot write paths (an RSVP, a check-in), which skip the JSON row above:
// positional binds of text without a copy (the value must outlive the step), and NULL-able columns.
void bind_text(SQLite::Statement& s, int index, const std::string& text);
void bind_optional(SQLite::Statement& s, int index, const std::optional<std::string>& text);
void bind_optional(SQLite::Statement& s, int index, std::optional<std::int64_t> value);
std::optional<std::int64_t> optional_int(const SQLite::Column& c);
std::optional<std::string> optional_text(const SQLite::Column& c);

// Routes SQLite's error log to ours; call first thing in main, before SQLite starts. A corrupt
// page met by any statement is then counted, and logged once with what found it.
void install_error_log();
std::uint64_t corruptions_found();

// Why the database file cannot take writes now, or nullopt: its file system is read-only or has
// less than min_free_bytes free, or the file (or its -wal, -shm) cannot be written by this process.
std::optional<std::string> storage_problem(const std::string& path, std::uint64_t min_free_bytes);

} // namespace sanaksme::store
