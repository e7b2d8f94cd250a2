// The database's write path: group commit, per-job rollback, completions after the commit,
// change counters for caches, and checkpoints kept off the writer.
#include "support/test_server.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <thread>

using sanaksme::store::connection;
using sanaksme::store::database;

namespace {

struct temp_db {
    std::string dir = sanaksme::test::temp_dir();
    std::string path = dir + "/t.db";
    ~temp_db() { std::filesystem::remove_all(dir); }
};

std::int64_t count(database& db, const char* sql)
{
    return db.read([&](connection& c) { return c.raw().execAndGet(sql).getInt64(); });
}

// A coordinator token in the database, as the actor its writes are audited under.
sanaksme::store::actor coordinator_token(database& db)
{
    auto id = db.write([](connection& c) {
        c.exec("INSERT INTO tokens (name, role, secret_sha256, created_at) VALUES ('n', 'coordinator', 'h', 0)");
        return c.last_insert_id();
    });
    return {id, "n", "coordinator"};
}

// An executor that holds what write_async posts until the test runs it (a busy or stopped
// io_context), so the jobs queued meanwhile make one batch.
struct held_drains {
    database& db;
    std::vector<std::function<void()>> posted;
    explicit held_drains(database& d) : db(d)
    {
        db.set_executor([this](std::function<void()> f) { posted.push_back(std::move(f)); });
    }
    ~held_drains() { db.set_executor(nullptr); }
};

} // namespace

TEST_CASE("a failing job is undone alone; the rest of its batch commits", "[database]")
{
    temp_db t;
    database db(t.path);
    db.write([](connection& c) { c.exec("CREATE TABLE t (v INTEGER UNIQUE)"); });
    held_drains held(db); // all twenty jobs queue for one batch
    auto commits = db.commits();
    std::vector<std::promise<std::exception_ptr>> done(20);
    for (int i = 0; i < 20; ++i)
        db.write_async(
            [i](connection& c) {
                c.exec("INSERT INTO t VALUES (" + std::to_string(i) + ")");
                if (i % 5 == 0)
                    c.exec("INSERT INTO t VALUES (" + std::to_string(i) + ")"); // UNIQUE fails: undo i too
            },
            [&, i](std::exception_ptr e) { done[i].set_value(e); });
    REQUIRE(held.posted.size() == 1); // one drain asked for, not one per job
    held.posted.front()();
    CHECK(db.commits() == commits + 1);
    int failed = 0;
    for (auto& d : done)
        failed += d.get_future().get() ? 1 : 0;
    CHECK(failed == 4);
    CHECK(count(db, "SELECT count(*) FROM t") == 16);
    CHECK(count(db, "SELECT count(*) FROM t WHERE v % 5 = 0") == 0);
}

TEST_CASE("a batch runs without savepoints, and again with them when a job fails; only queued jobs run twice", "[database]")
{
    temp_db t;
    database db(t.path);
    db.write([](connection& c) { c.exec("CREATE TABLE t (v INTEGER UNIQUE)"); });
    held_drains held(db);
    int ok_runs = 0;
    std::exception_ptr ok_error, bad_error = nullptr;
    bool bad_done = false;
    db.write_async([&](connection& c) { ++ok_runs, c.exec("INSERT INTO t VALUES (1)"); }, [&](std::exception_ptr e) { ok_error = e; });
    db.write_async([](connection& c) { c.exec("INSERT INTO t VALUES (1)"); }, // UNIQUE: fails
                   [&](std::exception_ptr e) { bad_error = e, bad_done = true; });
    REQUIRE(held.posted.size() == 1);
    held.posted.front()();
    CHECK(ok_runs == 2); // rolled back with its batch-mate, then run again under a savepoint
    CHECK_FALSE(ok_error);
    CHECK((bad_done && bad_error));
    CHECK(count(db, "SELECT count(*) FROM t") == 1);

    // A blocking write's function may have effects outside the database (it captures by
    // reference): a batch holding one has savepoints from the start, and nothing runs twice.
    int queued_runs = 0, blocking_runs = 0;
    db.write_async([&](connection& c) { ++queued_runs, c.exec("INSERT INTO t VALUES (2)"); }, [](std::exception_ptr) {});
    db.write_async([](connection& c) { c.exec("INSERT INTO t VALUES (2)"); }, [](std::exception_ptr) {});
    db.write([&](connection& c) { ++blocking_runs, c.exec("INSERT INTO t VALUES (3)"); }); // runs the batch here
    CHECK(queued_runs == 1);
    CHECK(blocking_runs == 1);
    CHECK(count(db, "SELECT count(*) FROM t") == 3);
}

