#include "store/database.hpp"

#include "embedded.hpp"
#include "log.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <future>
#include <stdexcept>
#include <utility>

namespace sanaksme::store {

namespace {

std::atomic<std::uint64_t> next_instance{1};

// Prepared once on the write connection and reused for every job of every batch.
constexpr std::string_view begin_sql = "BEGIN IMMEDIATE";
constexpr std::string_view commit_sql = "COMMIT";
constexpr std::string_view savepoint_sql = "SAVEPOINT job";
constexpr std::string_view release_sql = "RELEASE job";
constexpr std::string_view rollback_to_sql = "ROLLBACK TO job";

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

constexpr std::string_view schema_version_sql = "PRAGMA user_version";

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

struct migration {
    int number;
    std::string_view name;
    std::string_view sql;
};

std::vector<migration> migrations()
{
    std::vector<migration> all;
    for (const auto& f : embedded::files()) {
        if (!f.name.starts_with("schema/") || !f.name.ends_with(".sql"))
            continue;
        auto base = f.name.substr(7);
        int n = 0;
        auto [p, ec] = std::from_chars(base.data(), base.data() + base.size(), n);
        if (ec != std::errc{} || n <= 0)
            throw std::runtime_error("migration without a number: " + std::string(f.name));
        all.push_back({n, f.name, f.content});
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    return all;
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

database::database(std::string path, options opts)
    : path_(std::move(path)), opts_(opts), instance_(next_instance++)
{
    writer_ = std::make_unique<connection>(path_, true, opts_.busy_timeout_ms);
    migrate(*writer_);
    sqlite3_update_hook(
        writer_->raw().getHandle(),
        [](void* self, int, const char*, const char* table, sqlite3_int64) {
            auto& touched = static_cast<database*>(self)->touched_;
            if (std::string_view(table) == "tokens")
                touched[static_cast<int>(watched::tokens)] = true;
        },
        this);
    // Replaces SQLite's autocheckpoint (which is itself a WAL hook) with a request to our thread.
    sqlite3_wal_hook(
        writer_->raw().getHandle(),
        [](void* self, sqlite3*, const char*, int pages) {
            auto* db = static_cast<database*>(self);
            if (pages >= checkpoint_pages) {
                // Asked once: every commit until the checkpoint runs passes the threshold,
                // and each notify would wake the checkpoint thread from its pause for nothing.
                bool asked;
                {
                    std::lock_guard lock(db->queue_mutex_);
                    asked = std::exchange(db->checkpoint_wanted_, true);
                }
                if (!asked)
                    db->checkpoint_cv_.notify_one();
            }
            return SQLITE_OK;
        },
        this);
    checkpoint_thread_ = std::thread([this] { checkpoint_loop(); });
}

database::~database()
{
    {
        std::unique_lock lock(queue_mutex_);
        stopping_ = true;
        executor_.reset();
        // What is still queued is written here, on this thread, once a running batch is through.
        ++blocked_writers_;
        while (true) {
            batch_cv_.wait(lock, [&] { return !draining_; });
            if (queue_.empty())
                break;
            draining_ = true;
            lock.unlock();
            drain();
            lock.lock();
        }
        --blocked_writers_;
    }
    queue_cv_.notify_all();
    checkpoint_cv_.notify_all();
    checkpoint_thread_.join();
    // No checkpoint here: SQLite's last connection to close copies the WAL into the main file and
    // removes it (a clean stop leaves one complete file). A command that checkpointed here while
    // the server ran would take the server's write lock and stall its commits (tests/bench/run
    // saw 80 ms during `sanaksme backup`).
}

namespace {
// The database whose batch this thread is running, if any: a write inside a write joins it.
thread_local const database* draining_on = nullptr;
} // namespace

bool database::draining_here() const { return draining_on == this; }

void database::set_executor(executor post)
{
    std::lock_guard lock(queue_mutex_);
    executor_ = post ? std::make_shared<const executor>(std::move(post)) : nullptr;
    // A drain posted to the old executor may never run (a stopped io_context); if it does, it
    // finds the queue empty or a batch running and returns.
    drain_posted_ = false;
}

void database::write_async(std::function<void(connection&)> run, completion done)
{
    std::shared_ptr<const executor> post;
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_)
            throw std::runtime_error("the database is closing");
        queue_.push_back(job{std::move(run), std::move(done), nullptr, true});
        // A running batch hands on to the next when it ends; a posted drain takes this job too.
        if (draining_ || drain_posted_)
            return;
        if (executor_) {
            drain_posted_ = true;
            post = executor_;
        } else {
            draining_ = true;
        }
    }
    if (post)
        (*post)([this] { drain_posted(); });
    else
        drain();
}

void database::drain_posted()
{
    {
        std::lock_guard lock(queue_mutex_);
        drain_posted_ = false;
        if (draining_ || queue_.empty())
            return;
        draining_ = true;
    }
    drain();
}

void database::submit(std::function<void(connection&)> run)
{
    std::exception_ptr error;
    bool finished = false;
    std::unique_lock lock(queue_mutex_);
    if (stopping_)
        throw std::runtime_error("the database is closing");
    queue_.push_back(job{std::move(run),
                         [&](std::exception_ptr e) {
                             {
                                 std::lock_guard done_lock(queue_mutex_);
                                 error = e;
                                 finished = true;
                             }
                             batch_cv_.notify_all();
                         },
                         nullptr});
    // Runs batches on this thread while none is running elsewhere; else waits for the one that
    // is (it hands on to the next, which takes this job, whether this thread or another runs it).
    ++blocked_writers_;
    while (!finished) {
        if (!draining_ && !queue_.empty()) {
            draining_ = true;
            lock.unlock();
            drain();
            lock.lock();
            continue;
        }
        batch_cv_.wait(lock);
    }
    --blocked_writers_;
    lock.unlock();
    if (error)
        std::rethrow_exception(error);
}

void database::drain()
{
    while (run_one_batch()) {
    }
}

bool database::run_one_batch()
{
    constexpr std::size_t max_batch = 256;
    std::vector<job> batch;
    {
        std::unique_lock lock(queue_mutex_);
        // A RESTART checkpoint in progress holds the next batch back (see checkpoint_loop): this
        // thread stops counting as a batch, so the checkpoint can go, and waits for it.
        while (restart_pending_ && !stopping_) {
            draining_ = false;
            checkpoint_cv_.notify_all();
            queue_cv_.wait(lock, [&] { return stopping_ || !restart_pending_; });
            if (draining_ || queue_.empty())
                return false; // another thread took the next batch meanwhile
            draining_ = true;
        }
        batch.reserve(std::min(queue_.size(), max_batch));
        while (!queue_.empty() && batch.size() < max_batch) {
            batch.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
    }
    draining_on = this;
    run_batch(batch);
    draining_on = nullptr;
    // Readers that cached against the old generation see the change from here on; the
    // counters grow only after the commit, so no reader can file stale data under a new one.
    for (std::size_t t = 0; t < touched_.size(); ++t)
        if (std::exchange(touched_[t], false))
            generations_[t].fetch_add(1, std::memory_order_acq_rel);
    jobs_.fetch_add(batch.size(), std::memory_order_relaxed);
    commits_.fetch_add(1, std::memory_order_acq_rel);
    std::shared_ptr<const executor> post;
    bool restart_waits, wake_writers, again = false;
    {
        std::lock_guard lock(queue_mutex_);
        restart_waits = restart_pending_;
        wake_writers = blocked_writers_ > 0;
        // What queued meanwhile goes in the next batch: on the executor's next free thread (a
        // blocking writer may take it first), or without one, on this thread after the answers.
        if (!queue_.empty() && !executor_)
            again = true;
        else
            draining_ = false;
        if (!queue_.empty() && executor_ && !drain_posted_) {
            drain_posted_ = true;
            post = executor_;
        }
    }
    // Only a RESTART checkpoint and blocking writers wait for the end of a batch; waking the
    // checkpoint thread after every batch cost thousands of context switches a second.
    if (restart_waits)
        checkpoint_cv_.notify_all();
    if (wake_writers)
        batch_cv_.notify_all();
    if (post)
        (*post)([this] { drain_posted(); });
    for (auto& j : batch) {
        if (!j.done)
            continue;
        // A completion that throws must not end the writes of everyone else.
        try {
            j.done(j.error);
        } catch (const std::exception& e) {
            log::event({{"event", "write_completion_error"}, {"message", e.what()}});
        } catch (...) {
            log::event({{"event", "write_completion_error"}});
        }
    }
    return again;
}

void database::run_batch(std::vector<job>& batch)
{
    // A SAVEPOINT and its RELEASE around each job cost about a tenth of a write (measured: 41-44k
    // against 45-47k req/s). So a batch whose jobs may all run twice goes without them first; if
    // one of its jobs fails, the whole transaction is rolled back and the batch runs again with a
    // savepoint per job, which undoes the failing one alone. A lone job needs no savepoint: its
    // batch's rollback is its own.
    bool rerunnable = std::all_of(batch.begin(), batch.end(), [](const job& j) { return j.rerunnable; });
    if (batch.size() == 1 || rerunnable) {
        if (run_jobs(batch, false) || batch.size() == 1)
            return;
        for (auto& j : batch)
            j.error = nullptr;
    }
    run_jobs(batch, true);
}

bool database::run_jobs(std::vector<job>& batch, bool savepoints)
{
    auto& c = *writer_;
    try {
        c.prepare(begin_sql).exec();
        for (auto& j : batch) {
            if (savepoints)
                c.prepare(savepoint_sql).exec();
            try {
                j.run(c);
                c.reset_used();
                if (savepoints)
                    c.prepare(release_sql).exec();
            } catch (...) {
                j.error = std::current_exception();
                c.reset_used();
                c.token_used_at.clear(); // what the job wrote is undone
                if (!savepoints) {
                    // Without savepoints the job's changes cannot be undone alone: all of them are.
                    c.exec("ROLLBACK");
                    return false;
                }
                // This job alone is undone; the others of the batch stay.
                c.prepare(rollback_to_sql).exec();
                c.prepare(release_sql).exec();
                c.reset_used();
            }
        }
        c.reset_used();
        c.prepare(commit_sql).exec();
        c.reset_used();
    } catch (...) {
        // Nothing of the batch is on disk: every job that had succeeded gets the failure.
        auto failure = std::current_exception();
        c.reset_used();
        c.token_used_at.clear();
        try {
            c.exec("ROLLBACK");
        } catch (...) {
        }
        for (auto& j : batch)
            if (!j.error)
                j.error = failure;
    }
    return true;
}

void database::checkpoint_loop()
{
    std::unique_ptr<connection> c;
    // A RESTART that found a reader still in the WAL is not tried again at once: 100 ms, doubling
    // up to 2 s while that goes on (a backup of a large database reads one snapshot for minutes).
    auto restart_after = std::chrono::steady_clock::time_point{};
    auto restart_backoff = std::chrono::milliseconds(0);
    while (true) {
        {
            std::unique_lock lock(queue_mutex_);
            checkpoint_cv_.wait(lock, [&] { return stopping_ || checkpoint_wanted_; });
            if (stopping_)
                return;
            checkpoint_wanted_ = false;
        }
        try {
            if (!c) {
                c = std::make_unique<connection>(path_, false, opts_.busy_timeout_ms);
                c->exec("PRAGMA query_only=0");
                // Reading the schema opens the file in WAL mode; before that a checkpoint is a no-op.
                c->raw().execAndGet("SELECT count(*) FROM sqlite_master");
            }
            // PASSIVE copies what no reader still needs and syncs the database file; the
            // writer goes on appending meanwhile and restarts the WAL once it was all copied.
            int wal = 0, copied = 0;
            auto* h = c->raw().getHandle();
            sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal, &copied);
            // A writer that never pauses keeps the WAL from ever being fully copied, and only a
            // fully copied WAL starts over. Past four times the threshold, RESTART copies the
            // few frames PASSIVE left, holding the writer back for just that moment.
            // SQLite's busy handler would starve against a writer that retakes its lock at once,
            // so the writer is paused here between two batches instead.
            if (wal >= 4 * checkpoint_pages && std::chrono::steady_clock::now() >= restart_after) {
                {
                    std::unique_lock lock(queue_mutex_);
                    restart_pending_ = true;
                    checkpoint_cv_.wait(lock, [&] { return stopping_ || !draining_; });
                }
                struct resume {
                    database& db;
                    ~resume()
                    {
                        {
                            std::lock_guard lock(db.queue_mutex_);
                            db.restart_pending_ = false;
                        }
                        db.queue_cv_.notify_all();
                    }
                } r{*this};
                // RESTART waits for every reader to leave the WAL, and the writer is paused
                // meanwhile: a few milliseconds at most, then it gives up (SQLITE_BUSY) and the
                // writer goes on; the WAL grows until the long reader is done.
                c->set_busy_timeout(restart_wait_ms);
                int rc = sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_RESTART, &wal, &copied);
                c->set_busy_timeout(opts_.busy_timeout_ms);
                if (rc == SQLITE_BUSY) {
                    restart_backoff = std::clamp(restart_backoff * 2, std::chrono::milliseconds(100),
                                                 std::chrono::milliseconds(2000));
                    restart_after = std::chrono::steady_clock::now() + restart_backoff;
                } else {
                    restart_backoff = std::chrono::milliseconds(0);
                }
            }
            checkpoints_.fetch_add(1);
        } catch (const std::exception&) {
            // The next commit past the threshold asks again.
        }
        // At most twenty a second: under a steady stream of writes every commit asks for one,
        // and each costs a sync of the database file.
        std::unique_lock lock(queue_mutex_);
        checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(50), [&] { return stopping_; });
    }
}

