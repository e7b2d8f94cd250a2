#pragma once
// The SQLite database: one writer connection behind a mutex (every write is one IMMEDIATE
// transaction), and one read connection per thread (WAL: reads never wait behind writes).
// Handlers reach it only through read() and write(), so a writer queue with group commit can
// replace write()'s body without touching them.
#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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
    // Ends every statement used in the transaction, so no read snapshot stays open after it.
    void reset_used();

private:
    struct cached {
        std::unique_ptr<SQLite::Statement> statement;
        std::vector<std::string> parameters; // names without the leading ':'
    };
    friend void bind_object(connection&, SQLite::Statement&, const json&);

    SQLite::Database db_;
    std::unordered_map<const char*, cached> cache_;
    std::unordered_map<const SQLite::Statement*, const cached*> by_statement_;
    std::vector<SQLite::Statement*> used_;
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

struct database_options {
    int busy_timeout_ms = 5000;
};

class database {
public:
    using options = database_options;
    explicit database(std::string path, options opts = options{});
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    const std::string& path() const { return path_; }

    template <class F>
    decltype(auto) read(F&& f)
    {
        return in_transaction(reader(), "BEGIN", std::forward<F>(f));
    }

    template <class F>
    decltype(auto) write(F&& f)
    {
        std::lock_guard lock(write_mutex_);
        return in_transaction(*writer_, "BEGIN IMMEDIATE", std::forward<F>(f));
    }

    // A consistent copy of the whole database, safe while others write.
    void backup_to(const std::string& target);

private:
    template <class F>
    static decltype(auto) in_transaction(connection& c, std::string_view begin, F&& f)
    {
        c.exec(begin);
        struct guard {
            connection& c;
            bool done = false;
            ~guard()
            {
                if (done)
                    return;
                c.reset_used();
                try {
                    c.exec("ROLLBACK");
                } catch (...) {
                }
            }
            void commit()
            {
                c.reset_used();
                c.exec("COMMIT");
                done = true;
            }
        } g{c};
        if constexpr (std::is_void_v<std::invoke_result_t<F, connection&>>) {
            f(c);
            g.commit();
        } else {
            auto result = f(c);
            g.commit();
            return result;
        }
    }

    connection& reader();

    std::string path_;
    options opts_;
    std::uint64_t generation_;
    std::mutex write_mutex_;
    std::unique_ptr<connection> writer_;
};

// Applies schema/NNNN_*.sql newer than PRAGMA user_version, each in its own transaction.
// Returns how many were applied.
int migrate(connection& c);

} // namespace sanaksme::store
