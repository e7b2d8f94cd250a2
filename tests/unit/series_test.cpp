// The pure rules of hybrid attendance, seats and the waiting list, and the next meeting of a series.
#include "domain/attendance.hpp"
#include "domain/error.hpp"
#include "domain/rsvp.hpp"
#include "domain/series.hpp"
#include "domain/time.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

TEST_CASE("the summary splits people by how they came, and the quorum follows the online setting", "[attendance][hybrid][unit]")
{
    std::vector<organization_fact> orgs{{1, "A", "member", true, true, false}, {2, "B", "member", true, true, false},
                                        {3, "C", "member", true, true, false}};
    // A in the room, B only online, C both; a walk-in guest is in the room.
    std::vector<present_entry> present{{11, 1, false}, {21, 2, true}, {31, 3, false}, {32, 3, true},
                                       {std::nullopt, std::nullopt, false}};
    auto counted = summarize(present, orgs, 3, true);
    CHECK(counted.people_present == 5);
    CHECK(counted.people_in_person == 3);
    CHECK(counted.people_online == 2);
    CHECK(counted.member_organizations_present == 3);
    CHECK(counted.member_organizations_present_in_person == 2);
    CHECK(counted.quorum_met);
    CHECK(counted.online_counts_for_quorum);
    auto room_only = summarize(present, orgs, 3, false);
    CHECK(room_only.member_organizations_present == 3); // present on the roll-call either way
    CHECK_FALSE(room_only.quorum_met);
    CHECK(summarize(present, orgs, 2, false).quorum_met);
}

TEST_CASE("a yes past capacity waits only on a meeting with a waiting list", "[rsvp][waitlist][unit]")
{
    CHECK(place_for_yes(std::nullopt, 100, false) == place_verdict::take);
    CHECK(place_for_yes(3, 2, false) == place_verdict::take);
    CHECK(place_for_yes(3, 2, true) == place_verdict::take);
    CHECK(place_for_yes(3, 3, true) == place_verdict::wait);
    CHECK_THROWS_AS(place_for_yes(3, 3, false), error);
}

TEST_CASE("free places are filled from the line, never more than wait or fit", "[rsvp][waitlist][unit]")
{
    CHECK(places_to_fill(3, 2, true, 5) == 1);
    CHECK(places_to_fill(3, 0, true, 2) == 2);
    CHECK(places_to_fill(3, 3, true, 5) == 0);
    CHECK(places_to_fill(3, 4, true, 5) == 0); // capacity lowered below the answers: nobody
    CHECK(places_to_fill(3, 1, false, 5) == 0);
    CHECK(places_to_fill(std::nullopt, 1, true, 5) == 0);
}

TEST_CASE("an organization's seats cap its yes answers with a clear reason", "[rsvp][seats][unit]")
{
    CHECK_NOTHROW(require_free_seat(std::nullopt, 50));
    CHECK_NOTHROW(require_free_seat(2, 1));
    try {
        require_free_seat(2, 2);
        FAIL("no conflict");
    } catch (const error& e) {
        CHECK(e.kind() == error_kind::conflict);
        CHECK(std::string(e.what()).find("2 of its 2 seats") != std::string::npos);
    }
}

TEST_CASE("the next meeting's number and title follow the series", "[series][unit]")
{
    CHECK(next_number(5) == 6);
    CHECK(next_number(std::nullopt) == 2);
    CHECK(next_title("NVO Dialoga platformas 5. sanāksme", 5, 6) == "NVO Dialoga platformas 6. sanāksme");
    CHECK(next_title("Meeting 5 of 2025", 5, 6) == "Meeting 6 of 2025");   // the number alone, not 2025's 5
    CHECK(next_title("Sanāksme 15 (5. kārta)", 15, 16) == "Sanāksme 16 (5. kārta)");
    CHECK(next_title("Platformas sanāksme", 5, 6) == "Platformas sanāksme");
    CHECK(next_title("Platformas 25. sanāksme", 5, 6) == "Platformas 25. sanāksme");
    CHECK(next_title("Sanāksme 5", std::nullopt, 2) == "Sanāksme 5");
}

TEST_CASE("the next meeting is four weeks later at the same local time, across a clock change", "[series][unit]")
{
    const auto* riga = find_zone("Europe/Riga");
    // 2026-03-12 10:00 +02:00 (winter) → 2026-04-09 10:00 +03:00 (summer): the hour stays.
    auto start = *parse_rfc3339("2026-03-12T10:00:00+02:00");
    auto next = weeks_later(start, riga, next_meeting_weeks);
    CHECK(format_rfc3339(next, riga) == "2026-04-09T10:00:00+03:00");
    CHECK(keep_distance(start + 7200, start, next) == next + 7200);
    CHECK_FALSE(keep_distance(std::nullopt, start, next).has_value());
}
