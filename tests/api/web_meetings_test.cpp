// The organizers' meeting pages through the real server: create and edit by form (times typed in
// the meeting's zone), the API's rules as field errors on the page (and nothing written), schedule
// and cancel by the lifecycle's rule, the agenda editor (add, planned minutes, move up and down).
#include "support/web_browser.hpp"

using namespace sanaksme::test;

namespace {

std::int64_t id_of(const std::string& location)
{
    std::smatch m;
    REQUIRE(std::regex_search(location, m, std::regex("^/meetings/([0-9]+)")));
    return std::stoll(m[1]);
}

std::size_t meeting_count(test_server& s) { return list_all(s, "/api/v1/meetings").size(); }

} // namespace

TEST_CASE("a meeting made by the form has its times read in its zone, and the API shows it", "[web][meetings][api]")
{
    test_server s;
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto page = b.get("/meetings/new");
    REQUIRE(page.status == 200);
    auto r = b.post("/meetings", form({{"csrf", csrf_of(page.body)}, {"title", "NVO Dialoga platformas devītā tikšanās"},
                                       {"starts_at", "2030-12-03T10:00"}, {"ends_at", "2030-12-03T13:00"},
                                       {"timezone", "Europe/Riga"}, {"venue_name", "Rīgas dome"},
                                       {"venue_address", "Rātslaukums 1, Rīga"}, {"quorum", "13"}, {"language", "lv"},
                                       {"description", ""}}));
    INFO(r.body);
    REQUIRE(r.status == 303);
    auto id = id_of(r.header("location"));
    auto m = s.get(meeting_path(id), s.coordinator()).j();
    CHECK(m["title"] == "NVO Dialoga platformas devītā tikšanās");
    CHECK(m["starts_at"] == "2030-12-03T10:00:00+02:00");
    CHECK(m["ends_at"] == "2030-12-03T13:00:00+02:00");
    CHECK(m["status"] == "draft");
    CHECK(m["quorum"] == 13);
    CHECK(m["venue"]["name"] == "Rīgas dome");
    auto audit = list_all(s, "/api/v1/audit?resource=meeting");
    REQUIRE(!audit.empty());
    CHECK(audit.back()["action"] == "create");

    auto shown = b.get(r.header("location"));
    REQUIRE(shown.status == 200);
    CHECK(has(shown.body, "2030. gada 3. decembrī, plkst. 10.00"));
    CHECK(has(shown.body, "Saglabāts."));
    auto list = b.get("/meetings");
    CHECK(has(list.body, "NVO Dialoga platformas devītā tikšanās"));
    CHECK(has(list.body, "href=\"/meetings/" + std::to_string(id) + "\""));

    // Edit: the place moves, the times stay; the sequence grows for calendar programs.
    auto edit = b.get("/meetings/" + std::to_string(id) + "/edit");
    REQUIRE(edit.status == 200);
    CHECK(has(edit.body, "value=\"2030-12-03T10:00\""));
    auto e = b.post("/meetings/" + std::to_string(id) + "/edit",
                    form({{"csrf", csrf_of(edit.body)}, {"title", "NVO Dialoga platformas devītā tikšanās"},
                          {"starts_at", "2030-12-03T10:00"}, {"ends_at", "2030-12-03T13:00"}, {"timezone", "Europe/Riga"},
                          {"venue_name", "Saeimas nams"}, {"venue_address", "Jēkaba iela 11, Rīga"}, {"quorum", "13"},
                          {"language", "lv"}}));
    CHECK(e.status == 303);
    auto after = s.get(meeting_path(id), s.coordinator()).j();
    CHECK(after["venue"]["name"] == "Saeimas nams");
    CHECK(after["starts_at"] == "2030-12-03T10:00:00+02:00");
    CHECK(after["sequence"].get<int>() == m["sequence"].get<int>() + 1);
}

