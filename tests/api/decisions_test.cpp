// Decisions and votes through the real server: the outcome under each rule, the snapshot of who
// is present at the close, who may cast which vote, the frozen decision, the register and its CSV,
// and the figures in the minutes.
#include "support/fixtures.hpp"

#include <filesystem>
#include <fstream>

using namespace sanaksme::test;

namespace {

// Five member organizations with one representative each and a meeting today with quorum 3 and
// one agenda item; `present` of the representatives are checked in.
struct platform {
    std::vector<std::int64_t> orgs, people;
    std::int64_t meeting = 0, item = 0;
};

platform five_members(test_server& s, int present, json meeting_extra = json::object())
{
    platform p;
    for (int i = 0; i < 5; ++i) {
        p.orgs.push_back(create_org(s, "Biedrība " + std::to_string(i + 1)));
        p.people.push_back(create_person(s, p.orgs.back(), "Pārstāvis " + std::to_string(i + 1)));
    }
    json extra = {{"quorum", 3}, {"series", "NVO Dialoga platforma"}};
    extra.update(meeting_extra);
    p.meeting = create_meeting_today(s, extra);
    invite_all(s, p.meeting);
    auto item = s.post(meeting_path(p.meeting, "/agenda"), {{"title", "Lēmumu pieņemšana"}, {"kind", "decision"}}, s.organizer_token());
    REQUIRE(item.status == 201);
    p.item = item.j()["id"].get<std::int64_t>();
    for (int i = 0; i < present; ++i)
        REQUIRE(s.put(meeting_path(p.meeting, "/attendance/" + std::to_string(p.people[i])), json::object(), s.organizer_token())
                    .status == 201);
    return p;
}

std::int64_t add_decision(test_server& s, const platform& p, const std::string& rule, const std::string& text = "Atbalstīt ziņojumu")
{
    auto r = s.post(meeting_path(p.meeting, "/decisions"), {{"agenda_item_id", p.item}, {"text", text}, {"rule", rule}},
                    s.organizer_token());
    INFO(r.body);
    REQUIRE(r.status == 201);
    CHECK(r.j()["status"] == "voting");
    CHECK(r.j()["result"].is_null());
    return r.j()["id"].get<std::int64_t>();
}

std::string decision_path(std::int64_t id, const std::string& rest = "") { return "/api/v1/decisions/" + std::to_string(id) + rest; }

reply vote(test_server& s, std::int64_t decision, std::int64_t org, const std::string& choice, const std::string& token)
{
    return s.put(decision_path(decision, "/votes/" + std::to_string(org)), {{"vote", choice}}, token);
}

// 3 for, 1 against, 1 abstained, recorded by the organizer.
void three_one_one(test_server& s, const platform& p, std::int64_t decision)
{
    const char* votes[] = {"for", "for", "for", "against", "abstain"};
    for (int i = 0; i < 5; ++i)
        REQUIRE(vote(s, decision, p.orgs[i], votes[i], s.organizer_token()).status == 200);
}

json close(test_server& s, std::int64_t decision)
{
    auto r = s.post(decision_path(decision, "/close"), json::object(), s.organizer_token());
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.j()["status"] == "closed");
    return r.j()["result"];
}

// A decision under a majority of those present, voted 3-1-1 and closed: adopted.
std::int64_t adopted_decision(test_server& s, const platform& p, const std::string& text)
{
    auto d = add_decision(s, p, "majority_present", text);
    three_one_one(s, p, d);
    REQUIRE(close(s, d)["outcome"] == "adopted");
    return d;
}

