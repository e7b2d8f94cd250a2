#include "support/fixtures.hpp"

#include <regex>
#include <thread>

using namespace sanaksme::test;

namespace {

struct platform {
    std::int64_t meeting = 0;
    std::int64_t lv_person = 0, en_person = 0, second_lv = 0, no_email = 0, no_consent = 0;
};

// Two organizations (Latvian and English speaking), five people of whom three may be emailed,
// and a scheduled meeting in Riga with everyone invited.
platform make_platform(test_server& s)
{
    platform p;
    auto lv_org = create_org(s, "Biedrība „Patvērums „Drošā māja””");
    auto en_org = create_org(s, "International Organization for Migration", {{"kind", "international"}, {"language", "en"}});
    p.lv_person = create_person(s, lv_org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    p.second_lv = create_person(s, lv_org, "Rasa Saliņa", {{"email", "rasa@pdm.example"}, {"email_consent", true}});
    p.no_email = create_person(s, lv_org, "Bez Epasta", {{"email_consent", true}});
    p.no_consent = create_person(s, lv_org, "Bez Piekrišanas", {{"email", "nope@pdm.example"}});
    p.en_person = create_person(s, en_org, "Ilona Nikiforova", {{"email", "ilona@iom.example"}, {"email_consent", true}});
    p.meeting = create_meeting(s, {{"title", "NVO Dialoga platformas sestā tikšanās"},
                                   {"status", "scheduled"},
                                   {"starts_at", "2030-11-23T10:00:00+02:00"},
                                   {"ends_at", "2030-11-23T12:30:00+02:00"},
                                   {"venue", {{"name", "Rīgas dome"}, {"address", "Rātslaukums 1, Rīga"}}}});
    REQUIRE(s.post(meeting_path(p.meeting, "/agenda"), {{"title", "Pašvaldību pieredze integrācijā"}, {"duration_minutes", 60}},
                   s.coordinator())
                .status == 201);
    invite_all(s, p.meeting);
    return p;
}

std::vector<std::string> mail_args(const smtp_sink& sink)
{
    return {"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1", "--mail-retry-seconds", "1", "--public-url",
            "http://127.0.0.1:1", "--mail-from", "Agita Misāne <agita@pdm.example>"};
}

const json& message_to(const json& messages, const std::string& address)
{
    for (const auto& m : messages)
        if (m["envelope_to"] == address)
            return m;
    FAIL("no message to " << address);
    throw std::logic_error("unreachable");
}

// The path of a link in a message body, e.g. "/rsvp/…".
std::string link_path(const std::string& text, const std::string& kind)
{
    std::smatch m;
    std::regex re("http://127\\.0\\.0\\.1:1(/" + kind + "/[A-Za-z0-9_.-]+)");
    REQUIRE(std::regex_search(text, m, re));
    return m[1];
}

} // namespace

TEST_CASE("invitations arrive once per consenting invitee, in their language, with a calendar", "[email][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto p = make_platform(s);
    auto r = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token());
    REQUIRE(r.status == 201);
    CHECK(r.j()["created"] == 3);
    CHECK(r.j()["skipped_no_email"] == 1);
    CHECK(r.j()["skipped_no_consent"] == 1);

