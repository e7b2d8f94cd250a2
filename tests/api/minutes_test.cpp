#include "support/fixtures.hpp"

#include <fstream>

using namespace sanaksme::test;

namespace {

// Writes the body to a file and reads it with tests/support/py/read_export.py.
json read_export(const std::string& kind, const std::string& body)
{
    auto path = temp_dir() + "/export." + kind;
    std::ofstream(path, std::ios::binary) << body;
    auto [code, out] = run_program("/usr/bin/python3", {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_export.py", kind, path});
    REQUIRE(code == 0);
    std::filesystem::remove_all(std::filesystem::path(path).parent_path());
    return json::parse(out);
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// Rejoins text a PDF may have broken across lines.
std::string squeeze(std::string s)
{
    std::string out;
    for (char c : s)
        if (c != '\n' && c != ' ')
            out += c;
    return out;
}

} // namespace

TEST_CASE("minutes are saved in versions, approved by a coordinator, then frozen", "[minutes][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto path = meeting_path(1, "/minutes");
    auto empty = s.get(path, s.coordinator());
    REQUIRE(empty.status == 200);
    CHECK(empty.j()["version"] == 0);
    CHECK(empty.j()["attendance"]["summary"]["people_present"] == 19);
    CHECK(empty.j()["agenda"].size() == 5);

    json body = {{"summary", "Iepazīties ar aktualitātēm Rīcības plāna izpildē."},
                 {"items", {{{"agenda_item_id", 2}, {"notes", "Latvija uzņēmusi 346 jeb 65 %."}, {"decisions", {"Turpināt"}}}}},
                 {"action_items", {{{"text", "Sagatavot informatīvo ziņojumu"}, {"owner", "Iekšlietu ministrija"}, {"due", "2017-11-01"}}}},
                 {"next_meeting", {{"meeting_id", 2}}}};
    auto first = s.request("PUT", path, body, s.organizer_token(), {{"If-Match", empty.header("etag")}});
    REQUIRE(first.status == 200);
    CHECK(first.j()["version"] == 1);
    auto stale = s.request("PUT", path, body, s.organizer_token(), {{"If-Match", empty.header("etag")}});
    require_problem(stale, 412);
    body["summary"] = "Otrā redakcija.";
    REQUIRE(s.put(path, body, s.organizer_token()).status == 200);

    auto before = s.get(path, s.coordinator()).j();
    require_problem(s.put(path, {{"items", {{{"agenda_item_id", 999}}}}}, s.organizer_token()), 422);
    require_problem(s.put(path, {{"action_items", {{{"owner", "X"}}}}}, s.organizer_token()), 422);
    require_problem(s.put(path, {{"status", "approved"}}, s.organizer_token()), 422);
    require_problem(s.put(path, {{"attendance", json::object()}}, s.organizer_token()), 422);
    require_problem(s.put(path, {{"next_meeting", {{"meeting_id", 999}}}}, s.organizer_token()), 422);
    CHECK(s.get(path, s.coordinator()).j() == before);

    require_problem(s.post(path + "/approve", json::object(), s.organizer_token()), 403);
    auto approved = s.post(path + "/approve", json::object(), s.coordinator());
    REQUIRE(approved.status == 200);
    CHECK(approved.j()["status"] == "approved");
    CHECK(approved.j()["approved_by"] == "Test coordinator");
    CHECK(approved.j()["approved_at"].is_string());
    require_problem(s.put(path, body, s.organizer_token()), 409);
    require_problem(s.post(path + "/approve", json::object(), s.coordinator()), 409);
    auto versions = s.get(path + "/versions", s.coordinator()).j()["items"];
    REQUIRE(versions.size() == 3);
    CHECK(versions[0]["body"]["summary"] == "Iepazīties ar aktualitātēm Rīcības plāna izpildē.");
    CHECK(versions[2]["status"] == "approved");
}

TEST_CASE("the seed's fifth meeting gives Latvian minutes whose figures and names match the seed", "[minutes][seed][api]")
{
    test_server s({"--scheduler", "false"}, true);
    REQUIRE(s.put(meeting_path(1, "/minutes"),
                  {{"summary", "Tikšanās mērķis bija iepazīties ar aktualitātēm <Rīcības plāna> izpildē & projektiem."},
                   {"next_meeting", {{"date", "2017-11-23"}, {"place", "Rīga"}, {"topic", "pašvaldību pieredze integrācijā"}}}},
                  s.organizer_token())
                .status == 200);
    auto md = s.get(meeting_path(1, "/minutes.md"), s.coordinator());
    REQUIRE(md.status == 200);
    CHECK(md.header("content-type") == "text/markdown; charset=utf-8");
    for (const char* expected : {"2017\\. gada 21. septembrī", "Piedalījās 19 pārstāvji no 16 organizācijām; platformā ir 25 dalīborganizācijas",
                                 "Sandis Barks", "Inese Janiša", "Ramils Kadirovs", "Informācijas centrs imigrantiem",
                                 "Nākamā tikšanās notiks 2017. gada 23. novembrī"})
        CHECK(contains(md.body, expected));

    auto html = s.get(meeting_path(1, "/minutes.html"), s.coordinator()).body;
    CHECK(contains(html, "&lt;Rīcības plāna&gt; izpildē &amp; projektiem"));
    CHECK_FALSE(contains(html, "<Rīcības plāna>"));
    CHECK(contains(html, "<html lang=\"lv\">"));
    CHECK(contains(md.body, "\\<Rīcības plāna>")); // ">" means something only at a line start
    auto en = s.get(meeting_path(1, "/minutes.txt?lang=en"), s.coordinator()).body;
    CHECK(contains(en, "Present: 19 representatives of 16 organizations; the platform has 25 member organizations."));
    CHECK(contains(en, "Thursday, 21 September 2017"));
    require_problem(s.get(meeting_path(1, "/minutes.md?lang=de"), s.coordinator()), 400);

    auto news = s.get(meeting_path(1, "/minutes.md?style=news"), s.coordinator()).body;
    CHECK(contains(news, "# Notikusi NVO Dialoga platformas piektā tikšanās"));
    CHECK(contains(news, "kurā piedalījās 19 pārstāvji no 16 organizācijām; platformā ir 25 dalīborganizācijas"));
    CHECK(contains(news, "Sandis Barks (Iekšlietu ministrija)"));
    CHECK_FALSE(contains(news, "@")); // no contact data of anyone
    CHECK_FALSE(contains(news, ".example"));
}

TEST_CASE("PDF and DOCX minutes carry real Latvian text", "[minutes][exports][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto pdf = s.get(meeting_path(1, "/minutes.pdf"), s.coordinator());
    REQUIRE(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    auto text = read_export("pdf", pdf.body)["text"].get<std::string>();
    CHECK(contains(text, "2017. gada 21. septembrī"));
    CHECK(contains(squeeze(text), squeeze("Piedalījās 19 pārstāvji no 16 organizācijām")));
    CHECK(contains(text, "Latgolys entuziastu grupa „Biļdis”"));
    CHECK(contains(text, "Ģērmanis"));

    auto docx = s.get(meeting_path(1, "/minutes.docx?lang=en"), s.coordinator());
    REQUIRE(docx.status == 200);
    auto d = read_export("docx", docx.body);
    CHECK(d["title"] == "Minutes: NVO Dialoga platformas piektā tikšanās");
    CHECK(d["paragraphs"][0] == "Minutes: NVO Dialoga platformas piektā tikšanās");
    CHECK(d["styles"][0] == "Title");
    CHECK(contains(d["paragraphs"].dump(), "Present: 19 representatives of 16 organizations"));
    CHECK(contains(d["tables"].dump(), "Ņikiforova")); // the roll-call is a table now (issue 13)
}

TEST_CASE("the attendance sheet is RFC 4180 UTF-8 with a BOM and neutralised formulas", "[attendance][csv][api]")
{
    test_server s({"--scheduler", "false"});
    auto org = create_org(s, "=HYPERLINK(\"http://evil.example\",\"x\")");
    auto p = create_person(s, org, "Jānis, \"Džons\" Bērziņš");
    auto m = create_meeting_today(s);
    REQUIRE(s.put(meeting_path(m, "/attendance/" + std::to_string(p)), json::object(), s.coordinator()).status == 201);
    REQUIRE(s.post(meeting_path(m, "/attendance"), {{"name", "@SUM(A1)"}, {"organization_name", "+Viesi"}}, s.coordinator()).status == 201);
    auto r = s.get(meeting_path(m, "/attendance.csv"), s.coordinator());
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type").starts_with("text/csv"));
    auto csv = read_export("csv", r.body);
    CHECK(csv["bom"] == true);
    auto rows = csv["rows"];
    REQUIRE(rows.size() == 3);
    CHECK(rows[0][0] == "Organizācija");
    CHECK(rows[1][0] == "'=HYPERLINK(\"http://evil.example\",\"x\")");
    CHECK(rows[1][3] == "Jānis, \"Džons\" Bērziņš");
    CHECK(rows[2][0] == "'+Viesi");
    CHECK(rows[2][3] == "'@SUM(A1)");
}

TEST_CASE("calendars: one meeting and a feed of scheduled ones, read by an iCalendar parser", "[calendar][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto one = s.get(meeting_path(2, "/calendar.ics"), "");
    REQUIRE(one.status == 200);
    auto cal = read_export("ics", one.body);
    CHECK(cal["timezones"] == json({"Europe/Riga"}));
    REQUIRE(cal["events"].size() == 1);
    CHECK(cal["events"][0]["dtstart"] == "2017-11-23T10:00:00+02:00");
    CHECK(cal["events"][0]["summary"] == "NVO Dialoga platformas sestā tikšanās");
    create_meeting(s, {{"status", "scheduled"}, {"title", "Vasaras tikšanās"}, {"starts_at", "2030-06-10T10:00:00+03:00"},
                       {"ends_at", nullptr}});
    create_meeting(s, {{"title", "Melnraksts"}});
    auto feed = read_export("ics", s.get("/api/v1/calendar.ics", "").body);
    REQUIRE(feed["events"].size() == 2);
    CHECK(feed["events"][1]["dtstart"] == "2030-06-10T10:00:00+03:00");
    CHECK(s.get(meeting_path(4, "/calendar.ics"), "").status == 404); // a draft is not public
}

TEST_CASE("participation report as CSV and as an SVG chart", "[reports][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto r = s.get("/api/v1/reports/participation.csv?from=2017-01-01&to=2018-01-01&lang=en", s.coordinator());
    REQUIRE(r.status == 200);
    auto rows = read_export("csv", r.body)["rows"];
    CHECK(rows[0][0] == "Section"); // headers are translated now (issue 13): English here
    CHECK(rows[1] == json({"meeting", "1", "NVO Dialoga platformas piektā tikšanās", "2017-09-21", "28", "19", "16", "25", ""}));
    auto svg = s.get("/api/v1/reports/participation.svg", s.coordinator());
    CHECK(svg.header("content-type") == "image/svg+xml");
    CHECK(contains(svg.body, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(contains(svg.body, "21.09.2017.")); // dates in the reader's language now (issue 13), Latvian by default
    require_problem(s.get("/api/v1/reports/participation.csv", s.token("member", "M", 1)), 403);
}

TEST_CASE("open action items carry forward to the next meeting until marked done", "[minutes][api]")
{
    test_server s({"--scheduler", "false"}, true);
    REQUIRE(s.put(meeting_path(1, "/minutes"), {{"action_items", {{{"text", "Sagatavot ziņojumu"}, {"owner", "IeM"}}, {{"text", "Jau izdarīts"}, {"done", true}}}}},
                  s.organizer_token())
                .status == 200);
    auto next = s.get(meeting_path(2, "/minutes"), s.coordinator()).j();
    REQUIRE(next["open_action_items"].size() == 1);
    CHECK(next["open_action_items"][0]["text"] == "Sagatavot ziņojumu");
    CHECK(next["open_action_items"][0]["from_meeting_id"] == 1);
    CHECK(contains(s.get(meeting_path(2, "/minutes.txt"), s.coordinator()).body, "Sagatavot ziņojumu"));
    REQUIRE(s.put(meeting_path(2, "/minutes"), {{"action_items", {{{"text", "Sagatavot ziņojumu"}, {"done", true}, {"from_meeting_id", 1}}}}},
                  s.organizer_token())
                .status == 200);
    CHECK(s.get(meeting_path(2, "/minutes"), s.coordinator()).j()["open_action_items"].empty());
}

TEST_CASE("circulating minutes sends the 'minutes available' email to invitees", "[minutes][email][api]")
{
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1", "--mail-retry-seconds", "1"});
    auto org = create_org(s, "A");
    create_person(s, org, "Anna", {{"email", "anna@a.example"}, {"email_consent", true}});
    auto m = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, m);
    REQUIRE(s.put(meeting_path(m, "/minutes"), {{"summary", "S"}, {"status", "circulated"}}, s.organizer_token()).status == 200);
    auto mail = sink.wait_for(1);
    REQUIRE(mail.size() == 1);
    CHECK(mail[0]["subject"].get<std::string>().starts_with("Protokols: "));
    // A signed link that opens without a token (issue 14), not the API's minutes.html.
    CHECK(contains(mail[0]["text"], "http://127.0.0.1:8080/minutes/"));
    CHECK_FALSE(contains(mail[0]["text"], "/minutes.html?lang=lv"));
}