connection& database::reader()
{
    // One read connection per thread and database; the instance number tells a new database at
    // a reused address apart from a destroyed one.
    thread_local std::unordered_map<std::uint64_t, std::unique_ptr<connection>> readers;
    auto& c = readers[instance_];
    if (!c)
        c = std::make_unique<connection>(path_, false, opts_.busy_timeout_ms);
    return *c;
}

void database::backup_to(const std::string& target)
{
    // Made 0600 here: VACUUM INTO writes into an empty file, and would create one with the umask.
    int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot create " + target + ": " + std::strerror(errno));
    ::close(fd);
    // VACUUM INTO reads one snapshot: consistent while other connections keep writing.
    SQLite::Database src(path_, SQLite::OPEN_READONLY);
    src.setBusyTimeout(opts_.busy_timeout_ms);
    SQLite::Statement s(src, "VACUUM INTO ?");
    s.bind(1, target);
    s.exec();
}

namespace {
constexpr std::string_view rebuild_marker = "-- sanaksme: foreign_keys off";
}

int migrate(connection& c)
{
    auto all = migrations();
    // Up to date (always, while a server runs): no write lock at all, so a command such as
    // `sanaksme backup` does not hold up the running server's writer.
    if (all.empty() || c.raw().execAndGet("PRAGMA user_version").getInt() >= all.back().number)
        return 0;
    int applied = 0;
    for (const auto& m : all) {
        // A file that rebuilds tables says so on its first line: with foreign keys on, dropping
        // the old table would cascade into its children. The pragma is a no-op inside a
        // transaction, so it is set before BEGIN, and the keys are checked before COMMIT.
        bool rebuilds = m.sql.starts_with(rebuild_marker);
        if (rebuilds)
            c.exec("PRAGMA foreign_keys=OFF");
        c.exec("BEGIN IMMEDIATE");
        try {
            // Read inside the write lock, so two processes migrating at once apply each file once.
            int current = c.raw().execAndGet("PRAGMA user_version").getInt();
            if (m.number > current) {
                c.exec(m.sql);
                if (rebuilds) {
                    SQLite::Statement check(c.raw(), "PRAGMA foreign_key_check");
                    if (check.executeStep())
                        throw std::runtime_error(std::string(m.name) + " leaves a foreign key unmatched in " +
                                                 check.getColumn(0).getString());
                }
                c.exec("PRAGMA user_version=" + std::to_string(m.number));
                ++applied;
            }
            c.exec("COMMIT");
        } catch (...) {
            c.exec("ROLLBACK");
            if (rebuilds)
                c.exec("PRAGMA foreign_keys=ON");
            throw;
        }
        if (rebuilds)
            c.exec("PRAGMA foreign_keys=ON");
    }
    return applied;
}

int latest_migration()
{
    static const int latest = [] {
        auto all = migrations();
        return all.empty() ? 0 : all.back().number;
    }();
    return latest;
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

std::optional<std::string> schema_problem(connection& c)
{
    auto& s = c.prepare(schema_version_sql);
    int version = s.executeStep() ? s.getColumn(0).getInt() : -1;
    if (version != latest_migration())
        return "The schema is at migration " + std::to_string(version) + "; this server needs " +
               std::to_string(latest_migration()) + ".";
    return std::nullopt;
}

} // namespace sanaksme::store