    auto messages = sink.wait_for(3);
    INFO(s.get("/api/v1/outbox", s.coordinator()).body);
    REQUIRE(messages.size() == 3);
    std::set<std::string> to;
    for (const auto& m : messages) {
        to.insert(m["envelope_to"].get<std::string>());
        CHECK(m["defects"] == 0);
        CHECK(m["parts"] == json({"multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar",
                                  "text/calendar"}));
        CHECK(m["calendar_part_method"] == "REQUEST");
        CHECK(m["attachments"] == json({"invite.ics"}));
        CHECK(m["list_unsubscribe_post"] == "List-Unsubscribe=One-Click");
        CHECK(m["list_unsubscribe"].get<std::string>().find("/unsubscribe/") != std::string::npos);
        CHECK(m["from"] == "Agita Misāne <agita@pdm.example>");
        CHECK(m["reply_to"] == "Agita Misāne <agita@pdm.example>");
        CHECK(m["max_line_octets"].get<int>() <= 998);
        const auto& cal = m["calendar"];
        CHECK(cal["timezones"] == json({"Europe/Riga"}));
        REQUIRE(cal["events"].size() == 1);
        CHECK(cal["events"][0]["dtstart"] == "2030-11-23T10:00:00+02:00");
        CHECK(cal["events"][0]["tzid"] == "Europe/Riga");
        CHECK(cal["events"][0]["sequence"] == 0);
        CHECK(cal["events"][0]["summary"] == "NVO Dialoga platformas sestā tikšanās");
        CHECK(cal["events"][0]["organizer"] == "mailto:agita@pdm.example");
        CHECK(cal["events"][0]["attendees"] == json({"mailto:" + m["envelope_to"].get<std::string>()}));
    }
    CHECK(to == std::set<std::string>{"agita@pdm.example", "rasa@pdm.example", "ilona@iom.example"});

    const auto& lv = message_to(messages, "agita@pdm.example");
    CHECK(lv["subject"] == "Ielūgums: NVO Dialoga platformas sestā tikšanās, 2030. gada 23. novembrī");
    CHECK(lv["to"] == "Agita Misāne <agita@pdm.example>");
    CHECK(lv["text"].get<std::string>().find("Labdien, Agita Misāne!") != std::string::npos);
    CHECK(lv["text"].get<std::string>().find("Laiks: 2030. gada 23. novembrī, plkst. 10.00") != std::string::npos);
    CHECK(lv["text"].get<std::string>().find("Vieta: Rīgas dome, Rātslaukums 1, Rīga") != std::string::npos);
    CHECK(lv["text"].get<std::string>().find("10.00  Pašvaldību pieredze integrācijā") != std::string::npos);
    CHECK(lv["html"].get<std::string>().find("<html lang=\"lv\">") != std::string::npos);

    const auto& en = message_to(messages, "ilona@iom.example");
    CHECK(en["subject"] == "Invitation: NVO Dialoga platformas sestā tikšanās, Saturday, 23 November 2030");
    CHECK(en["text"].get<std::string>().find("When: Saturday, 23 November 2030, 10:00") != std::string::npos);

    // Generating the same kind again for the same meeting version adds nothing.
    auto again = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token());
    CHECK(again.status == 200);
    CHECK(again.j()["created"] == 0);
    CHECK(again.j()["duplicates"] == 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(sink.count() == 3);
    auto outbox = list_all(s, "/api/v1/outbox?meeting_id=" + std::to_string(p.meeting));
    REQUIRE(outbox.size() == 3);
    for (const auto& m : outbox)
        CHECK(m["status"] == "sent");
    auto eml = s.get("/api/v1/outbox/" + std::to_string(outbox[0]["id"].get<int>()) + "/message.eml", s.organizer_token());
    CHECK(eml.header("content-type") == "message/rfc822");
    CHECK(eml.body.find("MIME-Version: 1.0") != std::string::npos);
    require_problem(s.get("/api/v1/outbox", s.token("member", "M", 1)), 403);
}

