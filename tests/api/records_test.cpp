// Records that stay true: ids never reused, the meeting lifecycle, default invitations, local
// times, canonical ids, unknown filters, an agenda that fits its meeting.
#include "support/fixtures.hpp"

#include <chrono>
#include <map>
#include <thread>

using namespace sanaksme::test;

TEST_CASE("ids and ETags are never reused after a delete", "[records][api]")
{
    test_server s({"--scheduler", "false"});
    auto first = create_org(s, "Biedrība A");
    auto gone = create_org(s, "Biedrība B");
    auto etag = s.get("/api/v1/organizations/" + std::to_string(gone), s.coordinator()).header("etag");
    REQUIRE(s.del("/api/v1/organizations/" + std::to_string(gone), s.coordinator()).status == 204);
    auto next = create_org(s, "Biedrība C");
    CHECK(next > gone);
    CHECK(next > first);
    CHECK(s.get("/api/v1/organizations/" + std::to_string(next), s.coordinator()).header("etag") != etag);

    auto m1 = create_meeting(s);
    REQUIRE(s.del(meeting_path(m1), s.coordinator()).status == 204);
    auto m2 = create_meeting(s);
    CHECK(m2 > m1);
    auto item = s.post(meeting_path(m2, "/agenda"), {{"title", "Atklāšana"}}, s.coordinator()).j()["id"].get<std::int64_t>();
    REQUIRE(s.del("/api/v1/agenda/" + std::to_string(item), s.coordinator()).status == 204);
    auto item2 = s.post(meeting_path(m2, "/agenda"), {{"title", "Atklāšana"}}, s.coordinator()).j()["id"].get<std::int64_t>();
    CHECK(item2 > item);
}

TEST_CASE("a meeting's status moves only forward, and a refusal names the allowed ones", "[records][meetings][api]")
{
    test_server s({"--scheduler", "false"});
    auto m = create_meeting(s, {{"status", "scheduled"}});
    auto before = s.get(meeting_path(m), s.coordinator()).j();
    auto back = s.patch(meeting_path(m), {{"status", "draft"}}, s.coordinator());
    require_problem(back, 409);
    CHECK(back.j()["detail"] == "A meeting that is scheduled cannot become draft; it can become held or cancelled.");
    CHECK(s.get(meeting_path(m), s.coordinator()).j() == before);
    REQUIRE(s.patch(meeting_path(m), {{"status", "cancelled"}}, s.coordinator()).status == 200);
    auto again = s.patch(meeting_path(m), {{"status", "scheduled"}}, s.coordinator());
    require_problem(again, 409);
    CHECK(again.j()["detail"] == "A meeting that is cancelled cannot become scheduled; its status is final.");
    auto d = create_meeting(s);
    require_problem(s.patch(meeting_path(d), {{"status", "held"}}, s.coordinator()), 409);
}

TEST_CASE("a meeting that becomes scheduled with nobody invited invites the member organizations", "[records][attendance][api]")
{
    test_server s({"--scheduler", "false"});
    auto a = create_org(s, "Biedrība A");
    auto obs = create_org(s, "Novērotājs", {{"membership", "observer"}});
    auto anna = create_person(s, a, "Anna");
    create_person(s, obs, "Oskars");
    auto created = create_meeting(s, {{"status", "scheduled"}});
    auto list = list_all(s, meeting_path(created, "/invitations"));
    REQUIRE(list.size() == 1);
    CHECK(list[0]["person_id"] == anna);
    CHECK(s.put(meeting_path(created, "/rsvps/" + std::to_string(anna)), {{"response", "yes"}}, s.coordinator()).status == 201);

    auto draft = create_meeting(s);
    CHECK(list_all(s, meeting_path(draft, "/invitations")).empty());
    REQUIRE(s.patch(meeting_path(draft), {{"status", "scheduled"}}, s.coordinator()).status == 200);
    CHECK(list_all(s, meeting_path(draft, "/invitations")).size() == 1);

    // Invitations chosen by hand before scheduling are kept as they are.
    auto chosen = create_meeting(s);
    REQUIRE(s.post(meeting_path(chosen, "/invitations"), {{"organization_ids", {obs}}}, s.coordinator()).status == 201);
    REQUIRE(s.patch(meeting_path(chosen), {{"status", "scheduled"}}, s.coordinator()).status == 200);
    auto kept = list_all(s, meeting_path(chosen, "/invitations"));
    REQUIRE(kept.size() == 1);
    CHECK(kept[0]["organization_id"] == obs);
}

