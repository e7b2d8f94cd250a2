// Bad minutes bodies: each gets a 422 naming every field to blame, and changes nothing.
#include "support/fixtures.hpp"

#include <set>

using namespace sanaksme::test;

namespace {

std::multiset<std::string> fields_of(const reply& r)
{
    std::multiset<std::string> out;
    auto body = r.j();
    for (const auto& e : body["errors"])
        out.insert(e["field"].get<std::string>());
    return out;
}

} // namespace

TEST_CASE("a minutes body is checked field by field: every field to blame is named once", "[minutes][input][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto path = meeting_path(1, "/minutes");
    auto before = s.get(path, s.coordinator()).j();
    auto refused = [&](const json& body) {
        auto r = s.put(path, body, s.organizer_token());
        require_problem(r, 422);
        return fields_of(r);
    };
    CHECK(refused({{"foo", 1}, {"version", 3}, {"summary", 5}}) == std::multiset<std::string>{"foo", "summary", "version"});
    CHECK(refused({{"items", {1, {{"agenda_item_id", "2"}, {"notes", 7}, {"decisions", "x"}, {"extra", 1}}}}}) ==
          std::multiset<std::string>{"items[0]", "items[1].agenda_item_id", "items[1].decisions", "items[1].extra",
                                     "items[1].notes"});
    CHECK(refused({{"items", {{{"agenda_item_id", 999}, {"decisions", {1, "", nullptr, "ok"}}}}}}) ==
          std::multiset<std::string>{"items[0].agenda_item_id", "items[0].decisions", "items[0].decisions",
                                     "items[0].decisions"});
    CHECK(refused({{"items", 5}}) == std::multiset<std::string>{"items"});
    CHECK(refused({{"action_items", {{{"owner", "X"}}}}}) == std::multiset<std::string>{"action_items[0].text"});
    CHECK(refused({{"next_meeting", {{"meeting_id", "x"}, {"date", "2017-02-30"}, {"place", 7}, {"q", 1}}}}) ==
          std::multiset<std::string>{"next_meeting.date", "next_meeting.meeting_id", "next_meeting.place", "next_meeting.q"});
    CHECK(refused({{"next_meeting", {{"meeting_id", 999}}}}) == std::multiset<std::string>{"next_meeting.meeting_id"});
    CHECK(refused({{"status", nullptr}}) == std::multiset<std::string>{"status"});
    CHECK(refused({{"meeting_id", 1}, {"open_action_items", json::array()}}) ==
          std::multiset<std::string>{"meeting_id", "open_action_items"});
    CHECK(s.get(path, s.coordinator()).j() == before);
}

TEST_CASE("an action item whose done or text is of the wrong type is refused with 422, not a server error",
          "[minutes][input][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto path = meeting_path(1, "/minutes");
    auto before = s.get(path, s.coordinator()).j();
    auto r = s.put(path, {{"action_items", {{{"text", "Ziņojums"}, {"done", "yes"}}}}}, s.organizer_token());
    require_problem(r, 422);
    CHECK(fields_of(r) == std::multiset<std::string>{"action_items[0].done"});
    r = s.put(path, {{"action_items", {{{"text", nullptr}, {"done", nullptr}}}}}, s.organizer_token());
    require_problem(r, 422);
    CHECK(fields_of(r) == std::multiset<std::string>{"action_items[0].done", "action_items[0].text"});
    CHECK(s.get(path, s.coordinator()).j() == before);
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("minutes text with a control character is refused: it would break the DOCX and PDF exports", "[minutes][input][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto path = meeting_path(1, "/minutes");
    auto before = s.get(path, s.coordinator()).j();
    for (const json& body : {json{{"summary", "a\x01b"}}, json{{"items", {{{"agenda_item_id", 2}, {"notes", "x\x0b"}}}}},
                             json{{"action_items", {{{"text", "x"}, {"owner", "a\x1f"}}}}}}) {
        auto r = s.put(path, body, s.organizer_token());
        require_problem(r, 422);
        CHECK(fields_of(r).size() == 1);
    }
    CHECK(s.get(path, s.coordinator()).j() == before);
    // Line breaks and tabs are text.
    REQUIRE(s.put(path, {{"summary", "Pirmā rinda.\n\tOtrā rinda."}}, s.organizer_token()).status == 200);
}
