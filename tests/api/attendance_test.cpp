#include "support/fixtures.hpp"

#include <atomic>
#include <thread>

using namespace sanaksme::test;

namespace {
std::string person_path(std::int64_t m, const std::string& what, std::int64_t person)
{
    return meeting_path(m, "/" + what + "/" + std::to_string(person));
}
} // namespace

TEST_CASE("inviting with {} invites every active member organization's people", "[invitations][api]")
{
    test_server s;
    auto a = create_org(s, "A");
    auto b = create_org(s, "B", {{"membership", "observer"}});
    auto c = create_org(s, "C", {{"active", false}});
    auto pa = create_person(s, a, "Anna");
    auto pb = create_person(s, b, "Boris");
    create_person(s, c, "Cilda");
    auto m = create_meeting(s); // a draft: nobody is invited until asked
    auto r = s.post(meeting_path(m, "/invitations"), json::object(), s.organizer_token());
    REQUIRE(r.status == 201);
    CHECK(r.j()["invited"] == 1);
    auto again = s.post(meeting_path(m, "/invitations"), json::object(), s.organizer_token());
    CHECK(again.j()["invited"] == 0);
    REQUIRE(s.post(meeting_path(m, "/invitations"), {{"organization_ids", {b}}}, s.organizer_token()).status == 201);
    auto list = list_all(s, meeting_path(m, "/invitations"));
    REQUIRE(list.size() == 2);
    CHECK(list[0]["person_id"] == pa);
    CHECK(list[0]["response"].is_null());
    CHECK(list[1]["person_id"] == pb);
    auto before = list_all(s, meeting_path(m, "/invitations"));
    require_problem(s.post(meeting_path(m, "/invitations"), {{"person_ids", {pa, 999}}}, s.organizer_token()), 422);
    require_problem(s.post(meeting_path(m, "/invitations"), {{"organization_ids", "all"}}, s.organizer_token()), 422);
    CHECK(list_all(s, meeting_path(m, "/invitations")) == before);
}

TEST_CASE("RSVPs are counted and can change until the deadline", "[rsvp][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto p1 = create_person(s, org, "Pirmais");
    auto p2 = create_person(s, org, "Otrais");
    create_person(s, org, "Trešais");
    auto m = create_meeting(s, {{"status", "scheduled"}, {"rsvp_deadline", "2030-11-20T17:00:00+02:00"}});
    invite_all(s, m);
    auto r = s.put(person_path(m, "rsvps", p1), {{"response", "yes"}, {"note", "Ieradīšos ar kolēģi."}}, s.coordinator());
    REQUIRE(r.status == 201);
    CHECK(r.j()["note"] == "Ieradīšos ar kolēģi.");
    CHECK(s.put(person_path(m, "rsvps", p1), {{"response", "maybe"}}, s.coordinator()).status == 200);
    CHECK(s.put(person_path(m, "rsvps", p2), {{"response", "no"}}, s.coordinator()).status == 201);
    auto list = s.get(meeting_path(m, "/rsvps"), s.coordinator()).j();
    CHECK(list["counts"] == json{{"yes", 0}, {"no", 1}, {"maybe", 1}, {"no_answer", 1}});
    REQUIRE(s.del(person_path(m, "rsvps", p2), s.coordinator()).status == 204);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["no_answer"] == 2);
    require_problem(s.put(person_path(m, "rsvps", p1), {{"response", "perhaps"}}, s.coordinator()), 422);
    require_problem(s.put(person_path(m, "rsvps", 999), {{"response", "yes"}}, s.coordinator()), 404);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["maybe"] == 1);
}

TEST_CASE("PUT rsvp after the deadline is refused", "[rsvp][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto p = create_person(s, org, "P");
    auto m = create_meeting(s, {{"status", "scheduled"}, {"starts_at", "2030-11-23T10:00:00+02:00"},
                                {"rsvp_deadline", "2020-01-01T00:00:00+02:00"}});
    invite_all(s, m);
    auto r = s.put(person_path(m, "rsvps", p), {{"response", "yes"}}, s.coordinator());
    require_problem(r, 409);
    CHECK(r.j()["detail"].get<std::string>().find("deadline") != std::string::npos);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 0);
}

