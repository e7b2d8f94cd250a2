// The outbox model: consent checked at send time (suppressed), cancelling, dry runs, the burst rule.
#include "support/fixtures.hpp"

#include <thread>

using namespace sanaksme::test;

namespace {

struct people {
    std::int64_t meeting = 0, agita = 0, rasa = 0, ilona = 0;
};

// Three people who may be emailed (two Latvian, one English) invited to a meeting made with `extra`.
people make_people(test_server& s, json extra = {{"status", "scheduled"}})
{
    people p;
    auto lv_org = create_org(s, "Biedrība „Drošā māja”");
    auto en_org = create_org(s, "International Organization for Migration", {{"kind", "international"}, {"language", "en"}});
    p.agita = create_person(s, lv_org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    p.rasa = create_person(s, lv_org, "Rasa Saliņa", {{"email", "rasa@pdm.example"}, {"email_consent", true}});
    p.ilona = create_person(s, en_org, "Ilona Nikiforova", {{"email", "ilona@iom.example"}, {"email_consent", true}});
    p.meeting = create_meeting(s, extra);
    invite_all(s, p.meeting);
    return p;
}

std::vector<std::string> mail_args(const smtp_sink& sink, bool scheduler = false)
{
    return {"--smtp-url", sink.url(), "--scheduler", scheduler ? "true" : "false", "--mail-interval", "1",
            "--mail-retry-seconds", "1", "--public-url", "http://127.0.0.1:1", "--mail-from", "Platforma <no-reply@pdm.example>"};
}

// A copy of the stopped server's database, to start another server on.
std::string keep_database(test_server& s)
{
    REQUIRE(s.stop() == 0);
    auto db = temp_dir() + "/kept.db";
    REQUIRE(run_cli({"backup", "--db", s.db(), "--to", db}).first == 0);
    return db;
}

std::string header_value(const std::string& message, const std::string& name)
{
    auto at = message.find("\r\n" + name + ": ");
    REQUIRE(at != std::string::npos);
    at += name.size() + 4;
    return message.substr(at, message.find("\r\n", at) - at);
}

json entry_to(const json& entries, const std::string& address)
{
    for (const auto& e : entries)
        if (e["to_address"] == address)
            return e;
    FAIL("no outbox entry to " << address);
    return {};
}

} // namespace

TEST_CASE("unsubscribed or moved between queue and send: suppressed, not sent", "[outbox][email][api]")
{
    std::string db;
    people p;
    {
        test_server s({"--scheduler", "false"}); // no relay: the messages wait
        p = make_people(s);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
        auto pending = list_all(s, "/api/v1/outbox?status=pending");
        REQUIRE(pending.size() == 3);
        // Rasa uses the one-click link of the message queued for her.
        auto eml = s.get("/api/v1/outbox/" + std::to_string(entry_to(pending, "rasa@pdm.example")["id"].get<std::int64_t>()) +
                             "/message.eml",
                         s.coordinator());
        REQUIRE(eml.status == 200);
        auto link = header_value(eml.body, "List-Unsubscribe");
        auto path = link.substr(link.find("/unsubscribe/"));
        path.pop_back(); // '>'
        REQUIRE(s.raw_body("POST", path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", "").status == 200);
        // Ilona's address changed after her message was queued.
        REQUIRE(s.patch("/api/v1/people/" + std::to_string(p.ilona), {{"email", "ilona.new@iom.example"}}, s.coordinator())
                    .status == 200);
        db = keep_database(s);
    }
    smtp_sink sink;
    test_server s(mail_args(sink), false, db);
    auto messages = sink.wait_for(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // two more worker ticks
    REQUIRE(sink.count() == 1);
    CHECK(messages[0]["envelope_to"] == "agita@pdm.example");
    auto all = list_all(s, "/api/v1/outbox");
    CHECK(entry_to(all, "agita@pdm.example")["status"] == "sent");
    CHECK(entry_to(all, "rasa@pdm.example")["status"] == "suppressed");
    CHECK(entry_to(all, "rasa@pdm.example")["reason"] == "no_consent");
    CHECK(entry_to(all, "ilona@iom.example")["status"] == "suppressed");
    CHECK(entry_to(all, "ilona@iom.example")["reason"] == "address_changed");
    CHECK(list_all(s, "/api/v1/outbox?status=suppressed").size() == 2);
}

TEST_CASE("an answer given between queue and send stops the nudge, a 'no' the reminder", "[outbox][email][api]")
{
    std::string db;
    people p;
    {
        test_server s({"--scheduler", "false"});
        p = make_people(s);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "rsvp_nudge"}}, s.organizer_token()).status == 201);
        REQUIRE(list_all(s, "/api/v1/outbox?status=pending").size() == 3);
        REQUIRE(s.put(meeting_path(p.meeting, "/rsvps/" + std::to_string(p.rasa)), {{"response", "yes"}}, s.coordinator()).status == 201);
        db = keep_database(s);
    }
    smtp_sink sink;
    test_server s(mail_args(sink), false, db);
    sink.wait_for(2);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    CHECK(sink.count() == 2);
    auto all = list_all(s, "/api/v1/outbox");
    CHECK(entry_to(all, "rasa@pdm.example")["status"] == "suppressed");
    CHECK(entry_to(all, "rasa@pdm.example")["reason"] == "answered");
    CHECK(entry_to(all, "agita@pdm.example")["status"] == "sent");
}

