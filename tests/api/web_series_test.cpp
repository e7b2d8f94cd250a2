// The meeting page's "Plan the next meeting" button through the real server: the next meeting of
// the series is made as POST /api/v1/meetings/{id}/next makes it, and its page opens.
#include "support/web_browser.hpp"

using namespace sanaksme::test;

TEST_CASE("the meeting page's button plans the next meeting of the series and opens it", "[web][series][api]")
{
    test_server s;
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto m = create_meeting(s, {{"title", "Platformas 5. sanāksme"}, {"series", "NVO Dialoga platforma"}, {"number", 5},
                                {"venue", {{"name", "Rīgas dome"}, {"address", nullptr}}}});
    REQUIRE(s.post(meeting_path(m, "/agenda"), {{"title", "Atklāšana"}, {"standing", true}}, s.organizer_token()).status == 201);
    REQUIRE(s.put(meeting_path(m, "/minutes"),
                  {{"action_items", {{{"text", "Sagatavot vēstuli ministrijai"}, {"owner", "Anna"}, {"due", "2030-12-01"}}}}},
                  s.organizer_token()).status == 200);
    auto page = b.get("/meetings/" + std::to_string(m));
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Plānot nākamo tikšanos"));
    CHECK(has(page.body, "action=\"/meetings/" + std::to_string(m) + "/next\""));

    auto before = list_all(s, "/api/v1/meetings").size();
    CHECK(b.post("/meetings/" + std::to_string(m) + "/next", form({{"csrf", "wrong"}})).status == 403);
    CHECK(list_all(s, "/api/v1/meetings").size() == before); // no CSRF token, nothing planned

    auto r = b.post("/meetings/" + std::to_string(m) + "/next", form({{"csrf", csrf_of(page.body)}}));
    INFO(r.body);
    REQUIRE(r.status == 303);
    std::smatch id;
    auto location = r.header("location");
    REQUIRE(std::regex_search(location, id, std::regex("^/meetings/([0-9]+)\\?saved=1$")));
    auto next = s.get(meeting_path(std::stoll(id[1])), s.coordinator()).j();
    CHECK(next["number"] == 6);
    CHECK(next["title"] == "Platformas 6. sanāksme");
    CHECK(next["previous_meeting_id"] == m);
    CHECK(next["venue"]["name"] == "Rīgas dome");
    auto shown = b.get(location);
    REQUIRE(shown.status == 200);
    CHECK(has(shown.body, "Platformas 6. sanāksme"));
    CHECK(has(shown.body, "Atklāšana"));
    CHECK(has(shown.body, "Jāpārskata no iepriekšējām tikšanām"));
    CHECK(has(shown.body, "Sagatavot vēstuli ministrijai — Anna"));
    CHECK(has(shown.body, "termiņš 2030. gada 1. decembrī"));
}

TEST_CASE("the check-in desk's counter splits the representatives in the room and online", "[web][hybrid][attendance][api]")
{
    test_server s;
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto a = create_org(s, "Biedrība A"), c = create_org(s, "Biedrība C");
    auto pa = create_person(s, a, "Anna"), pc = create_person(s, c, "Cilda");
    auto m = create_meeting_today(s, {{"online_url", "https://meet.example/platforma"}});
    invite_all(s, m);
    auto desk = "/meetings/" + std::to_string(m) + "/desk";
    CHECK_FALSE(has(b.get(desk).body, "klātienē")); // nobody online: no split
    REQUIRE(s.put(meeting_path(m, "/attendance/" + std::to_string(pa)), json::object(), s.organizer_token()).status == 201);
    REQUIRE(s.put(meeting_path(m, "/attendance/" + std::to_string(pc)), {{"mode", "online"}}, s.organizer_token()).status == 201);
    auto page = b.get(desk);
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "2 pārstāvji (1 klātienē, 1 tiešsaistē)"));
}

TEST_CASE("the representative's page shows a waitlisted yes with its place in line", "[web][representative][waitlist][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    auto first = create_person(s, org, "Agita Misāne"), second = create_person(s, org, "Bruno Zariņš"),
         third = create_person(s, org, "Cilda Ozola");
    auto m = create_meeting(s, {{"status", "scheduled"}, {"capacity", 1}, {"waitlist", true}});
    invite_all(s, m);
    for (auto p : {first, second, third})
        REQUIRE(s.put(meeting_path(m, "/rsvps/" + std::to_string(p)), {{"response", "yes"}}, s.coordinator()).status / 100 == 2);
    browser rep{s};
    sign_in(rep, "agita@pdm.example", "member", org);
    auto home = rep.get("/");
    REQUIRE(home.status == 200);
    CHECK(has(home.body, "Agita Misāne <span class=\"muted\">(jā)</span>"));
    CHECK(has(home.body, "Bruno Zariņš <span class=\"muted\">(gaidītāju sarakstā, 1. vieta)</span>"));
    CHECK(has(home.body, "Cilda Ozola <span class=\"muted\">(gaidītāju sarakstā, 2. vieta)</span>"));
    CHECK(has(rep.get("/?lang=ru").body, "в листе ожидания, место 2"));
    // The first gives up the place: the line moves up.
    REQUIRE(s.put(meeting_path(m, "/rsvps/" + std::to_string(first)), {{"response", "no"}}, s.coordinator()).status == 200);
    home = rep.get("/?lang=lv");
    CHECK(has(home.body, "Bruno Zariņš <span class=\"muted\">(jā)</span>"));
    CHECK(has(home.body, "Cilda Ozola <span class=\"muted\">(gaidītāju sarakstā, 1. vieta)</span>"));
}

TEST_CASE("the check-in desk records an online check-in, counted online in the summary", "[web][hybrid][attendance][desk][api]")
{
    test_server s;
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto a = create_org(s, "Biedrība A"), c = create_org(s, "Biedrība C");
    auto pa = create_person(s, a, "Anna"), pc = create_person(s, c, "Cilda"), pz = create_person(s, c, "Zane");
    auto m = create_meeting_today(s, {{"online_url", "https://meet.example/platforma"}});
    invite_all(s, m);
    auto desk = "/meetings/" + std::to_string(m) + "/desk";
    auto page = b.get(desk);
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "name=\"mode\" value=\"online\""));
    auto csrf = csrf_of(page.body);
    REQUIRE(b.post(desk, form({{"csrf", csrf}, {"person_id", std::to_string(pa)}})).status == 303);
    REQUIRE(b.post(desk, form({{"csrf", csrf}, {"person_id", std::to_string(pc)}, {"mode", "online"}})).status == 303);
    // Any other mode is refused and records nothing.
    CHECK(b.post(desk, form({{"csrf", csrf}, {"person_id", std::to_string(pz)}, {"mode", "telepathy"}})).status == 422);

    auto attendance = s.get(meeting_path(m, "/attendance"), s.organizer_token()).j();
    CHECK(attendance["summary"]["people_present"] == 2);
    CHECK(attendance["summary"]["people_present_online"] == 1);
    for (const auto& p : attendance["items"]) {
        CHECK(p["person_id"] != pz);
        CHECK(p["mode"] == (p["person_id"] == pc ? "online" : "in_person"));
        CHECK(p["source"] == "desk");
    }
    CHECK(has(b.get(desk).body, "2 pārstāvji (1 klātienē, 1 tiešsaistē)"));
}
