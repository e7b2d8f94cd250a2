// Migrations: schema/NNNN_*.sql embedded in the binary, applied in order under the write lock.
#include "store/migrations.hpp"

#include "embedded.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace sanaksme::store {

namespace {

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

constexpr std::string_view schema_version_sql = "PRAGMA user_version";
constexpr std::string_view rebuild_marker = "-- sanaksme: foreign_keys off";

} // namespace

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