TEST_CASE("many clients racing for the last seats never push yes over capacity", "[rsvp][concurrency][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    std::vector<std::int64_t> people;
    for (int i = 0; i < 40; ++i)
        people.push_back(create_person(s, org, "Dalībnieks " + std::to_string(i)));
    auto m = create_meeting(s, {{"status", "scheduled"}, {"capacity", 7}});
    invite_all(s, m);
    std::atomic<int> ok{0}, full{0}, other{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t)
        clients.emplace_back([&, t] {
            for (std::size_t i = t; i < people.size(); i += 8) {
                auto r = s.put(person_path(m, "rsvps", people[i]), {{"response", "yes"}}, s.coordinator());
                (r.status == 201 ? ok : r.status == 409 ? full : other)++;
            }
        });
    for (auto& c : clients)
        c.join();
    CHECK(ok == 7);
    CHECK(full == 33);
    CHECK(other == 0);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 7);
    auto over = s.put(person_path(m, "rsvps", people[0]), {{"response", "yes"}}, s.coordinator());
    if (over.status == 409)
        CHECK(over.j()["detail"].get<std::string>().find("full") != std::string::npos);
}

TEST_CASE("check-in works once, for people who never answered, and can be undone", "[attendance][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto p = create_person(s, org, "P");
    auto m = create_meeting_today(s);
    auto first = s.put(person_path(m, "attendance", p), {{"checked_in_at", "2030-11-23T09:55:00+02:00"}}, s.organizer_token());
    REQUIRE(first.status == 201);
    CHECK(first.j()["checked_in_at"] == "2030-11-23T09:55:00+02:00");
    auto twice = s.put(person_path(m, "attendance", p), json::object(), s.organizer_token());
    CHECK(twice.status == 200);
    CHECK(twice.j()["checked_in_at"] == "2030-11-23T09:55:00+02:00");
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 1);
    auto guest = s.post(meeting_path(m, "/attendance"), {{"name", "Jānis Viesis"}, {"organization_name", "Rīgas Tehniskā universitāte"}},
                        s.organizer_token());
    REQUIRE(guest.status == 201);
    auto a = s.get(meeting_path(m, "/attendance"), s.coordinator()).j();
    CHECK(a["summary"]["people_present"] == 2);
    CHECK(a["summary"]["guests_present"] == 1);
    CHECK(a["summary"]["organizations_present"] == 1);
    REQUIRE(s.del(person_path(m, "attendance", p), s.organizer_token()).status == 204);
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 1);
    require_problem(s.del(person_path(m, "attendance", p), s.organizer_token()), 404);
    require_problem(s.put(person_path(m, "attendance", p), {{"checked_in_at", "soon"}}, s.organizer_token()), 422);
    require_problem(s.post(meeting_path(m, "/attendance"), {{"organization_name", "X"}}, s.organizer_token()), 422);
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 1);
}

TEST_CASE("attendance is only for scheduled or held meetings; cancelling keeps records", "[attendance][lifecycle][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto p = create_person(s, org, "P");
    auto m = create_meeting(s, {{"starts_at", utc_from_now()}, {"ends_at", nullptr}}); // a draft of today
    require_problem(s.put(person_path(m, "attendance", p), json::object(), s.coordinator()), 409);
    REQUIRE(s.patch(meeting_path(m), {{"status", "scheduled"}}, s.coordinator()).status == 200);
    REQUIRE(s.put(person_path(m, "attendance", p), json::object(), s.coordinator()).status == 201);
    REQUIRE(s.patch(meeting_path(m), {{"status", "cancelled"}}, s.coordinator()).status == 200);
    require_problem(s.post(meeting_path(m, "/attendance"), {{"name", "G"}}, s.coordinator()), 409);
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 1);
}