json read_csv_export(const std::string& body)
{
    auto dir = temp_dir();
    auto path = dir + "/export";
    std::ofstream(path, std::ios::binary) << body;
    auto [code, out] = run_program("/usr/bin/python3", {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_export.py", "csv", path});
    std::filesystem::remove_all(dir);
    INFO(out);
    REQUIRE(code == 0);
    return json::parse(out)["rows"];
}

} // namespace

TEST_CASE("the same votes are adopted under one rule and rejected under another", "[decisions][api]")
{
    test_server s;
    auto p = five_members(s, 5);
    auto majority = add_decision(s, p, "majority_present");
    auto two_thirds = add_decision(s, p, "two_thirds_present");
    auto consensus = add_decision(s, p, "consensus");
    for (auto d : {majority, two_thirds, consensus})
        three_one_one(s, p, d);

    auto r = close(s, majority);
    CHECK(r["outcome"] == "adopted");
    CHECK(r["for"] == 3);
    CHECK(r["against"] == 1);
    CHECK(r["abstained"] == 1);
    CHECK(r["present"] == 5);
    CHECK(r["members"] == 5);
    CHECK(r["quorum"] == 3);
    CHECK(r["required"] == 3);
    auto t = close(s, two_thirds);
    CHECK(t["outcome"] == "rejected");
    CHECK(t["required"] == 4);
    CHECK(close(s, consensus)["outcome"] == "rejected");
}

TEST_CASE("the present organizations are taken at the close and a later check-out does not change them",
          "[decisions][snapshot][api]")
{
    test_server s;
    auto p = five_members(s, 4);
    auto d = add_decision(s, p, "majority_present");
    REQUIRE(vote(s, d, p.orgs[0], "for", s.organizer_token()).status == 200);
    REQUIRE(vote(s, d, p.orgs[1], "for", s.organizer_token()).status == 200);
    REQUIRE(vote(s, d, p.orgs[2], "for", s.organizer_token()).status == 200);
    auto result = close(s, d);
    CHECK(result["present"] == 4);
    CHECK(result["outcome"] == "adopted");
    CHECK(result["present_organizations"] == json{p.orgs[0], p.orgs[1], p.orgs[2], p.orgs[3]});
    auto before = s.get(decision_path(d), s.coordinator());

    // Two representatives leave; a fifth arrives.
    REQUIRE(s.del(meeting_path(p.meeting, "/attendance/" + std::to_string(p.people[2])), s.organizer_token()).status == 204);
    REQUIRE(s.del(meeting_path(p.meeting, "/attendance/" + std::to_string(p.people[3])), s.organizer_token()).status == 204);
    REQUIRE(s.put(meeting_path(p.meeting, "/attendance/" + std::to_string(p.people[4])), json::object(), s.organizer_token()).status == 201);
    CHECK(s.get(meeting_path(p.meeting, "/attendance"), s.coordinator()).j()["summary"]["member_organizations_present"] == 3);

    auto after = s.get(decision_path(d), s.coordinator());
    CHECK(after.j()["result"] == before.j()["result"]);
    CHECK(after.header("etag") == before.header("etag"));
    // A decision closed now counts who is here now: 3, with the quorum of 3.
    auto later = add_decision(s, p, "majority_present");
    CHECK(close(s, later)["present"] == 3);
}

TEST_CASE("a representative casts only its own organization's vote and only while checked in; organizers record any",
          "[decisions][auth][api]")
{
    test_server s;
    auto p = five_members(s, 0);
    auto observer = create_org(s, "Novērotājs", {{"membership", "observer"}});
    auto d = add_decision(s, p, "majority_present");
    auto member = s.token("member", "Biedrība 1", p.orgs[0]);

    auto nobody_here = vote(s, d, p.orgs[0], "for", member);
    require_problem(nobody_here, 403);
    CHECK(s.get(decision_path(d), s.coordinator()).j()["votes"].empty());

    REQUIRE(s.put(meeting_path(p.meeting, "/attendance/" + std::to_string(p.people[0])), json::object(), member).status == 201);
    auto cast = vote(s, d, p.orgs[0], "for", member);
    INFO(cast.body);
    REQUIRE(cast.status == 200);
    CHECK(cast.j()["votes"] == json::array({{{"organization_id", p.orgs[0]}, {"organization_name", "Biedrība 1"}, {"vote", "for"}}}));
    // Changing its mind while the vote is open replaces the vote: still one per organization.
    REQUIRE(vote(s, d, p.orgs[0], "abstain", member).status == 200);
    CHECK(s.get(decision_path(d), member).j()["votes"].size() == 1);

    // Another organization's vote, even one present: 403, nothing recorded.
    REQUIRE(s.put(meeting_path(p.meeting, "/attendance/" + std::to_string(p.people[1])), json::object(), s.organizer_token()).status == 201);
    require_problem(vote(s, d, p.orgs[1], "against", member), 403);
    CHECK(s.get(decision_path(d), s.coordinator()).j()["votes"].size() == 1);

    // The organizer records an organization present and one not checked in.
    CHECK(vote(s, d, p.orgs[1], "against", s.organizer_token()).status == 200);
    CHECK(vote(s, d, p.orgs[4], "for", s.organizer_token()).status == 200);
    // Observers do not vote; bad votes are 422; unknown decisions 404.
    require_problem(vote(s, d, observer, "for", s.organizer_token()), 409);
    require_problem(vote(s, d, p.orgs[2], "maybe", s.organizer_token()), 422);
    require_problem(vote(s, 9999, p.orgs[2], "for", s.organizer_token()), 404);
    auto stored = s.get(decision_path(d), s.coordinator()).j()["votes"];
    CHECK(stored.size() == 3);

    // The organization that voted by the organizer's hand and is not checked in counts as present.
    auto r = close(s, d);
    CHECK(r["present"] == 3);
    CHECK(r["for"] == 1);
    CHECK(r["against"] == 1);
    CHECK(r["abstained"] == 1);
    CHECK(r["outcome"] == "rejected"); // 1 of 3 is no majority
}

TEST_CASE("a closed decision never changes: closing twice, voting or editing it is 409; its follow-up moves on",
          "[decisions][api]")
{
    test_server s;
    auto p = five_members(s, 3);
    auto d = add_decision(s, p, "consensus");
    auto member = s.token("member", "Biedrība 1", p.orgs[0]);
    require_problem(s.post(decision_path(d, "/close"), json::object(), member), 403);
    require_problem(s.post(meeting_path(p.meeting, "/decisions"), {{"agenda_item_id", p.item}, {"text", "X"}}, member), 403);
    require_problem(s.patch(decision_path(d), {{"state", "done"}}, s.organizer_token()), 409); // still voting
    REQUIRE(s.patch(decision_path(d), {{"text", "Atbalstīt ziņojumu ar labojumiem"}}, s.organizer_token()).status == 200);

    require_problem(s.post(decision_path(d, "/close"), {{"outcome", "rejected"}}, s.organizer_token()), 422);
    auto without_body = s.raw_body("POST", decision_path(d, "/close"), "", "", s.organizer_token());
    INFO(without_body.body);
    REQUIRE(without_body.status == 200);
    CHECK(without_body.j()["result"]["outcome"] == "adopted");
    auto closed = s.get(decision_path(d), s.coordinator()).j();
    require_problem(s.post(decision_path(d, "/close"), json::object(), s.organizer_token()), 409);
    require_problem(vote(s, d, p.orgs[0], "against", s.organizer_token()), 409);
    require_problem(vote(s, d, p.orgs[0], "against", member), 409);
    require_problem(s.patch(decision_path(d), {{"text", "Cits"}}, s.organizer_token()), 409);
    require_problem(s.patch(decision_path(d), {{"rule", "majority_members"}}, s.organizer_token()), 409);
    auto same = s.get(decision_path(d), s.coordinator()).j();
    CHECK(same == closed);

    auto r = s.patch(decision_path(d), {{"state", "in_progress"}}, s.organizer_token());
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.j()["state"] == "in_progress");
    CHECK(r.j()["result"] == closed["result"]);
    require_problem(s.patch(decision_path(d), {{"state", "finished"}}, s.organizer_token()), 422);
    require_problem(s.patch(decision_path(d), {{"state", "done"}}, member), 403);
}

