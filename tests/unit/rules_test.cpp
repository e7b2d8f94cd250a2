// The rules of domain/meeting, domain/rsvp and domain/attendance_change as the API states them:
// each returns a value or throws the domain error dispatch turns into problem+json.
#include "domain/attendance_change.hpp"
#include "domain/error.hpp"
#include "domain/meeting.hpp"
#include "domain/rsvp.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

namespace {

// The kind and detail of the domain error `f` throws (nullopt when it throws none).
template <class F>
std::optional<std::pair<error_kind, std::string>> refusal(F&& f)
{
    try {
        f();
    } catch (const error& e) {
        return std::pair{e.kind(), std::string(e.what())};
    }
    return std::nullopt;
}

const instant day_start = 1796680800; // 2026-12-08T00:00:00+02:00 (Riga, winter)
const instant starts = day_start + 10 * 3600;

} // namespace

TEST_CASE("a refused status change is a conflict naming where the meeting may go", "[meeting][unit]")
{
    using s = meeting_status;
    CHECK_FALSE(refusal([] { require_status_change(s::draft, s::scheduled); }));
    CHECK_FALSE(refusal([] { require_status_change(s::held, s::held); }));
    auto r = refusal([] { require_status_change(s::scheduled, s::draft); });
    REQUIRE(r);
    CHECK(r->first == error_kind::conflict);
    CHECK(r->second == "A meeting that is scheduled cannot become draft; it can become held or cancelled.");
    r = refusal([] { require_status_change(s::cancelled, s::scheduled); });
    REQUIRE(r);
    CHECK(r->second == "A meeting that is cancelled cannot become scheduled; its status is final.");
    for (auto name : meeting_status_names)
        CHECK(to_string(stored_meeting_status(name)) == name);
    CHECK_THROWS_AS(stored_meeting_status("postponed"), std::logic_error);
}

TEST_CASE("answers and invitations while draft or scheduled, check-ins while scheduled or held", "[meeting][unit]")
{
    using s = meeting_status;
    for (auto st : {s::draft, s::scheduled, s::held, s::cancelled}) {
        bool open = st == s::draft || st == s::scheduled;
        CHECK(takes_answers(st) == open);
        CHECK(takes_invitations(st) == open);
        CHECK(takes_check_ins(st) == (st == s::scheduled || st == s::held));
    }
    auto r = refusal([] { require_answers_open(meeting_status::held); });
    REQUIRE(r);
    CHECK(r->first == error_kind::conflict);
    CHECK(r->second == "The meeting is held; answers are closed.");
    r = refusal([] { require_invitations_open(meeting_status::cancelled); });
    REQUIRE(r);
    CHECK(r->second == "The meeting is cancelled; invitations are for draft or scheduled meetings.");
    r = refusal([] { require_check_in_open(meeting_status::draft); });
    REQUIRE(r);
    CHECK(r->second == "The meeting is draft; check-in is for scheduled or held meetings.");
}

TEST_CASE("a person answers when invited or when their organization is, and is then added", "[rsvp][unit]")
{
    CHECK_FALSE(joins_invitations(true, false));
    CHECK_FALSE(joins_invitations(true, true));
    CHECK(joins_invitations(false, true));
    auto r = refusal([] { joins_invitations(false, false); });
    REQUIRE(r);
    CHECK(r->first == error_kind::conflict);
    CHECK(r->second == "This person's organization is not invited to the meeting.");
    CHECK(refusal([] { require_not_erased(true); })->first == error_kind::conflict);
    CHECK_FALSE(refusal([] { require_not_erased(false); }));
}

TEST_CASE("answers and withdrawals end at the deadline, named in the meeting's zone", "[rsvp][unit]")
{
    const auto* riga = find_zone("Europe/Riga");
    auto deadline = day_start;
    for (auto change : {rsvp_change::answer, rsvp_change::withdraw}) {
        CHECK_FALSE(refusal([&] { require_before_deadline(std::nullopt, riga, starts, change); }));
        CHECK_FALSE(refusal([&] { require_before_deadline(deadline, riga, deadline, change); }));
        CHECK_FALSE(refusal([&] { require_before_deadline(deadline, riga, deadline - 1, change); }));
    }
    auto r = refusal([&] { require_before_deadline(deadline, riga, deadline + 1, rsvp_change::answer); });
    REQUIRE(r);
    CHECK(r->first == error_kind::conflict);
    CHECK(r->second == "The RSVP deadline (2026-12-08T00:00:00+02:00) has passed; ask the organizers to change your answer.");
    r = refusal([&] { require_before_deadline(deadline, riga, deadline + 1, rsvp_change::withdraw); });
    REQUIRE(r);
    CHECK(r->second == "The RSVP deadline (2026-12-08T00:00:00+02:00) has passed.");
}

