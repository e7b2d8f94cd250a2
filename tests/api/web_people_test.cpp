// The people pages, the representative's apologies, substitutes and approved minutes, and the
// desk's substitutes, through the real server: each page by role (coordinator, organizer, a
// representative on another organization's person: 403 and nothing changed), by the API's rules.
#include "support/web_browser.hpp"

using namespace sanaksme::test;

namespace {

std::string id_text(std::int64_t id) { return std::to_string(id); }

json person_of(test_server& s, std::int64_t id) { return s.get("/api/v1/people/" + id_text(id), s.coordinator()).j(); }

std::string version_of(const std::string& page)
{
    std::smatch m;
    REQUIRE(std::regex_search(page, m, std::regex("name=\"version\" value=\"([0-9]+)\"")));
    return m[1];
}

std::map<std::int64_t, json> answers_of(test_server& s, std::int64_t meeting)
{
    std::map<std::int64_t, json> out;
    for (const auto& a : list_all(s, meeting_path(meeting, "/rsvps")))
        out[a["person_id"].get<std::int64_t>()] = a;
    return out;
}

// Two organizations with a person each: a representative's own and another.
struct platform {
    test_server s;
    std::int64_t pdm = create_org(s, "Biedrība „Drošā māja”");
    std::int64_t lsk = create_org(s, "Latvijas Sarkanais Krusts");
    std::int64_t agita = create_person(s, pdm, "Agita Misāne", {{"email", "agita@pdm.example"}});
    std::int64_t janis = create_person(s, lsk, "Jānis Bērziņš");
};

} // namespace

