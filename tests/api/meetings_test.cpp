#include "support/fixtures.hpp"

using namespace sanaksme::test;

TEST_CASE("a meeting keeps its time zone and renders times with the zone's offset", "[meetings][api]")
{
    test_server s;
    auto r = s.post("/api/v1/meetings",
                    {{"title", "NVO Dialoga platformas piektā tikšanās"}, {"series", "NVO Dialoga platforma"}, {"number", 5},
                     {"starts_at", "2017-09-21T07:00:00Z"}, {"ends_at", "2017-09-21T12:30:00+03:00"},
                     {"venue", {{"name", "Informācijas centrs imigrantiem"}, {"address", "Rīga"}}}, {"quorum", 13}},
                    s.coordinator());
    REQUIRE(r.status == 201);
    auto m = r.j();
    CHECK(m["starts_at"] == "2017-09-21T10:00:00+03:00");
    CHECK(m["timezone"] == "Europe/Riga");
    CHECK(m["status"] == "draft");
    CHECK(m["venue"]["name"] == "Informācijas centrs imigrantiem");
    CHECK(m["sequence"] == 0);
}

TEST_CASE("bad meeting bodies are 422 and change nothing", "[meetings][validation][api]")
{
    test_server s;
    create_meeting(s);
    auto before = list_all(s, "/api/v1/meetings");
    auto check = [&](json body, const std::string& field) {
        auto r = s.post("/api/v1/meetings", body, s.coordinator());
        require_problem(r, 422);
        bool named = false;
        for (const auto& e : r.j().at("errors").get<std::vector<json>>())
            named = named || e["field"] == field;
        INFO(r.body);
        CHECK(named);
    };
    check({{"title", "x"}, {"starts_at", "2030-01-01T10:00:00+02:00"}, {"ends_at", "2030-01-01T09:00:00+02:00"}}, "ends_at");
    check({{"title", "x"}, {"starts_at", "2030-01-01 10:00"}}, "starts_at");
    check({{"title", "x"}, {"starts_at", "2030-01-01T10:00:00+02:00"}, {"timezone", "Europe/Nowhere"}}, "timezone");
    check({{"title", "x"}, {"starts_at", "2030-01-01T10:00:00+02:00"}, {"status", "postponed"}}, "status");
    check({{"title", "x"}, {"starts_at", "2030-01-01T10:00:00+02:00"}, {"venue", {{"room", "A"}}}}, "venue.room");
    check({{"title", "x"}, {"starts_at", "2030-01-01T10:00:00+02:00"}, {"capacity", 0}}, "capacity");
    check({{"title", "x"}, {"starts_at", "2030-01-01T10:00:00+02:00"}, {"sequence", 3}}, "sequence");
    check({{"starts_at", "2030-01-01T10:00:00+02:00"}}, "title");
    CHECK(list_all(s, "/api/v1/meetings") == before);
}

TEST_CASE("meetings filter by time, status and series", "[meetings][api]")
{
    test_server s;
    create_meeting(s, {{"starts_at", "2017-09-21T10:00:00+03:00"}, {"ends_at", nullptr}, {"series", "NVO"}, {"status", "held"}});
    create_meeting(s, {{"starts_at", "2017-11-23T10:00:00+02:00"}, {"ends_at", nullptr}, {"series", "NVO"}, {"status", "scheduled"}});
    create_meeting(s, {{"starts_at", "2018-01-10T10:00:00+02:00"}, {"ends_at", nullptr}, {"series", "Cits"}});
    CHECK(list_all(s, "/api/v1/meetings?from=2017-10-01&to=2018-01-01").size() == 1);
    CHECK(list_all(s, "/api/v1/meetings?from=2017-09-21T10:00:00+03:00").size() == 3);
    CHECK(list_all(s, "/api/v1/meetings?status=held").size() == 1);
    CHECK(list_all(s, "/api/v1/meetings?series=NVO").size() == 2);
    auto page = s.get("/api/v1/meetings?limit=2", s.coordinator()).j();
    CHECK(page["items"][0]["starts_at"] == "2017-09-21T10:00:00+03:00");
    auto rest = s.get("/api/v1/meetings?limit=2&cursor=" + page["next_cursor"].get<std::string>(), s.coordinator()).j();
    CHECK(rest["items"].size() == 1);
    require_problem(s.get("/api/v1/meetings?from=yesterday", s.coordinator()), 400);
}

TEST_CASE("status moves draft to scheduled to held; other moves are 409", "[meetings][lifecycle][api]")
{
    test_server s;
    auto id = create_meeting(s);
    auto path = meeting_path(id);
    require_problem(s.patch(path, {{"status", "held"}}, s.coordinator()), 409);
    REQUIRE(s.patch(path, {{"status", "scheduled"}}, s.coordinator()).status == 200);
    REQUIRE(s.patch(path, {{"status", "held"}}, s.coordinator()).status == 200);
    require_problem(s.patch(path, {{"status", "draft"}}, s.coordinator()), 409);
    CHECK(s.get(path, s.coordinator()).j()["status"] == "held");
}

TEST_CASE("a changed time or place raises the calendar sequence; other edits do not", "[meetings][api]")
{
    test_server s;
    auto id = create_meeting(s);
    auto path = meeting_path(id);
    CHECK(s.patch(path, {{"description", "Darba kārtība sekos."}}, s.coordinator()).j()["sequence"] == 0);
    CHECK(s.patch(path, {{"starts_at", "2030-11-23T11:00:00+02:00"}}, s.coordinator()).j()["sequence"] == 1);
    CHECK(s.patch(path, {{"venue", {{"name", "Rīgas dome"}}}}, s.coordinator()).j()["sequence"] == 2);
    require_problem(s.patch(path, {{"ends_at", "2030-11-23T09:00:00+02:00"}}, s.coordinator()), 422);
    CHECK(s.get(path, s.coordinator()).j()["sequence"] == 2);
}

