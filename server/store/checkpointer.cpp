// The checkpointer: copies the WAL into the database file on its own thread and connection.
#include "store/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>

namespace sanaksme::store {

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

} // namespace sanaksme::store