TEST_CASE("a member token answers and checks in only its own people", "[attendance][auth][api]")
{
    test_server s;
    auto own = create_org(s, "A");
    auto other = create_org(s, "B");
    auto mine = create_person(s, own, "Mans");
    auto theirs = create_person(s, other, "Svešs");
    auto m = create_meeting_today(s); // members check in on the meeting day only
    invite_all(s, m);
    auto member = s.token("member", "A", own);
    CHECK(s.put(person_path(m, "rsvps", mine), {{"response", "yes"}}, member).status == 201);
    require_problem(s.put(person_path(m, "rsvps", theirs), {{"response", "no"}}, member), 403);
    require_problem(s.put(person_path(m, "attendance", theirs), json::object(), member), 403);
    require_problem(s.del(person_path(m, "rsvps", theirs), member), 403);
    CHECK(s.put(person_path(m, "attendance", mine), json::object(), member).status == 201);
    auto a = s.get(meeting_path(m, "/attendance"), s.coordinator()).j();
    CHECK(a["summary"]["people_present"] == 1);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"] == json{{"yes", 1}, {"no", 0}, {"maybe", 0}, {"no_answer", 1}});
}

TEST_CASE("a member names a substitute who is created, invited and answers on the spot", "[rsvp][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto p = create_person(s, org, "Vadītāja");
    auto m = create_meeting_today(s);
    invite_all(s, m);
    auto member = s.token("member", "A", org);
    auto r = s.put(person_path(m, "rsvps", p), {{"response", "yes"}, {"substitute", {{"name", "Vietniece Ļena"}}}}, member);
    REQUIRE(r.status == 200);
    CHECK(r.j()["response"] == "no");
    auto sub = r.j()["substitute"]["person_id"].get<std::int64_t>();
    CHECK(s.get("/api/v1/people/" + std::to_string(sub), member).j()["organization_id"] == org);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 1);
    auto roll = s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["organizations"];
    CHECK(roll[0]["status"] == "absent"); // an answer of 'no' with a substitute coming is not an apology
}

TEST_CASE("the roll-call marks organizations present, excused or absent", "[attendance][rollcall][api]")
{
    test_server s;
    auto a = create_org(s, "A");
    auto b = create_org(s, "B");
    auto c = create_org(s, "C");
    auto d = create_org(s, "D");
    auto pa = create_person(s, a, "Pa");
    auto pb = create_person(s, b, "Pb");
    create_person(s, c, "Pc");
    create_person(s, d, "Pd");
    auto m = create_meeting_today(s, {{"quorum", 2}});
    invite_all(s, m);
    REQUIRE(s.put(person_path(m, "attendance", pa), json::object(), s.coordinator()).status == 201);
    REQUIRE(s.put(person_path(m, "rsvps", pb), {{"response", "no"}}, s.coordinator()).status == 201);
    REQUIRE(s.put(meeting_path(m, "/excusals/" + std::to_string(c)), {{"reason", "slimības dēļ"}}, s.organizer_token()).status == 200);
    auto att = s.get(meeting_path(m, "/attendance"), s.coordinator()).j();
    std::map<std::string, std::string> status;
    for (const auto& o : att["organizations"])
        status[o["name"]] = o["status"];
    CHECK(status["A"] == "present");
    CHECK(status["B"] == "excused");
    CHECK(status["C"] == "excused");
    CHECK(status["D"] == "absent");
    CHECK(att["organizations"][0]["people"][0]["name"] == "Pa");
    CHECK(att["organizations"][2]["excuse_reason"] == "slimības dēļ");
    CHECK(att["summary"]["member_organizations_excused"] == 2);
    CHECK(att["summary"]["quorum_met"] == false);
    REQUIRE(s.del(meeting_path(m, "/excusals/" + std::to_string(c)), s.organizer_token()).status == 204);
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"]["member_organizations_excused"] == 1);
}