TEST_CASE("the link in the email records the RSVP; opening it changes nothing", "[email][links][api]")
{
    smtp_sink sink;
    // The reminder follows the invitation at once here: no 24-hour gap (--reminder-gap-hours 0).
    auto args = mail_args(sink);
    args.insert(args.end(), {"--reminder-gap-hours", "0"});
    test_server s(args);
    auto p = make_platform(s);
    REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto messages = sink.wait_for(3);
    auto rsvp = link_path(message_to(messages, "agita@pdm.example")["text"], "rsvp");

    auto page = s.get(rsvp, "");
    REQUIRE(page.status == 200);
    CHECK(page.header("content-type") == "text/html; charset=utf-8");
    CHECK(page.body.find("Vai piedalīsieties?") != std::string::npos);
    CHECK(page.header("referrer-policy") == "no-referrer");
    CHECK(s.get(meeting_path(p.meeting, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 0);

    auto tampered = rsvp;
    tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
    auto bad = s.raw_body("POST", tampered, "response=yes", "application/x-www-form-urlencoded", "");
    CHECK(bad.status == 400);
    CHECK(bad.body.find("nav derīga") != std::string::npos);
    CHECK(s.get(meeting_path(p.meeting, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 0);

    // Saved, then the page again by a 303 (a refresh does not post twice), saying so.
    auto done = s.raw_body("POST", rsvp, "response=yes", "application/x-www-form-urlencoded", "");
    REQUIRE(done.status == 303);
    CHECK(done.header("location") == rsvp + "?saved=1");
    CHECK(s.get(done.header("location"), "").body.find("Paldies! Jūsu atbilde ir saglabāta.") != std::string::npos);
    auto counts = s.get(meeting_path(p.meeting, "/rsvps"), s.coordinator()).j()["counts"];
    CHECK(counts["yes"] == 1);
    // Changing the answer from the same link is audited with the answer it replaced.
    REQUIRE(s.raw_body("POST", rsvp, "response=no", "application/x-www-form-urlencoded", "").status == 303);
    REQUIRE(s.raw_body("POST", rsvp, "response=yes", "application/x-www-form-urlencoded", "").status == 303);
    auto log = s.get("/api/v1/audit?action=rsvp&limit=2", s.coordinator()).j()["items"];
    REQUIRE(log.size() == 2);
    CHECK(log[0]["actor"]["role"] == "person");
    CHECK(log[0]["resource_id"] == p.meeting);
    CHECK(log[0]["before"]["response"] == "no");
    CHECK(log[0]["after"]["response"] == "yes");
    auto at = log[0]["after"]["responded_at"].get<std::string>(); // Riga's offset, winter or summer
    CHECK((at.ends_with("+02:00") || at.ends_with("+03:00")));
    CHECK(log[1]["before"]["response"] == "yes");
    CHECK(log[1]["after"]["response"] == "no");
    auto en_rsvp = link_path(message_to(messages, "ilona@iom.example")["text"], "rsvp");
    auto en_done = s.raw_body("POST", en_rsvp, "response=maybe", "application/x-www-form-urlencoded", "");
    CHECK(en_done.status == 303);
    CHECK(s.get(en_done.header("location"), "").body.find("Thank you! Your answer is saved.") != std::string::npos);
    CHECK(s.raw_body("POST", en_rsvp, "response=whatever", "application/x-www-form-urlencoded", "").status == 422);
    CHECK(s.get(meeting_path(p.meeting, "/rsvps"), s.coordinator()).j()["counts"]["maybe"] == 1);
    CHECK(s.get(meeting_path(p.meeting, "/rsvps"), s.coordinator()).j()["counts"]["yes"] == 1);
    // A refused answer (the meeting is full) gets the page with the reason and changes nothing.
    REQUIRE(s.patch(meeting_path(p.meeting), {{"capacity", 1}}, s.coordinator()).status == 200);
    auto full = s.raw_body("POST", en_rsvp, "response=yes", "application/x-www-form-urlencoded", "");
    CHECK(full.status == 409);
    CHECK(full.header("content-type") == "text/html; charset=utf-8");
    CHECK(full.body.find("Your answer could not be saved") != std::string::npos);
    CHECK(s.get(meeting_path(p.meeting, "/rsvps"), s.coordinator()).j()["counts"]["maybe"] == 1);

    // A mail scanner following the check-in link on another day changes nothing either.
    REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
    auto with_reminders = sink.wait_for(6);
    std::string checkin;
    for (const auto& m : with_reminders)
        if (m["envelope_to"] == "agita@pdm.example" && m["subject"].get<std::string>().starts_with("Atgādinājums"))
            checkin = link_path(m["text"], "checkin");
    REQUIRE_FALSE(checkin.empty());
    auto not_today = s.raw_body("POST", checkin, "checkin=1", "application/x-www-form-urlencoded", "");
    CHECK(not_today.status == 409);
    CHECK(s.get(meeting_path(p.meeting, "/attendance"), s.coordinator()).j()["summary"]["people_present"] == 0);
}

TEST_CASE("one-click unsubscribe withdraws the consent and later mail skips the person", "[email][links][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto p = make_platform(s);
    REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto messages = sink.wait_for(3);
    auto header = message_to(messages, "rasa@pdm.example")["list_unsubscribe"].get<std::string>();
    auto path = header.substr(header.find("/unsubscribe/"));
    path.pop_back(); // the closing '>'
    CHECK(s.get(path, "").status == 200);
    CHECK(s.get("/api/v1/people/" + std::to_string(p.second_lv), s.coordinator()).j()["email_consent"] == true);
    auto r = s.raw_body("POST", path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", "");
    CHECK(r.status == 200);
    CHECK(s.get("/api/v1/people/" + std::to_string(p.second_lv), s.coordinator()).j()["email_consent"] == false);
    // Minutes, not a reminder: a reminder this soon after the invitation waits a day (the burst rule).
    auto reminders = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "minutes"}}, s.organizer_token()).j();
    CHECK(reminders["created"] == 2);
    CHECK(reminders["skipped_no_consent"] == 2);
}

TEST_CASE("who gets what: reminders skip a 'no', nudges go only to those who did not answer", "[email][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto p = make_platform(s);
    REQUIRE(s.put(meeting_path(p.meeting, "/rsvps/" + std::to_string(p.lv_person)), {{"response", "no"}}, s.coordinator()).status == 201);
    REQUIRE(s.put(meeting_path(p.meeting, "/rsvps/" + std::to_string(p.en_person)), {{"response", "yes"}}, s.coordinator()).status == 201);
    auto nudge = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "rsvp_nudge"}}, s.organizer_token()).j();
    CHECK(nudge["created"] == 1);
    // Rasa had her nudge just now: no reminder for her within 24 h (the burst rule).
    auto reminder = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).j();
    CHECK(reminder["created"] == 1);
    CHECK(reminder["skipped_recent"] == 1);
    auto messages = sink.wait_for(2);
    std::set<std::string> nudged;
    for (const auto& m : messages)
        if (m["subject"].get<std::string>().starts_with("Lūdzam atbildēt"))
            nudged.insert(m["envelope_to"].get<std::string>());
    CHECK(nudged == std::set<std::string>{"rasa@pdm.example"});
    auto test = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}, {"test_to", "proof@pdm.example"}},
                       s.organizer_token());
    CHECK(test.j()["created"] == 1);
    auto all = sink.wait_for(3);
    CHECK(message_to(all, "proof@pdm.example")["subject"].get<std::string>().starts_with("Ielūgums"));
    require_problem(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "spam"}}, s.organizer_token()), 422);
    require_problem(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}, {"test_to", "x"}}, s.organizer_token()), 422);
}

