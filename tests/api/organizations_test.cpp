#include "support/fixtures.hpp"

using namespace sanaksme::test;

namespace {
const std::string latvian = "Latgolys entuziastu grupa „Biļdis” — āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ";
}

TEST_CASE("an organization is created, read back byte for byte, and carries an ETag", "[organizations][api]")
{
    test_server s;
    auto r = s.post("/api/v1/organizations",
                    {{"name", latvian}, {"short_name", "Biļdis"}, {"kind", "ngo"}, {"membership", "member"},
                     {"email", "info@bildis.example"}, {"website", "https://bildis.example/"}, {"joined_on", "2016-06-01"}},
                    s.coordinator());
    REQUIRE(r.status == 201);
    CHECK(r.header("content-type") == "application/json; charset=utf-8");
    auto id = r.j()["id"].get<std::int64_t>();
    CHECK(r.header("location") == "/api/v1/organizations/" + std::to_string(id));
    CHECK_FALSE(r.header("etag").empty());
    CHECK(r.body.find(latvian) != std::string::npos); // raw UTF-8, not \u escapes
    auto g = s.get("/api/v1/organizations/" + std::to_string(id), s.coordinator());
    REQUIRE(g.status == 200);
    CHECK(g.j()["name"] == latvian);
    CHECK(g.j()["active"] == true);
    CHECK(g.j()["language"] == "lv");
    CHECK(g.header("etag") == r.header("etag"));
}

TEST_CASE("bad organization bodies are refused and change nothing", "[organizations][validation][api]")
{
    test_server s;
    create_org(s, "Iekšlietu ministrija", {{"kind", "public_body"}});
    auto before = list_all(s, "/api/v1/organizations");
    const auto& t = s.coordinator();

    SECTION("malformed JSON is 400")
    {
        require_problem(s.raw_body("POST", "/api/v1/organizations", "{\"name\": ", "application/json", t), 400);
    }
    SECTION("invalid UTF-8 is 400")
    {
        require_problem(s.raw_body("POST", "/api/v1/organizations", "{\"name\":\"R\xc4\"}", "application/json", t), 400);
    }
    SECTION("a body that is not JSON is 415")
    {
        require_problem(s.raw_body("POST", "/api/v1/organizations", "name=x", "application/x-www-form-urlencoded", t), 415);
    }
    SECTION("a JSON array is 400")
    {
        require_problem(s.raw_body("POST", "/api/v1/organizations", "[]", "application/json", t), 400);
    }
    SECTION("unknown, read-only, wrong type and bad enum fields are 422 with per-field errors")
    {
        auto r = s.post("/api/v1/organizations",
                        {{"name", 12}, {"colour", "red"}, {"id", 7}, {"kind", "club"}, {"email", "not-an-email"},
                         {"joined_on", "2017-02-30"}, {"active", "yes"}},
                        t);
        require_problem(r, 422);
        std::set<std::string> fields;
        for (const auto& e : r.j().at("errors").get<std::vector<json>>())
            fields.insert(e["field"].get<std::string>());
        for (const char* f : {"name", "colour", "id", "kind", "email", "joined_on", "active"})
            CHECK(fields.count(f));
    }
    SECTION("a missing name is 422")
    {
        auto r = s.post("/api/v1/organizations", {{"kind", "ngo"}}, t);
        require_problem(r, 422);
        CHECK(r.j()["errors"][0]["field"] == "name");
    }
    SECTION("a duplicate name is 409")
    {
        require_problem(s.post("/api/v1/organizations", {{"name", "Iekšlietu ministrija"}}, t), 409);
    }
    CHECK(list_all(s, "/api/v1/organizations") == before);
}

