// The coordinator's administration pages through the real server: the participation report with
// its chart and exports, the audit log, API tokens, accounts and roles, the printable roll-call,
// each page × role, and the navigation each role is shown.
#include "support/web_browser.hpp"

#include <set>

using namespace sanaksme::test;

namespace {

std::int64_t account_id_of(browser& coordinator, const std::string& email)
{
    auto page = coordinator.get("/accounts");
    std::smatch m;
    INFO(page.body);
    REQUIRE(std::regex_search(page.body, m, std::regex(std::regex_replace(email, std::regex("\\."), "\\.") +
                                                       "[\\s\\S]*?/accounts/([0-9]+)/role")));
    return std::stoll(m[1]);
}

std::string new_token_of(const std::string& page)
{
    std::smatch m;
    INFO(page);
    REQUIRE(std::regex_search(page, m, std::regex("id=\"new-token\"[^>]*value=\"([A-Za-z0-9_.-]+)\"")));
    return m[1];
}

std::int64_t token_id_named(test_server& s, const std::string& name)
{
    for (const auto& t : list_all(s, "/api/v1/tokens"))
        if (t["name"] == name)
            return t["id"].get<std::int64_t>();
    FAIL("no token named " + name);
    return 0;
}

} // namespace

TEST_CASE("admin pages × role: the coordinator has them all, organizers the report, representatives none; refused writes change nothing",
          "[web][admin][authz][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    auto meeting = create_meeting_today(s);
    browser member{s}, organizer{s}, coordinator{s};
    sign_in(member, "parstave@pdm.example", "member", org);
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    sign_in(coordinator, "koordinatore@platforma.example");
    auto roll = "/meetings/" + std::to_string(meeting) + "/roll-call";
    for (std::string path : {"/reports/participation", "/reports/participation.csv", "/reports/participation.svg", roll.c_str()}) {
        INFO(path);
        CHECK(coordinator.get(path).status == 200);
        CHECK(organizer.get(path).status == 200);
        CHECK(member.get(path).status == 403);
    }
    for (std::string path : {"/audit", "/tokens", "/accounts"}) {
        INFO(path);
        CHECK(coordinator.get(path).status == 200);
        CHECK(organizer.get(path).status == 403);
        CHECK(member.get(path).status == 403);
    }

    auto tokens_before = list_all(s, "/api/v1/tokens");
    auto accounts_before = coordinator.get("/accounts").body;
    auto organizer_id = account_id_of(coordinator, "organizatore@platforma.example");
    auto me = account_id_of(coordinator, "koordinatore@platforma.example");
    for (browser* b : {&organizer, &member}) {
        auto csrf = "csrf=" + csrf_of(b->get("/").body);
        CHECK(b->post("/tokens", csrf + "&name=Robots&role=coordinator").status == 403);
        CHECK(b->post("/tokens/1/revoke", csrf).status == 403);
        CHECK(b->post("/accounts", csrf + "&name=Ieva&email=ieva%40x.example&role=coordinator").status == 403);
        CHECK(b->post("/accounts/" + std::to_string(organizer_id) + "/role", csrf + "&role=coordinator").status == 403);
        CHECK(b->post("/accounts/" + std::to_string(me) + "/remove", csrf).status == 403);
        CHECK(b->post("/accounts/" + std::to_string(me) + "/signout", csrf).status == 403);
    }
    CHECK(list_all(s, "/api/v1/tokens") == tokens_before); // none added, none revoked
    CHECK(coordinator.get("/accounts").body == accounts_before); // no account added, changed or signed out
    CHECK(organizer.get("/audit").status == 403);                // still an organizer
}

