// Messages are rendered when they are sent: the settings of the running server, the meeting as it
// is now; the outbox keeps what a message is, and the bytes only of what went out.
#include "support/fixtures.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace sanaksme::test;

namespace {

struct invited {
    std::int64_t meeting = 0;
    std::vector<std::int64_t> people;
};

// `count` consenting people of one Latvian organization invited to a scheduled meeting.
invited make_invited(test_server& s, int count, const std::string& description = "")
{
    invited out;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    for (int i = 0; i < count; ++i)
        out.people.push_back(create_person(s, org, "Dalībniece " + std::to_string(i),
                                           {{"email", "p" + std::to_string(i) + "@pdm.example"}, {"email_consent", true}}));
    json extra = {{"status", "scheduled"}, {"venue", {{"name", "Rīgas dome"}, {"address", "Rātslaukums 1, Rīga"}}}};
    if (!description.empty())
        extra["description"] = description;
    out.meeting = create_meeting(s, extra);
    invite_all(s, out.meeting);
    return out;
}

std::string kept_copy(test_server& s)
{
    REQUIRE(s.stop() == 0);
    auto db = temp_dir() + "/kept.db";
    REQUIRE(run_cli({"backup", "--db", s.db(), "--to", db}).first == 0);
    return db;
}

std::string eml(test_server& s, std::int64_t id)
{
    auto r = s.get("/api/v1/outbox/" + std::to_string(id) + "/message.eml", s.coordinator());
    INFO(r.body);
    REQUIRE(r.status == 200);
    return r.body;
}

std::string header_of(const std::string& message, const std::string& name)
{
    auto at = message.find("\r\n" + name + ": ");
    REQUIRE(at != std::string::npos);
    at += name.size() + 4;
    return message.substr(at, message.find("\r\n", at) - at);
}

// Bytes of a consistent copy of the live database (what queueing added shows as growth).
std::uintmax_t database_bytes(test_server& s)
{
    auto copy = temp_dir() + "/size.db";
    REQUIRE(run_cli({"backup", "--db", s.db(), "--to", copy}).first == 0);
    return std::filesystem::file_size(copy);
}

// A description as long as real ones are (the were 20,000 characters).
std::string long_description()
{
    std::string d;
    while (d.size() < 4000)
        d += "Dialoga platformas sanāksmē apspriežam integrācijas politiku, pašvaldību pieredzi un NVO ieteikumus. ";
    return d;
}

// Bytes the outbox grows by per queued invitation, for `count` invitees.
double bytes_per_invitation(int count)
{
    test_server s({"--scheduler", "false"}); // no relay: the messages wait
    auto p = make_invited(s, count, long_description());
    auto before = database_bytes(s);
    auto r = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token());
    INFO(r.body);
    REQUIRE(r.status == 201);
    REQUIRE(r.j()["created"] == count);
    auto after = database_bytes(s);
    auto per = static_cast<double>(after - before) / count;
    WARN(count << " queued invitations added " << (after - before) << " bytes (" << per << " per message)");
    return per;
}

} // namespace

