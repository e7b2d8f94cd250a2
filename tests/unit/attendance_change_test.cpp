// Who may change a meeting's attendance, and when (domain::judge).
#include "domain/attendance_change.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

TEST_CASE("members and links check in on the meeting day; organizers at any time", "[attendance][unit]")
{
    for (auto status : {"scheduled", "draft", "cancelled"}) {
        CHECK(judge({attendance_editor::member, status, false, true, false}) == attendance_verdict::allowed);
        CHECK(judge({attendance_editor::own_link, status, false, true, false}) == attendance_verdict::allowed);
        CHECK(judge({attendance_editor::member, status, false, false, true}) == attendance_verdict::not_meeting_day);
        CHECK(judge({attendance_editor::own_link, status, false, false, false}) == attendance_verdict::not_meeting_day);
        CHECK(judge({attendance_editor::organizer, status, false, false, false}) == attendance_verdict::allowed);
    }
}

TEST_CASE("a held meeting's attendance is corrected by organizers, with a reason, until the minutes are approved",
          "[attendance][unit]")
{
    for (bool day : {true, false})
        for (bool reason : {true, false})
            for (bool approved : {true, false}) {
                CHECK(judge({attendance_editor::member, "held", approved, day, reason}) == attendance_verdict::organizers_only);
                CHECK(judge({attendance_editor::own_link, "held", approved, day, reason}) == attendance_verdict::organizers_only);
                auto organizer = judge({attendance_editor::organizer, "held", approved, day, reason});
                CHECK(organizer == (approved  ? attendance_verdict::frozen
                                    : !reason ? attendance_verdict::reason_required
                                              : attendance_verdict::allowed));
            }
}

TEST_CASE("approved minutes freeze attendance whatever the meeting's status", "[attendance][unit]")
{
    CHECK(judge({attendance_editor::organizer, "scheduled", true, true, true}) == attendance_verdict::frozen);
    CHECK(judge({attendance_editor::member, "scheduled", true, true, true}) == attendance_verdict::frozen);
}