TEST_CASE("a yes takes a place unless it was a yes already; a full meeting refuses it", "[rsvp][unit]")
{
    using a = rsvp_response;
    CHECK(takes_place(a::yes, std::nullopt));
    CHECK(takes_place(a::yes, a::maybe));
    CHECK(takes_place(a::yes, a::no));
    CHECK_FALSE(takes_place(a::yes, a::yes));
    CHECK_FALSE(takes_place(a::maybe, std::nullopt));
    CHECK_FALSE(takes_place(a::no, a::yes));
    CHECK_FALSE(refusal([] { require_free_place(3, 2); }));
    auto r = refusal([] { require_free_place(3, 3); });
    REQUIRE(r);
    CHECK(r->first == error_kind::conflict);
    CHECK(r->second == "The meeting is full: all 3 places are taken. Answer 'maybe' to be told if one frees up.");
    for (auto name : rsvp_response_names)
        CHECK(to_string(*parse_rsvp_response(name)) == name);
    CHECK_FALSE(parse_rsvp_response("Yes"));
}

TEST_CASE("an attendance change is judged on the meeting's local date and refused in the caller's words",
          "[attendance][unit]")
{
    attendance_request base{.by = attendance_editor::member, .meeting_status = "scheduled", .starts_at = starts,
                            .timezone = "Europe/Riga", .now = starts};
    CHECK_FALSE(refusal([&] { require_attendance_change(base); }));

    auto next_day = base;
    next_day.now = day_start + 86400 + 60;
    auto r = refusal([&] { require_attendance_change(next_day); });
    REQUIRE(r);
    CHECK(r->first == error_kind::forbidden);
    CHECK(r->second == "A member token checks people in on the meeting day only (2026-12-08, Europe/Riga), at a time of "
                       "that day; ask an organizer.");
    next_day.by = attendance_editor::own_link;
    r = refusal([&] { require_attendance_change(next_day); });
    REQUIRE(r);
    CHECK(r->first == error_kind::conflict);
    CHECK(r->second == "Check-in opens on the meeting day (2026-12-08).");

    // 22:30 UTC on the 7th is already the 8th in Riga.
    auto late_utc = base;
    late_utc.now = day_start + 1800;
    CHECK_FALSE(refusal([&] { require_attendance_change(late_utc); }));

    auto early = base;
    early.by = attendance_editor::organizer;
    early.now = day_start - 60;
    early.arrival = true;
    r = refusal([&] { require_attendance_change(early); });
    REQUIRE(r);
    CHECK(r->first == error_kind::conflict);
    CHECK(r->second == "Check-in opens on the meeting day (2026-12-08, Europe/Riga).");
    early.arrival = false; // undoing or excusing before the day is an organizer's to do
    CHECK_FALSE(refusal([&] { require_attendance_change(early); }));

    auto held = base;
    held.by = attendance_editor::organizer;
    held.meeting_status = "held";
    r = refusal([&] { require_attendance_change(held); });
    REQUIRE(r);
    CHECK(r->first == error_kind::invalid);
    CHECK(r->second == "The request has an invalid field.");
    try {
        require_attendance_change(held);
    } catch (const error& e) {
        REQUIRE(e.fields().size() == 1);
        CHECK(e.fields()[0].field == "reason");
    }
    held.has_reason = true;
    CHECK_FALSE(refusal([&] { require_attendance_change(held); }));
    held.minutes_approved = true;
    CHECK(refusal([&] { require_attendance_change(held); })->first == error_kind::conflict);
    held.by = attendance_editor::member;
    CHECK(refusal([&] { require_attendance_change(held); })->first == error_kind::forbidden);
}