TEST_CASE("public URL and sender changed between queue and send: the new ones go out", "[send_time][email][api]")
{
    std::string db;
    std::int64_t id = 0;
    std::string message_id;
    {
        test_server s({"--scheduler", "false", "--public-url", "http://old.example:1", "--mail-from",
                       "Vecā adrese <old@pdm.example>"}); // no relay: the messages wait
        auto p = make_invited(s, 2);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
        auto pending = list_all(s, "/api/v1/outbox?status=pending");
        REQUIRE(pending.size() == 2);
        id = pending[0]["id"].get<std::int64_t>();
        // Not sent yet: the message as it would go from this server now.
        auto now = eml(s, id);
        CHECK(header_of(now, "List-Unsubscribe").starts_with("<http://old.example:1/unsubscribe/"));
        message_id = header_of(now, "Message-ID");
        CHECK(header_of(eml(s, id), "Message-ID") == message_id); // the same message each time
        db = kept_copy(s);
    }
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1", "--public-url",
                   "https://sanaksme.pdm.example", "--mail-from", "Jaunā adrese <new@pdm.example>"},
                  false, db);
    auto messages = sink.wait_for(2);
    REQUIRE(messages.size() == 2);
    for (const auto& m : messages) {
        INFO(m.dump());
        CHECK(m["from"].get<std::string>().find("new@pdm.example") != std::string::npos);
        CHECK(m["text"].get<std::string>().find("https://sanaksme.pdm.example/rsvp/") != std::string::npos);
        CHECK(m["list_unsubscribe"].get<std::string>().starts_with("<https://sanaksme.pdm.example/unsubscribe/"));
        for (const char* part : {"text", "html", "list_unsubscribe", "from", "reply_to"})
            CHECK(m[part].get<std::string>().find("old.example") == std::string::npos);
        CHECK(m["text"].get<std::string>().find("old@pdm.example") == std::string::npos);
    }
    // The stable Message-ID, and message.eml now shows what went out.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto sent = eml(s, id);
    CHECK(header_of(sent, "Message-ID") == message_id);
    CHECK(header_of(sent, "List-Unsubscribe").starts_with("<https://sanaksme.pdm.example/unsubscribe/"));
    bool delivered = false;
    for (const auto& m : messages)
        delivered = delivered || m["message_id"] == message_id;
    CHECK(delivered);
    // An organizer sees the kept message with the signed links redacted.
    auto redacted = s.get("/api/v1/outbox/" + std::to_string(id) + "/message.eml", s.organizer_token());
    REQUIRE(redacted.status == 200);
    CHECK(header_of(redacted.body, "List-Unsubscribe") == "<https://sanaksme.pdm.example/unsubscribe/REDACTED>");
}

TEST_CASE("a meeting changed between queue and send goes as it is now, calendar too", "[send_time][email][ical][api]")
{
    std::string db;
    {
        test_server s({"--scheduler", "false"}); // no relay: the messages wait
        auto p = make_invited(s, 1);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
        auto r = s.patch(meeting_path(p.meeting),
                         {{"title", "Pārcelta sanāksme"},
                          {"starts_at", "2030-11-24T14:00:00+02:00"},
                          {"ends_at", "2030-11-24T16:00:00+02:00"},
                          {"venue", {{"name", "Latvijas Nacionālā bibliotēka"}, {"address", "Mūkusalas iela 3, Rīga"}}}},
                         s.coordinator());
        INFO(r.body);
        REQUIRE(r.status == 200);
        db = kept_copy(s);
    }
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1"}, false, db);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    const auto& m = messages[0];
    INFO(m.dump());
    CHECK(m["subject"].get<std::string>().find("Pārcelta sanāksme") != std::string::npos);
    CHECK(m["text"].get<std::string>().find("Latvijas Nacionālā bibliotēka") != std::string::npos);
    CHECK(m["text"].get<std::string>().find("Rīgas dome") == std::string::npos);
    REQUIRE(m["calendar"]["events"].size() == 1);
    const auto& e = m["calendar"]["events"][0];
    CHECK(e["summary"] == "Pārcelta sanāksme");
    CHECK(e["location"].get<std::string>().find("Latvijas Nacionālā bibliotēka") != std::string::npos);
    CHECK(e["dtstart"].get<std::string>().starts_with("2030-11-24T14:00:00"));
    CHECK(e["sequence"].get<int>() >= 1);
    // The outbox shows the subject as sent.
    auto sent = list_all(s, "/api/v1/outbox?status=sent");
    REQUIRE(sent.size() == 1);
    CHECK(sent[0]["subject"].get<std::string>().find("Pārcelta sanāksme") != std::string::npos);
}

TEST_CASE("a queued invitation takes a few hundred bytes", "[send_time][size][api]")
{
    // 5 MB for 10,000 invitations is 524 bytes each; a long description must not count.
    CHECK(bytes_per_invitation(200) < 524);
}

TEST_CASE("ten thousand queued invitations add under 5 MB", "[size][.slow]")
{
    CHECK(bytes_per_invitation(10000) * 10000 < 5.0 * 1024 * 1024);
}

