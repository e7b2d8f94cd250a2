// The rules the API handlers and the web pages share (domain/caller, person, organization,
// agenda, meeting times and mail), without a server.
#include "domain/agenda.hpp"
#include "domain/caller.hpp"
#include "domain/meeting.hpp"
#include "domain/organization.hpp"
#include "domain/person.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

namespace {

// A domain::error of this kind, naming this one field when `field` is given.
Catch::Matchers::Generic::PredicateMatcher<error> fails(error_kind kind, std::string field = "")
{
    return Catch::Predicate<error>([=](const error& e) {
        return e.kind() == kind && (field.empty() || (e.fields().size() == 1 && e.fields()[0].field == field));
    }, "a domain error of the expected kind and field");
}

} // namespace

TEST_CASE("a member acts for its own organization; organizers read but do not edit organizations", "[caller][unit]")
{
    caller member{caller_role::member, 7, "Biedrība", true};
    caller organizer{caller_role::organizer, std::nullopt, "", true};
    caller coordinator{caller_role::coordinator, std::nullopt, "", true};
    CHECK(acts_for(member, 7));
    CHECK_FALSE(acts_for(member, 8));
    CHECK(acts_for(organizer, 8));
    CHECK_NOTHROW(require_own_organization(member, 7));
    CHECK_THROWS_MATCHES(require_own_organization(member, 8), error, fails(error_kind::forbidden));
    CHECK_THROWS_MATCHES(require_organization_editor(organizer, 8), error, fails(error_kind::forbidden));
    CHECK_NOTHROW(require_organization_editor(coordinator, 8));
    CHECK_NOTHROW(require_organization_editor(member, 7));
    CHECK(sees_personal_data_of(organizer, 8));
    CHECK_FALSE(sees_personal_data_of(member, 8));
}

TEST_CASE("a deactivated organization's member may no longer write", "[caller][unit]")
{
    caller member{caller_role::member, 7, "Biedrība", false};
    CHECK_THROWS_MATCHES(require_may_write(member), error, fails(error_kind::forbidden));
    member.organization_active = true;
    CHECK_NOTHROW(require_may_write(member));
}

TEST_CASE("a phone holds digits, spaces and + ( ) - . only", "[person][unit]")
{
    CHECK(valid_phone("+371 (2) 123-45.67"));
    CHECK_FALSE(valid_phone(""));
    CHECK_FALSE(valid_phone("call me"));
    CHECK_THROWS_MATCHES(require_valid_phone("x"), error, fails(error_kind::invalid, "phone"));
}

TEST_CASE("a taken organization name is a conflict on the field name", "[organization][unit]")
{
    auto e = organization_name_taken("Biedrība");
    CHECK(e.kind() == error_kind::conflict);
    REQUIRE(e.fields().size() == 1);
    CHECK(e.fields()[0].field == "name");
    CHECK(std::string(e.what()) == "An organization named 'Biedrība' exists already.");
}

TEST_CASE("an agenda fits its meeting, and holds at most 200 items", "[agenda][unit]")
{
    CHECK_FALSE(agenda_overrun(0, 3600, 60));
    CHECK(agenda_overrun(0, 3600, 61) == 61 * 60);
    CHECK_FALSE(agenda_overrun(0, std::nullopt, 100000));
    CHECK_NOTHROW(require_room_for_item(agenda_max_items - 1));
    CHECK_THROWS_MATCHES(require_room_for_item(agenda_max_items), error, fails(error_kind::conflict));
    CHECK_THROWS_MATCHES(require_agenda_fits(0, 3600, 90, find_zone("Europe/Riga")), error,
                         fails(error_kind::invalid, "duration_minutes"));
}

TEST_CASE("a meeting ends after it starts, its answer deadline not after the start; a draft sends no mail", "[meeting][unit]")
{
    CHECK(meeting_time_errors({100, 200, 100}).empty());
    auto errors = meeting_time_errors({100, 100, 101});
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].field == "ends_at");
    CHECK(errors[1].field == "rsvp_deadline");
    CHECK_THROWS_MATCHES(require_meeting_times({100, 50, std::nullopt}), error, fails(error_kind::invalid));
    CHECK_FALSE(sends_mail(meeting_status::draft));
    CHECK(sends_mail(meeting_status::scheduled));
    CHECK(takes_invitations(meeting_status::draft));
    CHECK_FALSE(takes_invitations(meeting_status::held));
}