TEST_CASE("membership history: an organization that joins or leaves later does not change old figures", "[attendance][history][api]")
{
    test_server s;
    auto old_member = create_org(s, "Vecais", {{"joined_on", "2016-01-01"}});
    create_org(s, "Otrais", {{"joined_on", "2016-01-01"}});
    create_org(s, "Jaunais", {{"joined_on", "2018-03-01"}});
    auto old_meeting = create_meeting(s, {{"status", "held"}, {"starts_at", "2017-09-21T10:00:00+03:00"}, {"ends_at", nullptr}});
    auto members = [&] {
        return s.get(meeting_path(old_meeting, "/attendance"), s.coordinator()).j()["summary"]["member_organizations"];
    };
    CHECK(members() == 2);
    // Leaving today does not rewrite 2017.
    REQUIRE(s.patch("/api/v1/organizations/" + std::to_string(old_member), {{"membership", "observer"}}, s.coordinator()).status == 200);
    CHECK(members() == 2);
    auto new_meeting = create_meeting(s, {{"status", "scheduled"}, {"starts_at", "2031-01-10T10:00:00+02:00"}, {"ends_at", nullptr}});
    CHECK(s.get(meeting_path(new_meeting, "/attendance"), s.coordinator()).j()["summary"]["member_organizations"] == 2);
}

TEST_CASE("every change is in the audit log with who, what and when", "[audit][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto p = create_person(s, org, "P");
    auto m = create_meeting_today(s);
    auto organizer = s.token("organizer", "Rasa Saliņa");
    REQUIRE(s.put(person_path(m, "attendance", p), json::object(), organizer).status == 201);
    REQUIRE(s.patch("/api/v1/organizations/" + std::to_string(org), {{"short_name", "AA"}}, s.coordinator()).status == 200);
    auto log = s.get("/api/v1/audit?limit=500", s.coordinator()).j()["items"];
    bool check_in = false, update = false;
    for (const auto& e : log) {
        if (e["action"] == "check_in" && e["actor"]["name"] == "Rasa Saliņa" && e["actor"]["role"] == "organizer")
            check_in = e["resource"] == "meeting" && e["resource_id"] == m && e["after"]["person_id"] == p;
        if (e["action"] == "update" && e["resource"] == "organization")
            update = e["before"]["short_name"].is_null() && e["after"]["short_name"] == "AA" && e["at"].is_string();
    }
    CHECK(check_in);
    CHECK(update);
    auto only_orgs = s.get("/api/v1/audit?resource=organization", s.coordinator()).j()["items"];
    for (const auto& e : only_orgs)
        CHECK(e["resource"] == "organization");
    auto page = s.get("/api/v1/audit?limit=2", s.coordinator()).j();
    REQUIRE(page["next_cursor"].is_string());
    auto next = s.get("/api/v1/audit?limit=2&cursor=" + page["next_cursor"].get<std::string>(), s.coordinator()).j();
    CHECK(next["items"][0]["id"].get<int>() < page["items"][1]["id"].get<int>());
    require_problem(s.get("/api/v1/audit", organizer), 403);
}

TEST_CASE("participation per organization shows meetings attended out of invited", "[reports][api]")
{
    test_server s;
    auto a = create_org(s, "Aktīvā");
    auto b = create_org(s, "Attālinātā");
    auto pa = create_person(s, a, "Pa");
    create_person(s, b, "Pb");
    for (int i = 0; i < 3; ++i) {
        auto m = create_meeting(s, {{"status", "scheduled"},
                                    {"starts_at", "2025-0" + std::to_string(i + 1) + "-10T10:00:00+02:00"},
                                    {"ends_at", nullptr}});
        invite_all(s, m);
        REQUIRE(s.put(person_path(m, "attendance", pa), json::object(), s.coordinator()).status == 201);
    }
    auto r = s.get("/api/v1/reports/participation?from=2025-01-01&to=2025-03-01", s.coordinator()).j();
    CHECK(r["meetings"].size() == 2);
    std::map<std::string, json> by_name;
    for (const auto& o : r["organizations"])
        by_name[o["name"]] = o;
    CHECK(by_name["Aktīvā"]["meetings_invited"] == 2);
    CHECK(by_name["Aktīvā"]["meetings_attended"] == 2);
    CHECK(by_name["Aktīvā"]["rate"] == 1.0);
    CHECK(by_name["Attālinātā"]["meetings_attended"] == 0);
    CHECK(by_name["Attālinātā"]["rate"] == 0.0);
    require_problem(s.get("/api/v1/reports/participation?from=2031-01-01&to=2030-01-01", s.coordinator()), 400);
}

