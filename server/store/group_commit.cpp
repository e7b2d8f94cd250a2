// Group commit: the write queue and its batches (one transaction, one sync for many jobs).
#include "store/database.hpp"

#include "log.hpp"

#include <algorithm>

namespace sanaksme::store {

namespace {

// Prepared once on the write connection and reused for every job of every batch.
constexpr std::string_view begin_sql = "BEGIN IMMEDIATE";
constexpr std::string_view commit_sql = "COMMIT";
constexpr std::string_view savepoint_sql = "SAVEPOINT job";
constexpr std::string_view release_sql = "RELEASE job";
constexpr std::string_view rollback_to_sql = "ROLLBACK TO job";

} // namespace

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
                c.rolled_back(); // what the job wrote is undone
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
        c.rolled_back();
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

} // namespace sanaksme::store
