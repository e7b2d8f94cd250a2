// The minutes' lifecycle and the carry-forward of action items, without a server.
#include "domain/error.hpp"
#include "domain/minutes.hpp"

#include "support/domain_error.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace sanaksme::domain;

namespace {

using sanaksme::test::kind_of;

action_item item(std::string text, bool done = false, std::optional<std::int64_t> from = std::nullopt)
{
    return {std::move(text), std::nullopt, std::nullopt, done, from};
}

} // namespace

TEST_CASE("minutes go draft -> circulated -> approved, and approved minutes are frozen", "[minutes][unit]")
{
    using s = minutes_status;
    CHECK_NOTHROW(ensure_editable(std::nullopt));
    CHECK_NOTHROW(ensure_editable(s::draft));
    CHECK_NOTHROW(ensure_editable(s::circulated));
    CHECK(kind_of([] { ensure_editable(s::approved); }) == error_kind::conflict);

    CHECK(kind_of([] { ensure_approvable(std::nullopt); }) == error_kind::conflict);
    CHECK(kind_of([] { ensure_approvable(s::approved); }) == error_kind::conflict);
    CHECK_NOTHROW(ensure_approvable(s::draft));
    CHECK_NOTHROW(ensure_approvable(s::circulated));

    CHECK(newly_circulated(std::nullopt, s::circulated));
    CHECK(newly_circulated(s::draft, s::circulated));
    CHECK_FALSE(newly_circulated(s::circulated, s::circulated));
    CHECK_FALSE(newly_circulated(s::circulated, s::draft));
    CHECK_FALSE(newly_circulated(std::nullopt, s::draft));

    CHECK_FALSE(readable(s::draft));
    CHECK(readable(s::circulated));
    CHECK(readable(s::approved));
    CHECK(parse_minutes_status("circulated") == s::circulated);
    CHECK_FALSE(parse_minutes_status("Approved"));
    CHECK(to_string(s::approved) == "approved");
}

TEST_CASE("open action items carry forward, once, under their origin, until a later meeting marks them done",
          "[minutes][unit]")
{
    meeting_actions first{1, "1. sēde", {item("Ziņojums"), item("Izdarīts", true), {"Vēstule", "IeM", "2017-11-01", false, {}}}};

    SECTION("an earlier meeting's open items are listed with their origin")
    {
        auto open = open_action_items({first}, {});
        REQUIRE(open.size() == 2);
        CHECK(open[0].text == "Ziņojums");
        CHECK(open[0].from_meeting_id == 1);
        CHECK(open[0].from_title == "1. sēde");
        CHECK(open[1].owner == "IeM");
        CHECK(open[1].due == "2017-11-01");
    }
    SECTION("the current minutes close an item by marking it done under its origin")
    {
        auto open = open_action_items({first}, {item("Ziņojums", true, 1)});
        REQUIRE(open.size() == 1);
        CHECK(open[0].text == "Vēstule");
    }
    SECTION("done under another origin, or not done, closes nothing")
    {
        CHECK(open_action_items({first}, {item("Ziņojums", true, 7), item("Vēstule", false, 1)}).size() == 2);
    }
    SECTION("an item a later meeting carried is listed once, under the first meeting")
    {
        meeting_actions second{2, "2. sēde", {item("Ziņojums", false, 1), item("Jauns")}};
        auto open = open_action_items({first, second}, {});
        REQUIRE(open.size() == 3);
        CHECK(open[0].text == "Vēstule");
        CHECK(open[1].text == "Ziņojums");
        CHECK(open[1].from_meeting_id == 1);
        CHECK(open[1].from_title == "2. sēde");
        CHECK(open[2].text == "Jauns");
        CHECK(open[2].from_meeting_id == 2);
    }
    SECTION("a later meeting that marked it done closes it for every meeting after")
    {
        meeting_actions second{2, "2. sēde", {item("Ziņojums", true, 1)}};
        auto open = open_action_items({first, second}, {});
        REQUIRE(open.size() == 1);
        CHECK(open[0].text == "Vēstule");
    }
}