TEST_CASE("people: the coordinator searches, adds, edits and erases; an organizer only reads", "[web][people][api]")
{
    platform fx;
    auto& s = fx.s;
    auto lsk = fx.lsk, agita = fx.agita, janis = fx.janis;
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");

    // The search works without a script: case and diacritics aside, by name, organization or address.
    auto found = b.get("/people?q=MISANE");
    REQUIRE(found.status == 200);
    CHECK(has(found.body, "Agita Misāne"));
    CHECK_FALSE(has(found.body, "Jānis Bērziņš"));
    CHECK(has(found.body, "data-filter=\"people-list\"")); // and the script narrows it as you type
    auto of_lsk = b.get("/people?organization_id=" + id_text(lsk));
    CHECK(has(of_lsk.body, "Jānis Bērziņš"));
    CHECK_FALSE(has(of_lsk.body, "Agita Misāne"));
    CHECK(has(of_lsk.body, "/people?organization_id=" + id_text(lsk) + "&amp;edit=" + id_text(janis))); // the filter stays
    // Reachable from the organization's page.
    CHECK(has(b.get("/organizations/" + id_text(lsk) + "/edit").body, "/people?organization_id=" + id_text(lsk)));

    // Add: a bad phone is a field error and adds nobody; then added to the organization chosen.
    auto csrf = csrf_of(found.body);
    auto bad = b.post("/people", form({{"csrf", csrf}, {"organization_id", id_text(lsk)}, {"person_name", "Ilze Kalniņa"},
                                       {"person_phone", "zvani man"}}));
    CHECK(bad.status == 422);
    CHECK(has(bad.body, "<a href=\"#person_phone\">"));
    CHECK(list_all(s, "/api/v1/organizations/" + id_text(lsk) + "/people").size() == 1);
    auto added = b.post("/people", form({{"csrf", csrf}, {"organization_id", id_text(lsk)}, {"person_name", "Ilze Kalniņa"},
                                         {"person_email", "ilze@lsk.example"}, {"person_language", "ru"}, {"person_consent", "1"}}));
    CHECK(added.status == 303);
    auto people = list_all(s, "/api/v1/organizations/" + id_text(lsk) + "/people");
    REQUIRE(people.size() == 2);
    CHECK(people[1]["name"] == "Ilze Kalniņa");
    CHECK(people[1]["language"] == "ru");
    CHECK(people[1]["email_consent"] == true);

    // Edit: the form holds the stored values; a stale form is refused and changes nothing.
    auto edit = b.get("/people?edit=" + id_text(agita));
    REQUIRE(edit.status == 200);
    CHECK(has(edit.body, "value=\"agita@pdm.example\""));
    auto version = version_of(edit.body);
    auto saved = b.post("/people/" + id_text(agita) + "/edit",
                        form({{"csrf", csrf}, {"version", version}, {"person_name", "Agita Misāne"},
                              {"person_email", "agita@pdm.example"}, {"person_position", "valdes priekšsēdētāja"}}));
    CHECK(saved.status == 303);
    CHECK(person_of(s, agita)["position"] == "valdes priekšsēdētāja");
    auto stale = b.post("/people/" + id_text(agita) + "/edit",
                        form({{"csrf", csrf}, {"version", version}, {"person_name", "Cits vārds"}}));
    CHECK(stale.status == 409);
    CHECK(person_of(s, agita)["name"] == "Agita Misāne");

    // An organizer reads everyone's people and changes nobody.
    browser organizer{s};
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    auto read = organizer.get("/people");
    REQUIRE(read.status == 200);
    CHECK(has(read.body, "Agita Misāne"));
    CHECK(has(read.body, "Jānis Bērziņš"));
    CHECK_FALSE(has(read.body, "id=\"person-form\""));
    CHECK_FALSE(has(read.body, "?edit="));
    CHECK(organizer.get("/people?edit=" + id_text(agita)).status == 403);
    auto ocsrf = csrf_of(read.body);
    CHECK(organizer.post("/people/" + id_text(agita) + "/edit",
                         form({{"csrf", ocsrf}, {"version", version_of(b.get("/people?edit=" + id_text(agita)).body)},
                               {"person_name", "X"}}))
              .status == 403);
    CHECK(organizer.post("/people/" + id_text(janis) + "/erase", form({{"csrf", ocsrf}})).status == 403);
    CHECK(organizer.post("/people", form({{"csrf", ocsrf}, {"organization_id", id_text(lsk)}, {"person_name", "X"}})).status == 403);
    CHECK(person_of(s, agita)["name"] == "Agita Misāne");
    CHECK(person_of(s, janis)["erased"] == false);
    CHECK(list_all(s, "/api/v1/organizations/" + id_text(lsk) + "/people").size() == 2);

    // Erase: a confirmation that says what erasure does, then DELETE /people/{id}'s erasure: with
    // history the person stays, anonymised; without it they are gone.
    auto meeting = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, meeting);
    auto confirm = b.get("/people?erase=" + id_text(janis) + "&lang=en");
    REQUIRE(confirm.status == 200);
    CHECK(has(confirm.body, "It cannot be undone."));
    CHECK(has(confirm.body, "action=\"/people/" + id_text(janis) + "/erase\""));
    CHECK(b.post("/people/" + id_text(janis) + "/erase", form({{"csrf", csrf}})).status == 303);
    auto erased = person_of(s, janis);
    CHECK(erased["erased"] == true);
    CHECK(erased["name"] != "Jānis Bērziņš");
    CHECK_FALSE(has(b.get("/people").body, "Jānis Bērziņš"));
    auto newcomer = create_person(s, lsk, "Pēteris Ozols"); // invited to nothing
    CHECK(b.post("/people/" + id_text(newcomer) + "/erase", form({{"csrf", csrf}})).status == 303);
    CHECK(s.get("/api/v1/people/" + id_text(newcomer), s.coordinator()).status == 404);
}