TEST_CASE("a meeting with records cannot be deleted, only cancelled", "[meetings][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    create_person(s, org, "P");
    auto empty = create_meeting(s);
    CHECK(s.del(meeting_path(empty), s.coordinator()).status == 204);
    auto id = create_meeting(s);
    invite_all(s, id);
    require_problem(s.del(meeting_path(id), s.coordinator()), 409);
    REQUIRE(s.patch(meeting_path(id), {{"status", "cancelled"}}, s.coordinator()).status == 200);
    CHECK(list_all(s, meeting_path(id, "/invitations")).size() == 1);
}

TEST_CASE("agenda items get planned start times and can be inserted, moved and reordered", "[agenda][api]")
{
    test_server s;
    auto org = create_org(s, "Iekšlietu ministrija");
    auto barks = create_person(s, org, "Sandis Barks");
    auto m = create_meeting(s, {{"starts_at", "2017-09-21T10:00:00+03:00"}, {"ends_at", nullptr}});
    auto add = [&](json body) {
        auto r = s.post(meeting_path(m, "/agenda"), body, s.coordinator());
        INFO(r.body);
        REQUIRE(r.status == 201);
        return r.j()["id"].get<std::int64_t>();
    };
    auto a = add({{"title", "Atklāšana"}, {"kind", "other"}, {"duration_minutes", 10}});
    auto b = add({{"title", "Rīcības plāns"}, {"presenter_person_id", barks}, {"duration_minutes", 40}});
    auto c = add({{"title", "Kafijas pauze"}, {"kind", "break"}, {"duration_minutes", 15}, {"position", 2}});
    auto items = list_all(s, meeting_path(m, "/agenda"));
    REQUIRE(items.size() == 3);
    CHECK(items[0]["id"] == a);
    CHECK(items[1]["id"] == c);
    CHECK(items[2]["id"] == b);
    CHECK(items[2]["planned_start"] == "2017-09-21T10:25:00+03:00");
    CHECK(items[2]["presenter"]["name"] == "Sandis Barks");
    CHECK(items[2]["presenter"]["organization"] == "Iekšlietu ministrija");

    auto r = s.post(meeting_path(m, "/agenda/order"), {{"item_ids", {b, a, c}}}, s.coordinator());
    REQUIRE(r.status == 200);
    items = list_all(s, meeting_path(m, "/agenda"));
    CHECK(items[0]["id"] == b);
    CHECK(items[1]["planned_start"] == "2017-09-21T10:40:00+03:00");

    auto before = list_all(s, meeting_path(m, "/agenda"));
    require_problem(s.post(meeting_path(m, "/agenda/order"), {{"item_ids", {b, a}}}, s.coordinator()), 422);
    require_problem(s.post(meeting_path(m, "/agenda/order"), {{"item_ids", {b, a, a}}}, s.coordinator()), 422);
    require_problem(s.post(meeting_path(m, "/agenda"), {{"title", "X"}, {"presenter_person_id", 999}}, s.coordinator()), 422);
    require_problem(s.post(meeting_path(m, "/agenda"), {{"title", "X"}, {"duration_minutes", -5}}, s.coordinator()), 422);
    CHECK(list_all(s, meeting_path(m, "/agenda")) == before);

    REQUIRE(s.patch("/api/v1/agenda/" + std::to_string(a), {{"position", 3}}, s.coordinator()).status == 200);
    CHECK(list_all(s, meeting_path(m, "/agenda"))[2]["id"] == a);
    REQUIRE(s.del("/api/v1/agenda/" + std::to_string(c), s.coordinator()).status == 204);
    items = list_all(s, meeting_path(m, "/agenda"));
    REQUIRE(items.size() == 2);
    CHECK(items[1]["position"] == 2);
    CHECK(s.get("/api/v1/agenda/" + std::to_string(c), s.coordinator()).status == 404);
}

TEST_CASE("a cached meeting is never served after a write changed or removed it", "[meetings][cache][api]")
{
    test_server s;
    auto id = create_meeting(s);
    auto path = meeting_path(id);
    auto first = s.get(path, s.coordinator());
    REQUIRE(first.status == 200);
    // The second read is served from the cache: the same bytes and the same ETag.
    auto again = s.get(path, s.coordinator());
    CHECK(again.body == first.body);
    REQUIRE(!first.header("etag").empty());
    CHECK(again.header("etag") == first.header("etag"));
    for (int i = 1; i <= 5; ++i) {
        auto title = "Sanāksme " + std::to_string(i);
        REQUIRE(s.patch(path, {{"title", title}}, s.coordinator()).status == 200);
        auto read = s.get(path, s.coordinator());
        CHECK(read.j()["title"] == title);
        CHECK(read.header("etag") != first.header("etag"));
    }
    // A write to another resource also starts a new generation, and a member sees the same answer.
    auto org = create_org(s, "Cits");
    CHECK(s.get(path, s.token("member", "Cits", org)).j()["title"] == "Sanāksme 5");
    REQUIRE(s.del(path, s.coordinator()).status == 204);
    require_problem(s.get(path, s.coordinator()), 404);
}
