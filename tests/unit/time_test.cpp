#include "domain/agenda.hpp"
#include "domain/time.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

TEST_CASE("RFC 3339 times with an offset are read as the same instant", "[time][unit]")
{
    auto riga = parse_rfc3339("2017-09-21T10:00:00+03:00");
    auto utc = parse_rfc3339("2017-09-21T07:00:00Z");
    REQUIRE(riga);
    REQUIRE(riga == utc);
    CHECK(*parse_rfc3339("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_rfc3339("2017-09-21T10:00:00.123+03:00") == riga);
    CHECK(parse_rfc3339("2017-09-21t07:00:00z") == utc);
}

TEST_CASE("malformed RFC 3339 times are refused", "[time][unit]")
{
    for (const char* bad : {"", "2017-09-21", "2017-09-21T10:00:00", "2017-09-21 10:00:00+03:00", "2017-02-30T10:00:00Z",
                            "2017-09-21T24:00:00Z", "2017-09-21T10:00:00+3:00", "2017-09-21T10:00:00+03:00x",
                            "2017-13-01T10:00:00Z", "2017-09-21T10:00:00.Z", "yesterday"})
        CHECK_FALSE(parse_rfc3339(bad));
}

TEST_CASE("times and dates outside the years 1900-2999 are refused, as UTC too", "[time][unit]")
{
    CHECK(parse_rfc3339("1900-01-01T00:00:00Z"));
    CHECK(parse_rfc3339("2999-12-31T23:59:59Z"));
    CHECK(valid_date("1900-01-01"));
    CHECK(valid_date("2999-12-31"));
    for (const char* bad : {"9999-12-31T23:59:59-23:59", "2999-12-31T23:59:59-00:01", "1900-01-01T00:30:00+01:00",
                            "0001-01-01T00:00:00Z", "3000-01-01T00:00:00Z"})
        CHECK_FALSE(parse_rfc3339(bad));
    CHECK_FALSE(valid_date("1899-12-31"));
    CHECK_FALSE(valid_date("3000-01-01"));
    CHECK_FALSE(valid_date("0001-01-01"));
}

TEST_CASE("instants render in the meeting's zone with its offset, summer and winter", "[time][unit]")
{
    const auto* riga = find_zone("Europe/Riga");
    REQUIRE(riga);
    CHECK(format_rfc3339(*parse_rfc3339("2017-09-21T07:00:00Z"), riga) == "2017-09-21T10:00:00+03:00");
    CHECK(format_rfc3339(*parse_rfc3339("2017-11-23T08:00:00Z"), riga) == "2017-11-23T10:00:00+02:00");
    CHECK(format_rfc3339_utc(0) == "1970-01-01T00:00:00Z");
    // Before 1970 and far ahead: the hand-written formatter floors, it does not truncate.
    CHECK(format_rfc3339_utc(-1) == "1969-12-31T23:59:59Z");
    CHECK(format_rfc3339_utc(*parse_rfc3339("1901-02-03T04:05:06Z")) == "1901-02-03T04:05:06Z");
    CHECK(format_rfc3339_utc(*parse_rfc3339("2099-12-31T23:59:59Z")) == "2099-12-31T23:59:59Z");
    CHECK(format_rfc3339(*parse_rfc3339("1999-12-31T22:30:00Z"), riga) == "2000-01-01T00:30:00+02:00");
    CHECK(local_date(*parse_rfc3339("2017-09-20T22:30:00Z"), riga) == "2017-09-21");
}

TEST_CASE("unknown time zones and impossible dates are recognised", "[time][unit]")
{
    CHECK(find_zone("Europe/Atlantis") == nullptr);
    CHECK(find_zone("") == nullptr);
    CHECK(valid_date("2016-02-29"));
    CHECK_FALSE(valid_date("2017-02-29"));
    CHECK_FALSE(valid_date("2017-9-1"));
}

TEST_CASE("agenda items start one after another from the meeting start", "[agenda][unit]")
{
    auto starts = planned_starts(1000, {10, 40, 0, 25});
    REQUIRE(starts.size() == 4);
    CHECK(starts[0] == 1000);
    CHECK(starts[1] == 1000 + 600);
    CHECK(starts[2] == 1000 + 3000);
    CHECK(starts[3] == 1000 + 3000);
    CHECK(planned_starts(5, {}).empty());
}