TEST_CASE("bad decisions are refused with the field named and nothing is stored", "[decisions][input][api]")
{
    test_server s;
    auto p = five_members(s, 0);
    auto other = create_meeting(s);
    auto other_item = s.post(meeting_path(other, "/agenda"), {{"title", "Cits"}}, s.organizer_token()).j()["id"];
    auto path = meeting_path(p.meeting, "/decisions");
    auto bad = [&](const json& body, const std::string& field) {
        auto r = s.post(path, body, s.organizer_token());
        require_problem(r, 422);
        CHECK(r.j()["errors"][0]["field"] == field);
    };
    bad({{"agenda_item_id", p.item}, {"text", "X"}, {"rule", "majority"}}, "rule");
    bad({{"agenda_item_id", other_item}, {"text", "X"}}, "agenda_item_id");
    bad({{"agenda_item_id", p.item}, {"text", ""}}, "text");
    bad({{"agenda_item_id", p.item}, {"text", "X"}, {"outcome", "adopted"}}, "outcome");
    require_problem(s.post(meeting_path(9999, "/decisions"), {{"agenda_item_id", p.item}, {"text", "X"}}, s.organizer_token()), 404);
    CHECK(s.get(path, s.coordinator()).j()["items"].empty());
}

TEST_CASE("the register lists decisions across meetings by date and follow-up, as JSON and as CSV", "[decisions][register][api]")
{
    test_server s;
    auto p = five_members(s, 5);
    auto d1 = adopted_decision(s, p, "Pirmais lēmums, \"ar pēdiņām\"");
    REQUIRE(s.patch(decision_path(d1), {{"state", "done"}}, s.organizer_token()).status == 200);
    auto d2 = add_decision(s, p, "consensus", "=Otrais lēmums");

    auto all = s.get("/api/v1/decisions", s.token("member", "Biedrība 1", p.orgs[0]));
    REQUIRE(all.status == 200);
    CHECK(all.j()["items"].size() == 2);
    CHECK(s.get("/api/v1/decisions?state=done", s.coordinator()).j()["items"][0]["id"] == d1);
    CHECK(s.get("/api/v1/decisions?state=open", s.coordinator()).j()["items"][0]["id"] == d2);
    CHECK(s.get("/api/v1/decisions?from=2099-01-01T00:00:00Z", s.coordinator()).j()["items"].empty());
    CHECK(s.get("/api/v1/decisions?to=2000-01-01T00:00:00Z", s.coordinator()).j()["items"].empty());
    auto page = s.get("/api/v1/decisions?limit=1", s.coordinator()).j();
    REQUIRE(page["next_cursor"].is_string());
    auto rest = s.get("/api/v1/decisions?limit=1&cursor=" + page["next_cursor"].get<std::string>(), s.coordinator()).j();
    CHECK(rest["items"][0]["id"] == d2);
    require_problem(s.get("/api/v1/decisions?state=closed", s.coordinator()), 400);
    require_problem(s.get("/api/v1/decisions", ""), 401);

    auto csv = s.get("/api/v1/decisions.csv", s.coordinator());
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-type").starts_with("text/csv"));
    auto rows = read_csv_export(csv.body);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0][0] == "id");
    CHECK(rows[1][5] == "Pirmais lēmums, \"ar pēdiņām\"");
    CHECK(rows[1][8] == "adopted");
    CHECK(rows[1][9] == "3");
    CHECK(rows[1][12] == "5");
    CHECK(rows[1][15] == "done");
    CHECK(rows[2][5] == "'=Otrais lēmums"); // a formula neutralised
    CHECK(rows[2][8] == "");
    auto open_only = read_csv_export(s.get("/api/v1/decisions.csv?state=open", s.coordinator()).body);
    CHECK(open_only.size() == 2);
}