TEST_CASE("a completion runs after the commit: a reader already sees the write", "[database]")
{
    temp_db t;
    database db(t.path);
    db.write([](connection& c) { c.exec("CREATE TABLE t (v INTEGER)"); });
    auto before = db.commits();
    std::promise<std::int64_t> seen;
    db.write_async([](connection& c) { c.exec("INSERT INTO t VALUES (7)"); },
                   [&](std::exception_ptr) {
                       // A fresh connection, as another thread's reader would be.
                       SQLite::Database other(t.path, SQLite::OPEN_READONLY);
                       seen.set_value(other.execAndGet("SELECT count(*) FROM t").getInt64());
                   });
    CHECK(seen.get_future().get() == 1);
    CHECK(db.commits() > before);
}

TEST_CASE("blocking and queued writes from many threads all commit, whoever runs the batches", "[database]")
{
    temp_db t;
    database db(t.path);
    db.write([](connection& c) { c.exec("CREATE TABLE t (v INTEGER)"); });
    // Two threads play the server's io threads: they run the drains write_async posts.
    std::mutex m;
    std::condition_variable cv;
    std::deque<std::function<void()>> posted;
    bool stop = false;
    db.set_executor([&](std::function<void()> f) {
        {
            std::lock_guard lock(m);
            posted.push_back(std::move(f));
        }
        cv.notify_one();
    });
    std::vector<std::thread> io;
    for (int i = 0; i < 2; ++i)
        io.emplace_back([&] {
            while (true) {
                std::function<void()> f;
                {
                    std::unique_lock lock(m);
                    cv.wait(lock, [&] { return stop || !posted.empty(); });
                    if (posted.empty())
                        return;
                    f = std::move(posted.front());
                    posted.pop_front();
                }
                f();
            }
        });
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    for (int k = 0; k < 4; ++k)
        clients.emplace_back([&, k] {
            for (int i = 0; i < 250; ++i) {
                if ((i + k) % 2) {
                    db.write([](connection& c) { c.exec("INSERT INTO t VALUES (1)"); }); // a command or the mailer
                    answered.fetch_add(1);
                } else {
                    db.write_async([](connection& c) { c.exec("INSERT INTO t VALUES (2)"); },
                                   [&](std::exception_ptr e) { answered.fetch_add(e ? 1000000 : 1); });
                }
            }
        });
    for (auto& c : clients)
        c.join();
    // An empty blocking write returns once every job queued before it is committed; the answers
    // of an earlier batch may still be on their way on another thread (that is the point: the
    // next batch does not wait for them).
    db.write([](connection&) {});
    for (int i = 0; i < 500 && answered.load() < 1000; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(answered.load() == 1000);
    CHECK(count(db, "SELECT count(*) FROM t") == 1000);
    CHECK(db.jobs() > db.commits()); // some batches held more than one job
    {
        std::lock_guard lock(m);
        stop = true;
    }
    cv.notify_all();
    for (auto& i : io)
        i.join();
    db.set_executor(nullptr);
}

TEST_CASE("a blocking write does not wait for a drain its executor never runs", "[database]")
{
    temp_db t;
    database db(t.path);
    db.write([](connection& c) { c.exec("CREATE TABLE t (v INTEGER)"); });
    held_drains held(db); // a stopped io_context: nothing posted ever runs
    bool done = false;
    db.write_async([](connection& c) { c.exec("INSERT INTO t VALUES (1)"); }, [&](std::exception_ptr) { done = true; });
    CHECK_FALSE(done);
    // The blocking caller runs the batch itself; the queued job goes first.
    db.write([](connection& c) { c.exec("INSERT INTO t VALUES (2)"); });
    CHECK(done);
    CHECK(count(db, "SELECT count(*) FROM t") == 2);
}

TEST_CASE("the tokens generation grows only with commits that touch tokens", "[database]")
{
    temp_db t;
    database db(t.path);
    auto g = db.generation(database::watched::tokens);
    db.write([](connection& c) { c.exec("INSERT INTO settings (key, value) VALUES ('x', 'y')"); });
    CHECK(db.generation(database::watched::tokens) == g);
    db.write([](connection& c) {
        c.exec("INSERT INTO tokens (name, role, secret_sha256, created_at) VALUES ('n', 'coordinator', 'h', 0)");
    });
    CHECK(db.generation(database::watched::tokens) == g + 1);
}

TEST_CASE("checkpoints run on their own thread and keep the WAL bounded", "[database]")
{
    temp_db t;
    database db(t.path);
    db.write([](connection& c) { c.exec("CREATE TABLE t (v BLOB)"); });
    // About 4,000 commits of a 4 KB row each: 16 MB through the WAL, far past the threshold.
    for (int i = 0; i < 4000; ++i)
        db.write([](connection& c) { c.exec("INSERT INTO t VALUES (randomblob(4000))"); });
    for (int i = 0; i < 100 && db.checkpoints() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(db.checkpoints() > 0);
    CHECK(count(db, "SELECT count(*) FROM t") == 4000);
    // Without them the WAL would hold every page written (about 50 MB); it restarts instead,
    // and journal_size_limit trims the file back to 16 MB when it does.
    CHECK(std::filesystem::file_size(t.path + "-wal") <= 20u * 1024 * 1024);
}

TEST_CASE("writes by a token mark it used once a minute, not once a commit", "[database]")
{
    temp_db t;
    database db(t.path);
    auto who = coordinator_token(db);
    auto g = db.generation(database::watched::tokens);
    for (int i = 0; i < 5; ++i)
        db.write([&](connection& c) { sanaksme::store::audit(c, who, "test", "meeting", 1, nullptr, nullptr); });
    // The first write sets last_used_at; the next four, within the minute, leave the row alone,
    // so cached token lookups stay valid.
    CHECK(db.generation(database::watched::tokens) == g + 1);
    CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'test'") == 5);
}

TEST_CASE("a token use undone by a rollback is written again by the next write", "[database]")
{
    temp_db t;
    database db(t.path);
    auto who = coordinator_token(db);
    // The job marks the token used, then fails: its last_used_at is rolled back with it.
    CHECK_THROWS(db.write([&](connection& c) {
        sanaksme::store::audit(c, who, "test", "meeting", 1, nullptr, nullptr);
        throw std::runtime_error("refused");
    }));
    CHECK(count(db, "SELECT count(*) FROM tokens WHERE last_used_at IS NOT NULL") == 0);
    db.write([&](connection& c) { sanaksme::store::audit(c, who, "test", "meeting", 1, nullptr, nullptr); });
    CHECK(count(db, "SELECT count(*) FROM tokens WHERE last_used_at IS NOT NULL") == 1);
}

TEST_CASE("the rsvps table keeps its answer rule, checked without a temporary b-tree", "[database]")
{
    temp_db t;
    { database db(t.path); } // every migration, 0006 included
    SQLite::Database raw(t.path, SQLite::OPEN_READWRITE); // foreign keys off: no meeting or person needed
    raw.exec("INSERT INTO rsvps (meeting_id, person_id, response, responded_at) VALUES (1, 1, 'yes', 0)");
    CHECK_THROWS_WITH(raw.exec("INSERT INTO rsvps (meeting_id, person_id, response, responded_at) VALUES (1, 2, 'perhaps', 0)"),
                      Catch::Contains("CHECK constraint failed"));
    // The upsert of PUT /rsvps: a CHECK with an IN list made SQLite build a b-tree of the list on
    // every row written (see schema/0006_rsvp_check.sql).
    SQLite::Statement plan(raw, "EXPLAIN INSERT INTO rsvps (meeting_id, person_id, response, note, responded_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (meeting_id, person_id) DO UPDATE SET "
                                "response = excluded.response, note = excluded.note, responded_at = excluded.responded_at");
    int ephemeral = 0;
    while (plan.executeStep())
        ephemeral += plan.getColumn(1).getString() == "OpenEphemeral";
    CHECK(ephemeral == 0);
}

TEST_CASE("the audit log has one index, and the erase and the export find a resource's rows by it", "[database]")
{
    temp_db t;
    { database db(t.path); } // every migration, 0007 included
    SQLite::Database raw(t.path, SQLite::OPEN_READONLY);
    // Every write of the API inserts an audit row: each index is one more b-tree to update.
    SQLite::Statement indexes(raw, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'");
    std::vector<std::string> names;
    while (indexes.executeStep())
        names.push_back(indexes.getColumn(0).getString());
    CHECK(names == std::vector<std::string>{"audit_by_resource"});
    for (const char* sql : {"EXPLAIN QUERY PLAN UPDATE audit_log SET before = NULL, after = NULL "
                            "WHERE resource = 'person' AND resource_id = 3",
                            "EXPLAIN QUERY PLAN SELECT at FROM audit_log WHERE resource = 'person' AND resource_id = 3"}) {
        SQLite::Statement plan(raw, sql);
        std::string detail;
        while (plan.executeStep())
            detail += plan.getColumn(3).getString() + "\n";
        CHECK_THAT(detail, Catch::Contains("audit_by_resource (resource=? AND resource_id=?)"));
    }
}

TEST_CASE("opening an up-to-date database takes no write lock, so a command never holds up the server",
          "[database]")
{
    temp_db t;
    { database db(t.path); }
    // Another process in the middle of a write transaction (the server's writer, say).
    SQLite::Database other(t.path, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    // With a short busy timeout: a command that wanted the lock would fail here.
    database command(t.path, database::options{.busy_timeout_ms = 50});
    CHECK(count(command, "PRAGMA user_version") >= 6);
    other.exec("COMMIT");
}

TEST_CASE("a long reader (a backup, say) does not hold the writer up through a RESTART checkpoint", "[database]")
{
    temp_db t;
    database db(t.path, database::options{.busy_timeout_ms = 60000});
    db.write([](connection& c) { c.exec("CREATE TABLE t (v BLOB)"); });
    // Another process reading one snapshot for long: VACUUM INTO of a large database. It keeps
    // every later frame in the WAL, so the checkpointer gets past four times its threshold and
    // tries a RESTART, which waits for readers while the writer is paused.
    std::future<void> writes; // declared first, so a failing test drops the reader before waiting on it
    SQLite::Database reader(t.path, SQLite::OPEN_READONLY);
    reader.exec("BEGIN");
    CHECK(reader.execAndGet("SELECT count(*) FROM t").getInt() == 0);
    writes = std::async(std::launch::async, [&] {
        for (int i = 0; i < 600; ++i) // 24 MB through the WAL, in few commits: a loaded machine syncs slowly
            db.write([](connection& c) { c.exec("INSERT INTO t VALUES (randomblob(40000))"); });
    });
    // Liveness, not speed: the writes must get through while the reader still holds its
    // snapshot (the RESTART used to wait out the 60 s busy timeout with the writer paused).
    REQUIRE(writes.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    CHECK(reader.execAndGet("SELECT count(*) FROM t").getInt() == 0); // still the old snapshot
    reader.exec("COMMIT");
    CHECK(count(db, "SELECT count(*) FROM t") == 600);
}
