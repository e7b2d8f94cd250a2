#pragma once
// The SQLite database: one write connection with group commit, and one read connection per
// thread (WAL: reads never wait behind writes). Queued write jobs run in batches: one IMMEDIATE
// transaction, one COMMIT with a single sync, and only then are the callers told: a returned write
// is on disk, and many concurrent writes share one fsync. A job that throws is undone alone: a
// batch of one job is its own transaction; a batch of write_async jobs (which may run twice) goes
// without savepoints and, when one fails, is rolled back and run again with a SAVEPOINT per job; a
// batch holding a blocking write() has a SAVEPOINT per job from the start (group_commit.cpp).
// One batch runs at a time, on whichever thread drains the queue: a blocking write() drains on
// its caller's thread when no batch is running, and write_async() hands the drain to the executor
// the server sets (its io threads), so an answer needs no hand-off to a writer thread and back.
// Files: connection.cpp (statements, binding), group_commit.cpp (the queue and its batches),
// checkpointer.cpp (the WAL checkpoint thread), migrations.cpp (the schema), database.cpp (the rest).
#include "store/connection.hpp"
#include "store/migrations.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace sanaksme::store {

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
    auto write(F&& f) -> std::invoke_result_t<F, connection&>
    {
        using result_t = std::invoke_result_t<F, connection&>;
        // A write inside a write (in a running batch) joins the running transaction.
        if (draining_here())
            return f(*writer_);
        if constexpr (std::is_void_v<result_t>) {
            submit([&](connection& c) { f(c); });
        } else {
            std::optional<result_t> result;
            submit([&](connection& c) { result.emplace(f(c)); });
            return std::move(*result);
        }
    }

    // Queues `run`; after its batch committed (error empty) or failed (error set, nothing of
    // `run` kept), calls done(error) on the thread that ran the batch. done must not block or
    // write. Without an executor the batch runs at once on the caller's thread. `run` may be
    // called twice: when another job of its batch fails, the batch is rolled back and run again
    // (see run_batch), so it must do nothing outside the database that a second call would repeat.
    using completion = std::function<void(std::exception_ptr)>;
    void write_async(std::function<void(connection&)> run, completion done);

    // Where write_async's batches run: post(f) must call f() later on some thread (the server
    // posts to its io_context), and never after this database is gone. nullptr: on the caller.
    using executor = std::function<void(std::function<void()>)>;
    void set_executor(executor post);

    // Tables whose changes readers may cache against: the counter grows after every commit
    // that touched the table, whichever connection of this process wrote it.
    enum class watched { tokens, count_ };
    std::uint64_t generation(watched t) const { return generations_[static_cast<int>(t)].load(std::memory_order_acquire); }
    // Grows after every commit of this process's writer: a cache entry taken at generation g is
    // current while commits() == g.
    std::uint64_t commits() const { return commits_.load(std::memory_order_acquire); }
    // Write jobs run so far: jobs() / commits() is the mean batch size of the group commit.
    std::uint64_t jobs() const { return jobs_.load(std::memory_order_relaxed); }

    // A consistent copy of the whole database, safe while others write.
    void backup_to(const std::string& target);

    // Checkpoints run on their own thread and connection (PASSIVE: they never block the writer
    // or readers), started when the WAL passes checkpoint_pages after a commit; SQLite's own
    // autocheckpoint, which would run inside the writer's COMMIT, is off.
    static constexpr int checkpoint_pages = 1000;
    // How long a RESTART checkpoint, with the writer paused, waits for readers to leave the WAL.
    static constexpr int restart_wait_ms = 10;
    std::uint64_t checkpoints() const { return checkpoints_.load(); }

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

    struct job {
        std::function<void(connection&)> run;
        completion done;
        std::exception_ptr error;
        bool rerunnable = false; // write_async's: may run again after its batch was rolled back
    };
    // Queues the job and waits until its batch committed (or failed); rethrows its error.
    void submit(std::function<void(connection&)> run);
    // Runs batches on this thread; the caller set draining_. Each hands on to the executor if
    // more is queued; without one, this thread runs the next batch too.
    void drain();
    // One batch; true when this thread must run the next one as well (draining_ still set).
    bool run_one_batch();
    void drain_posted();
    bool draining_here() const;
    void run_batch(std::vector<job>& batch);
    // One try at the batch, in one transaction; with savepoints a failing job is undone alone.
    // False when, without savepoints, a job failed and the whole transaction was rolled back.
    bool run_jobs(std::vector<job>& batch, bool savepoints);
    void checkpoint_loop();

    std::string path_;
    options opts_;
    std::uint64_t instance_;
    std::unique_ptr<connection> writer_;
    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;  // a RESTART checkpoint let batches go on
    std::condition_variable batch_cv_;  // a batch ended (draining_ false) or a blocking write finished
    std::deque<job> queue_;
    bool draining_ = false;             // a batch is running; these four under queue_mutex_
    bool drain_posted_ = false;         // a drain is posted to the executor and not yet started
    std::shared_ptr<const executor> executor_;
    int blocked_writers_ = 0;           // blocking write() calls waiting on batch_cv_
    std::array<std::atomic<std::uint64_t>, static_cast<int>(watched::count_)> generations_{};
    std::array<bool, static_cast<int>(watched::count_)> touched_{};
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> checkpoints_{0};
    std::atomic<std::uint64_t> jobs_{0};
    bool checkpoint_wanted_ = false; // these two under queue_mutex_
    bool restart_pending_ = false;
    std::condition_variable checkpoint_cv_;
    std::thread checkpoint_thread_;
    bool stopping_ = false;
};

} // namespace sanaksme::store