TEST_CASE("people: a representative sees and edits only their own organization's people", "[web][people][api]")
{
    platform fx;
    auto& s = fx.s;
    auto pdm = fx.pdm, lsk = fx.lsk, agita = fx.agita, janis = fx.janis;
    browser rep{s};
    sign_in(rep, "agita@pdm.example", "member", pdm);
    auto page = rep.get("/people");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Agita Misāne"));
    CHECK_FALSE(has(page.body, "Jānis Bērziņš"));
    auto csrf = csrf_of(page.body);

    // Another organization's person: 403 for every page and form, and nothing changes.
    CHECK(rep.get("/people?organization_id=" + id_text(lsk)).status == 403);
    CHECK(rep.get("/people?edit=" + id_text(janis)).status == 403);
    CHECK(rep.get("/people?erase=" + id_text(janis)).status == 403);
    CHECK(rep.post("/people/" + id_text(janis) + "/edit", form({{"csrf", csrf}, {"version", "1"}, {"person_name", "X"}})).status == 403);
    CHECK(rep.post("/people/" + id_text(janis) + "/erase", form({{"csrf", csrf}})).status == 403);
    CHECK(person_of(s, janis)["name"] == "Jānis Bērziņš");
    CHECK(person_of(s, janis)["erased"] == false);

    // A person added by the representative joins their own organization, whatever the form says.
    CHECK(rep.post("/people", form({{"csrf", csrf}, {"organization_id", id_text(lsk)}, {"person_name", "Ilze Kalniņa"}})).status == 303);
    CHECK(list_all(s, "/api/v1/organizations/" + id_text(lsk) + "/people").size() == 1);
    CHECK(list_all(s, "/api/v1/organizations/" + id_text(pdm) + "/people").size() == 2);
    // Their own people they edit.
    auto edit = rep.get("/people?edit=" + id_text(agita));
    REQUIRE(edit.status == 200);
    CHECK(rep.post("/people/" + id_text(agita) + "/edit",
                   form({{"csrf", csrf}, {"version", version_of(edit.body)}, {"person_name", "Agita Misāne"}, {"person_phone", "+371 2000 0000"}}))
              .status == 303);
    CHECK(person_of(s, agita)["phone"] == "+371 2000 0000");
}

TEST_CASE("the representative's apology counts as excused and a named substitute answers yes, naming whom they replace",
          "[web][representative][api]")
{
    platform fx;
    auto& s = fx.s;
    auto pdm = fx.pdm, lsk = fx.lsk, agita = fx.agita, janis = fx.janis;
    auto ilze = create_person(s, pdm, "Ilze Kalniņa");
    auto meeting = create_meeting(s, {{"status", "scheduled"}, {"title", "Sestā tikšanās"}, {"quorum", 1}});
    invite_all(s, meeting);
    browser rep{s};
    sign_in(rep, "agita@pdm.example", "member", pdm);
    auto home = rep.get("/?lang=en");
    REQUIRE(home.status == 200);
    CHECK(has(home.body, "name a substitute"));
    auto csrf = csrf_of(home.body);
    auto answers = "/meetings/" + id_text(meeting) + "/answers";
    auto substitutes = "/meetings/" + id_text(meeting) + "/substitutes";

    // An apology: "no" with a reason; the organization counts as excused.
    REQUIRE(rep.post(answers, form({{"csrf", csrf}, {"person_id", id_text(agita)}, {"response", "no"}, {"note", "Slimības dēļ"}}))
                .status == 303);
    CHECK(answers_of(s, meeting)[agita]["note"] == "Slimības dēļ");
    CHECK(has(rep.get("/").body, "value=\"Slimības dēļ\"")); // shown again, so a second save keeps it
    auto attendance = s.get(meeting_path(meeting, "/attendance"), s.coordinator()).j();
    CHECK(attendance["summary"]["member_organizations_excused"] == 1);
    for (const auto& o : attendance["organizations"])
        CHECK(o["status"] == (o["id"] == pdm ? "excused" : "absent"));

    // Another organization's person: refused, nothing changed.
    auto before = list_all(s, "/api/v1/organizations/" + id_text(lsk) + "/people").size();
    CHECK(rep.post(substitutes, form({{"csrf", csrf}, {"person_id", id_text(janis)}, {"person_name", "Svešais"}})).status == 403);
    CHECK(rep.post(answers, form({{"csrf", csrf}, {"person_id", id_text(janis)}, {"response", "no"}, {"note", "x"}})).status == 403);
    CHECK(list_all(s, "/api/v1/organizations/" + id_text(lsk) + "/people").size() == before);
    CHECK(answers_of(s, meeting).count(janis) == 0);
    // An organizer does not create people, so names no substitute.
    browser organizer{s};
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    CHECK(organizer.post(substitutes, form({{"csrf", csrf_of(organizer.get("/").body)}, {"person_id", id_text(ilze)}, {"person_name", "X"}}))
              .status == 403);
    CHECK(list_all(s, "/api/v1/organizations/" + id_text(pdm) + "/people").size() == 2);

    // A substitute: a new person of the organization answering yes, the note naming whom they replace.
    REQUIRE(rep.post(substitutes, form({{"csrf", csrf}, {"person_id", id_text(ilze)}, {"person_name", "Pēteris Ozols"},
                                        {"person_email", "peteris@pdm.example"}}))
                .status == 303);
    json peteris;
    for (const auto& p : list_all(s, "/api/v1/organizations/" + id_text(pdm) + "/people"))
        if (p["name"] == "Pēteris Ozols")
            peteris = p;
    REQUIRE(peteris.is_object());
    CHECK(peteris["email"] == "peteris@pdm.example");
    auto now = answers_of(s, meeting);
    auto sub = now[peteris["id"].get<std::int64_t>()];
    CHECK(sub["response"] == "yes");
    CHECK(sub["note"] == "Aizvieto: Ilze Kalniņa.");
    CHECK(now[ilze]["response"] == "no");
    CHECK(now[ilze]["note"] == "Viņa vietā ieradīsies Pēteris Ozols.");
    CHECK(has(rep.get("/").body, "Pēteris Ozols"));
}