TEST_CASE("a message queued before rendering moved to send time still goes, as it was stored", "[send_time][email][api]")
{
    std::string db;
    {
        test_server s({"--scheduler", "false"});
        auto p = make_invited(s, 1);
        db = kept_copy(s);
    }
    // The outbox as migration 0013 left it, with one pending message rendered when queued.
    const std::string stored = "From: Platforma <no-reply@pdm.example>\r\nTo: p0@pdm.example\r\nSubject: Saglabata vestule\r\n"
                               "Message-ID: <legacy.1@pdm.example>\r\nMIME-Version: 1.0\r\n"
                               "Content-Type: text/plain; charset=utf-8\r\n\r\nVestule, kas saglabata rindas laika.\r\n";
    {
        SQLite::Database d(db, SQLite::OPEN_READWRITE);
        d.exec("DROP TABLE outbox");
        d.exec("CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, meeting_id INTEGER REFERENCES meetings (id) "
               "ON DELETE SET NULL, person_id INTEGER REFERENCES people (id), kind TEXT NOT NULL, dedupe_key TEXT UNIQUE, "
               "to_address TEXT NOT NULL, language TEXT NOT NULL, subject TEXT NOT NULL, message TEXT NOT NULL, "
               "status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'suppressed', "
               "'cancelled')), attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, last_error TEXT, "
               "test INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, sent_at INTEGER, reason TEXT)");
        SQLite::Statement insert(d, "INSERT INTO outbox (meeting_id, person_id, kind, dedupe_key, to_address, language, "
                                    "subject, message, next_attempt_at, created_at) SELECT meeting_id, person_id, 'reminder', "
                                    "'reminder|legacy', 'p0@pdm.example', 'lv', 'Saglabata vestule', ?, 0, 0 "
                                    "FROM invitations LIMIT 1");
        insert.bind(1, stored);
        REQUIRE(insert.exec() == 1);
        // Migrations after 0014 run again from user_version 13: their tables go too.
        for (const char* later : {"web_sessions", "web_signin_links", "web_accounts", "webhook_deliveries", "webhook_subscriptions"})
            d.exec(std::string("DROP TABLE IF EXISTS ") + later);
        // 0022 (mail that comes back) also added columns to people, behind a trigger.
        d.exec("DROP TRIGGER IF EXISTS people_email_changed");
        d.exec("DROP TABLE IF EXISTS calendar_counters");
        for (const char* column : {"email_soft_bounces", "email_bounced_at", "email_bounce_status"})
            d.exec(std::string("ALTER TABLE people DROP COLUMN ") + column);
        // 0020_series: its tables and columns.
        for (const char* later : {"waitlist", "review_items"})
            d.exec(std::string("DROP TABLE IF EXISTS ") + later);
        for (const char* column : {"attendance DROP COLUMN mode", "attendance DROP COLUMN source", "meetings DROP COLUMN waitlist",
                                   "meetings DROP COLUMN seats_per_organization", "meetings DROP COLUMN previous_meeting_id",
                                   "agenda_items DROP COLUMN standing"})
            d.exec(std::string("ALTER TABLE ") + column);
        d.exec("PRAGMA user_version = 13");
    }
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1"}, false, db);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["subject"] == "Saglabata vestule");
    CHECK(messages[0]["message_id"] == "<legacy.1@pdm.example>");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto sent = list_all(s, "/api/v1/outbox?status=sent");
    REQUIRE(sent.size() == 1);
    CHECK(eml(s, sent[0]["id"].get<std::int64_t>()) == stored);
}