TEST_CASE("a local time without offset is read in the meeting's zone", "[records][time][api]")
{
    test_server s({"--scheduler", "false"});
    auto r = s.post("/api/v1/meetings",
                    {{"title", "Tikšanās"}, {"starts_at", "2026-12-03T10:00:00"}, {"ends_at", "2026-12-03T12:30:00"},
                     {"timezone", "Europe/Riga"}},
                    s.coordinator());
    REQUIRE(r.status == 201);
    CHECK(r.j()["starts_at"] == "2026-12-03T10:00:00+02:00");
    CHECK(r.j()["ends_at"] == "2026-12-03T12:30:00+02:00");
    auto id = r.j()["id"].get<std::int64_t>();
    auto summer = s.patch(meeting_path(id), {{"starts_at", "2027-06-03T10:00:00"}, {"ends_at", nullptr}}, s.coordinator());
    REQUIRE(summer.status == 200);
    CHECK(summer.j()["starts_at"] == "2027-06-03T10:00:00+03:00");
    auto ny = s.post("/api/v1/meetings", {{"title", "Tikšanās"}, {"starts_at", "2026-12-03T10:00:00"}, {"timezone", "America/New_York"}},
                     s.coordinator());
    REQUIRE(ny.status == 201);
    CHECK(ny.j()["starts_at"] == "2026-12-03T10:00:00-05:00");

    auto before = list_all(s, "/api/v1/meetings");
    auto gap = s.post("/api/v1/meetings", {{"title", "Tikšanās"}, {"starts_at", "2027-03-28T03:30:00"}}, s.coordinator());
    require_problem(gap, 422);
    CHECK(gap.j()["errors"][0]["field"] == "starts_at");
    CHECK(gap.j()["errors"][0]["message"].get<std::string>().find("does not exist") != std::string::npos);
    auto twice = s.post("/api/v1/meetings", {{"title", "Tikšanās"}, {"starts_at", "2027-10-31T03:30:00"}}, s.coordinator());
    require_problem(twice, 422);
    CHECK(twice.j()["errors"][0]["message"].get<std::string>().find("twice") != std::string::npos);
    CHECK(list_all(s, "/api/v1/meetings") == before);
}

TEST_CASE("ids are canonical decimal and unknown filter values are refused", "[records][api]")
{
    test_server s({"--scheduler", "false"});
    auto m = create_meeting(s);
    REQUIRE(m == 1);
    CHECK(s.get("/api/v1/meetings/1", s.coordinator()).status == 200);
    require_problem(s.get("/api/v1/meetings/01", s.coordinator()), 404);
    require_problem(s.get("/api/v1/meetings/+1", s.coordinator()), 404);
    require_problem(s.get("/api/v1/meetings?status=bogus", s.coordinator()), 400);
    require_problem(s.get("/api/v1/organizations?kind=bogus", s.coordinator()), 400);
    require_problem(s.get("/api/v1/organizations?membership=members", s.coordinator()), 400);
    require_problem(s.get("/api/v1/outbox?status=bogus", s.coordinator()), 400);
    require_problem(s.get("/api/v1/outbox?kind=bogus", s.coordinator()), 400);
    CHECK(s.get("/api/v1/outbox?kind=invitation", s.coordinator()).status == 200);
    CHECK(s.get("/api/v1/organizations?kind=ngo&membership=member", s.coordinator()).status == 200);
    CHECK(s.get("/api/v1/meetings?status=draft", s.coordinator()).status == 200);
}

TEST_CASE("an agenda item that would end after the meeting is refused", "[records][agenda][api]")
{
    test_server s({"--scheduler", "false"});
    auto m = create_meeting(s); // 10:00-12:00
    REQUIRE(s.post(meeting_path(m, "/agenda"), {{"title", "Atklāšana"}, {"duration_minutes", 90}}, s.coordinator()).status == 201);
    auto before = list_all(s, meeting_path(m, "/agenda"));
    auto over = s.post(meeting_path(m, "/agenda"), {{"title", "Diskusija"}, {"duration_minutes", 45}}, s.coordinator());
    require_problem(over, 422);
    CHECK(over.j()["errors"][0]["message"].get<std::string>().find("12:15:00+02:00") != std::string::npos);
    CHECK(list_all(s, meeting_path(m, "/agenda")) == before);
    auto item = before[0]["id"].get<std::int64_t>();
    require_problem(s.patch("/api/v1/agenda/" + std::to_string(item), {{"duration_minutes", 121}}, s.coordinator()), 422);
    CHECK(list_all(s, meeting_path(m, "/agenda")) == before);
    CHECK(s.post(meeting_path(m, "/agenda"), {{"title", "Diskusija"}, {"duration_minutes", 30}}, s.coordinator()).status == 201);
}

