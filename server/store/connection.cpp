// The connection: opening with our pragmas, the statement cache, binding, SQLite's error log.
#include "store/connection.hpp"

#include "log.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace sanaksme::store {

namespace {

std::vector<std::string> parameter_names(sqlite3* db, const char* sql)
{
    sqlite3_stmt* raw = nullptr;
    std::vector<std::string> names;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) == SQLITE_OK && raw) {
        for (int i = 1, n = sqlite3_bind_parameter_count(raw); i <= n; ++i) {
            const char* name = sqlite3_bind_parameter_name(raw, i);
            names.emplace_back(name ? name + 1 : "");
        }
    }
    sqlite3_finalize(raw);
    return names;
}

// SQLite's own busy handler backs off to 100 ms between tries, so a writer that meets another
// process's short lock (a command such as `sanaksme token create`) would sleep on long after the
// lock is gone, and every request in its batch with it. Short, even steps instead.
int busy_wait(void* timeout_ms, int tries)
{
    constexpr int step_us = 250;
    if (static_cast<long>(tries) * step_us >= static_cast<long>(*static_cast<int*>(timeout_ms)) * 1000)
        return 0;
    std::this_thread::sleep_for(std::chrono::microseconds(step_us));
    return 1;
}

// A database file (and so its -wal and -shm, which SQLite gives the database file's mode) is
// made 0600 whatever the umask: it holds people's contact data.
const std::string& created_private(const std::string& path)
{
    if (path.empty() || path == ":memory:" || path.starts_with("file:"))
        return path;
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd); // SQLite takes an empty file for a new database
    return path;
}

std::atomic<std::uint64_t> corruption_count{0};
std::atomic<bool> corruption_logged{false};
// SQLite reports a corrupt page twice: where it was found, then which statement it ended.
thread_local std::string corruption_found_at;

void on_sqlite_log(void*, int code, const char* message)
{
    int primary = code & 0xff;
    if (primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB)
        return;
    std::string_view text = message ? message : "";
    if (!text.starts_with("statement aborts")) {
        corruption_found_at = text;
        return;
    }
    corruption_count.fetch_add(1, std::memory_order_relaxed);
    if (!corruption_logged.exchange(true))
        log::event({{"event", "database_corruption"}, {"code", code}, {"found", corruption_found_at}, {"statement", text}});
    corruption_found_at.clear();
}

// Whether this process may write the file, found without opening it: closing any descriptor of
// the database file would drop the locks SQLite holds on it. The immutable attribute stops root
// too; mode bits stop everyone else. A file that does not exist (yet) is no obstacle.
bool unwritable(const std::string& file)
{
    struct statx sx{};
    if (::statx(AT_FDCWD, file.c_str(), 0, STATX_BASIC_STATS, &sx) != 0)
        return false;
    if ((sx.stx_attributes_mask & sx.stx_attributes & (STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND)) != 0)
        return true;
    return ::faccessat(AT_FDCWD, file.c_str(), W_OK, AT_EACCESS) != 0;
}

} // namespace

connection::connection(const std::string& path, bool writer, int busy_timeout_ms)
    // NOMUTEX: a connection is used by one thread at a time (the write connection by whichever
    // thread runs the current batch, handed on under the queue's mutex; a reader's thread_local;
    // the checkpointer), so SQLite's per-call mutex would only cost time.
    : db_(writer ? created_private(path) : path, writer ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX
                       : SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX)
{
    busy_timeout_ms_ = busy_timeout_ms;
    sqlite3_busy_handler(db_.getHandle(), busy_wait, &busy_timeout_ms_);
    if (writer) {
        db_.exec("PRAGMA journal_mode=WAL");
        // FULL: a 2xx answer means the change survives a power cut, not just a crash.
        db_.exec("PRAGMA synchronous=FULL");
        // After a checkpoint restarted the WAL, its file shrinks back to at most 16 MB.
        db_.exec("PRAGMA journal_size_limit=16777216");
    } else {
        db_.exec("PRAGMA query_only=1");
    }
    db_.exec("PRAGMA foreign_keys=ON");
}

SQLite::Statement& connection::prepare(std::string_view sql)
{
    // Keyed by the address of the named SQL constant: each constant is prepared once.
    auto it = cache_.find(sql.data());
    if (it == cache_.end()) {
        cached entry{std::make_unique<SQLite::Statement>(db_, std::string(sql)),
                     parameter_names(db_.getHandle(), std::string(sql).c_str())};
        it = cache_.emplace(sql.data(), std::move(entry)).first;
        by_statement_[it->second.statement.get()] = &it->second;
    }
    auto& entry = it->second;
    auto& s = *entry.statement;
    // tryReset: a statement whose last step failed must still be reusable, and never throw here.
    s.tryReset();
    s.clearBindings();
    if (!entry.in_use) {
        entry.in_use = true;
        used_.push_back(&entry);
    }
    return s;
}

