// The web interface through the real server: sign-in by a one-time link (a GET never signs in,
// a link works once), sessions (cookie flags, sign-out revokes), CSRF and Origin checks on every
// POST, the security headers, the page × role matrix of every page, and the check-in desk.
#include "render/mime_rewrite.hpp"
#include "support/fixtures.hpp"
#include "support/web_browser.hpp"
#include "web/routes.hpp"

#include <regex>

using namespace sanaksme::test;

namespace {

json signin_messages(test_server& s)
{
    json out = json::array();
    for (const auto& m : list_all(s, "/api/v1/outbox"))
        if (m["kind"] == "signin")
            out.push_back(m);
    return out;
}

std::size_t signin_mail(test_server& s) { return signin_messages(s).size(); }

} // namespace

TEST_CASE("a sign-in link shows a button on GET, signs in once on POST, and never again", "[web][signin][api]")
{
    test_server s;
    browser b{s};
    auto path = login_link(s, "koordinatore@platforma.example");
    // Mail scanners open links: any number of GETs leave the link usable.
    auto page = b.get(path);
    REQUIRE(page.status == 200);
    b.get(path);
    CHECK(has(page.body, "<form method=\"post\" action=\"" + path + "\""));
    CHECK_FALSE(b.cookies.count("sanaksme_session"));

    auto r = b.post(path, "csrf=" + csrf_of(page.body));
    REQUIRE(r.status == 303);
    CHECK(r.header("location") == "/");
    auto cookie = r.header("set-cookie");
    CHECK(has(cookie, "sanaksme_session="));
    CHECK(has(cookie, "HttpOnly"));
    CHECK(has(cookie, "SameSite=Lax"));
    CHECK_FALSE(has(cookie, "Secure"));
    auto home = b.get("/");
    CHECK(home.status == 200);
    CHECK(has(home.body, "action=\"/signout\""));

    // The link is spent: another browser gets the "no longer works" page and no session.
    browser other{s};
    auto again = other.get(path);
    CHECK(again.status == 410);
    auto page2 = other.get("/signin");
    auto second = other.post(path, "csrf=" + csrf_of(page2.body));
    CHECK(second.status == 410);
    CHECK_FALSE(other.cookies.count("sanaksme_session"));
    // A forged or altered link signs nobody in.
    auto forged = path.substr(0, path.size() - 2) + (path.ends_with("AA") ? "BB" : "AA");
    CHECK(other.get(forged).status == 410);
}

TEST_CASE("POST /signin answers the same page for a known and an unknown address; only the known gets mail",
          "[web][signin][api]")
{
    test_server s;
    login_link(s, "koordinatore@platforma.example");
    browser b{s};
    auto form = b.get("/signin");
    REQUIRE(form.status == 200);
    auto csrf = csrf_of(form.body);
    auto known = b.post("/signin", "csrf=" + csrf + "&email=Koordinatore%40platforma.example");
    auto unknown = b.post("/signin", "csrf=" + csrf + "&email=nobody%40platforma.example");
    REQUIRE(known.status == 200);
    REQUIRE(unknown.status == 200);
    auto main_of = [](const std::string& body, const std::string& email) {
        auto from = body.find("<main"), to = body.find("</main>");
        auto text = body.substr(from, to - from);
        return std::regex_replace(text, std::regex(email), "ADDRESS");
    };
    CHECK(main_of(known.body, "Koordinatore@platforma.example") == main_of(unknown.body, "nobody@platforma.example"));
    auto mail = signin_messages(s);
    REQUIRE(mail.size() == 1);
    CHECK(mail[0]["to_address"] == "koordinatore@platforma.example");
    // The one-time link is its owner's alone: even the coordinator reads the message redacted.
    auto eml = s.get("/api/v1/outbox/" + std::to_string(mail[0]["id"].get<std::int64_t>()) + "/message.eml", s.coordinator());
    REQUIRE(eml.status == 200);
    auto text_from = eml.body.find("\r\n\r\n", eml.body.find("text/plain"));
    std::string text;
    REQUIRE(sanaksme::render::base64_decode(eml.body.substr(text_from, eml.body.find("--alt-", text_from) - text_from), text));
    INFO(text);
    CHECK(has(text, "/signin/REDACTED"));
    CHECK_FALSE(std::regex_search(text, std::regex("/signin/[A-Za-z0-9_-]{20,}")));
    CHECK_FALSE(has(eml.body, "text/html")); // no empty HTML part for a client to show blank
    // A few more requests for the same address: the page is the same, but an account gets at most
    // 3 links in 15 minutes, the command line's included (the form cannot flood an inbox).
    for (int i = 0; i < 4; ++i)
        CHECK(b.post("/signin", "csrf=" + csrf + "&email=koordinatore%40platforma.example").status == 200);
    CHECK(signin_mail(s) == 2);
    // An address that is not one: the form again, with the error, and no mail.
    auto bad = b.post("/signin", "csrf=" + csrf + "&email=not-an-address");
    CHECK(bad.status == 422);
    CHECK(has(bad.body, "aria-invalid=\"true\""));
    CHECK(signin_mail(s) == 2);
}