TEST_CASE("approved minutes are frozen: every export stays byte-identical whatever changes later", "[records][minutes][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto path = meeting_path(1, "/minutes");
    REQUIRE(s.put(path, {{"summary", "Iepazīties ar aktualitātēm."}, {"next_meeting", {{"meeting_id", 2}}}}, s.organizer_token())
                .status == 200);
    REQUIRE(s.post(path + "/approve", json::object(), s.coordinator()).status == 200);
    const std::vector<std::string> exports{"/minutes", "/minutes.md", "/minutes.md?style=news", "/minutes.html",
                                           "/minutes.txt", "/minutes.pdf", "/minutes.docx", "/minutes.md?lang=en",
                                           "/minutes.html?lang=en", "/minutes.txt?lang=en", "/minutes.pdf?lang=en",
                                           "/minutes.docx?lang=en"};
    std::map<std::string, std::string> before;
    for (const auto& e : exports) {
        auto r = s.get(meeting_path(1, e), s.coordinator());
        REQUIRE(r.status == 200);
        before[e] = r.body;
    }
    CHECK(before["/minutes.md"].find("19 pārstāvji") != std::string::npos);

    // Later: new organizations, a membership change, a check-in undone, the meetings edited.
    create_org(s, "Jauna biedrība A");
    create_org(s, "Jauna biedrība B");
    auto orgs = list_all(s, "/api/v1/organizations");
    REQUIRE(s.patch("/api/v1/organizations/" + std::to_string(orgs[0]["id"].get<std::int64_t>()), {{"membership", "observer"}},
                    s.coordinator())
                .status == 200);
    auto present = s.get(meeting_path(1, "/attendance"), s.coordinator()).j()["items"];
    REQUIRE(!present.empty());
    s.del(meeting_path(1, "/attendance/" + std::to_string(present[0]["person_id"].get<std::int64_t>())), s.coordinator());
    REQUIRE(s.patch(meeting_path(1), {{"title", "Pārdēvēta tikšanās"}}, s.coordinator()).status == 200);
    REQUIRE(s.patch(meeting_path(2), {{"venue", {{"name", "Cita vieta"}, {"address", "Jelgava"}}}}, s.coordinator()).status == 200);
    auto items = s.get(meeting_path(1, "/agenda"), s.coordinator()).j()["items"];
    REQUIRE(s.patch("/api/v1/agenda/" + std::to_string(items[1]["id"].get<std::int64_t>()), {{"title", "Cits temats"}},
                    s.coordinator())
                .status == 200);

    for (const auto& e : exports) {
        INFO(e);
        auto r = s.get(meeting_path(1, e), s.coordinator());
        REQUIRE(r.status == 200);
        CHECK(r.body == before[e]);
    }
    require_problem(s.put(path, {{"summary", "Cits"}}, s.organizer_token()), 409);
}

TEST_CASE("calendar UIDs are random per meeting and never come back after a delete", "[records][calendar][api]")
{
    test_server s({"--scheduler", "false"});
    auto uid_of = [&](std::int64_t m) {
        auto body = s.get(meeting_path(m, "/calendar.ics"), "").body;
        auto at = body.find("\nUID:");
        REQUIRE(at != std::string::npos);
        return body.substr(at + 5, body.find('\r', at) - at - 5);
    };
    // Scheduled (the public calendar shows no drafts), with nobody to invite, so it can be deleted.
    auto first = create_meeting(s, {{"status", "scheduled"}});
    auto uid = uid_of(first);
    CHECK(uid.find("meeting-") == std::string::npos);
    CHECK(uid.size() >= 32);
    REQUIRE(s.del(meeting_path(first), s.coordinator()).status == 204);
    auto second = create_meeting(s, {{"status", "scheduled"}});
    CHECK(uid_of(second) != uid);
    CHECK(uid_of(create_meeting(s, {{"status", "scheduled"}})) != uid_of(second));
}