TEST_CASE("the navigation shows each role only the pages it may open", "[web][admin][authz][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    browser member{s}, organizer{s}, coordinator{s};
    sign_in(member, "parstave@pdm.example", "member", org);
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    sign_in(coordinator, "koordinatore@platforma.example");
    auto c_home = coordinator.get("/organizations").body;
    for (const char* link : {"href=\"/accounts\"", "href=\"/tokens\"", "href=\"/audit\"", "href=\"/reports/participation\"",
                             "href=\"/people/import\"", "href=\"/organizations/new\"", "/edit\""})
        CHECK(has(c_home, link));
    auto o_home = organizer.get("/organizations").body;
    CHECK(has(o_home, "href=\"/reports/participation\""));
    CHECK(has(o_home, "Biedrība „Drošā māja”"));
    // Links that would answer 403 are not shown to an organizer.
    for (const char* link : {"href=\"/accounts\"", "href=\"/tokens\"", "href=\"/audit\"", "href=\"/people/import\"",
                             "href=\"/organizations/new\"", "/edit\""})
        CHECK_FALSE(has(o_home, link));
    CHECK(organizer.get("/people/import").status == 403);
    auto m_home = member.get("/").body;
    for (const char* link : {"href=\"/accounts\"", "href=\"/tokens\"", "href=\"/audit\"", "href=\"/reports/participation\"",
                             "href=\"/meetings\"", "href=\"/organizations\""})
        CHECK_FALSE(has(m_home, link));
}

TEST_CASE("the participation report page shows the API's report for a period, its chart and its exports",
          "[web][admin][reports][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    create_org(s, "Latvijas Sarkanais Krusts");
    auto person = create_person(s, org, "Agita Misāne");
    auto meeting = create_meeting_today(s, {{"title", "Dialoga platformas tikšanās"}});
    invite_all(s, meeting);
    REQUIRE(s.put(meeting_path(meeting, "/attendance/" + std::to_string(person)), json::object(), s.coordinator()).status == 201);
    auto api = s.get("/api/v1/reports/participation", s.coordinator()).j();
    REQUIRE(api["meetings"].size() == 1);

    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto page = b.get("/reports/participation?lang=en");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Dialoga platformas tikšanās"));
    CHECK(has(page.body, std::to_string(api["meetings"][0]["member_organizations_present"].get<int>()) + " of " +
                             std::to_string(api["meetings"][0]["member_organizations"].get<int>())));
    CHECK(has(page.body, "<img src=\"/reports/participation.svg?lang=en\""));
    CHECK(has(page.body, "href=\"/reports/participation.csv?lang=lv\""));
    auto svg = b.get("/reports/participation.svg?lang=en");
    CHECK(svg.status == 200);
    CHECK(has(svg.header("content-type"), "image/svg+xml"));
    CHECK(svg.body == s.get("/api/v1/reports/participation.svg?lang=en", s.coordinator()).body);
    auto csv = b.get("/reports/participation.csv?lang=lv");
    CHECK(csv.status == 200);
    CHECK(csv.body == s.get("/api/v1/reports/participation.csv?lang=lv", s.coordinator()).body);

    // The period: an empty field (as a GET form sends it) means no bound; a period without meetings; bad dates.
    CHECK(has(b.get("/reports/participation?from=&to=&lang=en").body, "Dialoga platformas tikšanās"));
    auto past = b.get("/reports/participation?from=2001-01-01&to=2001-02-01&lang=en");
    CHECK(past.status == 200);
    CHECK(has(past.body, "No meeting was held in this period."));
    CHECK_FALSE(has(past.body, "<img")); // no chart of nothing
    auto bad = b.get("/reports/participation?from=31.01.2001&lang=en");
    CHECK(bad.status == 422);
    CHECK(has(bad.body, "<a href=\"#from\">"));
    auto backwards = b.get("/reports/participation?from=2001-02-01&to=2001-01-01&lang=en");
    CHECK(backwards.status == 422);
    CHECK(has(backwards.body, "<a href=\"#to\">"));
    // Latvian and Russian words.
    CHECK(has(b.get("/reports/participation?lang=lv").body, "Dalības pārskats"));
    CHECK(has(b.get("/reports/participation?lang=ru").body, "Отчёт об участии"));
}