void connection::exec(std::string_view sql) { db_.exec(std::string(sql)); }

void connection::reset_used()
{
    for (auto* e : used_) {
        e->statement->tryReset(); // noexcept: this runs in the rollback guard's destructor
        e->in_use = false;
    }
    used_.clear();
}

void bind_object(connection& c, SQLite::Statement& s, const json& obj)
{
    const auto& names = c.by_statement_.at(&s)->parameters;
    for (std::size_t i = 0; i < names.size(); ++i) {
        int index = static_cast<int>(i) + 1;
        auto it = obj.find(names[i]);
        if (it == obj.end() || it->is_null())
            s.bind(index);
        else if (it->is_boolean())
            s.bind(index, it->get<bool>() ? 1 : 0);
        else if (it->is_number_integer())
            s.bind(index, it->get<std::int64_t>());
        else if (it->is_number_float())
            s.bind(index, it->get<double>());
        else if (it->is_string())
            s.bind(index, it->get_ref<const std::string&>());
        else
            s.bind(index, it->dump());
    }
}

json row_object(SQLite::Statement& s)
{
    json j = json::object();
    for (int i = 0; i < s.getColumnCount(); ++i) {
        auto col = s.getColumn(i);
        if (col.isNull())
            j[col.getName()] = nullptr;
        else if (col.isInteger())
            j[col.getName()] = col.getInt64();
        else if (col.isFloat())
            j[col.getName()] = col.getDouble();
        else
            j[col.getName()] = col.getString();
    }
    return j;
}

void execute(connection& c, std::string_view sql, const json& params)
{
    auto& s = c.prepare(sql);
    bind_object(c, s, params);
    s.exec();
}

json query_all(connection& c, std::string_view sql, const json& params)
{
    auto& s = c.prepare(sql);
    bind_object(c, s, params);
    json out = json::array();
    while (s.executeStep())
        out.push_back(row_object(s));
    return out;
}

std::optional<json> query_one(connection& c, std::string_view sql, const json& params)
{
    auto& s = c.prepare(sql);
    bind_object(c, s, params);
    if (!s.executeStep())
        return std::nullopt;
    return row_object(s);
}

std::int64_t query_int(connection& c, std::string_view sql, const json& params)
{
    auto& s = c.prepare(sql);
    bind_object(c, s, params);
    return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

void bind_text(SQLite::Statement& s, int index, const std::string& text)
{
    s.bindNoCopy(index, text); // SQLITE_STATIC: the caller keeps the text alive until the step
}

void bind_optional(SQLite::Statement& s, int index, const std::optional<std::string>& text)
{
    if (text)
        bind_text(s, index, *text);
    else
        s.bind(index);
}

void bind_optional(SQLite::Statement& s, int index, std::optional<std::int64_t> value)
{
    if (value)
        s.bind(index, *value);
    else
        s.bind(index);
}

std::optional<std::int64_t> optional_int(const SQLite::Column& c)
{
    return c.isNull() ? std::nullopt : std::optional<std::int64_t>(c.getInt64());
}

std::optional<std::string> optional_text(const SQLite::Column& c)
{
    return c.isNull() ? std::nullopt : std::optional<std::string>(c.getString());
}

void install_error_log() { sqlite3_config(SQLITE_CONFIG_LOG, on_sqlite_log, nullptr); }

std::uint64_t corruptions_found() { return corruption_count.load(std::memory_order_relaxed); }

std::optional<std::string> storage_problem(const std::string& path, std::uint64_t min_free_bytes)
{
    struct statvfs fs{};
    if (::statvfs(path.c_str(), &fs) != 0)
        return "The database file cannot be examined: " + std::string(std::strerror(errno)) + ".";
    if (fs.f_flag & ST_RDONLY)
        return "The file system holding the database is mounted read-only.";
    auto free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    if (free_bytes < min_free_bytes)
        return "The disk holding the database is full: " + std::to_string(free_bytes >> 20) + " MB free, " +
               std::to_string(min_free_bytes >> 20) + " MB needed.";
    if (unwritable(path))
        return "The database file is read-only.";
    for (const char* suffix : {"-wal", "-shm"})
        if (unwritable(path + suffix))
            return "The database's " + std::string(suffix + 1) + " file is read-only.";
    return std::nullopt;
}

} // namespace sanaksme::store