TEST_CASE("pending messages can be cancelled, by id or by meeting and kind", "[outbox][email][api]")
{
    std::string db;
    std::int64_t cancelled_id = 0;
    {
        test_server s({"--scheduler", "false"});
        auto p = make_people(s);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "minutes"}}, s.organizer_token()).status == 201);
        auto pending = list_all(s, "/api/v1/outbox?status=pending&kind=invitation");
        REQUIRE(pending.size() == 3);
        cancelled_id = entry_to(pending, "rasa@pdm.example")["id"].get<std::int64_t>();
        auto path = "/api/v1/outbox/" + std::to_string(cancelled_id) + "/cancel";
        require_problem(s.post(path, {{"note", "x"}}, s.organizer_token()), 422); // no fields; nothing changes
        CHECK(list_all(s, "/api/v1/outbox?status=cancelled").empty());
        auto r = s.raw_body("POST", path, "", "application/json", s.organizer_token()); // no body at all
        INFO(r.body);
        REQUIRE(r.status == 200);
        CHECK(r.j()["status"] == "cancelled");
        CHECK(r.j()["reason"] == "cancelled_by_organizer");
        require_problem(s.post(path, json::object(), s.organizer_token()), 409);
        require_problem(s.post("/api/v1/outbox/99999/cancel", json::object(), s.organizer_token()), 404);
        auto member = s.token("member", "A member", create_org(s, "Cita biedrība"));
        CHECK(s.post(path, json::object(), member).status == 403);

        auto before = list_all(s, "/api/v1/outbox");
        require_problem(s.post(meeting_path(p.meeting, "/reminders/cancel"), {{"kind", "spam"}}, s.organizer_token()), 422);
        require_problem(s.post(meeting_path(99999, "/reminders/cancel"), {{"kind", "minutes"}}, s.organizer_token()), 404);
        CHECK(list_all(s, "/api/v1/outbox") == before);
        auto bulk = s.post(meeting_path(p.meeting, "/reminders/cancel"), {{"kind", "minutes"}}, s.organizer_token());
        INFO(bulk.body);
        REQUIRE(bulk.status == 200);
        CHECK(bulk.j()["cancelled"] == 3);
        CHECK(s.post(meeting_path(p.meeting, "/reminders/cancel"), {{"kind", "minutes"}}, s.organizer_token()).j()["cancelled"] == 0);
        CHECK(list_all(s, "/api/v1/outbox?status=cancelled").size() == 4);
        db = keep_database(s);
    }
    smtp_sink sink;
    test_server s(mail_args(sink), false, db);
    auto messages = sink.wait_for(2);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    CHECK(sink.count() == 2); // the two invitations left, no minutes, nothing to Rasa
    for (const auto& m : messages)
        CHECK(m["envelope_to"] != "rasa@pdm.example");
    CHECK(list_all(s, "/api/v1/outbox?status=cancelled").size() == 4);
    require_problem(s.post("/api/v1/outbox/" + std::to_string(cancelled_id) + "/cancel", json::object(), s.organizer_token()), 409);
}