TEST_CASE("a meeting form with bad fields answers 422 with a summary linking each field, and writes nothing",
          "[web][meetings][api]")
{
    test_server s;
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto page = b.get("/meetings/new?lang=en");
    auto before = meeting_count(s);
    auto r = b.post("/meetings", form({{"csrf", csrf_of(page.body)}, {"title", "  "}, {"starts_at", "2030-12-03T10:00"},
                                       {"ends_at", "2030-12-03T09:00"}, {"timezone", "Europe/Riga"}, {"quorum", "many"},
                                       {"language", "lv"}}));
    CHECK(r.status == 422);
    CHECK(has(r.body, "There is a problem"));
    CHECK(has(r.body, "<a href=\"#title\">Enter the meeting"));
    CHECK(has(r.body, "s title (at most 300 characters).</a>"));
    CHECK(has(r.body, "<a href=\"#ends_at\">The end must be after the start.</a>"));
    CHECK(has(r.body, "<a href=\"#quorum\">"));
    CHECK(has(r.body, "id=\"ends_at\" name=\"ends_at\" type=\"datetime-local\" value=\"2030-12-03T09:00\" aria-invalid=\"true\""));
    CHECK(meeting_count(s) == before);

    // The hour the clocks skip, and one they pass twice, in the meeting's zone.
    auto skip = b.post("/meetings", form({{"csrf", csrf_of(page.body)}, {"title", "Pavasara tikšanās"},
                                          {"starts_at", "2030-03-31T03:30"}, {"timezone", "Europe/Riga"}, {"language", "lv"}}));
    CHECK(skip.status == 422);
    CHECK(has(skip.body, "That time does not exist in this zone"));
    auto twice = b.post("/meetings", form({{"csrf", csrf_of(page.body)}, {"title", "Rudens tikšanās"},
                                           {"starts_at", "2030-10-27T03:30"}, {"timezone", "Europe/Riga"}, {"language", "lv"}}));
    CHECK(twice.status == 422);
    CHECK(has(twice.body, "happens twice"));
    auto zone = b.post("/meetings", form({{"csrf", csrf_of(page.body)}, {"title", "Tikšanās"}, {"starts_at", "2030-10-20T10:00"},
                                          {"timezone", "Europe/Atlantis"}, {"language", "lv"}}));
    CHECK(zone.status == 422);
    CHECK(has(zone.body, "<a href=\"#timezone\">"));
    CHECK(meeting_count(s) == before);
}

TEST_CASE("schedule and cancel follow the meeting's lifecycle; scheduling invites the member organizations",
          "[web][meetings][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    create_person(s, org, "Agita Misāne");
    auto id = s.post("/api/v1/meetings", {{"title", "Tikšanās"}, {"starts_at", "2030-12-03T10:00:00+02:00"}}, s.coordinator())
                  .j()["id"].get<std::int64_t>();
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto path = "/meetings/" + std::to_string(id);
    auto page = b.get(path);
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Ieplānot tikšanos"));
    auto r = b.post(path + "/status", form({{"csrf", csrf_of(page.body)}, {"to", "scheduled"}}));
    CHECK(r.status == 303);
    CHECK(s.get(meeting_path(id), s.coordinator()).j()["status"] == "scheduled");
    CHECK(list_all(s, meeting_path(id, "/invitations")).size() == 1);
    CHECK(has(b.get(path).body, "Biedrība „Drošā māja”"));

    b.post(path + "/status", form({{"csrf", csrf_of(page.body)}, {"to", "cancelled"}}));
    CHECK(s.get(meeting_path(id), s.coordinator()).j()["status"] == "cancelled");
    // Cancelled is final: the page says why and nothing changes.
    auto again = b.post(path + "/status", form({{"csrf", csrf_of(page.body)}, {"to", "scheduled"}}));
    CHECK(again.status == 409);
    CHECK(s.get(meeting_path(id), s.coordinator()).j()["status"] == "cancelled");
    auto odd = b.post(path + "/status", form({{"csrf", csrf_of(page.body)}, {"to", "held"}}));
    CHECK(odd.status == 422);
}

