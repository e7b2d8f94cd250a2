// An answer and a check-in read the meeting, the person and the invitations in one query
// (store::load_answer_facts, load_check_in_facts): each refusal keeps its status and wording.
#include "support/fixtures.hpp"

using namespace sanaksme::test;

namespace {

std::string person_path(std::int64_t m, const std::string& what, std::int64_t person)
{
    return meeting_path(m, "/" + what + "/" + std::to_string(person));
}

std::string detail(const reply& r) { return r.j()["detail"].get<std::string>(); }

} // namespace

TEST_CASE("an answer names what is missing: the meeting first, then the person; an erased person is a conflict",
          "[rsvp][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto p = create_person(s, org, "P");
    auto gone = create_person(s, org, "Dzēsts");
    auto m = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, m);
    REQUIRE(s.del("/api/v1/people/" + std::to_string(gone), s.coordinator()).status == 204);

    auto r = s.put(person_path(999, "rsvps", 998), {{"response", "yes"}}, s.coordinator());
    require_problem(r, 404);
    CHECK(detail(r) == "No meeting has the id 999.");
    r = s.put(person_path(m, "rsvps", 998), {{"response", "yes"}}, s.coordinator());
    require_problem(r, 404);
    CHECK(detail(r) == "No person has the id 998.");
    r = s.put(person_path(m, "rsvps", gone), {{"response", "yes"}}, s.coordinator());
    require_problem(r, 409);
    CHECK(detail(r) == "This person's data was erased.");
    r = s.del(person_path(m, "rsvps", gone), s.coordinator());
    require_problem(r, 409);
    r = s.del(person_path(m, "rsvps", p), s.coordinator());
    require_problem(r, 404);
    CHECK(detail(r) == "This person has not answered.");
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["items"].empty());
}

TEST_CASE("a person of an invited organization joins the invitations by answering; of another, is refused",
          "[rsvp][invitations][api]")
{
    test_server s;
    auto invited = create_org(s, "A");
    auto other = create_org(s, "B", {{"membership", "observer"}});
    auto m = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, m);
    auto late = create_person(s, invited, "Vēlāk pievienots");
    auto outsider = create_person(s, other, "Novērotājs");

    auto r = s.put(person_path(m, "rsvps", outsider), {{"response", "yes"}}, s.coordinator());
    require_problem(r, 409);
    CHECK(detail(r) == "This person's organization is not invited to the meeting.");

    auto before = list_all(s, meeting_path(m, "/invitations"));
    r = s.put(person_path(m, "rsvps", late), {{"response", "yes"}}, s.coordinator());
    REQUIRE(r.status == 201);
    CHECK(r.j()["response"] == "yes");
    auto after = list_all(s, meeting_path(m, "/invitations"));
    CHECK(after.size() == before.size() + 1);
    r = s.put(person_path(m, "rsvps", late), {{"response", "maybe"}}, s.coordinator());
    CHECK(r.status == 200);
    CHECK(list_all(s, meeting_path(m, "/invitations")).size() == after.size());
}

TEST_CASE("a check-in names what is missing: the meeting first, then the person; an erased person is a conflict",
          "[attendance][checkin][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto gone = create_person(s, org, "Dzēsts");
    auto m = create_meeting_today(s);
    REQUIRE(s.del("/api/v1/people/" + std::to_string(gone), s.coordinator()).status == 204);

    auto r = s.put(person_path(999, "attendance", 998), json::object(), s.coordinator());
    require_problem(r, 404);
    CHECK(detail(r) == "No meeting has the id 999.");
    r = s.put(person_path(m, "attendance", 998), json::object(), s.coordinator());
    require_problem(r, 404);
    CHECK(detail(r) == "No person has the id 998.");
    r = s.put(person_path(m, "attendance", gone), json::object(), s.coordinator());
    require_problem(r, 409);
    CHECK(detail(r) == "This person's data was erased.");
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["items"].empty());
}