TEST_CASE("a representative downloads the approved minutes of past meetings, and only approved ones", "[web][representative][api]")
{
    test_server s({"--scheduler", "false"});
    auto pdm = create_org(s, "Biedrība „Drošā māja”");
    create_person(s, pdm, "Agita Misāne");
    auto past = [&](const std::string& title, const std::string& day) {
        auto m = create_meeting(s, {{"status", "scheduled"}, {"title", title}, {"starts_at", day + "T10:00:00+03:00"},
                                    {"ends_at", day + "T12:00:00+03:00"}});
        invite_all(s, m);
        REQUIRE(s.patch(meeting_path(m), {{"status", "held"}}, s.coordinator()).status == 200);
        REQUIRE(s.put(meeting_path(m, "/minutes"), {{"summary", "Kopsavilkums"}, {"status", "circulated"}}, s.organizer_token()).status == 200);
        return m;
    };
    auto approved = past("Ceturtā tikšanās", "2026-05-12");
    auto circulated = past("Piektā tikšanās", "2026-09-15");
    REQUIRE(s.post(meeting_path(approved, "/minutes/approve"), json::object(), s.coordinator()).status == 200);
    browser rep{s};
    sign_in(rep, "agita@pdm.example", "member", pdm);
    auto home = rep.get("/");
    REQUIRE(home.status == 200);
    CHECK(has(home.body, "Ceturtā tikšanās"));
    CHECK(has(home.body, "/minutes?meeting=" + id_text(approved) + "&amp;format=pdf"));
    CHECK_FALSE(has(home.body, "Piektā tikšanās"));
    auto pdf = rep.get("/minutes?meeting=" + id_text(approved) + "&format=pdf");
    REQUIRE(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(pdf.body.starts_with("%PDF"));
    auto page = rep.get("/minutes?meeting=" + id_text(approved) + "&format=html");
    CHECK(page.status == 200);
    CHECK(has(page.body, "Kopsavilkums"));
    // Circulated minutes are not the members' yet, by this page or by the organizers' downloads.
    CHECK(rep.get("/minutes?meeting=" + id_text(circulated) + "&format=pdf").status == 404);
    CHECK(rep.get("/meetings/" + id_text(circulated) + "/minutes.pdf").status == 403);
    CHECK(rep.get("/minutes?meeting=" + id_text(approved) + "&format=exe").status == 404);
    CHECK(rep.get("/minutes").status == 303);
}

TEST_CASE("the desk checks in a substitute for an organization's absent representative, counted for it, with undo",
          "[web][desk][api]")
{
    platform fx;
    auto& s = fx.s;
    auto pdm = fx.pdm, agita = fx.agita;
    auto meeting = create_meeting_today(s, {{"quorum", 1}});
    invite_all(s, meeting);
    auto desk = "/meetings/" + id_text(meeting) + "/desk";
    browser coordinator{s}, organizer{s}, rep{s};
    sign_in(coordinator, "koordinatore@platforma.example");
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    sign_in(rep, "agita@pdm.example", "member", pdm);
    auto page = coordinator.get(desk + "?lang=en");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Substitute for a representative"));
    CHECK(has(page.body, "<option value=\"" + id_text(pdm) + "\">"));
    auto summary = [&] { return s.get(meeting_path(meeting, "/attendance"), s.coordinator()).j()["summary"]; };

    // A representative may not use the desk; an organizer does not add people.
    CHECK(rep.post(desk + "/substitutes", form({{"csrf", csrf_of(rep.get("/").body)}, {"organization_id", id_text(pdm)},
                                                {"person_name", "Pēteris Ozols"}}))
              .status == 403);
    auto ocsrf = csrf_of(organizer.get(desk).body);
    CHECK(organizer.post(desk + "/substitutes", form({{"csrf", ocsrf}, {"organization_id", id_text(pdm)}, {"person_name", "Pēteris Ozols"}}))
              .status == 403);
    CHECK(list_all(s, "/api/v1/organizations/" + id_text(pdm) + "/people").size() == 1);
    CHECK(summary()["people_present"] == 0);

    // The coordinator's desk adds the substitute to the organization and checks them in for it.
    REQUIRE(coordinator.post(desk + "/substitutes", form({{"csrf", csrf_of(page.body)}, {"organization_id", id_text(pdm)},
                                                          {"person_name", "Pēteris Ozols"}}))
                .status == 303);
    auto people = list_all(s, "/api/v1/organizations/" + id_text(pdm) + "/people");
    REQUIRE(people.size() == 2);
    auto peteris = people[1]["id"].get<std::int64_t>();
    CHECK(people[1]["name"] == "Pēteris Ozols");
    CHECK(summary()["people_present"] == 1);
    CHECK(summary()["member_organizations_present"] == 1);
    CHECK(summary()["quorum_met"] == true);
    // Undo like anyone at the desk: the substitute has their own button.
    auto after = coordinator.get(desk);
    CHECK(has(after.body, "data-person=\"" + id_text(peteris) + "\" class=\"in\""));
    CHECK(coordinator.post(desk, form({{"csrf", csrf_of(after.body)}, {"person_id", id_text(peteris)}, {"do", "out"}})).status == 303);
    CHECK(summary()["people_present"] == 0);

    // An organizer's desk uses the organization's person of that name (case and diacritics aside).
    CHECK(organizer.post(desk + "/substitutes", form({{"csrf", ocsrf}, {"organization_id", id_text(pdm)}, {"person_name", "agita misane"}}))
              .status == 303);
    CHECK(list_all(s, "/api/v1/organizations/" + id_text(pdm) + "/people").size() == 2);
    auto items = s.get(meeting_path(meeting, "/attendance"), s.coordinator()).j()["items"];
    REQUIRE(items.size() == 1);
    CHECK(items[0]["person_id"] == agita);
    CHECK(summary()["member_organizations_present"] == 1);
}