TEST_CASE("the agenda editor adds and edits items with planned times and moves them up and down", "[web][meetings][agenda][api]")
{
    test_server s;
    auto id = s.post("/api/v1/meetings", {{"title", "Tikšanās"}, {"starts_at", "2030-12-03T10:00:00+02:00"},
                                          {"ends_at", "2030-12-03T11:00:00+02:00"}}, s.coordinator())
                  .j()["id"].get<std::int64_t>();
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto path = "/meetings/" + std::to_string(id);
    auto csrf = csrf_of(b.get(path).body);
    auto add = [&](const std::string& title, const std::string& minutes) {
        return b.post(path + "/agenda", form({{"csrf", csrf}, {"item_title", title}, {"kind", "discussion"},
                                              {"presenter_name", "Ilze Koordinatore"}, {"duration_minutes", minutes}}));
    };
    auto r = add("Atklāšana", "15");
    CHECK(r.status == 303);
    CHECK(r.header("location") == path + "#agenda");
    CHECK(add("Budžets", "30").status == 303);
    auto page = b.get(path);
    CHECK(has(page.body, "10.15–10.45"));
    CHECK(has(page.body, "Ilze Koordinatore"));

    // An item that would end after the meeting, and minutes that are no number: refused, nothing added.
    auto over = add("Dažādi", "20");
    CHECK(over.status == 422);
    CHECK(has(over.body, "<a href=\"#duration_minutes\">"));
    CHECK(has(over.body, "value=\"Dažādi\""));
    CHECK(add("Dažādi", "ilgi").status == 422);
    CHECK(add("", "5").status == 422);
    auto agenda = s.get(meeting_path(id, "/agenda"), s.coordinator()).j()["items"];
    REQUIRE(agenda.size() == 2);

    auto second = agenda[1]["id"].get<std::int64_t>();
    auto up = b.post(path + "/agenda/move", form({{"csrf", csrf}, {"item_id", std::to_string(second)}, {"dir", "up"}}));
    CHECK(up.status == 303);
    agenda = s.get(meeting_path(id, "/agenda"), s.coordinator()).j()["items"];
    CHECK(agenda[0]["title"] == "Budžets");
    CHECK(agenda[0]["planned_start"] == "2030-12-03T10:00:00+02:00");
    CHECK(agenda[1]["title"] == "Atklāšana");
    // Already first: nothing moves.
    b.post(path + "/agenda/move", form({{"csrf", csrf}, {"item_id", std::to_string(second)}, {"dir", "up"}}));
    CHECK(s.get(meeting_path(id, "/agenda"), s.coordinator()).j()["items"][0]["title"] == "Budžets");

    // Edit: the item's form in place, prefilled; longer than the meeting allows is refused, then saved.
    auto editing = b.get(path + "?edit_item=" + std::to_string(second));
    CHECK(has(editing.body, "value=\"Budžets\""));
    CHECK(has(editing.body, "<option value=\"discussion\" selected>"));
    auto too_long = b.post(path + "/agenda", form({{"csrf", csrf}, {"item_id", std::to_string(second)}, {"item_title", "Budžets 2031"},
                                                   {"kind", "decision"}, {"duration_minutes", "50"}}));
    CHECK(too_long.status == 422);
    auto edited = b.post(path + "/agenda", form({{"csrf", csrf}, {"item_id", std::to_string(second)}, {"item_title", "Budžets 2031"},
                                                 {"kind", "decision"}, {"presenter_name", ""}, {"duration_minutes", "40"}}));
    CHECK(edited.status == 303);
    agenda = s.get(meeting_path(id, "/agenda"), s.coordinator()).j()["items"];
    REQUIRE(agenda.size() == 2);
    CHECK(agenda[0]["title"] == "Budžets 2031");
    CHECK(agenda[0]["kind"] == "decision");
    CHECK(agenda[0]["duration_minutes"] == 40);
    CHECK(agenda[0]["presenter"].is_null());
    CHECK(agenda[1]["planned_start"] == "2030-12-03T10:40:00+02:00");
}