TEST_CASE("lists page with a stable keyset cursor and filters", "[organizations][pagination][api]")
{
    test_server s;
    for (int i = 1; i <= 7; ++i)
        create_org(s, "Biedrība " + std::to_string(i), {{"kind", i % 2 ? "ngo" : "municipality"}});
    auto p1 = s.get("/api/v1/organizations?limit=3", s.coordinator()).j();
    REQUIRE(p1["items"].size() == 3);
    REQUIRE(p1["next_cursor"].is_string());
    // An insert between pages does not shift or repeat items.
    create_org(s, "Biedrība vēlāk");
    auto p2 = s.get("/api/v1/organizations?limit=3&cursor=" + p1["next_cursor"].get<std::string>(), s.coordinator()).j();
    REQUIRE(p2["items"].size() == 3);
    CHECK(p2["items"][0]["id"] == p1["items"][2]["id"].get<int>() + 1);
    auto p3 = s.get("/api/v1/organizations?limit=3&cursor=" + p2["next_cursor"].get<std::string>(), s.coordinator()).j();
    CHECK(p3["items"].size() == 2);
    CHECK(p3["next_cursor"].is_null());
    auto ngos = s.get("/api/v1/organizations?kind=municipality", s.coordinator()).j();
    CHECK(ngos["items"].size() == 3);

    require_problem(s.get("/api/v1/organizations?limit=0", s.coordinator()), 400);
    require_problem(s.get("/api/v1/organizations?limit=501", s.coordinator()), 400);
    require_problem(s.get("/api/v1/organizations?limit=abc", s.coordinator()), 400);
    require_problem(s.get("/api/v1/organizations?cursor=%%%", s.coordinator()), 400);
    require_problem(s.get("/api/v1/organizations?cursor=bm90LWpzb24", s.coordinator()), 400);
    require_problem(s.get("/api/v1/organizations?active=maybe", s.coordinator()), 400);
}

TEST_CASE("PATCH with a stale If-Match is 412 and changes nothing", "[organizations][etag][api]")
{
    test_server s;
    auto id = create_org(s, "Kultūras ministrija");
    auto path = "/api/v1/organizations/" + std::to_string(id);
    auto etag = s.get(path, s.coordinator()).header("etag");
    auto first = s.request("PATCH", path, json{{"short_name", "KM"}}, s.coordinator(), {{"If-Match", etag}});
    REQUIRE(first.status == 200);
    CHECK(first.header("etag") != etag);
    auto stale = s.request("PATCH", path, json{{"short_name", "Kult"}}, s.coordinator(), {{"If-Match", etag}});
    require_problem(stale, 412);
    CHECK(s.get(path, s.coordinator()).j()["short_name"] == "KM");
    auto del = s.request("DELETE", path, std::nullopt, s.coordinator(), {{"If-Match", etag}});
    require_problem(del, 412);
    CHECK(s.get(path, s.coordinator()).status == 200);
}

TEST_CASE("a creating POST retried with the same Idempotency-Key creates once", "[organizations][idempotency][api]")
{
    test_server s;
    json body = {{"name", "Latvijas Sarkanais Krusts"}};
    auto a = s.request("POST", "/api/v1/organizations", body, s.coordinator(), {{"Idempotency-Key", "k-1"}});
    auto b = s.request("POST", "/api/v1/organizations", body, s.coordinator(), {{"Idempotency-Key", "k-1"}});
    REQUIRE(a.status == 201);
    REQUIRE(b.status == 201);
    CHECK(a.body == b.body);
    CHECK(a.header("location") == b.header("location"));
    CHECK(list_all(s, "/api/v1/organizations").size() == 1);
    auto other = s.request("POST", "/api/v1/organizations", json{{"name", "Cits"}}, s.coordinator(), {{"Idempotency-Key", "k-1"}});
    require_problem(other, 422);
    CHECK(list_all(s, "/api/v1/organizations").size() == 1);
}

TEST_CASE("deleting an organization without history removes it; with history deactivates it", "[organizations][api]")
{
    test_server s;
    auto empty = create_org(s, "Tukša biedrība");
    REQUIRE(s.del("/api/v1/organizations/" + std::to_string(empty), s.coordinator()).status == 204);
    CHECK(s.get("/api/v1/organizations/" + std::to_string(empty), s.coordinator()).status == 404);

    auto org = create_org(s, "Daugavpils pilsētas dome", {{"kind", "municipality"}});
    auto person = create_person(s, org, "Natālija Ivanova");
    auto m = create_meeting_today(s);
    REQUIRE(s.put(meeting_path(m, "/attendance/" + std::to_string(person)), json::object(), s.organizer_token()).status == 201);
    auto d = s.del("/api/v1/organizations/" + std::to_string(org), s.coordinator());
    REQUIRE(d.status == 200);
    CHECK(d.j()["active"] == false);
    auto att = s.get(meeting_path(m, "/attendance"), s.coordinator()).j();
    CHECK(att["summary"]["people_present"] == 1);
    CHECK(att["items"][0]["organization_name"] == "Daugavpils pilsētas dome");
}

