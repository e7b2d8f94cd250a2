// The pages a person opens from an email: whom they speak for, the note and substitute, the
// redirect after a POST, check-in shown once done, and each page in a real browser at two sizes.
#include "support/fixtures.hpp"

#include <filesystem>
#include <fstream>
#include <regex>

using namespace sanaksme::test;

namespace {

std::vector<std::string> page_args(const smtp_sink& sink)
{
    return {"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1", "--mail-retry-seconds", "1",
            "--public-url", "http://127.0.0.1:1", "--mail-from", "Sanāksme <no-reply@platforma.example>",
            "--reply-to", "NVO dialoga platforma <platforma@riga.example>"};
}

std::string link_path(const std::string& text, const std::string& kind)
{
    std::smatch m;
    std::regex re("http://127\\.0\\.0\\.1:1(/" + kind + "/[A-Za-z0-9_.-]+)");
    INFO(text);
    REQUIRE(std::regex_search(text, m, re));
    return m[1];
}

bool has(const std::string& body, const std::string& part) { return body.find(part) != std::string::npos; }

struct people_and_meeting {
    std::int64_t org = 0, person = 0, meeting = 0;
};

people_and_meeting setup(test_server& s, json meeting)
{
    people_and_meeting o;
    o.org = create_org(s, "Biedrība „Drošā māja”");
    o.person = create_person(s, o.org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    meeting["title"] = "NVO Dialoga platformas sestā tikšanās";
    meeting["status"] = "scheduled";
    meeting["venue"] = {{"name", "Rīgas dome"}, {"address", "Rātslaukums 1, Rīga"}};
    o.meeting = create_meeting(s, meeting);
    invite_all(s, o.meeting);
    return o;
}

// The link of one kind from the newest message whose subject starts with `subject`.
std::string link_from(const smtp_sink& sink, std::size_t n, const std::string& subject, const std::string& kind)
{
    auto messages = sink.wait_for(n);
    for (auto m = messages.rbegin(); m != messages.rend(); ++m)
        if ((*m)["subject"].get<std::string>().starts_with(subject))
            return link_path((*m)["text"], kind);
    FAIL("no message " << subject);
    return "";
}

// Width and height of a PNG file (its IHDR), or {0, 0}.
std::pair<unsigned, unsigned> png_size(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    unsigned char h[24] = {};
    in.read(reinterpret_cast<char*>(h), sizeof h);
    if (!in || h[1] != 'P' || h[2] != 'N' || h[3] != 'G')
        return {0, 0};
    auto be = [&](int at) { return unsigned(h[at]) << 24 | unsigned(h[at + 1]) << 16 | unsigned(h[at + 2]) << 8 | h[at + 3]; };
    return {be(16), be(20)};
}

} // namespace

TEST_CASE("the RSVP page names the platform, the person, the deadline and the contact; a note and a substitute are kept",
          "[pages][rsvp][api]")
{
    smtp_sink sink;
    test_server s(page_args(sink));
    auto o = setup(s, {{"rsvp_deadline", "2030-11-20T17:00:00+02:00"}});
    REQUIRE(s.post(meeting_path(o.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto rsvp = link_from(sink, 1, "Ielūgums", "rsvp");

    auto page = s.get(rsvp, "");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "<header>NVO dialoga platforma</header>"));
    CHECK(has(page.body, "Agita Misāne (Biedrība „Drošā māja”)"));
    CHECK(has(page.body, "2030. gada 20. novembrī"));
    CHECK(has(page.body, "<a href=\"mailto:platforma@riga.example\">platforma@riga.example</a>"));
    CHECK(has(page.body, "<label for=\"note\">"));
    CHECK(has(page.body, "<label for=\"substitute\">"));

    auto done = s.raw_body("POST", rsvp, "response=no&note=Slimoju+ar+gripu&substitute=Rasa+Sali%C5%86a",
                           "application/x-www-form-urlencoded", "");
    REQUIRE(done.status == 303);
    CHECK(done.header("location") == rsvp + "?saved=1");
    auto answers = s.get(meeting_path(o.meeting, "/rsvps"), s.coordinator()).j()["items"];
    REQUIRE(answers.size() == 1);
    CHECK(answers[0]["response"] == "no");
    CHECK(answers[0]["note"] == "Slimoju ar gripu\nAizvietotājs: Rasa Saliņa");
    auto after = s.get(done.header("location"), "");
    CHECK(after.status == 200);
    CHECK(has(after.body, "Paldies! Jūsu atbilde ir saglabāta."));
    CHECK(has(after.body, "Nepiedalīšos"));
    CHECK(has(after.body, "Aizvietotājs: Rasa Saliņa"));

    // Too long a note is refused with the form as typed; the answer stays as it was.
    auto audit = s.get("/api/v1/audit?limit=1", s.coordinator()).j()["items"][0]["id"];
    auto refused = s.raw_body("POST", rsvp, "response=yes&note=" + std::string(2001, 'x'), "application/x-www-form-urlencoded", "");
    CHECK(refused.status == 422);
    CHECK(has(refused.body, "2000"));
    CHECK(s.get(meeting_path(o.meeting, "/rsvps"), s.coordinator()).j()["items"] == answers);
    CHECK(s.get("/api/v1/audit?limit=1", s.coordinator()).j()["items"][0]["id"] == audit);
}

TEST_CASE("check-in by link answers 303 and then shows when, instead of the button again", "[pages][checkin][api]")
{
    smtp_sink sink;
    test_server s(page_args(sink));
    auto o = setup(s, {{"starts_at", utc_from_now()}, {"ends_at", nullptr}});
    REQUIRE(s.post(meeting_path(o.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
    auto checkin = link_from(sink, 1, "Atgādinājums", "checkin");
    auto before = s.get(checkin, "");
    REQUIRE(before.status == 200);
    CHECK(has(before.body, "<button"));
    auto done = s.raw_body("POST", checkin, "checkin=1", "application/x-www-form-urlencoded", "");
    REQUIRE(done.status == 303);
    auto after = s.get(done.header("location"), "");
    CHECK(has(after.body, "Paldies! Jūsu ierašanās ir reģistrēta."));
    CHECK(has(after.body, "Jau reģistrēts plkst. "));
    CHECK_FALSE(has(after.body, "Jūsu pašreizējā atbilde"));
    CHECK_FALSE(has(after.body, "<button"));
    CHECK(std::regex_search(after.body, std::regex("plkst\\. \\d{1,2}\\.\\d{2}\\.")));
    CHECK(s.get(meeting_path(o.meeting, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 1);
}

TEST_CASE("each page a person opens from an email renders in Chromium on a phone and a desktop", "[pages][screenshots][api]")
{
    smtp_sink sink;
    test_server s(page_args(sink));
    auto o = setup(s, {{"starts_at", utc_from_now(600)}, {"ends_at", nullptr}, {"rsvp_deadline", utc_from_now(300)}});
    REQUIRE(s.post(meeting_path(o.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
    auto checkin = link_from(sink, 1, "Atgādinājums", "checkin");
    auto rsvp = link_from(sink, 1, "Atgādinājums", "rsvp");
    auto unsubscribe = link_from(sink, 1, "Atgādinājums", "unsubscribe");
    REQUIRE(s.put(meeting_path(o.meeting, "/minutes"), {{"summary", "Vienojāmies par nākamo soli: kopīgs ziņojums līdz 1. martam."},
                                                         {"status", "circulated"}},
                  s.organizer_token())
                .status == 200);
    auto minutes = link_from(sink, 2, "Protokols", "minutes");
    REQUIRE(s.raw_body("POST", checkin, "checkin=1", "application/x-www-form-urlencoded", "").status == 303);

    auto artefacts = std::filesystem::path(SANAKSME_BINARY).parent_path() / "artefacts" / "pages";
    std::filesystem::create_directories(artefacts);
    const std::vector<std::pair<std::string, std::string>> pages = {
        {"rsvp", rsvp}, {"checkin_done", checkin + "?saved=1"}, {"unsubscribe", unsubscribe}, {"minutes", minutes},
        {"invalid_link", "/rsvp/nothing.valid"}};
    for (const auto& [name, path] : pages) {
        REQUIRE(s.get(path, "").status == (name == "invalid_link" ? 400u : 200u));
        for (auto [w, h] : {std::pair{390, 844}, std::pair{1280, 800}}) {
            auto file = (artefacts / (name + "-" + std::to_string(w) + "x" + std::to_string(h) + ".png")).string();
            std::filesystem::remove(file);
            auto profile = temp_dir() + "/chromium";
            auto [code, out] = run_program("/usr/bin/chromium",
                                           {"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                            "--disable-component-update", "--disable-sync", "--no-first-run",
                                            "--hide-scrollbars", "--user-data-dir=" + profile, "--screenshot=" + file,
                                            "--window-size=" + std::to_string(w) + "," + std::to_string(h),
                                            "http://127.0.0.1:" + std::to_string(s.port()) + path});
            INFO(name << " " << w << "x" << h << ": " << out);
            CHECK(code == 0);
            CHECK(png_size(file) == std::pair<unsigned, unsigned>(w, h));
        }
    }
}