TEST_CASE("the meeting pages speak lv, en and ru from the catalogs", "[web][meetings][i18n][api]")
{
    test_server s;
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    CHECK(has(b.get("/meetings/new?lang=lv").body, "Saglabāt tikšanos"));
    CHECK(has(b.get("/meetings/new?lang=en").body, "Save the meeting"));
    CHECK(has(b.get("/meetings/new?lang=ru").body, "Сохранить встречу"));
    CHECK(has(b.get("/meetings?lang=ru").body, "Предстоящие"));
}

TEST_CASE("the mail page invites, previews who gets what without writing, sends, and cancels a waiting message",
          "[web][meetings][mail][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    create_person(s, org, "Agita Misāne", {{"email", "agita@drosamaja.example"}, {"email_consent", true}});
    create_person(s, org, "Jānis Bērziņš", {{"email", "janis@drosamaja.example"}, {"email_consent", true}});
    auto id = s.post("/api/v1/meetings", {{"title", "Tikšanās"}, {"starts_at", "2030-12-03T10:00:00+02:00"}}, s.coordinator())
                  .j()["id"].get<std::int64_t>();
    browser b{s};
    sign_in(b, "organizatore@platforma.example", "organizer");
    auto path = "/meetings/" + std::to_string(id) + "/mail";
    auto page = b.get(path + "?lang=en");
    REQUIRE(page.status == 200);
    auto inv = b.post(path + "/invite", "csrf=" + csrf_of(page.body));
    CHECK(inv.status == 303);
    CHECK(inv.header("location") == path + "?invited=2");
    CHECK(list_all(s, meeting_path(id, "/invitations")).size() == 2);

    // A draft sends nothing: the page says so, a POST is refused.
    CHECK(has(b.get(path + "?preview=invitation&lang=en").body, "schedule it before sending mail"));
    CHECK(b.post(path, "csrf=" + csrf_of(page.body) + "&kind=invitation").status == 409);
    REQUIRE(s.patch(meeting_path(id), {{"status", "scheduled"}}, s.coordinator()).status == 200);

    auto preview = b.get(path + "?preview=invitation&lang=en");
    REQUIRE(preview.status == 200);
    CHECK(has(preview.body, "2 messages would go:"));
    CHECK(has(preview.body, "agita@drosamaja.example"));
    CHECK(has(preview.body, "janis@drosamaja.example"));
    CHECK(list_all(s, "/api/v1/outbox?kind=invitation").empty()); // a preview writes nothing

    auto sent = b.post(path, "csrf=" + csrf_of(preview.body) + "&kind=invitation");
    CHECK(sent.status == 303);
    CHECK(sent.header("location") == path + "?sent=2");
    auto queued = list_all(s, "/api/v1/outbox?kind=invitation");
    REQUIRE(queued.size() == 2);
    auto outbox = b.get(path + "?lang=en");
    CHECK(has(outbox.body, "waiting"));

    auto first = queued[0]["id"].get<std::int64_t>();
    auto cancel = b.post(path + "/cancel", "csrf=" + csrf_of(outbox.body) + "&outbox_id=" + std::to_string(first));
    CHECK(cancel.status == 303);
    CHECK(s.get("/api/v1/outbox/" + std::to_string(first), s.coordinator()).j()["status"] == "cancelled");
    // Twice: only a waiting message can be cancelled.
    CHECK(b.post(path + "/cancel", "csrf=" + csrf_of(outbox.body) + "&outbox_id=" + std::to_string(first)).status == 409);
    CHECK(b.post(path, "csrf=" + csrf_of(outbox.body) + "&kind=telegram").status == 422);
}