TEST_CASE("a moved meeting sends an update with a higher SEQUENCE; a cancelled one METHOD:CANCEL", "[email][ical][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto p = make_platform(s);
    REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    sink.wait_for(3);
    REQUIRE(s.patch(meeting_path(p.meeting), {{"starts_at", "2030-11-23T11:00:00+02:00"}}, s.coordinator()).status == 200);
    CHECK(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).j()["created"] == 3);
    auto after_update = sink.wait_for(6);
    const json* update = nullptr;
    for (const auto& m : after_update)
        if (m["envelope_to"] == "ilona@iom.example" && m["subject"].get<std::string>().starts_with("Updated"))
            update = &m;
    REQUIRE(update);
    CHECK((*update)["calendar"]["events"][0]["sequence"] == 1);
    CHECK((*update)["calendar"]["events"][0]["dtstart"] == "2030-11-23T11:00:00+02:00");

    REQUIRE(s.patch(meeting_path(p.meeting), {{"status", "cancelled"}}, s.coordinator()).status == 200);
    CHECK(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).j()["created"] == 3);
    auto all = sink.wait_for(9);
    const json* cancel = nullptr;
    for (const auto& m : all)
        if (m["envelope_to"] == "agita@pdm.example" && m["subject"].get<std::string>().starts_with("Atcelts"))
            cancel = &m;
    REQUIRE(cancel);
    CHECK((*cancel)["calendar"]["method"] == "CANCEL");
    CHECK((*cancel)["calendar"]["events"][0]["status"] == "CANCELLED");
    CHECK((*cancel)["calendar"]["events"][0]["sequence"] == 2);
}