TEST_CASE("the minutes show each decision with its figures; approved minutes freeze their decisions",
          "[decisions][minutes][api]")
{
    test_server s;
    auto p = five_members(s, 5);
    auto d = adopted_decision(s, p, "Atbalstīt ziņojumu");
    auto open = add_decision(s, p, "consensus", "Vēl balsojams");

    auto en = s.get(meeting_path(p.meeting, "/minutes.txt?lang=en"), s.coordinator());
    REQUIRE(en.status == 200);
    INFO(en.body);
    CHECK(en.body.find("Atbalstīt ziņojumu — by a majority of those present: adopted: 3 for, 1 against, 1 abstained; 5 of 5 present") !=
          std::string::npos);
    CHECK(en.body.find("Vēl balsojams — by consensus: the vote is open") != std::string::npos);
    auto lv = s.get(meeting_path(p.meeting, "/minutes.md?lang=lv"), s.coordinator());
    INFO(lv.body);
    CHECK(lv.body.find("pieņemts: par 3, pret 1, atturējās 1; klātesošas 5 no 5 biedru organizācijām") != std::string::npos);
    auto minutes = s.get(meeting_path(p.meeting, "/minutes"), s.coordinator()).j();
    CHECK(minutes["decisions"].size() == 2);

    REQUIRE(s.put(meeting_path(p.meeting, "/minutes"), {{"summary", "Kopsavilkums"}}, s.organizer_token()).status == 200);
    REQUIRE(s.post(meeting_path(p.meeting, "/minutes/approve"), json::object(), s.coordinator()).status == 200);
    require_problem(vote(s, open, p.orgs[0], "for", s.organizer_token()), 409);
    require_problem(s.post(decision_path(open, "/close"), json::object(), s.organizer_token()), 409);
    require_problem(s.patch(decision_path(open), {{"text", "Cits"}}, s.organizer_token()), 409);
    require_problem(s.post(meeting_path(p.meeting, "/decisions"), {{"agenda_item_id", p.item}, {"text", "Jauns"}}, s.organizer_token()), 409);
    CHECK(s.get(meeting_path(p.meeting, "/decisions"), s.coordinator()).j()["items"].size() == 2);
    // The follow-up of an adopted decision goes on after the minutes are approved.
    CHECK(s.patch(decision_path(d), {{"state", "in_progress"}}, s.organizer_token()).status == 200);
}