TEST_CASE("a POST without the page's CSRF token or from another origin changes nothing", "[web][csrf][api]")
{
    test_server s;
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto home = b.get("/");
    auto csrf = csrf_of(home.body);

    SECTION("no token")
    {
        CHECK(b.post("/signout", "").status == 403);
    }
    SECTION("a wrong token")
    {
        CHECK(b.post("/signout", "csrf=" + csrf + "x").status == 403);
    }
    SECTION("another origin")
    {
        CHECK(b.post("/signout", "csrf=" + csrf, {{"Origin", "https://evil.example"}}).status == 403);
    }
    SECTION("neither Origin nor Referer")
    {
        auto r = s.raw_body("POST", "/signout", "csrf=" + csrf, "application/x-www-form-urlencoded", "",
                            {{"Cookie", b.cookie_header()}});
        CHECK(r.status == 403);
    }
    SECTION("a sign-in request from another origin sends no mail")
    {
        browser stranger{s};
        auto form = stranger.get("/signin");
        auto r = stranger.post("/signin", "csrf=" + csrf_of(form.body) + "&email=koordinatore%40platforma.example",
                               {{"Origin", "https://evil.example"}});
        CHECK(r.status == 403);
        CHECK(signin_mail(s) == 0);
    }
    // Still signed in.
    CHECK(has(b.get("/").body, "action=\"/signout\""));
}

TEST_CASE("sign-out revokes the session on the server: the old cookie no longer works", "[web][signin][api]")
{
    test_server s;
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto stolen = b.cookies;
    auto r = b.post("/signout", "csrf=" + csrf_of(b.get("/").body));
    REQUIRE(r.status == 303);
    CHECK(has(r.header("set-cookie"), "Max-Age=0"));
    browser replay{s, stolen};
    auto home = replay.get("/");
    CHECK(home.status == 200);
    CHECK_FALSE(has(home.body, "action=\"/signout\""));
    CHECK(replay.get("/desk").status == 303);
}

TEST_CASE("under an https public URL the session cookie is __Host- and Secure", "[web][signin][api]")
{
    test_server s({"--public-url", "https://platforma.example"});
    browser b{s};
    auto path = login_link(s, "koordinatore@platforma.example");
    auto page = b.get(path);
    auto r = b.post(path, "csrf=" + csrf_of(page.body), {{"Origin", "https://platforma.example"}});
    REQUIRE(r.status == 303);
    auto cookie = r.header("set-cookie");
    CHECK(has(cookie, "__Host-sanaksme_session="));
    CHECK(has(cookie, "; Secure"));
    CHECK(has(cookie, "Path=/"));
    CHECK(has(cookie, "HttpOnly"));
}

TEST_CASE("every page carries a CSP without inline script or style, nosniff and a Referrer-Policy", "[web][api]")
{
    test_server s;
    browser b{s};
    for (auto* path : {"/", "/signin"}) {
        auto r = b.get(path);
        REQUIRE(r.status == 200);
        auto csp = r.header("content-security-policy");
        CHECK(has(csp, "script-src 'self'"));
        CHECK(has(csp, "style-src 'self'"));
        CHECK_FALSE(has(csp, "unsafe-inline"));
        CHECK(r.header("x-content-type-options") == "nosniff");
        CHECK(r.header("referrer-policy") == "same-origin");
        CHECK(r.header("cache-control") == "private, no-store");
        CHECK_FALSE(has(r.body, "<script>"));
        CHECK_FALSE(has(r.body, "style=\""));
    }
}

