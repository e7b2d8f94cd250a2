#include "domain/attendance.hpp"
#include "domain/time.hpp"
#include "store/answers.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

TEST_CASE("the summary counts people once, guests apart, and organizations by membership", "[attendance][unit]")
{
    std::vector<organization_fact> orgs{
        {1, "A", "member", true, true, false},  {2, "B", "member", true, true, true},
        {3, "C", "member", true, true, false},  {4, "D", "observer", true, true, false},
        {5, "E", "member", false, false, false}, // inactive on the date: not a member organization
    };
    std::vector<present_entry> present{{11, 1}, {12, 1}, {11, 1}, {std::nullopt, std::nullopt}, {41, 4}};
    auto s = summarize(present, orgs, std::nullopt);
    CHECK(s.people_present == 4); // person 11 twice counts once; the guest counts
    CHECK(s.guests_present == 1);
    CHECK(s.organizations_present == 2);
    CHECK(s.member_organizations == 3);
    CHECK(s.member_organizations_present == 1);
    CHECK(s.member_organizations_excused == 1);
    CHECK(s.quorum == 2); // majority of 3
    CHECK_FALSE(s.quorum_met);
    REQUIRE(s.roll_call.size() == 4);
    CHECK(s.roll_call[0].status == roll_status::present);
    CHECK(s.roll_call[1].status == roll_status::excused);
    CHECK(s.roll_call[2].status == roll_status::absent);
    CHECK(s.roll_call[3].status == roll_status::present);
}

TEST_CASE("the meeting's own quorum decides quorum_met", "[attendance][unit]")
{
    std::vector<organization_fact> orgs{{1, "A", "member", true, true, false}, {2, "B", "member", true, true, false}};
    std::vector<present_entry> present{{1, 1}};
    CHECK(summarize(present, orgs, 1).quorum_met);
    CHECK_FALSE(summarize(present, orgs, 2).quorum_met);
    CHECK(summarize({}, orgs, 0).quorum_met);
}

TEST_CASE("an organization present is never counted as excused", "[attendance][unit]")
{
    std::vector<organization_fact> orgs{{1, "A", "member", true, true, true}};
    auto s = summarize({{7, 1}}, orgs, std::nullopt);
    CHECK(s.member_organizations_excused == 0);
    CHECK(s.roll_call.at(0).status == roll_status::present);
}

TEST_CASE("an answer written as text is byte for byte the JSON object's serialization", "[attendance][unit]")
{
    // The RSVP write path sends and logs rsvp_text; the other paths use rsvp_json.
    const auto* riga = find_zone("Europe/Riga");
    REQUIRE(riga != nullptr);
    using sanaksme::store::rsvp;
    for (const auto& r : {rsvp{5, 17, "yes", std::nullopt, 1505980800},
                          rsvp{1, 2, "maybe", std::string("Ieradīsimies divatā, \"varbūt\" vēlāk\n\ttab \\ ē"), 1490486400},
                          rsvp{9007199254740993, 1, "no", std::string(""), 1509235200},
                          rsvp{3, 4, "no", std::string("\x01 control \u2028 šķ"), 0},
                          rsvp{3, 4, "yes", std::string("plain ASCII: <b>&{}[]/~' \x7f"), 0}}) {
        CHECK(sanaksme::store::rsvp_text(riga, r) == sanaksme::store::rsvp_json(riga, r).dump());
    }
}
