// What the web pages keep between commits: per database, and until its next commit.
#include "support/test_server.hpp"
#include "store/database.hpp"
#include "web/facts_cache.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using sanaksme::store::json;

namespace {

struct temp_db {
    std::string dir = sanaksme::test::temp_dir();
    std::string path = dir + "/t.db";
    ~temp_db() { std::filesystem::remove_all(dir); }
};

} // namespace

TEST_CASE("kept facts belong to their database and last until its next commit", "[unit][web][cache]")
{
    temp_db a_file, b_file;
    sanaksme::store::database a(a_file.path), b(b_file.path);
    int loads = 0;
    auto from = [&loads](const char* value) {
        return [&loads, value](sanaksme::store::connection&) {
            ++loads;
            return json(value);
        };
    };
    CHECK(*sanaksme::web::cached_facts(a, "people:all", false, from("a")) == "a");
    // Another database with the same key and the same number of commits gets its own.
    CHECK(*sanaksme::web::cached_facts(b, "people:all", false, from("b")) == "b");
    CHECK(*sanaksme::web::cached_facts(a, "people:all", false, from("a2")) == "a");
    CHECK(loads == 2);
    a.write([](sanaksme::store::connection&) {});
    CHECK(*sanaksme::web::cached_facts(a, "people:all", false, from("a3")) == "a3");
    CHECK(loads == 3);
}
