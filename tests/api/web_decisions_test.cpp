// The decisions pages through the real server: organizers add, record and close; a representative
// checked in casts its own organization's vote and no other; the register filters, follows up and
// downloads its CSV; each page shows each role what the API's role table allows.
#include "support/web_browser.hpp"

using namespace sanaksme::test;

namespace {

struct meeting_with_members {
    std::int64_t a = 0, b = 0, pa = 0, pb = 0, meeting = 0, item = 0;
};

meeting_with_members setup(test_server& s)
{
    meeting_with_members m;
    m.a = create_org(s, "Biedrība „Drošā māja”");
    m.b = create_org(s, "Latvijas Sarkanais Krusts");
    m.pa = create_person(s, m.a, "Agita Misāne", {{"email", "agita@pdm.example"}});
    m.pb = create_person(s, m.b, "Jānis Bērziņš");
    m.meeting = create_meeting_today(s, {{"quorum", 1}});
    invite_all(s, m.meeting);
    m.item = s.post(meeting_path(m.meeting, "/agenda"), {{"title", "Lēmumi"}, {"kind", "decision"}}, s.organizer_token()).j()["id"].get<std::int64_t>();
    return m;
}

std::int64_t add_decision(test_server& s, const meeting_with_members& m, const std::string& text)
{
    auto r = s.post(meeting_path(m.meeting, "/decisions"), {{"agenda_item_id", m.item}, {"text", text}, {"rule", "consensus"}},
                    s.organizer_token());
    REQUIRE(r.status == 201);
    return r.j()["id"].get<std::int64_t>();
}

std::string decisions_page(std::int64_t meeting) { return "/meetings/" + std::to_string(meeting) + "/decisions"; }

} // namespace

TEST_CASE("on the decisions page organizers add a decision, record votes and close it; the figures show", "[web][decisions][api]")
{
    test_server s;
    auto m = setup(s);
    browser organizer{s};
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    auto page = organizer.get(decisions_page(m.meeting) + "?lang=en");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Add a decision"));
    auto csrf = csrf_of(page.body);

    // A decision without text: the form comes back with the error, nothing stored.
    auto bad = organizer.post(decisions_page(m.meeting),
                              form({{"csrf", csrf}, {"agenda_item_id", std::to_string(m.item)}, {"text", " "}, {"rule", "majority_present"}}));
    CHECK(bad.status == 422);
    CHECK(has(bad.body, "Enter the text of the decision"));
    CHECK(s.get(meeting_path(m.meeting, "/decisions"), s.coordinator()).j()["items"].empty());

    auto added = organizer.post(decisions_page(m.meeting), form({{"csrf", csrf}, {"agenda_item_id", std::to_string(m.item)},
                                                                  {"text", "Atbalstīt ziņojumu"}, {"rule", "majority_present"}}));
    REQUIRE(added.status == 303);
    auto decisions = s.get(meeting_path(m.meeting, "/decisions"), s.coordinator()).j()["items"];
    REQUIRE(decisions.size() == 1);
    auto id = std::to_string(decisions[0]["id"].get<std::int64_t>());
    CHECK(decisions[0]["rule"] == "majority_present");

    REQUIRE(s.put(meeting_path(m.meeting, "/attendance/" + std::to_string(m.pa)), json::object(), s.organizer_token()).status == 201);
    CHECK(organizer.post("/decisions/" + id + "/vote", form({{"csrf", csrf}, {"organization_id", std::to_string(m.a)}, {"vote", "for"}})).status == 303);
    CHECK(organizer.post("/decisions/" + id + "/vote", form({{"csrf", csrf}, {"organization_id", std::to_string(m.b)}, {"vote", "against"}})).status == 303);
    CHECK(organizer.post("/decisions/" + id + "/vote", form({{"csrf", csrf}, {"organization_id", std::to_string(m.b)}, {"vote", "maybe"}})).status == 422);
    CHECK(organizer.post("/decisions/" + id + "/close", form({{"csrf", csrf}})).status == 303);
    auto closed = s.get("/api/v1/decisions/" + id, s.coordinator()).j();
    CHECK(closed["result"]["outcome"] == "rejected"); // 1 of 2 present is no majority
    CHECK(closed["result"]["present"] == 2);
    CHECK(organizer.post("/decisions/" + id + "/close", form({{"csrf", csrf}})).status == 409);

    auto after = organizer.get(decisions_page(m.meeting) + "?lang=en");
    CHECK(has(after.body, "Rejected"));
    CHECK(has(after.body, "For 1 · Against 1 · Abstained 0"));
    CHECK(has(after.body, "2 / 2"));
    CHECK_FALSE(has(after.body, "Record the vote"));
    auto lv = organizer.get(decisions_page(m.meeting) + "?lang=lv");
    CHECK(has(lv.body, "Noraidīts"));
    CHECK(has(lv.body, "Par 1 · Pret 1 · Atturējās 0"));
}

