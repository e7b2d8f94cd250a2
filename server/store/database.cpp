// The database: opening (migrations, commit hooks, the checkpoint thread), closing, readers, backup.
#include "store/database.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace sanaksme::store {

namespace {

std::atomic<std::uint64_t> next_instance{1};

} // namespace

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

} // namespace sanaksme::store