TEST_CASE("the audit log page filters by entity, number and time, pages back, and reads in lv, en and ru",
          "[web][admin][audit][api]")
{
    test_server s;
    std::vector<std::int64_t> orgs;
    for (int i = 0; i < 55; ++i)
        orgs.push_back(create_org(s, "Biedrība Nr. " + std::to_string(i)));
    s.token("organizer", "Kalendāra robots");
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");

    auto all = b.get("/audit?lang=en");
    REQUIRE(all.status == 200);
    CHECK(has(all.body, "Biedrība Nr. 54")); // newest first
    CHECK_FALSE(has(all.body, "Biedrība Nr. 0&quot;"));
    std::smatch m;
    REQUIRE(std::regex_search(all.body, m, std::regex("href=\"(/audit\\?before=[0-9]+)\"")));
    auto older = b.get(m[1]);
    CHECK(older.status == 200);
    CHECK(has(older.body, "Biedrība Nr. 0&quot;"));
    CHECK_FALSE(has(older.body, "Biedrība Nr. 54"));

    auto one = b.get("/audit?resource=organization&resource_id=" + std::to_string(orgs[3]) + "&lang=en");
    CHECK(one.status == 200);
    CHECK(has(one.body, "Biedrība Nr. 3&quot;"));
    CHECK_FALSE(has(one.body, "Biedrība Nr. 4&quot;"));
    CHECK(has(one.body, "created: organization #" + std::to_string(orgs[3])));
    auto future = b.get("/audit?from=2999-01-01&lang=en");
    CHECK(has(future.body, "No change matches."));
    auto today_only = b.get("/audit?resource=organization&from=2000-01-01&to=2999-12-31&action=create&lang=en");
    CHECK(has(today_only.body, "Biedrība Nr. 54"));
    auto bad = b.get("/audit?resource_id=abc&from=vakar&lang=en");
    CHECK(bad.status == 422);
    CHECK(has(bad.body, "<a href=\"#resource_id\">"));
    CHECK(has(bad.body, "<a href=\"#from\">"));
    // The filters stay in the link to older entries.
    auto orgs_only = b.get("/audit?resource=organization&lang=en");
    REQUIRE(std::regex_search(orgs_only.body, m, std::regex("href=\"(/audit\\?resource=organization&amp;before=[0-9]+)\"")));

    CHECK(has(b.get("/audit?lang=lv").body, "Izmaiņu žurnāls"));
    CHECK(has(b.get("/audit?lang=lv").body, "izveidots: organizācija"));
    CHECK(has(b.get("/audit?lang=ru").body, "Журнал изменений"));
    CHECK(has(b.get("/audit?lang=ru").body, "создано: организация"));
}