TEST_CASE("a past scheduled meeting with attendance becomes held; one never recorded stays out of the report", "[records][meetings][api]")
{
    test_server s({"--scheduler", "false"}, true);
    // The demo's sixth meeting (23 November 2017) was announced but nothing recorded it.
    auto report = s.get("/api/v1/reports/participation?from=2017-01-01&to=2018-01-01", s.coordinator()).j();
    REQUIRE(report["meetings"].size() == 1);
    CHECK(report["meetings"][0]["id"] == 1);

    s.stop();

    // The scheduler (every second here) marks a past meeting that has attendance as held.
    test_server live({"--mail-interval", "1"});
    auto org = create_org(live, "Biedrība X", {{"joined_on", "2025-01-01"}});
    auto p = create_person(live, org, "Anna");
    auto m = create_meeting(live, {{"status", "scheduled"}, {"starts_at", "2025-11-20T10:00:00+02:00"}, {"ends_at", nullptr}});
    auto empty = create_meeting(live, {{"status", "scheduled"}, {"starts_at", "2025-11-21T10:00:00+02:00"}, {"ends_at", nullptr}});
    REQUIRE(live.put(meeting_path(m, "/attendance/" + std::to_string(p)), json::object(), live.coordinator()).status == 201);
    std::string status;
    for (int i = 0; i < 50 && status != "held"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        status = live.get(meeting_path(m), live.coordinator()).j()["status"].get<std::string>();
    }
    CHECK(status == "held");
    CHECK(live.get(meeting_path(empty), live.coordinator()).j()["status"] == "scheduled");
}

TEST_CASE("an organization created without a joining date joined that day, and old meetings do not count it", "[records][organizations][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto before = s.get(meeting_path(1, "/attendance"), s.coordinator()).j();
    REQUIRE(before["summary"]["member_organizations"] == 25);
    auto r = s.post("/api/v1/organizations", {{"name", "Jauna biedrība"}}, s.coordinator());
    REQUIRE(r.status == 201);
    CHECK(r.j()["joined_on"].is_string());
    CHECK(r.j()["joined_on"].get<std::string>() >= "2026-01-01");
    auto id = r.j()["id"];
    auto after = s.get(meeting_path(1, "/attendance"), s.coordinator()).j();
    CHECK(after["summary"] == before["summary"]);
    for (const auto& o : after["organizations"])
        CHECK(o["id"] != id);
    require_problem(s.patch("/api/v1/organizations/" + std::to_string(id.get<std::int64_t>()), {{"joined_on", nullptr}},
                            s.coordinator()),
                    422);
}

TEST_CASE("a substitute's notes go to the right person, in the meeting's language", "[records][rsvp][api]")
{
    test_server s({"--scheduler", "false"});
    auto org = create_org(s, "Biedrība A");
    auto p = create_person(s, org, "Inese Janiša");
    auto m = create_meeting(s, {{"status", "scheduled"}, {"language", "lv"}});
    auto member = s.token("member", "A", org);
    auto r = s.put(meeting_path(m, "/rsvps/" + std::to_string(p)),
                   {{"response", "yes"}, {"note", "Slimības lapā."}, {"substitute", {{"name", "Vietniece Ļena"}}}}, member);
    REQUIRE(r.status == 200);
    CHECK(r.j()["note"] == "Slimības lapā.");
    CHECK(r.j()["substitute"]["note"] == "Aizvieto: Inese Janiša.");

    auto en = create_meeting(s, {{"status", "scheduled"}, {"language", "en"}});
    auto r2 = s.put(meeting_path(en, "/rsvps/" + std::to_string(p)), {{"response", "yes"}, {"substitute", {{"name", "Jānis"}}}},
                    member);
    REQUIRE(r2.status == 200);
    CHECK(r2.j()["note"] == "Jānis will come instead.");
    CHECK(r2.j()["substitute"]["note"] == "Substitute for Inese Janiša.");
}

TEST_CASE("minutes of a meeting without an end or an agenda show its start alone and no empty agenda", "[records][minutes][api]")
{
    test_server s({"--scheduler", "false"});
    auto m = create_meeting(s, {{"starts_at", "2026-12-03T10:00:00+02:00"}, {"ends_at", nullptr}});
    REQUIRE(s.put(meeting_path(m, "/minutes"), {{"summary", "Vienojāmies."}}, s.organizer_token()).status == 200);
    for (const char* format : {"/minutes.html", "/minutes.md", "/minutes.txt"}) {
        INFO(format);
        auto body = s.get(meeting_path(m, format), s.coordinator()).body;
        CHECK(body.find("10.00–10.00") == std::string::npos);
        CHECK(body.find("10.00") != std::string::npos);
        CHECK(body.find("Darba kārtība") == std::string::npos);
    }
    REQUIRE(s.post(meeting_path(m, "/agenda"), {{"title", "Atklāšana"}, {"duration_minutes", 10}}, s.coordinator()).status == 201);
    CHECK(s.get(meeting_path(m, "/minutes.html"), s.coordinator()).body.find("Darba kārtība") != std::string::npos);
}