TEST_CASE("a message claimed by a worker that stopped mid-send goes after the restart", "[send_time][email][api]")
{
    std::string db;
    {
        test_server s({"--scheduler", "false"}); // no relay: the messages wait
        auto p = make_invited(s, 1);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
        db = kept_copy(s);
    }
    {
        SQLite::Database d(db, SQLite::OPEN_READWRITE);
        REQUIRE(d.exec("UPDATE outbox SET status = 'sending'") == 1);
    }
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1"}, false, db);
    REQUIRE(sink.wait_for(1).size() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(sink.count() == 1);
    CHECK(list_all(s, "/api/v1/outbox?status=sent").size() == 1);
}

TEST_CASE("an invitation queued before a change is not sent again beside the update queued after it", "[send_time][email][api]")
{
    std::string db;
    {
        test_server s({"--scheduler", "false"}); // no relay: the messages wait
        auto p = make_invited(s, 1);
        REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
        REQUIRE(s.patch(meeting_path(p.meeting), {{"title", "Pārcelta sanāksme"}, {"venue", {{"name", "Latvijas Nacionālā bibliotēka"}}}},
                        s.coordinator())
                    .status == 200);
        auto again = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token());
        INFO(again.body);
        REQUIRE(again.status == 201);
        REQUIRE(list_all(s, "/api/v1/outbox?status=pending").size() == 2);
        db = kept_copy(s);
    }
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1"}, false, db);
    auto messages = sink.wait_for(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // two more worker ticks
    REQUIRE(sink.count() == 1);
    CHECK(messages[0]["subject"].get<std::string>().find("Pārcelta sanāksme") != std::string::npos);
    auto suppressed = list_all(s, "/api/v1/outbox?status=suppressed");
    REQUIRE(suppressed.size() == 1);
    CHECK(suppressed[0]["reason"] == "superseded");
}

TEST_CASE("a sent invitation reads the same in a second, independent parser (Node mailparser)", "[send_time][email][ical][api]")
{
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1", "--public-url",
                   "https://sanaksme.pdm.example", "--mail-from", "Platforma <no-reply@pdm.example>", "--reply-to",
                   "NVO dialoga platforma <platforma@pdm.example>"});
    auto org = create_org(s, "Biedrība „Drošā māja”");
    create_person(s, org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    auto meeting = create_meeting(s, {{"status", "scheduled"}, {"title", "Sanāksme par integrāciju"}});
    invite_all(s, meeting);
    REQUIRE(s.post(meeting_path(meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto python = sink.wait_for(1);
    REQUIRE(python.size() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto sent = list_all(s, "/api/v1/outbox?status=sent");
    REQUIRE(sent.size() == 1);
    auto dir = temp_dir();
    std::ofstream(dir + "/sent.eml", std::ios::binary) << eml(s, sent[0]["id"].get<std::int64_t>());
    auto [code, out] = run_program("/usr/bin/node", {std::string(SANAKSME_SOURCE_DIR) + "/tests/contract/read_mail.mjs", dir});
    std::filesystem::remove_all(dir);
    INFO(out);
    REQUIRE(code == 0);
    auto node = json::parse(out).at(0);
    CHECK(node["subject"] == python[0]["subject"]);
    CHECK(node["subject"].get<std::string>().find("Sanāksme par integrāciju") != std::string::npos);
    CHECK(node["message_id"] == python[0]["message_id"]);
    CHECK(node["from"][0]["address"] == "no-reply@pdm.example");
    CHECK(node["reply_to"][0]["address"] == "platforma@pdm.example");
    CHECK(node["to"][0]["name"] == "Agita Misāne");
    CHECK(node["to"][0]["address"] == "agita@pdm.example");
    CHECK(node["list_unsubscribe"].dump().find("https://sanaksme.pdm.example/unsubscribe/") != std::string::npos);
    CHECK(node["text"] == python[0]["text"]);
    bool calendar = false;
    for (const auto& a : node["attachments"])
        if (a["content_type"] == "text/calendar" && a["filename"] == "invite.ics") {
            calendar = true;
            auto ics = a["content"].get<std::string>();
            CHECK(ics.find("METHOD:REQUEST") != std::string::npos);
            CHECK(ics.find("SUMMARY:Sanāksme par integrāciju") != std::string::npos);
            CHECK(ics.find("ORGANIZER;CN=") != std::string::npos);
            CHECK(ics.find("mailto:platforma@pdm.example") != std::string::npos);
        }
    CHECK(calendar);
}