TEST_CASE("the page × role matrix: every page answers each role as its table says", "[web][authz][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    auto meeting = create_meeting_today(s);
    browser anonymous{s}, member{s}, organizer{s}, coordinator{s};
    sign_in(member, "parstave@pdm.example", "member", org);
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    sign_in(coordinator, "koordinatore@platforma.example");
    using sanaksme::web::need;
    for (const auto& p : sanaksme::web::pages()) {
        if (p.method != sanaksme::http::verb::get || std::string(p.pattern).find("{signed}") != std::string::npos)
            continue;
        auto path = std::regex_replace(std::string(p.pattern), std::regex("\\{id\\}"), std::to_string(meeting));
        INFO(path);
        auto expect = [&](browser& b, bool allowed, bool signed_in) {
            auto r = b.get(path);
            INFO(r.body.substr(0, 300));
            if (allowed)
                CHECK((r.status == 200 || r.status == 303));
            else if (!signed_in)
                CHECK((r.status == 303 && r.header("location") == "/signin"));
            else
                CHECK(r.status == 403);
        };
        expect(anonymous, p.who == need::anyone, false);
        expect(member, p.who == need::anyone || p.who == need::member, true);
        expect(organizer, p.who != need::coordinator, true);
        expect(coordinator, true, true);
    }
    // Every POST: without a session it is refused; a representative is refused the organizers' ones.
    for (const auto& p : sanaksme::web::pages()) {
        if (p.method != sanaksme::http::verb::post || std::string(p.pattern).find("{signed}") != std::string::npos ||
            p.who == need::anyone)
            continue;
        auto path = std::regex_replace(std::string(p.pattern), std::regex("\\{id\\}"), std::to_string(meeting));
        INFO(path);
        auto form = anonymous.get("/signin");
        CHECK(anonymous.post(path, "csrf=" + csrf_of(form.body)).status == 403);
        if (p.who != need::member)
            CHECK(member.post(path, "csrf=" + csrf_of(member.get("/").body)).status == 403);
    }
    // A POST of the desk by a representative is refused and changes nothing.
    auto person = create_person(s, org, "Agita Misāne");
    invite_all(s, meeting);
    auto desk = "/meetings/" + std::to_string(meeting) + "/desk";
    auto r = member.post(desk, "csrf=" + csrf_of(member.get("/").body) + "&person_id=" + std::to_string(person) + "&do=in");
    CHECK(r.status == 403);
    CHECK(s.get(meeting_path(meeting, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 0);
}

TEST_CASE("the check-in desk checks people in and out and adds walk-ins, and its counter follows", "[web][desk][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    auto other = create_org(s, "Latvijas Sarkanais Krusts");
    auto agita = create_person(s, org, "Agita Misāne");
    create_person(s, other, "Jānis Bērziņš");
    auto meeting = create_meeting_today(s, {{"quorum", 1}});
    invite_all(s, meeting);
    browser desk1{s}, desk2{s};
    sign_in(desk1, "organizatore@platforma.example", "organizer");
    sign_in(desk2, "koordinatore@platforma.example");
    auto path = "/meetings/" + std::to_string(meeting) + "/desk";

    auto page = desk1.get(path + "?q=agi");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Agita Misāne"));
    CHECK_FALSE(has(page.body, "Jānis Bērziņš")); // the search narrows the list without a script
    CHECK(has(page.body, "0 pārstāvju · 0 no 2 dalīborganizācijām · kvorums 1 nav sasniegts"));

    auto r = desk1.post(path, "csrf=" + csrf_of(page.body) + "&person_id=" + std::to_string(agita) + "&do=in&q=agi");
    REQUIRE(r.status == 303);
    CHECK(r.header("location") == path + "?q=agi");
    auto live = desk2.get(path + ".json");
    REQUIRE(live.status == 200);
    CHECK(live.j()["counter"] == "1 pārstāvis · 1 no 2 dalīborganizācijām · kvorums 1 sasniegts");
    CHECK(live.j()["present"] == json::array({agita}));
    auto api = s.get(meeting_path(meeting, "/attendance"), s.coordinator()).j();
    CHECK(api["summary"]["member_organizations_present"] == 1);

    // Twice changes nothing; undo at the other desk; a walk-in.
    desk1.post(path, "csrf=" + csrf_of(page.body) + "&person_id=" + std::to_string(agita) + "&do=in");
    auto page2 = desk2.get(path + "?lang=en");
    CHECK(has(page2.body, "1 representative · 1 of 2 member organizations · quorum 1 reached"));
    desk2.post(path, "csrf=" + csrf_of(page2.body) + "&person_id=" + std::to_string(agita) + "&do=out");
    CHECK(desk1.get(path + ".json").j()["present"].empty());
    auto walk = desk2.post(path + "/guests", "csrf=" + csrf_of(page2.body) + "&name=Anna+Viesi%C5%86a&organization_name=");
    CHECK(walk.status == 303);
    CHECK(desk1.get(path + ".json?lang=en").j()["counter"] ==
          "0 representatives · 1 guest · 0 of 2 member organizations · quorum 1 not reached");
    auto audit = list_all(s, "/api/v1/audit?resource=meeting");
    int check_ins = 0;
    for (const auto& e : audit)
        check_ins += e["action"] == "check_in";
    CHECK(check_ins == 1);

    // A blank guest name: the desk says so and nothing is added.
    auto blank = desk2.post(path + "/guests", "csrf=" + csrf_of(page2.body) + "&name=+");
    CHECK(blank.status == 422);
    CHECK(s.get(meeting_path(meeting, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 1);
}

TEST_CASE("the desk refuses a meeting that is not on today, with the rule's reason", "[web][desk][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    auto person = create_person(s, org, "Agita Misāne");
    auto meeting = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, meeting);
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto path = "/meetings/" + std::to_string(meeting) + "/desk";
    auto page = b.get(path + "?lang=en");
    CHECK(has(page.body, "Check-in opens on the meeting day."));
    auto r = b.post(path, "csrf=" + csrf_of(page.body) + "&person_id=" + std::to_string(person) + "&do=in");
    CHECK(r.status == 409);
    CHECK(s.get(meeting_path(meeting, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 0);
}

TEST_CASE("the dashboard shows the demo's fifth meeting as the seed tells it, in each language", "[web][dashboard][api]")
{
    test_server s({}, true);
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto lv = b.get("/?lang=lv");
    REQUIRE(lv.status == 200);
    CHECK(has(lv.body, "NVO Dialoga platformas piektā tikšanās"));
    CHECK(has(lv.body, "2017. gada 21. septembrī, plkst. 10.00"));
    CHECK(has(lv.body, "19 pārstāvji · 16 no 25 dalīborganizācijām · kvorums 13 sasniegts"));
    auto ru = b.get("/?lang=ru");
    CHECK(has(ru.body, "четверг, 21 сентября 2017 г., 10:00"));
    CHECK(has(ru.body, "19 представителей · 16 из 25 организаций-членов · кворум 13 есть"));
    CHECK(has(ru.body, "<html lang=\"ru\">"));
    // The choice is remembered in a cookie.
    CHECK(has(b.get("/").body, "<html lang=\"ru\">"));
    auto en = b.get("/", {{"Accept-Language", "en-GB,en;q=0.9"}});
    CHECK(has(en.body, "<html lang=\"ru\">"));
    browser fresh{s};
    CHECK(has(fresh.get("/", {{"Accept-Language", "en-GB,en;q=0.9"}}).body, "<html lang=\"en\">"));
    CHECK(has(fresh.get("/signin", {{"Accept-Language", "de, fr"}}).body, "<html lang=\"lv\">"));
}

TEST_CASE("a representative sees their organization's meetings and people and answers for them, by the API's rules",
          "[web][representative][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    auto other = create_org(s, "Latvijas Sarkanais Krusts");
    auto agita = create_person(s, org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    auto ilze = create_person(s, org, "Ilze Kalniņa");
    auto stranger = create_person(s, other, "Jānis Bērziņš");
    auto meeting = create_meeting(s, {{"status", "scheduled"}, {"title", "Sestā tikšanās"}});
    invite_all(s, meeting);
    browser b{s};
    sign_in(b, "agita@pdm.example", "member", org);
    auto home = b.get("/?lang=en");
    REQUIRE(home.status == 200);
    CHECK(has(home.body, "Sestā tikšanās"));
    CHECK(has(home.body, "Saturday, 23 November 2030, 10:00"));
    CHECK(has(home.body, "agita@pdm.example"));
    CHECK_FALSE(has(home.body, "Jānis Bērziņš")); // another organization's people are not shown
    auto csrf = csrf_of(home.body);
    auto path = "/meetings/" + std::to_string(meeting) + "/answers";
    auto r = b.post(path, "csrf=" + csrf + "&person_id=" + std::to_string(agita) + "&response=yes");
    REQUIRE(r.status == 303);
    CHECK(b.post(path, "csrf=" + csrf + "&person_id=" + std::to_string(ilze) + "&response=no").status == 303);
    auto rsvps = list_all(s, meeting_path(meeting, "/rsvps"));
    std::map<std::int64_t, std::string> answers;
    for (const auto& a : rsvps)
        answers[a["person_id"].get<std::int64_t>()] = a["response"];
    CHECK(answers[agita] == "yes");
    CHECK(answers[ilze] == "no");
    CHECK(has(b.get("/?saved=1").body, "The answer is saved."));

    // Not for another organization's people, and nothing but yes, no or maybe.
    CHECK(b.post(path, "csrf=" + csrf + "&person_id=" + std::to_string(stranger) + "&response=yes").status == 403);
    CHECK(b.post(path, "csrf=" + csrf + "&person_id=" + std::to_string(agita) + "&response=perhaps").status == 422);
    CHECK(list_all(s, meeting_path(meeting, "/rsvps")).size() == 2);

    // After the deadline the API's rule answers (409), and the answer stays.
    auto late = create_meeting(s, {{"status", "scheduled"}, {"rsvp_deadline", utc_from_now(-3600)}});
    invite_all(s, late);
    auto refused = b.post("/meetings/" + std::to_string(late) + "/answers",
                          "csrf=" + csrf + "&person_id=" + std::to_string(agita) + "&response=yes");
    CHECK(refused.status == 409);
    CHECK(list_all(s, meeting_path(late, "/rsvps")).empty());
}

TEST_CASE("the sign-in email goes out through SMTP with its one-time link, as it was written when asked for",
          "[web][signin][email][api]")
{
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1"});
    login_link(s, "koordinatore@platforma.example");
    browser b{s};
    auto form = b.get("/signin");
    REQUIRE(b.post("/signin", "csrf=" + csrf_of(form.body) + "&email=koordinatore%40platforma.example").status == 200);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["defects"] == 0);
    CHECK(messages[0]["to"].dump().find("koordinatore@platforma.example") != std::string::npos);
    std::smatch m;
    auto text = messages[0]["text"].get<std::string>();
    REQUIRE(std::regex_search(text, m, std::regex("http://127\\.0\\.0\\.1:[0-9]+(/signin/[A-Za-z0-9_.-]+)")));
    // The link in the email signs in.
    browser mailed{s};
    auto page = mailed.get(m[1]);
    REQUIRE(page.status == 200);
    CHECK(mailed.post(m[1], "csrf=" + csrf_of(page.body)).status == 303);
    CHECK(mailed.cookies.count("sanaksme_session"));
}

TEST_CASE("pages kept between commits show a change at once: the people search and the dashboard", "[web][cache][api]")
{
    test_server s({}, true);
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    // Read once, so the pages' facts are kept.
    CHECK_FALSE(has(b.get("/people?q=zelma").body, "Zelma Ozoliņa"));
    auto before = b.get("/?lang=lv").body;
    REQUIRE(has(before, "19 pārstāvji"));
    // A change through the API (another route, another connection) commits.
    auto org = create_org(s, "Biedrība Zelma");
    create_person(s, org, "Zelma Ozoliņa");
    CHECK(has(b.get("/people?q=zelma").body, "Zelma Ozoliņa"));
    auto held = s.get("/api/v1/meetings?limit=10", s.coordinator()).j();
    std::int64_t fifth = 0;
    for (const auto& m : held["items"])
        if (m["title"] == "NVO Dialoga platformas piektā tikšanās")
            fifth = m["id"].get<std::int64_t>();
    REQUIRE(fifth != 0);
    REQUIRE(s.post("/api/v1/meetings/" + std::to_string(fifth) + "/attendance", {{"name", "Viesis Zelma"}, {"reason", "reģistrācijas lapā aizmirsts"}}, s.organizer_token())
                .status < 300);
    auto after = b.get("/?lang=lv").body;
    CHECK_FALSE(has(before, "1 viesis"));
    CHECK(has(after, "19 pārstāvji · 1 viesis"));
}
