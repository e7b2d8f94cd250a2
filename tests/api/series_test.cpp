// Hybrid attendance (mode and source of a check-in, the "join online" link, the split summary and
// the quorum setting), seats and the waiting list, and the next meeting of a series.
#include "support/fixtures.hpp"

#include <fstream>
#include <functional>
#include <regex>
#include <thread>

using namespace sanaksme::test;

namespace {

std::string person_path(std::int64_t m, const std::string& what, std::int64_t person)
{
    return meeting_path(m, "/" + what + "/" + std::to_string(person));
}

std::string email_of(const std::string& name) { return name + "@biedriba.example"; }

std::int64_t person_with_mail(test_server& s, std::int64_t org, const std::string& name)
{
    return create_person(s, org, name, {{"email", email_of(name)}, {"email_consent", true}});
}

// The text part of a queued message, as the coordinator reads it (signed links not redacted).
std::string message_text(test_server& s, std::int64_t outbox_id)
{
    auto eml = s.get("/api/v1/outbox/" + std::to_string(outbox_id) + "/message.eml", s.coordinator());
    REQUIRE(eml.status == 200);
    auto dir = temp_dir();
    std::ofstream(dir + "/m.eml", std::ios::binary) << eml.body;
    auto [code, out] = run_program("/usr/bin/python3", {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_mail.py", dir});
    REQUIRE(code == 0);
    return json::parse(out)[0]["text"].get<std::string>();
}

json rsvp_put(test_server& s, std::int64_t m, std::int64_t person, const std::string& response, unsigned expect)
{
    auto r = s.put(person_path(m, "rsvps", person), {{"response", response}}, s.coordinator());
    INFO(r.body);
    REQUIRE(r.status == expect);
    return r.j();
}

// Where each of `people` stands in line: asking again with a yes changes nothing and says it.
std::vector<std::int64_t> positions(test_server& s, std::int64_t m, const std::vector<std::int64_t>& people)
{
    std::vector<std::int64_t> out;
    for (auto p : people) {
        auto j = rsvp_put(s, m, p, "yes", 200);
        REQUIRE(j["status"] == "waitlisted");
        out.push_back(j["position"].get<std::int64_t>());
    }
    return out;
}

std::set<std::int64_t> promoted_mail(test_server& s, std::int64_t m)
{
    std::set<std::int64_t> people;
    for (const auto& e : list_all(s, "/api/v1/outbox?kind=waitlist_promoted&meeting_id=" + std::to_string(m)))
        people.insert(e["person_id"].get<std::int64_t>());
    return people;
}

// Runs each of `jobs` on its own thread at once, and waits for them all.
void at_once(const std::vector<std::function<void()>>& jobs)
{
    std::vector<std::thread> threads;
    for (const auto& j : jobs)
        threads.emplace_back(j);
    for (auto& t : threads)
        t.join();
}

} // namespace

TEST_CASE("next creates the following meeting with its number, place, invitees, standing items and open action items", "[series][api]")
{
    test_server s;
    auto a = create_org(s, "Biedrība A");
    auto b = create_org(s, "Biedrība B");
    auto pa = create_person(s, a, "Anna");
    auto pb = create_person(s, b, "Boriss");
    auto gone = create_person(s, b, "Gatis");
    auto m = create_meeting(s, {{"title", "NVO Dialoga platformas 5. sanāksme"}, {"series", "NVO Dialoga platforma"},
                                {"number", 5}, {"starts_at", "2030-11-21T10:00:00+02:00"}, {"ends_at", "2030-11-21T12:30:00+02:00"},
                                {"rsvp_deadline", "2030-11-19T17:00:00+02:00"}, {"timezone", "Europe/Riga"},
                                {"venue", {{"name", "Rīgas pils"}, {"address", "Pils laukums 3"}}},
                                {"online_url", "https://meet.example/platforma"}, {"capacity", 40}, {"quorum", 2},
                                {"waitlist", true}, {"seats_per_organization", 2}, {"status", "scheduled"}});
    for (auto [title, standing] : std::vector<std::pair<std::string, bool>>{
             {"Atklāšana", true}, {"Iepriekšējās sanāksmes protokola apstiprināšana", true}, {"Ziņojums", false},
             {"Dažādi", true}})
        REQUIRE(s.post(meeting_path(m, "/agenda"), {{"title", title}, {"standing", standing}, {"duration_minutes", 15}},
                       s.organizer_token()).status == 201);
    REQUIRE(s.put(meeting_path(m, "/minutes"),
                  {{"summary", "Sanāksme notika."},
                   {"action_items", {{{"text", "Sagatavot vēstuli ministrijai"}, {"owner", "Anna"}, {"due", "2030-12-01"}},
                                     {{"text", "Nosūtīt prezentāciju"}, {"done", true}}}}},
                  s.organizer_token()).status == 200);
    REQUIRE(s.del("/api/v1/people/" + std::to_string(gone), s.coordinator()).status == 204); // erased: not invited again

    auto r = s.request("POST", meeting_path(m, "/next"), json::object(), s.organizer_token(), {{"Idempotency-Key", "next-5"}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    auto next = r.j();
    auto id = next["id"].get<std::int64_t>();
    CHECK(r.header("location") == meeting_path(id));
    CHECK(next["number"] == 6);
    CHECK(next["title"] == "NVO Dialoga platformas 6. sanāksme");
    CHECK(next["series"] == "NVO Dialoga platforma");
    CHECK(next["starts_at"] == "2030-12-19T10:00:00+02:00"); // four weeks later, the same weekday and hour
    CHECK(next["ends_at"] == "2030-12-19T12:30:00+02:00");
    CHECK(next["rsvp_deadline"] == "2030-12-17T17:00:00+02:00");
    CHECK(next["venue"] == json{{"name", "Rīgas pils"}, {"address", "Pils laukums 3"}});
    CHECK(next["timezone"] == "Europe/Riga");
    CHECK(next["online_url"] == "https://meet.example/platforma");
    CHECK(next["status"] == "draft");
    CHECK(next["waitlist"] == true);
    CHECK(next["seats_per_organization"] == 2);
    CHECK(next["previous_meeting_id"] == m);
    CHECK(next["people_invited"] == 2);
    CHECK(next["standing_items"] == 3);
    REQUIRE(next["review_items"].size() == 1); // the done item is not carried
    CHECK(next["review_items"][0]["kind"] == "action_item");
    CHECK(next["review_items"][0]["text"] == "Sagatavot vēstuli ministrijai");
    CHECK(next["review_items"][0]["owner"] == "Anna");
    CHECK(next["review_items"][0]["due"] == "2030-12-01");
    CHECK(next["review_items"][0]["from_meeting_id"] == m);

    auto agenda = list_all(s, meeting_path(id, "/agenda"));
    REQUIRE(agenda.size() == 3);
    CHECK(agenda[0]["title"] == "Atklāšana");
    CHECK(agenda[1]["title"] == "Iepriekšējās sanāksmes protokola apstiprināšana");
    CHECK(agenda[2]["title"] == "Dažādi");
    for (std::size_t i = 0; i < agenda.size(); ++i) {
        CHECK(agenda[i]["position"] == i + 1);
        CHECK(agenda[i]["standing"] == true);
    }
    std::set<std::int64_t> invited;
    for (const auto& i : list_all(s, meeting_path(id, "/invitations")))
        invited.insert(i["person_id"].get<std::int64_t>());
    CHECK(invited == std::set<std::int64_t>{pa, pb});
    CHECK(list_all(s, meeting_path(id, "/review")) == next["review_items"]);

    SECTION("a retry with the same key returns the first result and plans nothing more")
    {
        auto again = s.request("POST", meeting_path(m, "/next"), json::object(), s.organizer_token(), {{"Idempotency-Key", "next-5"}});
        REQUIRE(again.status == 201);
        CHECK(again.j()["id"] == id);
        CHECK(list_all(s, "/api/v1/meetings").size() == 2);
    }
    SECTION("the start can be given; the next of the next is number 7")
    {
        auto given = s.post(meeting_path(id, "/next"), {{"starts_at", "2031-01-15T14:00:00+02:00"}}, s.organizer_token());
        INFO(given.body);
        REQUIRE(given.status == 201);
        CHECK(given.j()["number"] == 7);
        CHECK(given.j()["title"] == "NVO Dialoga platformas 7. sanāksme");
        CHECK(given.j()["ends_at"] == "2031-01-15T16:30:00+02:00");
        CHECK(given.j()["review_items"].size() == 1); // still open: nobody marked it done
    }
    SECTION("refusals are problems and plan nothing")
    {
        auto before = list_all(s, "/api/v1/meetings");
        auto member = s.token("member", "A", a);
        require_problem(s.post(meeting_path(m, "/next"), json::object(), member), 403);
        require_problem(s.post(meeting_path(99999, "/next"), json::object(), s.organizer_token()), 404);
        require_problem(s.post(meeting_path(m, "/next"), {{"number", 9}}, s.organizer_token()), 422);
        require_problem(s.post(meeting_path(m, "/next"), {{"starts_at", "2031-01-15T14:00:00+02:00"},
                                                          {"ends_at", "2031-01-15T13:00:00+02:00"}}, s.organizer_token()), 422);
        CHECK(list_all(s, "/api/v1/meetings") == before);
    }
}

TEST_CASE("the waiting list promotes in order under concurrent cancellations; positions never skip or repeat", "[waitlist][rsvp][api]")
{
    test_server s({"--scheduler", "false"});
    auto org = create_org(s, "Biedrība");
    auto m = create_meeting(s, {{"status", "scheduled"}, {"capacity", 5}, {"waitlist", true}});
    std::vector<std::int64_t> holders, line;
    for (int i = 0; i < 5; ++i)
        holders.push_back(person_with_mail(s, org, "vieta" + std::to_string(i)));
    for (int i = 0; i < 8; ++i)
        line.push_back(person_with_mail(s, org, "rinda" + std::to_string(i)));
    invite_all(s, m);
    for (auto p : holders)
        CHECK(rsvp_put(s, m, p, "yes", 201)["response"] == "yes");
    for (std::size_t i = 0; i < line.size(); ++i) {
        auto j = rsvp_put(s, m, line[i], "yes", 201);
        CHECK(j["status"] == "waitlisted");
        CHECK(j["position"] == i + 1);
    }
    CHECK(positions(s, m, {line[2]}) == std::vector<std::int64_t>{3}); // asking again keeps the place
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 5);
    CHECK(promoted_mail(s, m).empty());

    // Three places free at once, from three threads: the first three in line get them.
    at_once({[&] { CHECK(s.del(person_path(m, "rsvps", holders[0]), s.coordinator()).status == 204); },
             [&] { CHECK(s.put(person_path(m, "rsvps", holders[1]), {{"response", "no"}}, s.coordinator()).status == 200); },
             [&] { CHECK(s.del(person_path(m, "rsvps", holders[2]), s.coordinator()).status == 204); }});
    for (int i = 0; i < 3; ++i) {
        auto r = s.get("/api/v1/meetings/" + std::to_string(m) + "/rsvps?limit=500", s.coordinator()).j();
        bool yes = false;
        for (const auto& a : r["items"])
            yes = yes || (a["person_id"] == line[i] && a["response"] == "yes");
        CHECK(yes);
    }
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 5);
    CHECK(promoted_mail(s, m) == std::set<std::int64_t>{line[0], line[1], line[2]});
    CHECK(positions(s, m, {line[3], line[4], line[5], line[6], line[7]}) == std::vector<std::int64_t>{1, 2, 3, 4, 5});

    // Two more at once, and one leaves the line meanwhile: 4 and 5 are promoted; 7 and 8 close up.
    at_once({[&] { CHECK(s.del(person_path(m, "rsvps", holders[3]), s.coordinator()).status == 204); },
             [&] { CHECK(s.put(person_path(m, "rsvps", holders[4]), {{"response", "maybe"}}, s.coordinator()).status == 200); },
             [&] { CHECK(s.del(person_path(m, "rsvps", line[5]), s.coordinator()).status == 204); }});
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 5);
    auto told = promoted_mail(s, m);
    CHECK(told.size() == 5);
    CHECK(told.count(line[5]) == 0);
    CHECK(positions(s, m, {line[6], line[7]}) == std::vector<std::int64_t>{1, 2});
    auto waiting = s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["waitlist"];
    REQUIRE(waiting.size() == 2);
    CHECK(waiting[0]["person_id"] == line[6]);
    CHECK(waiting[0]["position"] == 1);
    CHECK(waiting[1]["person_id"] == line[7]);
    CHECK(waiting[1]["position"] == 2);

    // A larger meeting room: the next in line gets the new place, and hears of it.
    REQUIRE(s.patch(meeting_path(m), {{"capacity", 6}}, s.organizer_token()).status == 200);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 6);
    CHECK(promoted_mail(s, m).count(line[6]) == 1);
    CHECK(positions(s, m, {line[7]}) == std::vector<std::int64_t>{1});
    auto exported = s.get("/api/v1/people/" + std::to_string(line[7]) + "/export", s.coordinator()).j();
    REQUIRE(exported["waitlists"].size() == 1); // GDPR access: the line they wait in is theirs to see
    CHECK(exported["waitlists"][0]["meeting_id"] == m);
    CHECK(exported["waitlists"][0]["position"] == 1);