TEST_CASE("a representative casts its own organization's vote on the page only while checked in", "[web][decisions][api]")
{
    test_server s;
    auto m = setup(s);
    auto d = add_decision(s, m, "Atbalstīt");
    auto vote_path = "/decisions/" + std::to_string(d) + "/vote";
    browser rep{s};
    sign_in(rep, "agita@pdm.example", "member", m.a);

    auto page = rep.get(decisions_page(m.meeting) + "?lang=en");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Atbalstīt"));
    CHECK_FALSE(has(page.body, "Add a decision"));
    CHECK_FALSE(has(page.body, "Record the vote"));
    CHECK(has(page.body, "votes here while one of its representatives is checked in"));
    auto csrf = csrf_of(page.body);
    CHECK(rep.post(vote_path, form({{"csrf", csrf}, {"vote", "for"}})).status == 403);
    CHECK(s.get("/api/v1/decisions/" + std::to_string(d), s.coordinator()).j()["votes"].empty());

    REQUIRE(s.put(meeting_path(m.meeting, "/attendance/" + std::to_string(m.pa)), json::object(), s.organizer_token()).status == 201);
    page = rep.get(decisions_page(m.meeting) + "?lang=en");
    CHECK(has(page.body, "Cast the vote"));
    // The organization in the form is ignored: a representative votes for its own.
    CHECK(rep.post(vote_path, form({{"csrf", csrf}, {"organization_id", std::to_string(m.b)}, {"vote", "against"}})).status == 303);
    auto votes = s.get("/api/v1/decisions/" + std::to_string(d), s.coordinator()).j()["votes"];
    REQUIRE(votes.size() == 1);
    CHECK(votes[0]["organization_id"] == m.a);
    CHECK(votes[0]["vote"] == "against");
    // Organizers' steps are refused to a representative.
    CHECK(rep.post("/decisions/" + std::to_string(d) + "/close", form({{"csrf", csrf}})).status == 403);
    CHECK(rep.post(decisions_page(m.meeting), form({{"csrf", csrf}, {"agenda_item_id", std::to_string(m.item)}, {"text", "X"},
                                                     {"rule", "consensus"}}))
              .status == 403);
    CHECK(s.get(meeting_path(m.meeting, "/decisions"), s.coordinator()).j()["items"].size() == 1);
}

TEST_CASE("the register page filters by follow-up, organizers move the follow-up on, and its CSV downloads", "[web][decisions][api]")
{
    test_server s;
    auto m = setup(s);
    auto d = add_decision(s, m, "Sagatavot vēstuli");
    add_decision(s, m, "Vēl balsojams");
    REQUIRE(s.put(meeting_path(m.meeting, "/attendance/" + std::to_string(m.pa)), json::object(), s.organizer_token()).status == 201);
    REQUIRE(s.post("/api/v1/decisions/" + std::to_string(d) + "/close", json::object(), s.organizer_token()).status == 200);

    browser organizer{s}, rep{s};
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    sign_in(rep, "agita@pdm.example", "member", m.a);
    auto page = organizer.get("/decisions?lang=en");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Sagatavot vēstuli"));
    CHECK(has(page.body, "Vēl balsojams"));
    auto csrf = csrf_of(page.body);
    auto r = organizer.post("/decisions/" + std::to_string(d) + "/state", form({{"csrf", csrf}, {"state", "in_progress"}, {"back", "/decisions?state=in_progress"}}));
    REQUIRE(r.status == 303);
    CHECK(r.header("location") == "/decisions?state=in_progress");
    CHECK(s.get("/api/v1/decisions/" + std::to_string(d), s.coordinator()).j()["state"] == "in_progress");
    auto filtered = organizer.get("/decisions?state=in_progress&lang=en");
    CHECK(has(filtered.body, "Sagatavot vēstuli"));
    CHECK_FALSE(has(filtered.body, "Vēl balsojams"));
    CHECK(organizer.get("/decisions?state=finished").status == 422);

    // The representative reads the register but moves nothing on.
    auto theirs = rep.get("/decisions?lang=en");
    REQUIRE(theirs.status == 200);
    CHECK(has(theirs.body, "In progress"));
    CHECK_FALSE(has(theirs.body, "action=\"/decisions/" + std::to_string(d) + "/state\""));
    CHECK(rep.post("/decisions/" + std::to_string(d) + "/state", form({{"csrf", csrf_of(theirs.body)}, {"state", "done"}})).status == 403);

    auto csv = rep.get("/decisions.csv?state=in_progress&from=2000-01-01");
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-type").starts_with("text/csv"));
    CHECK(has(csv.body, "Sagatavot vēstuli"));
    CHECK_FALSE(has(csv.body, "Vēl balsojams"));
}
