// Each route's write style in the table fits its handler, and a deferred job's type says it may run twice.
#include "api/dispatch.hpp"
#include "http/router.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme;

namespace {
http::response now(http::context&) { return {}; }
http::reply later(http::context&) { return http::response{}; }
} // namespace

TEST_CASE("the router refuses a route whose handler does not fit its write style", "[router][unit]")
{
    using v = http::verb;
    using w = http::writes;
    auto table = [](http::route r) { return http::router({std::move(r)}); };
    CHECK_NOTHROW(table({v::put, "/a", later, http::access::member, http::plain, w::group_commit}));
    CHECK_NOTHROW(table({v::put, "/a", now, http::access::member, http::plain, w::blocking}));
    CHECK_THROWS_AS(table({v::put, "/a", now, http::access::member, http::plain, w::group_commit}), std::logic_error);
    CHECK_THROWS_AS(table({v::put, "/a", later, http::access::member, http::plain, w::blocking}), std::logic_error);
    CHECK_THROWS_AS(table({v::get, "/a", now, http::access::member, http::cached, w::blocking}), std::logic_error);
}

TEST_CASE("every route that changes something says how it writes, and the meeting-day writes use group commit",
          "[router][unit]")
{
    for (const auto& r : api::routes().routes()) {
        INFO(r.pattern << " " << boost::beast::http::to_string(r.method));
        if (r.method != http::verb::get)
            CHECK(r.style != http::writes::none);
        bool meeting_day = r.pattern.find("/rsvps/") != std::string_view::npos ||
                           r.pattern.find("/attendance/") != std::string_view::npos ||
                           r.pattern.find("/excusals/") != std::string_view::npos ||
                           r.pattern.starts_with("/rsvp/") || r.pattern.starts_with("/checkin/");
        if (meeting_day && r.method != http::verb::get)
            CHECK(r.style == http::writes::group_commit);
    }
}

TEST_CASE("a deferred job is rerunnable: copyable and called as const, so it cannot use up its captures", "[router][unit]")
{
    std::string text = "x";
    auto reads_copy = [text](store::connection&) { return http::response{200, "text/plain", text}; };
    auto consumes = [text](store::connection&) mutable { return http::response{200, "text/plain", std::move(text)}; };
    auto holds_unique = [p = std::make_unique<int>(1)](store::connection&) { return http::response{}; };
    STATIC_REQUIRE(http::rerunnable<decltype(reads_copy)>);
    STATIC_REQUIRE_FALSE(http::rerunnable<decltype(consumes)>);
    STATIC_REQUIRE_FALSE(http::rerunnable<decltype(holds_unique)>);
}