TEST_CASE("a token made on the tokens page works against the API until it is revoked there; the last coordinator token stays",
          "[web][admin][tokens][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto csrf = "csrf=" + csrf_of(b.get("/tokens").body);
    auto before = list_all(s, "/api/v1/tokens").size();

    auto bad = b.post("/tokens", csrf + "&name=&role=member&organization_id=");
    CHECK(bad.status == 422);
    CHECK(has(bad.body, "<a href=\"#name\">"));
    CHECK(has(bad.body, "<a href=\"#organization_id\">"));
    CHECK_FALSE(has(bad.body, "id=\"new-token\""));
    CHECK(list_all(s, "/api/v1/tokens").size() == before);

    auto made = b.post("/tokens", csrf + "&name=Kalend%C4%81ra+robots&role=organizer");
    REQUIRE(made.status == 200);
    auto secret = new_token_of(made.body);
    CHECK(s.get("/api/v1/meetings", secret).status == 200);
    auto id = token_id_named(s, "Kalendāra robots");
    auto t = s.get("/api/v1/tokens/" + std::to_string(id), s.coordinator()).j();
    CHECK(t["role"] == "organizer");
    CHECK(t["active"] == true);
    auto list = b.get("/tokens");
    CHECK(has(list.body, "Kalendāra robots"));
    CHECK_FALSE(has(list.body, secret)); // shown once only

    auto rep = b.post("/tokens", csrf + "&name=P%C4%81rst%C4%81vja+robots&role=member&organization_id=" + std::to_string(org));
    REQUIRE(rep.status == 200);
    auto rep_id = token_id_named(s, "Pārstāvja robots");
    CHECK(s.get("/api/v1/tokens/" + std::to_string(rep_id), s.coordinator()).j()["organization_id"] == org);

    CHECK(b.post("/tokens/" + std::to_string(id) + "/revoke", csrf).status == 303);
    CHECK(s.get("/api/v1/meetings", secret).status == 401);
    CHECK(has(b.get("/tokens?revoked=1&lang=en").body, "The token is revoked"));
    CHECK(b.post("/tokens/999999/revoke", csrf).status == 404);

    // The test server's coordinator token is the only active one: it stays, with the reason said.
    std::int64_t coordinator_id = 0;
    for (const auto& each : list_all(s, "/api/v1/tokens"))
        if (each["role"] == "coordinator" && each["active"] == true)
            coordinator_id = each["id"].get<std::int64_t>();
    REQUIRE(coordinator_id > 0);
    auto last = b.post("/tokens/" + std::to_string(coordinator_id) + "/revoke?lang=en", csrf);
    CHECK(last.status == 409);
    CHECK(has(last.body, "last coordinator token"));
    CHECK(s.get("/api/v1/meetings", s.coordinator()).status == 200);
}

