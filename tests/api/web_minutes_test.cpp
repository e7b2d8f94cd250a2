// The minutes editor through the real server: notes, decisions and action items saved by form as
// the API reads them, a save over someone else's newer version refused with the text kept, a bad
// due date beside its field, circulate, approve (coordinator only), and the exports by session.
#include "support/web_browser.hpp"

using namespace sanaksme::test;

namespace {

std::string version_of(const std::string& page)
{
    std::smatch m;
    REQUIRE(std::regex_search(page, m, std::regex("name=\"version\" value=\"([0-9]+)\"")));
    return m[1];
}

} // namespace

TEST_CASE("the minutes editor saves notes, decisions and action items, refuses a stale save, circulates and approves",
          "[web][minutes][api]")
{
    test_server s;
    auto meeting = create_meeting(s);
    auto item = s.post(meeting_path(meeting, "/agenda"), {{"title", "Budžets 2031"}}, s.coordinator()).j()["id"].get<std::int64_t>();
    browser org{s}, coord{s};
    sign_in(org, "organizatore@platforma.example", "organizer");
    sign_in(coord, "koordinatore@platforma.example");
    auto path = "/meetings/" + std::to_string(meeting) + "/minutes";

    auto page = org.get(path);
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "Budžets 2031"));
    CHECK(has(page.body, "href=\"" + path + ".pdf\""));
    CHECK_FALSE(has(page.body, "/minutes/approve")); // an organizer does not approve
    auto csrf = csrf_of(page.body);
    // Nothing is written yet: nothing to approve (domain::ensure_approvable).
    CHECK(coord.post(path + "/approve", "csrf=" + csrf_of(coord.get(path).body)).status == 409);
    auto base = std::vector<std::pair<std::string, std::string>>{
        {"csrf", csrf}, {"version", version_of(page.body)}, {"summary", "Īsi par budžetu."},
        {"item_id_0", std::to_string(item)}, {"notes_0", "Apsprieda budžetu."}, {"decisions_0", "Pieņemt budžetu\nPārskatīt martā"},
        {"action_text_0", "Nosūtīt budžetu biedriem"}, {"action_owner_0", "Agita"}, {"action_due_0", "31.12.2030"},
        {"action_text_1", ""}, {"do", "draft"}};

    SECTION("a bad due date is shown beside its row, and nothing is saved")
    {
        auto r = org.post(path, form(base));
        CHECK(r.status == 422);
        CHECK(has(r.body, "href=\"#action_due_0\""));
        CHECK(has(r.body, "Nosūtīt budžetu biedriem")); // what was typed stays
        CHECK(s.get(meeting_path(meeting, "/minutes"), s.coordinator()).j()["version"] == 0);
    }
    base[8].second = "2030-12-31";
    auto r = org.post(path, form(base));
    REQUIRE(r.status == 303);
    CHECK(r.header("location") == path + "?saved=1");
    auto m = s.get(meeting_path(meeting, "/minutes"), s.coordinator()).j();
    CHECK(m["version"] == 1);
    CHECK(m["status"] == "draft");
    CHECK(m["summary"] == "Īsi par budžetu.");
    REQUIRE(m["items"].size() == 1);
    CHECK(m["items"][0]["decisions"] == json({"Pieņemt budžetu", "Pārskatīt martā"}));
    REQUIRE(m["action_items"].size() == 1);
    CHECK(m["action_items"][0]["owner"] == "Agita");
    CHECK(m["action_items"][0]["due"] == "2030-12-31");

    // The coordinator opened version 1 too; the organizer saves version 2 first.
    auto theirs = coord.get(path);
    auto again = base;
    again[1].second = "1";
    again[2].second = "Organizatores teksts.";
    REQUIRE(org.post(path, form(again)).status == 303);
    auto stale = base;
    stale[0].second = csrf_of(theirs.body);
    stale[1].second = version_of(theirs.body);
    stale[2].second = "Koordinatores teksts.";
    r = coord.post(path, form(stale));
    CHECK(r.status == 409);
    CHECK(has(r.body, "Koordinatores teksts.")); // their text is kept for them
    CHECK(s.get(meeting_path(meeting, "/minutes"), s.coordinator()).j()["summary"] == "Organizatores teksts.");

    // Circulated minutes are approved by the coordinator only.
    auto latest = org.get(path);
    auto circulate = base;
    circulate[1].second = version_of(latest.body);
    circulate.back().second = "circulate";
    REQUIRE(org.post(path, form(circulate)).status == 303);
    CHECK(s.get(meeting_path(meeting, "/minutes"), s.coordinator()).j()["status"] == "circulated");
    CHECK(org.post(path + "/approve", "csrf=" + csrf).status == 403);
    auto now = coord.get(path);
    CHECK(has(now.body, "/minutes/approve"));
    REQUIRE(coord.post(path + "/approve", "csrf=" + csrf_of(now.body)).status == 303);
    m = s.get(meeting_path(meeting, "/minutes"), s.coordinator()).j();
    CHECK(m["status"] == "approved");
    CHECK(has(m["approved_by"].get<std::string>(), "(web)"));
    auto done = coord.get(path);
    CHECK_FALSE(has(done.body, "name=\"summary\"")); // approved minutes are not edited
    CHECK(org.post(path, form(circulate)).status == 409);

    // The exports come by the session, no token in the link; a representative gets none.
    auto pdf = org.get(path + ".pdf");
    CHECK(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(pdf.body.starts_with("%PDF"));
    CHECK(has(org.get(path + ".md").body, "Pieņemt budžetu"));
    CHECK(org.get("/meetings/" + std::to_string(meeting) + "/attendance.csv").status == 200);
    browser anon{s};
    CHECK(anon.get(path + ".pdf").status == 303);
}