TEST_CASE("replaying the seed's fifth meeting reads 19 representatives of 25 member organizations", "[seed][api]")
{
    test_server s;
    std::vector<std::int64_t> orgs;
    std::vector<std::vector<std::int64_t>> people;
    for (int i = 0; i < 25; ++i) {
        orgs.push_back(create_org(s, "Dalīborganizācija " + std::to_string(i + 1), {{"joined_on", "2016-06-01"}}));
        people.push_back({create_person(s, orgs.back(), "Pārstāvis " + std::to_string(i + 1))});
        if (i < 3)
            people.back().push_back(create_person(s, orgs.back(), "Otrs pārstāvis " + std::to_string(i + 1)));
    }
    create_org(s, "Novērotājs", {{"membership", "observer"}});
    auto m = create_meeting(s, {{"title", "NVO Dialoga platformas piektā tikšanās"}, {"number", 5}, {"status", "scheduled"},
                                {"starts_at", "2017-09-21T10:00:00+03:00"}, {"ends_at", "2017-09-21T12:30:00+03:00"},
                                {"venue", {{"name", "Informācijas centrs imigrantiem"}, {"address", "Rīga"}}}, {"quorum", 13}});
    invite_all(s, m);
    int checked = 0;
    for (std::size_t i = 0; i < 16; ++i)
        for (auto p : people[i]) {
            REQUIRE(s.put(person_path(m, "attendance", p), json::object(), s.coordinator()).status == 201);
            ++checked;
        }
    REQUIRE(checked == 19);
    REQUIRE(s.patch(meeting_path(m), {{"status", "held"}}, s.coordinator()).status == 200);
    auto summary = s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"];
    CHECK(summary["people_present"] == 19);
    CHECK(summary["member_organizations"] == 25);
    CHECK(summary["member_organizations_present"] == 16);
    CHECK(summary["quorum"] == 13);
    CHECK(summary["quorum_met"] == true);
}

TEST_CASE("the demo database loads and serves the seed's fifth and sixth meetings", "[seed][demo][api]")
{
    test_server s({}, true);
    auto meetings = list_all(s, "/api/v1/meetings");
    REQUIRE(meetings.size() == 2);
    CHECK(meetings[0]["number"] == 5);
    CHECK(meetings[0]["starts_at"] == "2017-09-21T10:00:00+03:00");
    CHECK(meetings[0]["venue"]["name"] == "Informācijas centrs imigrantiem (ICI)");
    CHECK(meetings[0]["status"] == "held");
    CHECK(meetings[1]["starts_at"] == "2017-11-23T10:00:00+02:00");
    CHECK(meetings[1]["status"] == "scheduled");
    auto att = s.get(meeting_path(meetings[0]["id"].get<int>(), "/attendance"), s.coordinator()).j();
    CHECK(att["summary"]["people_present"] == 19);
    CHECK(att["summary"]["member_organizations"] == 25);
    CHECK(att["summary"]["quorum_met"] == true);
    auto agenda = list_all(s, meeting_path(meetings[0]["id"].get<int>(), "/agenda"));
    std::set<std::string> presenters;
    for (const auto& i : agenda)
        if (i["kind"] == "presentation")
            presenters.insert(i["presenter"]["name"].get<std::string>());
    CHECK(presenters == std::set<std::string>{"Sandis Barks", "Inese Janiša", "Ramils Kadirovs"});
}
