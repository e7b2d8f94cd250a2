#include "domain/meeting.hpp"
#include "domain/time.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

TEST_CASE("a meeting goes draft -> scheduled -> held, or is cancelled before it is held", "[meeting][unit]")
{
    using s = meeting_status;
    CHECK(status_change_allowed(s::draft, s::scheduled));
    CHECK(status_change_allowed(s::draft, s::cancelled));
    CHECK(status_change_allowed(s::scheduled, s::held));
    CHECK(status_change_allowed(s::scheduled, s::cancelled));
    CHECK(status_change_allowed(s::held, s::held));
    CHECK_FALSE(status_change_allowed(s::scheduled, s::draft));
    CHECK_FALSE(status_change_allowed(s::draft, s::held));
    CHECK_FALSE(status_change_allowed(s::cancelled, s::scheduled));
    CHECK_FALSE(status_change_allowed(s::held, s::cancelled));
    CHECK(next_statuses(s::held).empty());
    CHECK(parse_meeting_status("scheduled") == s::scheduled);
    CHECK_FALSE(parse_meeting_status("Scheduled"));
    CHECK(to_string(s::cancelled) == "cancelled");
}

TEST_CASE("a local time without offset is read in the meeting's zone, DST gaps and overlaps refused", "[time][unit]")
{
    const auto* riga = find_zone("Europe/Riga");
    using kind = local_time_result::kind;
    auto winter = parse_local_time("2026-12-03T10:00:00", riga);
    REQUIRE(winter.outcome == kind::ok);
    CHECK(winter.at == *parse_rfc3339("2026-12-03T10:00:00+02:00"));
    auto summer = parse_local_time("2017-09-21T10:00:00", riga);
    REQUIRE(summer.outcome == kind::ok);
    CHECK(summer.at == *parse_rfc3339("2017-09-21T10:00:00+03:00"));
    // Riga skips 03:00-04:00 on the last Sunday of March and passes 03:00-04:00 twice in October.
    CHECK(parse_local_time("2026-03-29T03:30:00", riga).outcome == kind::nonexistent);
    CHECK(parse_local_time("2026-10-25T03:30:00", riga).outcome == kind::ambiguous);
    CHECK(parse_local_time("2026-12-03T10:00:00+02:00", riga).outcome == kind::not_local);
    CHECK(parse_local_time("2026-12-03T25:00:00", riga).outcome == kind::not_local);
    CHECK(parse_local_time("9999-12-03T10:00:00", riga).outcome == kind::not_local);
}