    SECTION("the promoted person's mail tells them the place is theirs, in their language")
    {
        auto entries = list_all(s, "/api/v1/outbox?kind=waitlist_promoted&meeting_id=" + std::to_string(m));
        REQUIRE_FALSE(entries.empty());
        auto text = message_text(s, entries[0]["id"].get<std::int64_t>());
        CHECK(text.find("gaidītāju sarakstā") != std::string::npos);
        CHECK(text.find("/rsvp/") != std::string::npos);
    }
}

TEST_CASE("without a waiting list a full meeting still refuses a yes", "[waitlist][rsvp][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība");
    auto p1 = create_person(s, org, "Pirmais"), p2 = create_person(s, org, "Otrais");
    auto m = create_meeting(s, {{"status", "scheduled"}, {"capacity", 1}});
    invite_all(s, m);
    rsvp_put(s, m, p1, "yes", 201);
    auto r = s.put(person_path(m, "rsvps", p2), {{"response", "yes"}}, s.coordinator());
    require_problem(r, 409);
    CHECK(r.j()["detail"].get<std::string>().find("full") != std::string::npos);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 1);
}

TEST_CASE("seats per organization cap its yes answers with a clear 409", "[seats][rsvp][api]")
{
    test_server s;
    auto a = create_org(s, "Biedrība A"), b = create_org(s, "Biedrība B");
    auto a1 = create_person(s, a, "A1"), a2 = create_person(s, a, "A2"), b1 = create_person(s, b, "B1");
    auto m = create_meeting(s, {{"status", "scheduled"}, {"seats_per_organization", 1}, {"capacity", 10}, {"waitlist", true}});
    invite_all(s, m);
    rsvp_put(s, m, a1, "yes", 201);
    rsvp_put(s, m, b1, "yes", 201);
    auto before = s.get(meeting_path(m, "/rsvps"), s.coordinator()).j();
    auto r = s.put(person_path(m, "rsvps", a2), {{"response", "yes"}}, s.coordinator());
    require_problem(r, 409);
    CHECK(r.j()["detail"].get<std::string>().find("1 of its 1 seats") != std::string::npos);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j() == before);
    rsvp_put(s, m, a2, "maybe", 201); // other answers are not capped
    rsvp_put(s, m, a1, "no", 200);
    CHECK(rsvp_put(s, m, a2, "yes", 200)["response"] == "yes");
    require_problem(s.patch(meeting_path(m), {{"seats_per_organization", 0}}, s.coordinator()), 422);
}