TEST_CASE("people are created in their organization and validated", "[people][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Inovāciju atbalsta centrs”");
    auto id = create_person(s, org, "Inese Janiša",
                            {{"email", "inese@iac.example"}, {"phone", "+371 2000 0000"}, {"language", "lv"},
                             {"email_consent", true}, {"position", "projektu aktivitāšu koordinatore"}});
    auto p = s.get("/api/v1/people/" + std::to_string(id), s.coordinator()).j();
    CHECK(p["name"] == "Inese Janiša");
    CHECK(p["organization_id"] == org);
    CHECK(p["email_consent"] == true);
    auto before = list_all(s, "/api/v1/organizations/" + std::to_string(org) + "/people");
    require_problem(s.post("/api/v1/organizations/" + std::to_string(org) + "/people", {{"name", "X"}, {"phone", "call me"}},
                           s.coordinator()),
                    422);
    require_problem(s.post("/api/v1/organizations/" + std::to_string(org) + "/people", {{"name", "X"}, {"organization_id", 9}},
                           s.coordinator()),
                    422);
    require_problem(s.post("/api/v1/organizations/999/people", {{"name", "X"}}, s.coordinator()), 404);
    CHECK(list_all(s, "/api/v1/organizations/" + std::to_string(org) + "/people") == before);
}

TEST_CASE("erasing a person keeps the meeting figures and the export tells everything stored", "[people][gdpr][api]")
{
    test_server s;
    auto org = create_org(s, "Latvijas Cilvēktiesību centrs");
    auto person = create_person(s, org, "Anhelita Kamenska", {{"email", "ak@lcc.example"}, {"phone", "+371 1"}});
    auto m = create_meeting_today(s);
    invite_all(s, m);
    REQUIRE(s.put(meeting_path(m, "/rsvps/" + std::to_string(person)), {{"response", "yes"}}, s.coordinator()).status == 201);
    REQUIRE(s.put(meeting_path(m, "/attendance/" + std::to_string(person)), json::object(), s.coordinator()).status == 201);

    auto exported = s.get("/api/v1/people/" + std::to_string(person) + "/export", s.coordinator());
    REQUIRE(exported.status == 200);
    auto e = exported.j();
    CHECK(e["person"]["email"] == "ak@lcc.example");
    CHECK(e["invitations"].size() == 1);
    CHECK(e["rsvps"][0]["response"] == "yes");
    CHECK(e["attendance"].size() == 1);
    CHECK(e["changes"].size() >= 1);

    auto summary_before = s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"];
    REQUIRE(s.del("/api/v1/people/" + std::to_string(person), s.coordinator()).status == 204);
    auto p = s.get("/api/v1/people/" + std::to_string(person), s.coordinator()).j();
    CHECK(p["erased"] == true);
    CHECK(p["name"].is_null());
    CHECK(p["email"].is_null());
    CHECK(p["phone"].is_null());
    auto att = s.get(meeting_path(m, "/attendance"), s.coordinator()).j();
    CHECK(att["summary"] == summary_before);
    CHECK(att["items"][0]["name"].is_null());
    auto audit = s.get("/api/v1/audit?resource=person&resource_id=" + std::to_string(person), s.coordinator()).j();
    CHECK(audit.dump().find("ak@lcc.example") == std::string::npos);
    CHECK(audit.dump().find("Kamenska") == std::string::npos);
    require_problem(s.patch("/api/v1/people/" + std::to_string(person), {{"name", "Back"}}, s.coordinator()), 409);
}
