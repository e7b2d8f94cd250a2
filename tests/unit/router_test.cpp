#include "api/dispatch.hpp"
#include "auth/secrets.hpp"
#include "embedded.hpp"
#include "http/router.hpp"

#include <boost/beast/http/verb.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace sanaksme;

namespace {
http::response nothing(http::context&) { return {}; }
} // namespace

TEST_CASE("the router matches parameters, and tells 404 from 405", "[router][unit]")
{
    using v = http::verb;
    http::router r({{v::get, "/api/v1/meetings/{id}", nothing, http::access::member},
                    {v::patch, "/api/v1/meetings/{id}", nothing, http::access::organizer},
                    {v::get, "/api/v1/meetings/{id}/minutes.md", nothing, http::access::member}});
    auto m = r.find(v::get, {"api", "v1", "meetings", "5"});
    REQUIRE(m.found);
    CHECK(m.params.at(0).second == "5");
    CHECK(r.find(v::head, {"api", "v1", "meetings", "5"}).found);
    auto wrong = r.find(v::post, {"api", "v1", "meetings", "5"});
    CHECK_FALSE(wrong.found);
    CHECK(wrong.allowed.size() == 2);
    auto none = r.find(v::get, {"api", "v1", "nothing"});
    CHECK_FALSE(none.found);
    CHECK(none.allowed.empty());
    CHECK(r.find(v::get, {"api", "v1", "meetings", "5", "minutes.md"}).found);
    CHECK_FALSE(r.find(v::get, {"api", "v1", "meetings", ""}).found);
}

TEST_CASE("openapi.yaml and the route table describe the same routes and methods", "[openapi][unit]")
{
    auto doc = nlohmann::json::parse(embedded::find("openapi.json").value());
    std::set<std::pair<std::string, std::string>> documented, routed;
    for (const auto& [path, item] : doc["paths"].items()) {
        for (const auto& [method, op] : item.items()) {
            static const std::set<std::string> methods{"get", "put", "post", "delete", "patch", "head", "options"};
            if (!methods.count(method))
                continue;
            // A path item served at the root says so (servers: [{url: /}]); the rest live under /api/v1.
            bool at_root = item.contains("servers") && item["servers"].size() == 1 && item["servers"][0]["url"] == "/";
            std::string full = at_root ? path : "/api/v1" + path;
            documented.emplace(full, method);
        }
    }
    for (const auto& r : api::routes().routes()) {
        std::string m(boost::beast::http::to_string(r.method));
        for (auto& ch : m)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        routed.emplace(std::string(r.pattern), m);
    }
    for (const auto& r : routed) {
        INFO("routed but not documented: " << r.second << " " << r.first);
        CHECK(documented.count(r));
    }
    for (const auto& d : documented) {
        INFO("documented but not routed: " << d.second << " " << d.first);
        CHECK(routed.count(d));
    }
}

TEST_CASE("migrations are embedded and numbered in order", "[store][unit]")
{
    int count = 0;
    for (const auto& f : embedded::files())
        if (f.name.starts_with("schema/") && f.name.ends_with(".sql"))
            ++count;
    CHECK(count >= 2);
    CHECK(embedded::find("schema/0001_foundation.sql"));
}

TEST_CASE("tokens are random and only their hash is kept", "[auth][unit]")
{
    auto a = auth::new_token(), b = auth::new_token();
    CHECK(a != b);
    CHECK(a.starts_with("snk_"));
    CHECK(a.size() == 4 + 43);
    CHECK(auth::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::string decoded;
    REQUIRE(auth::base64url_decode(auth::base64url("Rīga\x01\xff"), decoded));
    CHECK(decoded == "Rīga\x01\xff");
    CHECK_FALSE(auth::base64url_decode("a+b/", decoded));
    CHECK(auth::constant_time_equal("abc", "abc"));
    CHECK_FALSE(auth::constant_time_equal("abc", "abd"));
}
