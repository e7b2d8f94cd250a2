// Small input holes: addresses mail servers would refuse, years that do not fit four digits,
// formulas behind a blank in CSV, list markers in Markdown. Each is refused or neutralised.
#include "support/fixtures.hpp"

using namespace sanaksme::test;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

} // namespace

TEST_CASE("email addresses outside the addr-spec subset are refused and nothing is stored", "[input][api]")
{
    test_server s({"--scheduler", "false"});
    auto org = create_org(s, "Biedrība „Patvērums Drošā māja”");
    auto before_orgs = list_all(s, "/api/v1/organizations");
    auto before_people = list_all(s, "/api/v1/organizations/" + std::to_string(org) + "/people");
    for (const char* bad : {"x@a.b@evil.example", "a(b)@b.example", "\"a b\"@b.example", "a..b@b.example", "a@[127.0.0.1]",
                            "a@-b.example"}) {
        INFO(bad);
        auto o = s.post("/api/v1/organizations", {{"name", std::string("Org ") + bad}, {"email", bad}}, s.coordinator());
        require_problem(o, 422);
        CHECK(o.j()["errors"][0]["field"] == "email");
        auto p = s.post("/api/v1/organizations/" + std::to_string(org) + "/people", {{"name", "Anna"}, {"email", bad}},
                        s.coordinator());
        require_problem(p, 422);
        require_problem(s.patch("/api/v1/organizations/" + std::to_string(org), {{"email", bad}}, s.coordinator()), 422);
    }
    CHECK(list_all(s, "/api/v1/organizations") == before_orgs);
    CHECK(list_all(s, "/api/v1/organizations/" + std::to_string(org) + "/people") == before_people);
    CHECK(s.post("/api/v1/organizations/" + std::to_string(org) + "/people",
                 {{"name", "Anna"}, {"email", "anna.berzina+platforma@org1.example"}}, s.coordinator())
              .status == 201);
}

TEST_CASE("times and dates outside the years 1900-2999 are refused", "[input][time][api]")
{
    test_server s({"--scheduler", "false"});
    auto before = list_all(s, "/api/v1/meetings");
    for (const char* bad : {"9999-12-31T23:59:59-23:59", "2999-12-31T23:59:59-23:59", "0202-09-21T10:00:00+03:00",
                            "1899-12-31T23:00:00Z"}) {
        INFO(bad);
        auto r = s.post("/api/v1/meetings", {{"title", "Tikšanās"}, {"starts_at", bad}}, s.coordinator());
        require_problem(r, 422);
        CHECK(r.j()["errors"][0]["field"] == "starts_at");
        CHECK(contains(r.j()["errors"][0]["message"].get<std::string>(), "1900"));
    }
    require_problem(s.post("/api/v1/organizations", {{"name", "Vecā biedrība"}, {"joined_on", "1066-10-14"}}, s.coordinator()),
                    422);
    require_problem(s.get("/api/v1/meetings?from=9999-01-01", s.coordinator()), 400);
    CHECK(list_all(s, "/api/v1/meetings") == before);
    auto ok = s.post("/api/v1/meetings", {{"title", "Tikšanās"}, {"starts_at", "2999-12-31T10:00:00+02:00"}}, s.coordinator());
    REQUIRE(ok.status == 201);
    CHECK(ok.j()["starts_at"] == "2999-12-31T10:00:00+02:00");
}

TEST_CASE("a CSV cell whose formula hides behind a blank is neutralised", "[input][csv][api]")
{
    test_server s({"--scheduler", "false"});
    auto org = create_org(s, " =1+1");
    auto p = create_person(s, org, "  @SUM(A1)");
    auto m = create_meeting_today(s);
    REQUIRE(s.put(meeting_path(m, "/attendance/" + std::to_string(p)), json::object(), s.coordinator()).status == 201);
    auto r = s.get(meeting_path(m, "/attendance.csv"), s.coordinator());
    REQUIRE(r.status == 200);
    CHECK(contains(r.body, "' =1+1"));
    CHECK(contains(r.body, "'  @SUM(A1)"));
    CHECK_FALSE(contains(r.body, ", =1+1"));
}

TEST_CASE("Markdown minutes escape ordered-list markers with ')' and leave plain numbers alone", "[input][minutes][api]")
{
    test_server s({"--scheduler", "false"}, true);
    REQUIRE(s.put(meeting_path(1, "/minutes"), {{"summary", "1) pirmais jautājums\n2) otrais\nSākums 10.00–12.30"}},
                  s.organizer_token())
                .status == 200);
    auto md = s.get(meeting_path(1, "/minutes.md"), s.coordinator());
    REQUIRE(md.status == 200);
    CHECK(contains(md.body, "1\\) pirmais jautājums"));
    CHECK(contains(md.body, "2\\) otrais"));
    CHECK(contains(md.body, "10.00–12.30"));
}