TEST_CASE("a dry run lists who would get what and the first message; writes nothing", "[outbox][email][api]")
{
    test_server s({"--scheduler", "false"});
    auto p = make_people(s);
    auto r = s.post(meeting_path(p.meeting, "/reminders?dry_run=true"), {{"kind", "invitation"}}, s.organizer_token());
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto body = r.j();
    CHECK(body["dry_run"] == true);
    CHECK(body["created"] == 3);
    REQUIRE(body["planned"].size() == 3);
    std::set<std::string> seen;
    for (const auto& item : body["planned"])
        seen.insert(item["to"].get<std::string>() + " " + item["language"].get<std::string>());
    CHECK(seen == std::set<std::string>{"agita@pdm.example lv", "rasa@pdm.example lv", "ilona@iom.example en"});
    CHECK(body["planned"][0]["subject"].get<std::string>().find("Ielūgums") != std::string::npos);
    auto first = body["first_message"].get<std::string>();
    CHECK(first.find("To: =?UTF-8?B?QWdpdGEgTWlzxIFuZQ==?= <agita@pdm.example>") != std::string::npos);
    CHECK(first.find("Content-Type: text/calendar") != std::string::npos);
    // An organizer sees no usable signed link.
    CHECK(header_value(first, "List-Unsubscribe") == "<http://127.0.0.1:8080/unsubscribe/REDACTED>");
    CHECK(list_all(s, "/api/v1/outbox").empty());
    // The coordinator sees the message as it would go, links included.
    auto c = s.post(meeting_path(p.meeting, "/reminders?dry_run=true"), {{"kind", "invitation"}}, s.coordinator()).j();
    auto unsubscribe = header_value(c["first_message"].get<std::string>(), "List-Unsubscribe");
    CHECK(unsubscribe.starts_with("<http://127.0.0.1:8080/unsubscribe/"));
    CHECK(unsubscribe.find("REDACTED") == std::string::npos);
    CHECK(list_all(s, "/api/v1/outbox").empty());
    // After the real run, a dry run finds nothing new.
    REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto again = s.post(meeting_path(p.meeting, "/reminders?dry_run=true"), {{"kind", "invitation"}}, s.organizer_token()).j();
    CHECK(again["created"] == 0);
    CHECK(again["duplicates"] == 3);
    CHECK(again["first_message"].is_null());
    CHECK(list_all(s, "/api/v1/outbox").size() == 3);
}

TEST_CASE("scheduled four days ahead: one invitation each, nothing else that day", "[outbox][schedule][email][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink, true));
    // A draft first, so the scheduler sees it only once it is scheduled with its people invited.
    auto p = make_people(s, {{"status", "draft"}, {"starts_at", utc_from_now(4 * 86400)}, {"ends_at", nullptr},
                             {"rsvp_deadline", utc_from_now(86400)}});
    REQUIRE(s.patch(meeting_path(p.meeting), {{"status", "scheduled"}}, s.coordinator()).status == 200);
    auto messages = sink.wait_for(3);
    std::this_thread::sleep_for(std::chrono::milliseconds(3000)); // three more ticks of the schedule
    CHECK(sink.count() == 3);
    std::set<std::string> to;
    for (const auto& m : sink.wait_for(3, 100)) {
        to.insert(m["envelope_to"].get<std::string>());
        CHECK(m["calendar"]["method"] == "REQUEST");
    }
    CHECK(to == std::set<std::string>{"agita@pdm.example", "rasa@pdm.example", "ilona@iom.example"});
    // A manual run the same day shares the ledger: nothing more goes out.
    for (const char* kind : {"reminder", "rsvp_nudge"}) {
        auto r = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", kind}}, s.organizer_token());
        INFO(r.body);
        CHECK(r.status == 200);
        CHECK(r.j()["created"] == 0);
        CHECK(r.j()["skipped_recent"] == 3);
    }
    CHECK(list_all(s, "/api/v1/outbox").size() == 3);
}

TEST_CASE("a meeting cancelled between queue and send: its reminders are suppressed, the notice goes", "[outbox][email][api]")
{
    std::string db;
    {
        test_server s({"--scheduler", "false"}); // no relay: the messages wait
        auto p = make_people(s);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
        REQUIRE(s.patch(meeting_path(p.meeting), {{"status", "cancelled"}}, s.coordinator()).status == 200);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
        db = keep_database(s);
    }
    smtp_sink sink;
    test_server s(mail_args(sink), false, db);
    auto messages = sink.wait_for(3);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // two more worker ticks
    REQUIRE(sink.count() == 3); // the three cancellation notices, no reminder
    for (const auto& e : list_all(s, "/api/v1/outbox")) {
        INFO(e.dump());
        if (e["kind"] == "reminder") {
            CHECK(e["status"] == "suppressed");
            CHECK(e["reason"] == "meeting_cancelled");
        } else {
            CHECK(e["kind"] == "cancellation");
            CHECK(e["status"] == "sent");
        }
    }
}