TEST_CASE("adopted decisions not yet done are listed in the next meetings' minutes until done", "[decisions][minutes][api]")
{
    test_server s;
    auto p = five_members(s, 5);
    auto d = adopted_decision(s, p, "Sagatavot vēstuli ministrijai");
    auto next = create_meeting(s, {{"series", "NVO Dialoga platforma"}, {"starts_at", "2099-11-23T10:00:00+02:00"},
                                   {"ends_at", "2099-11-23T12:00:00+02:00"}});
    auto carried = s.get(meeting_path(next, "/minutes"), s.coordinator()).j()["decisions_in_follow_up"];
    REQUIRE(carried.size() == 1);
    CHECK(carried[0]["id"] == d);
    auto text = s.get(meeting_path(next, "/minutes.txt?lang=lv"), s.coordinator()).body;
    CHECK(text.find("Lēmums: Sagatavot vēstuli ministrijai (izpilde nav sākta)") != std::string::npos);
    REQUIRE(s.patch(decision_path(d), {{"state", "done"}}, s.organizer_token()).status == 200);
    CHECK(s.get(meeting_path(next, "/minutes"), s.coordinator()).j()["decisions_in_follow_up"].empty());
}

TEST_CASE("the next meeting reviews the series' adopted decisions still in follow-up, not those done", "[decisions][series][api]")
{
    test_server s;
    auto p = five_members(s, 5);
    auto open = adopted_decision(s, p, "Sagatavot vēstuli ministrijai");
    auto done = adopted_decision(s, p, "Publicēt ziņu");
    REQUIRE(s.patch(decision_path(done), {{"state", "done"}}, s.organizer_token()).status == 200);
    auto r = s.post(meeting_path(p.meeting, "/next"), json::object(), s.organizer_token());
    INFO(r.body);
    REQUIRE(r.status == 201);
    std::vector<json> decisions;
    auto created = r.j(); // kept: a range-for over r.j()["…"] would read a destroyed temporary
    for (const auto& item : created["review_items"])
        if (item["kind"] == "decision")
            decisions.push_back(item);
    REQUIRE(decisions.size() == 1);
    CHECK(decisions[0]["reference_id"] == open);
    CHECK(decisions[0]["text"] == "Sagatavot vēstuli ministrijai");
    CHECK(decisions[0]["state"] == "open");
    CHECK(decisions[0]["from_meeting_id"] == p.meeting);
    auto listed = s.get(meeting_path(r.j()["id"].get<std::int64_t>(), "/review"), s.organizer_token());
    REQUIRE(listed.status == 200);
    CHECK(listed.body.find("Publicēt ziņu") == std::string::npos);
}
