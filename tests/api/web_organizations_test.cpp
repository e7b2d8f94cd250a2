// The coordinator's organization pages through the real server: search without a script, add
// and edit by form (and a person added to one) with the API's rules as field errors (a taken name, a bad address), and
// deactivation that keeps the organization and its history.
#include "support/web_browser.hpp"

using namespace sanaksme::test;

TEST_CASE("organizations: search, add, edit with field errors, deactivate", "[web][organizations][api]")
{
    test_server s;
    auto existing = create_org(s, "Biedrība „Drošā māja”");
    create_org(s, "Latvijas Sarkanais Krusts");
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto list = b.get("/organizations?q=dro%C5%A1%C4%81");
    REQUIRE(list.status == 200);
    CHECK(has(list.body, "Biedrība „Drošā māja”"));
    CHECK_FALSE(has(list.body, "Latvijas Sarkanais Krusts")); // the search narrows the list without a script
    CHECK(has(b.get("/organizations?q=DROSA").body, "Biedrība „Drošā māja”")); // case and diacritics aside

    auto form = b.get("/organizations/new?lang=en");
    REQUIRE(form.status == 200);
    auto csrf = csrf_of(form.body);
    auto before = list_all(s, "/api/v1/organizations").size();
    auto bad = b.post("/organizations", "csrf=" + csrf + "&name=Latvijas+Sarkanais+Krusts&kind=ngo&membership=member"
                                        "&email=nav-adrese&website=ftp%3A%2F%2Fx&language=lv");
    CHECK(bad.status == 422);
    CHECK(has(bad.body, "<a href=\"#email\">"));
    CHECK(has(bad.body, "<a href=\"#website\">"));
    CHECK(list_all(s, "/api/v1/organizations").size() == before);
    auto taken = b.post("/organizations", "csrf=" + csrf + "&name=Latvijas+Sarkanais+Krusts&kind=ngo&membership=member&language=lv");
    CHECK(taken.status == 422);
    CHECK(has(taken.body, "An organization of this name exists already."));

    auto ok = b.post("/organizations", "csrf=" + csrf + "&name=Biedr%C4%ABba+%E2%80%9EAfrolat%E2%80%9D&short_name=Afrolat"
                                       "&kind=ngo&membership=observer&email=info%40afrolat.example&website=https%3A%2F%2Fafrolat.example&language=ru");
    CHECK(ok.status == 303);
    json made;
    for (const auto& o : list_all(s, "/api/v1/organizations"))
        if (o["short_name"] == "Afrolat")
            made = o;
    REQUIRE(made.is_object());
    CHECK(made["name"] == "Biedrība „Afrolat”");
    CHECK(made["membership"] == "observer");
    CHECK(made["language"] == "ru");
    CHECK(made["active"] == true);

    auto path = "/organizations/" + std::to_string(existing);
    auto edit = b.get(path + "/edit");
    REQUIRE(edit.status == 200);
    CHECK(has(edit.body, "value=\"Biedrība „Drošā māja”\""));
    auto saved = b.post(path + "/edit", "csrf=" + csrf + "&name=Biedr%C4%ABba+%E2%80%9EPatv%C4%93rums+Dro%C5%A1%C4%81+m%C4%81ja%E2%80%9D"
                                        "&kind=ngo&membership=member&language=lv");
    CHECK(saved.status == 303);
    CHECK(s.get("/api/v1/organizations/" + std::to_string(existing), s.coordinator()).j()["name"] ==
          "Biedrība „Patvērums Drošā māja”");

    // A person of the organization: a bad phone is a field error and adds nobody; then added.
    auto bad_person = b.post(path + "/people", "csrf=" + csrf + "&person_name=Agita+Mis%C4%81ne&person_phone=zvani+man");
    CHECK(bad_person.status == 422);
    CHECK(has(bad_person.body, "<a href=\"#person_phone\">"));
    CHECK(list_all(s, "/api/v1/organizations/" + std::to_string(existing) + "/people").empty());
    auto person = b.post(path + "/people", "csrf=" + csrf + "&person_name=Agita+Mis%C4%81ne&person_email=agita%40pdm.example"
                                           "&person_phone=%2B371+2000+0000&person_position=vad%C4%ABt%C4%81ja&person_consent=1");
    CHECK(person.status == 303);
    auto people = list_all(s, "/api/v1/organizations/" + std::to_string(existing) + "/people");
    REQUIRE(people.size() == 1);
    CHECK(people[0]["name"] == "Agita Misāne");
    CHECK(people[0]["email_consent"] == true);
    CHECK(has(b.get(path + "/edit").body, "Agita Misāne"));

    CHECK(b.post(path + "/deactivate", "csrf=" + csrf).status == 303);
    auto o = s.get("/api/v1/organizations/" + std::to_string(existing), s.coordinator()).j();
    CHECK(o["active"] == false);
    CHECK(has(b.get("/organizations?lang=en").body, "inactive"));

    // An organizer reads the list but may not change organizations.
    browser organizer{s};
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    CHECK(organizer.get("/organizations").status == 200);
    CHECK(organizer.post("/organizations", "csrf=" + csrf_of(organizer.get("/organizations").body) + "&name=X&kind=ngo&membership=member&language=lv")
              .status == 403);
}
