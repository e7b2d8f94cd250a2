// Links and addresses in the mail people get: the minutes link, Reply-To and ORGANIZER, the
// calendar attachment's type, international addresses, test sends and the mail configuration.
#include "support/fixtures.hpp"

#include <fstream>
#include <regex>

using namespace sanaksme::test;

namespace {

std::vector<std::string> mail_args(const smtp_sink& sink, std::vector<std::string> more = {})
{
    std::vector<std::string> args{"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1",
                                  "--mail-retry-seconds", "1", "--public-url", "http://127.0.0.1:1",
                                  "--mail-from", "Sanāksme <no-reply@platforma.example>"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// The path of a link in a message body, e.g. "/minutes/…".
std::string link_path(const std::string& text, const std::string& kind)
{
    std::smatch m;
    std::regex re("http://127\\.0\\.0\\.1:1(/" + kind + "/[A-Za-z0-9_.-]+)");
    INFO(text);
    REQUIRE(std::regex_search(text, m, re));
    return m[1];
}

struct one_invitee {
    std::int64_t org = 0, person = 0, meeting = 0;
};

one_invitee invited(test_server& s, const std::string& email = "agita@pdm.example")
{
    one_invitee o;
    o.org = create_org(s, "Biedrība „Drošā māja”");
    o.person = create_person(s, o.org, "Agita Misāne", {{"email", email}, {"email_consent", true}});
    o.meeting = create_meeting(s, {{"title", "NVO Dialoga platformas sestā tikšanās"}, {"status", "scheduled"}});
    invite_all(s, o.meeting);
    return o;
}

} // namespace

TEST_CASE("the minutes email's link opens the minutes without a token, offers their PDF and carries it", "[mail_links][minutes][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto o = invited(s);
    REQUIRE(s.put(meeting_path(o.meeting, "/minutes"), {{"summary", "Vienojāmies par nākamo soli."}, {"status", "circulated"}},
                  s.organizer_token())
                .status == 200);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    const auto& mail = messages[0];
    CHECK(mail["defects"] == 0);
    auto pdf_name = "minutes-" + std::to_string(o.meeting) + "-lv.pdf";
    REQUIRE(mail.contains("attachment_parts"));
    REQUIRE(mail["attachment_parts"].size() == 1);
    CHECK(mail["attachment_parts"][0]["filename"] == pdf_name);
    CHECK(mail["attachment_parts"][0]["content_type"] == "application/pdf");
    CHECK(mail["attachment_parts"][0]["magic"] == "%PDF-");

    auto path = link_path(mail["text"], "minutes");
    CHECK(mail["html"].get<std::string>().find(path) != std::string::npos);
    auto page = s.get(path, "");
    REQUIRE(page.status == 200);
    CHECK(page.header("content-type") == "text/html; charset=utf-8");
    CHECK(page.header("referrer-policy") == "no-referrer");
    CHECK(page.body.find("Vienojāmies par nākamo soli.") != std::string::npos);
    CHECK(page.body.find("<meta name=\"viewport\"") != std::string::npos);
    std::smatch href;
    REQUIRE(std::regex_search(page.body, href, std::regex("href=\"([^\"]+\\.pdf)\"")));
    // Relative to the page: /minutes/{signed} + "{signed}/minutes-….pdf" is /minutes/{signed}/minutes-….pdf.
    auto pdf_path = "/minutes/" + std::string(href[1]);
    CHECK(pdf_path == path + "/" + pdf_name);
    auto pdf = s.get(pdf_path, "");
    REQUIRE(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(pdf.body.starts_with("%PDF-"));

    SECTION("a tampered link, another file name and another purpose's link open nothing")
    {
        auto tampered = path;
        tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
        CHECK(s.get(tampered, "").status == 400);
        CHECK(s.get(tampered + "/" + pdf_name, "").status == 400);
        CHECK(s.get(path + "/minutes-1-en.docx", "").status == 404);
        auto unsubscribe = link_path(mail["text"], "unsubscribe");
        CHECK(s.get("/minutes/" + unsubscribe.substr(std::string("/unsubscribe/").size()), "").status == 400);
    }
    SECTION("minutes made a draft again are not shown")
    {
        REQUIRE(s.put(meeting_path(o.meeting, "/minutes"), {{"summary", "Melnraksts"}, {"status", "draft"}}, s.organizer_token())
                    .status == 200);
        auto draft = s.get(path, "");
        CHECK(draft.status == 404);
        CHECK(draft.body.find("Melnraksts") == std::string::npos);
        CHECK(s.get(pdf_path, "").status == 404);
    }
}

TEST_CASE("replies and calendar answers go to the platform contact; the attachment is text/calendar", "[mail_links][ical][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink, {"--reply-to", "NVO dialoga platforma <platforma@riga.example>"}));
    auto o = invited(s);
    REQUIRE(s.post(meeting_path(o.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    const auto& mail = messages[0];
    CHECK(mail["defects"] == 0);
    CHECK(mail["from"] == "Sanāksme <no-reply@platforma.example>");
    CHECK(mail["reply_to"] == "NVO dialoga platforma <platforma@riga.example>");
    const auto& event = mail["calendar"]["events"][0];
    CHECK(event["organizer"] == "mailto:platforma@riga.example");
    CHECK(event["organizer_cn"] == "NVO dialoga platforma");
    REQUIRE(mail["attachment_parts"].size() == 1);
    CHECK(mail["attachment_parts"][0]["filename"] == "invite.ics");
    CHECK(mail["attachment_parts"][0]["content_type"] == "text/calendar");
    CHECK(mail["attachment_parts"][0]["method"] == "REQUEST");
}

TEST_CASE("readyz reports mail that cannot reach people with working links; the start warns about the public URL", "[mail_links][health][api]")
{
    smtp_sink sink;
    SECTION("a relay with the default public URL")
    {
        test_server s({"--smtp-url", sink.url()});
        auto r = s.get("/readyz", "");
        require_problem(r, 503);
        CHECK(r.j()["detail"].get<std::string>().find("--public-url") != std::string::npos);
        CHECK(s.get("/healthz", "").status == 200);
    }
    SECTION("a relay with a From that has no address")
    {
        test_server s({"--smtp-url", sink.url(), "--public-url", "https://sanaksme.example", "--mail-from", "Sanāksme"});
        auto r = s.get("/readyz", "");
        require_problem(r, 503);
        CHECK(r.j()["detail"].get<std::string>().find("--mail-from") != std::string::npos);
    }
    SECTION("a platform contact that is no address")
    {
        test_server s({"--reply-to", "NVO dialoga platforma"});
        auto r = s.get("/readyz", "");
        require_problem(r, 503);
        CHECK(r.j()["detail"].get<std::string>().find("--reply-to") != std::string::npos);
    }
    SECTION("mail configured completely is ready")
    {
        test_server s({"--smtp-url", sink.url(), "--public-url", "https://sanaksme.example", "--reply-to",
                       "NVO dialoga platforma <platforma@riga.example>"});
        CHECK(s.get("/readyz", "").status == 200);
    }
    SECTION("no relay at all is ready: mail waits")
    {
        test_server s;
        CHECK(s.get("/readyz", "").status == 200);
    }
    SECTION("the start log warns when the public URL is unset or not https")
    {
        auto log = temp_dir() + "/stderr.log";
        setenv("SANAKSME_TEST_STDERR", log.c_str(), 1);
        {
            test_server unset;
            test_server plain({"--public-url", "http://sanaksme.example"});
            test_server tls({"--public-url", "https://sanaksme.example"});
        }
        unsetenv("SANAKSME_TEST_STDERR");
        std::ifstream in(log);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::size_t warnings = 0;
        for (std::size_t at = 0; (at = text.find("\"mail_config_warning\"", at)) != std::string::npos; ++at)
            ++warnings;
        CHECK(warnings == 2);
        CHECK(text.find("--public-url is not set") != std::string::npos);
        CHECK(text.find("is not https://") != std::string::npos);
    }
}

TEST_CASE("an address with letters such as Ņ before the @ is refused at the API; an IDN domain goes out as punycode", "[mail_links][addresses][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto o = invited(s, "anna@rīga.example");
    auto people = list_all(s, "/api/v1/organizations/" + std::to_string(o.org) + "/people");
    for (const json& body : {json{{"name", "Ilona Ņikiforova"}, {"email", "ilona.Ņikiforova@org20.example"}},
                             json{{"name", "Ilona"}, {"email", "ilona@org20..example"}}}) {
        auto r = s.post("/api/v1/organizations/" + std::to_string(o.org) + "/people", body, s.coordinator());
        require_problem(r, 422);
        CHECK(r.j()["errors"][0]["field"] == "email");
    }
    auto refused = s.post("/api/v1/organizations/" + std::to_string(o.org) + "/people",
                          {{"name", "Ilona Ņikiforova"}, {"email", "ilona.Ņikiforova@org20.example"}}, s.coordinator());
    CHECK(refused.j()["errors"][0]["message"].get<std::string>().find("ASCII") != std::string::npos);
    require_problem(s.patch("/api/v1/people/" + std::to_string(o.person), {{"email", "agita.Misāne@pdm.example"}}, s.coordinator()), 422);
    require_problem(s.post(meeting_path(o.meeting, "/reminders"), {{"kind", "invitation"}, {"test_to", "tēsts@pdm.example"}},
                           s.organizer_token()),
                    422);
    CHECK(list_all(s, "/api/v1/organizations/" + std::to_string(o.org) + "/people") == people);
    CHECK(list_all(s, "/api/v1/outbox").empty());

    REQUIRE(s.post(meeting_path(o.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["envelope_to"] == "anna@xn--rga-uta.example");
    CHECK(messages[0]["to"] == "Agita Misāne <anna@xn--rga-uta.example>");
    CHECK(messages[0]["calendar"]["events"][0]["attendees"] == json({"mailto:anna@xn--rga-uta.example"}));
    CHECK(messages[0]["defects"] == 0);
    CHECK(list_all(s, "/api/v1/outbox")[0]["status"] == "sent");
}

TEST_CASE("a test send shows the first invitee's message; its links open a page saying it was a test", "[mail_links][test_send][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto o = invited(s);
    auto r = s.post(meeting_path(o.meeting, "/reminders"), {{"kind", "invitation"}, {"test_to", "tester@example.org"}},
                    s.organizer_token());
    REQUIRE(r.status == 201);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    const auto& mail = messages[0];
    CHECK(mail["envelope_to"] == "tester@example.org");
    auto text = mail["text"].get<std::string>();
    CHECK(text.find("Labdien, Agita Misāne!") != std::string::npos);
    CHECK(text.find("tester@example.org") == std::string::npos);
    for (const char* kind : {"rsvp", "unsubscribe"}) {
        auto path = link_path(text, kind);
        auto page = s.get(path, "");
        INFO(kind << " " << page.body);
        CHECK(page.status == 200);
        CHECK(page.body.find("izmēģinājuma") != std::string::npos);
        if (std::string(kind) == "rsvp")
            CHECK(page.body.find("NVO Dialoga platformas sestā tikšanās") != std::string::npos);
        auto posted = s.raw_body("POST", path, std::string(kind) == "rsvp" ? "response=yes" : "unsubscribe=1",
                                 "application/x-www-form-urlencoded", "");
        CHECK(posted.status == 200);
        CHECK(posted.body.find("izmēģinājuma") != std::string::npos);
    }
    CHECK(s.get(meeting_path(o.meeting, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 0);
    CHECK(s.get("/api/v1/people/" + std::to_string(o.person), s.coordinator()).j()["email_consent"] == true);
}

TEST_CASE("minutes sent by hand carry their PDF too", "[mail_links][minutes][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto o = invited(s);
    REQUIRE(s.put(meeting_path(o.meeting, "/minutes"), {{"summary", "Vienojāmies."}}, s.organizer_token()).status == 200);
    REQUIRE(s.post(meeting_path(o.meeting, "/minutes/approve"), json::object(), s.coordinator()).status == 200);
    REQUIRE(s.post(meeting_path(o.meeting, "/reminders"), {{"kind", "minutes"}}, s.organizer_token()).status == 201);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    REQUIRE(messages[0]["attachment_parts"].size() == 1);
    CHECK(messages[0]["attachment_parts"][0]["content_type"] == "application/pdf");
    CHECK(messages[0]["attachment_parts"][0]["magic"] == "%PDF-");
}