TEST_CASE("the join-online link: its GET changes nothing, its POST records online attendance and goes to the call", "[hybrid][attendance][links][api]")
{
    test_server s({"--scheduler", "false", "--public-url", "http://127.0.0.1:1"});
    auto org = create_org(s, "Biedrība");
    auto p = person_with_mail(s, org, "Agita");
    auto m = create_meeting_today(s, {{"online_url", "https://meet.example/platforma"}});
    invite_all(s, m);
    REQUIRE(s.post(meeting_path(m, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto entries = list_all(s, "/api/v1/outbox?kind=invitation");
    REQUIRE(entries.size() == 1);
    auto text = message_text(s, entries[0]["id"].get<std::int64_t>());
    std::smatch found;
    REQUIRE(std::regex_search(text, found, std::regex("http://127\\.0\\.0\\.1:1(/online/[A-Za-z0-9_.-]+)")));
    std::string link = found[1];

    auto page = s.get(link, "");
    REQUIRE(page.status == 200);
    CHECK(page.body.find("<form") != std::string::npos);
    CHECK(s.get(link, "").status == 200);
    CHECK(list_all(s, meeting_path(m, "/attendance")).empty()); // a scanner's GET recorded nothing

    auto post = s.raw_body("POST", link, "join=1", "application/x-www-form-urlencoded", "");
    REQUIRE(post.status == 303);
    CHECK(post.header("location") == "https://meet.example/platforma");
    auto att = s.get(meeting_path(m, "/attendance"), s.coordinator()).j();
    REQUIRE(att["items"].size() == 1);
    CHECK(att["items"][0]["person_id"] == p);
    CHECK(att["items"][0]["mode"] == "online");
    CHECK(att["items"][0]["source"] == "link");
    CHECK(att["summary"]["people_present_online"] == 1);
    CHECK(att["summary"]["people_present_in_person"] == 0);
    // Again (a second click): on to the call, nothing more recorded.
    CHECK(s.raw_body("POST", link, "join=1", "application/x-www-form-urlencoded", "").status == 303);
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["items"].size() == 1);

    SECTION("a tampered link records nothing")
    {
        auto tampered = link;
        tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
        CHECK(s.raw_body("POST", tampered, "join=1", "application/x-www-form-urlencoded", "").status == 400);
        CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["items"].size() == 1);
    }
}

namespace {

struct hybrid_meeting {
    std::int64_t meeting = 0, a = 0, b = 0, c = 0, pa = 0, pb = 0, pc = 0;
};

// Three member organizations, quorum 2: A checked in at the desk (organizer), B online (its member token).
hybrid_meeting checked_in(test_server& s)
{
    hybrid_meeting h;
    h.a = create_org(s, "Biedrība A");
    h.b = create_org(s, "Biedrība B");
    h.c = create_org(s, "Biedrība C");
    h.pa = create_person(s, h.a, "Anna");
    h.pb = create_person(s, h.b, "Boriss");
    h.pc = create_person(s, h.c, "Cilda");
    h.meeting = create_meeting_today(s, {{"quorum", 2}, {"online_url", "https://meet.example/platforma"}});
    invite_all(s, h.meeting);
    auto r = s.put(person_path(h.meeting, "attendance", h.pa), json::object(), s.organizer_token());
    REQUIRE(r.status == 201);
    CHECK(r.j()["mode"] == "in_person");
    CHECK(r.j()["source"] == "organizer");
    auto member = s.token("member", "B", h.b);
    r = s.put(person_path(h.meeting, "attendance", h.pb), {{"mode", "online"}}, member);
    INFO(r.body);
    REQUIRE(r.status == 201);
    CHECK(r.j()["mode"] == "online");
    CHECK(r.j()["source"] == "api");
    return h;
}

} // namespace

TEST_CASE("the attendance summary and the minutes split the figures; online counts for the quorum by default", "[hybrid][attendance][api]")
{
    test_server s;
    auto h = checked_in(s);
    auto att = s.get(meeting_path(h.meeting, "/attendance"), s.coordinator()).j();
    const auto& sum = att["summary"];
    CHECK(sum["people_present"] == 2);
    CHECK(sum["people_present_in_person"] == 1);
    CHECK(sum["people_present_online"] == 1);
    CHECK(sum["member_organizations_present"] == 2);
    CHECK(sum["member_organizations_present_in_person"] == 1);
    CHECK(sum["online_counts_for_quorum"] == true);
    CHECK(sum["quorum"] == 2);
    CHECK(sum["quorum_met"] == true);
    CHECK(s.get(meeting_path(h.meeting, "/minutes.txt?lang=lv"), s.coordinator()).body.find("(1 klātienē, 1 tiešsaistē)") !=
          std::string::npos);
    CHECK(s.get(meeting_path(h.meeting, "/minutes.txt?lang=en"), s.coordinator()).body.find("(1 in person, 1 online)") !=
          std::string::npos);

    SECTION("a mode the API does not know is refused and records nothing")
    {
        require_problem(s.put(person_path(h.meeting, "attendance", h.pc), {{"mode", "hologram"}}, s.organizer_token()), 422);
        require_problem(s.put(person_path(h.meeting, "attendance", h.pc), {{"source", "desk"}}, s.organizer_token()), 422);
        CHECK(s.get(meeting_path(h.meeting, "/attendance"), s.coordinator()).j()["items"].size() == 2);
    }
}

TEST_CASE("with online attendance not counting, the quorum is weighed on organizations in the room", "[hybrid][attendance][api]")
{
    test_server s({"--online-counts-for-quorum", "false"});
    auto h = checked_in(s);
    auto sum = s.get(meeting_path(h.meeting, "/attendance"), s.coordinator()).j()["summary"];
    CHECK(sum["online_counts_for_quorum"] == false);
    CHECK(sum["member_organizations_present"] == 2); // B is on the roll-call all the same
    CHECK(sum["member_organizations_present_in_person"] == 1);
    CHECK(sum["quorum_met"] == false);
    REQUIRE(s.put(person_path(h.meeting, "attendance", h.pc), json::object(), s.organizer_token()).status == 201);
    CHECK(s.get(meeting_path(h.meeting, "/attendance"), s.coordinator()).j()["summary"]["quorum_met"] == true);
}