TEST_CASE("accounts: add a person with a role, change it (it takes effect at once), sign them out, remove them; the last coordinator stays",
          "[web][admin][accounts][api]")
{
    test_server s;
    create_org(s, "Biedrība „Drošā māja”");
    browser coordinator{s}, organizer{s};
    sign_in(coordinator, "koordinatore@platforma.example");
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    auto csrf = "csrf=" + csrf_of(coordinator.get("/accounts").body);
    auto me = account_id_of(coordinator, "koordinatore@platforma.example");
    auto them = account_id_of(coordinator, "organizatore@platforma.example");
    auto role_of = [&](std::int64_t id) { return "/accounts/" + std::to_string(id) + "/role"; };

    // A new role holds from the account's next request.
    CHECK(organizer.get("/audit").status == 403);
    CHECK(coordinator.post(role_of(them), csrf + "&role=coordinator").status == 303);
    CHECK(organizer.get("/audit").status == 200);
    CHECK(coordinator.post(role_of(them), csrf + "&role=organizer").status == 303);
    CHECK(organizer.get("/audit").status == 403);
    CHECK(organizer.get("/meetings").status == 200);

    // Made a representative of an organization named as the list offers it; an unknown one is refused.
    auto unknown = coordinator.post(role_of(them), csrf + "&role=member&organization=Nav+t%C4%81das");
    CHECK(unknown.status == 422);
    CHECK(has(unknown.body, "<a href=\"#organization-" + std::to_string(them) + "\">"));
    CHECK(organizer.get("/meetings").status == 200);
    CHECK(coordinator.post(role_of(them), csrf + "&role=member&organization=Biedr%C4%ABba+%E2%80%9EDro%C5%A1%C4%81+m%C4%81ja%E2%80%9D").status == 303);
    CHECK(organizer.get("/meetings").status == 403);
    CHECK(has(coordinator.get("/accounts?lang=en").body, "representative · Biedrība „Drošā māja”"));

    // Signed out everywhere: the old session is refused at its next request.
    CHECK(coordinator.post("/accounts/" + std::to_string(them) + "/signout", csrf).status == 303);
    auto after = organizer.get("/");
    CHECK(after.status == 200);
    CHECK_FALSE(has(after.body, "action=\"/signout\""));
    CHECK(organizer.get("/meetings").status == 303);

    // Adding: field errors add nobody; a taken address is refused; then added.
    auto page_before = coordinator.get("/accounts").body;
    auto bad = coordinator.post("/accounts", csrf + "&name=&email=nav-adrese&role=member&organization=");
    CHECK(bad.status == 422);
    for (const char* f : {"name", "email", "organization"})
        CHECK(has(bad.body, std::string("<a href=\"#") + f + "\">"));
    auto taken = coordinator.post("/accounts", csrf + "&name=Rita&email=ORGANIZATORE%40platforma.example&role=organizer");
    CHECK(taken.status == 422);
    CHECK(coordinator.get("/accounts").body == page_before);
    CHECK(coordinator.post("/accounts", csrf + "&name=Ieva+Ozola&email=ieva%40platforma.example&role=organizer").status == 303);
    auto ieva = account_id_of(coordinator, "ieva@platforma.example");
    browser ieva_b{s};
    sign_in(ieva_b, "ieva@platforma.example", "coordinator"); // the existing account's role holds, not the link's
    CHECK(ieva_b.get("/meetings").status == 200);
    CHECK(ieva_b.get("/audit").status == 403);

    // Removed: the account and its sessions go.
    CHECK(coordinator.post("/accounts/" + std::to_string(ieva) + "/remove", csrf).status == 303);
    CHECK_FALSE(has(coordinator.get("/accounts").body, "ieva@platforma.example"));
    CHECK(ieva_b.get("/meetings").status == 303);

    // The last coordinator may be neither demoted nor removed, with the reason said; nothing changes.
    auto demote = coordinator.post(role_of(me) + "?lang=en", csrf + "&role=organizer");
    CHECK(demote.status == 409);
    CHECK(has(demote.body, "This is the last coordinator"));
    auto remove = coordinator.post("/accounts/" + std::to_string(me) + "/remove?lang=en", csrf);
    CHECK(remove.status == 409);
    CHECK(coordinator.get("/audit").status == 200);
    // With a second coordinator, the first may step down.
    CHECK(coordinator.post(role_of(them), csrf + "&role=coordinator").status == 303);
    CHECK(coordinator.post(role_of(me), csrf + "&role=organizer").status == 303);
    CHECK(coordinator.get("/audit").status == 403);
    CHECK(coordinator.get("/meetings").status == 200);
    // Each change is in the audit log.
    std::set<std::string> actions;
    for (const auto& e : list_all(s, "/api/v1/audit?resource=web_account"))
        actions.insert(e["action"].get<std::string>());
    CHECK(actions == std::set<std::string>{"create", "update", "revoke_sessions", "delete"});
}

TEST_CASE("the roll-call page lists each organization's people present with a line to sign", "[web][admin][roll-call][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    create_org(s, "Latvijas Sarkanais Krusts");
    auto person = create_person(s, org, "Agita Misāne");
    auto meeting = create_meeting_today(s);
    invite_all(s, meeting);
    REQUIRE(s.put(meeting_path(meeting, "/attendance/" + std::to_string(person)), json::object(), s.coordinator()).status == 201);
    REQUIRE(s.post(meeting_path(meeting, "/attendance"), {{"name", "Jānis Viesis"}, {"organization_name", "RTU"}},
                   s.coordinator()).status == 201);
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto page = b.get("/meetings/" + std::to_string(meeting) + "/roll-call?lang=en");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Biedrība „Drošā māja”"));
    CHECK(has(page.body, "Agita Misāne"));
    CHECK(has(page.body, "Latvijas Sarkanais Krusts"));
    CHECK(has(page.body, "Nobody checked in."));
    CHECK(has(page.body, "Jānis Viesis"));
    CHECK(has(page.body, "Signature"));
    CHECK(has(b.get("/meetings/" + std::to_string(meeting) + "?lang=en").body, "/roll-call\""));
    CHECK(has(b.get("/meetings/" + std::to_string(meeting) + "/roll-call?lang=lv").body, "Paraksts"));
    CHECK(has(b.get("/meetings/" + std::to_string(meeting) + "/roll-call?lang=ru").body, "Подпись"));
}