TEST_CASE("a failing relay is retried with back-off, then the message is marked failed", "[email][delivery][api]")
{
    auto closed = free_port();
    test_server s({"--smtp-url", "smtp://127.0.0.1:" + std::to_string(closed), "--scheduler", "false", "--mail-interval",
                   "1", "--mail-retry-seconds", "1", "--mail-max-attempts", "2"});
    auto p = make_platform(s);
    REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
    json entries;
    for (int i = 0; i < 100; ++i) {
        entries = list_all(s, "/api/v1/outbox?status=failed");
        if (entries.size() == 3)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(entries.size() == 3);
    CHECK(entries[0]["attempts"] == 2);
    CHECK(entries[0]["last_error"].get<std::string>().starts_with("SMTP:"));
}

TEST_CASE("messages queued while no relay was set are sent after a restart with one", "[email][delivery][api]")
{
    std::string db;
    auto dir = temp_dir();
    {
        test_server s({"--scheduler", "false"});
        auto p = make_platform(s);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
        CHECK(list_all(s, "/api/v1/outbox?status=pending").size() == 3);
        REQUIRE(s.stop() == 0);
        db = dir + "/kept.db";
        REQUIRE(run_cli({"backup", "--db", s.db(), "--to", db}).first == 0);
    }
    smtp_sink sink;
    test_server again(mail_args(sink), false, db);
    CHECK(sink.wait_for(3).size() == 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(sink.count() == 3); // never twice
    CHECK(list_all(again, "/api/v1/outbox?status=sent").size() == 3);
}

TEST_CASE("send-reminders generates what is due, once; --dry-run only reports", "[email][schedule][api]")
{
    std::string db;
    auto dir = temp_dir();
    {
        test_server s({"--scheduler", "false"});
        auto p = make_platform(s);
        // Starts in three days: the invitation and the 7-day reminder are due, the 1-day one not yet;
        // the reminder waits a day after the invitation (the burst rule).
        auto soon = std::chrono::system_clock::now() + std::chrono::hours(72);
        auto t = std::chrono::system_clock::to_time_t(soon);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
        REQUIRE(s.patch(meeting_path(p.meeting), {{"starts_at", buf}, {"ends_at", nullptr}}, s.coordinator()).status == 200);
        REQUIRE(s.stop() == 0);
        db = dir + "/kept.db";
        REQUIRE(run_cli({"backup", "--db", s.db(), "--to", db}).first == 0);
    }
    auto [code, out] = run_cli({"send-reminders", "--db", db, "--dry-run"});
    REQUIRE(code == 0);
    auto report = json::parse(out);
    std::set<std::string> kinds;
    for (const auto& g : report["generated"])
        kinds.insert(g["kind"].get<std::string>() + ":" + g["label"].get<std::string>());
    CHECK(kinds == std::set<std::string>{"invitation:"});
    {
        test_server s({"--scheduler", "false"}, false, db);
        CHECK(list_all(s, "/api/v1/outbox").empty());
    }
    CHECK(run_cli({"send-reminders", "--db", db}).first == 0);
    auto second = json::parse(run_cli({"send-reminders", "--db", db}).second);
    CHECK(second["generated"].empty());
    test_server s({"--scheduler", "false"}, false, db);
    CHECK(list_all(s, "/api/v1/outbox").size() == 3);
}
