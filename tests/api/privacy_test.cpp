// Personal data and secrets: erasure everywhere, file modes, the link key file, readiness and
// corruption, and what the public and personal calendars show.
#include "auth/links.hpp"
#include "store/outbox.hpp"
#include "support/fixtures.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace sanaksme::test;
namespace fs = std::filesystem;

namespace {

const std::string marker_name = "Zorvath Quillby";
const std::string marker_email = "zorvath.quillby@marker.example";
const std::string marker_phone = "+371 2999 4711";
const std::string marker_phone_digits = "37129994711";

std::string lower(std::string s)
{
    for (auto& ch : s)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

std::string now_utc(int offset_seconds = 0)
{
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::seconds(offset_seconds));
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

std::vector<std::string> mail_args(const smtp_sink& sink)
{
    return {"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1", "--mail-retry-seconds", "1",
            "--public-url", "http://127.0.0.1:1"};
}

std::string base64_decode(const std::string& text)
{
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int bits = 0, value = 0;
    for (char ch : text) {
        auto at = alphabet.find(ch);
        if (at == std::string::npos)
            continue;
        value = (value << 6) | static_cast<int>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((value >> bits) & 0xFF);
        }
    }
    return out;
}

// What a reader of the stored value sees: a MIME message's base64 parts decoded (calendars
// unfolded) and its encoded words too, besides the raw text.
std::string readable(const std::string& value)
{
    std::string out = value;
    if (value.find("Content-Transfer-Encoding: base64") == std::string::npos)
        return out;
    std::istringstream in(value);
    std::string line, block;
    bool body = false, part = false;
    auto flush = [&] {
        auto decoded = base64_decode(block);
        std::string unfolded;
        for (std::size_t i = 0; i < decoded.size(); ++i) {
            if (decoded.compare(i, 3, "\r\n ") == 0) {
                i += 2;
                continue;
            }
            unfolded += decoded[i];
        }
        out += "\n" + unfolded;
        block.clear();
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.starts_with("--")) {
            if (body)
                flush();
            body = false;
            part = true;
            continue;
        }
        if (part && !body && line.empty()) {
            body = true;
            continue;
        }
        if (body)
            block += line;
    }
    std::smatch m;
    std::string rest = value;
    std::regex word("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=", std::regex::icase);
    while (std::regex_search(rest, m, word)) {
        out += "\n" + base64_decode(m[1]);
        rest = m.suffix();
    }
    return out;
}

struct finding {
    std::string where, value;
};

// Every column of every table, as the schema lists them now: a column added later is scanned
// without anyone listing it here. Text is compared case-insensitively.
std::vector<finding> scan(const std::string& db, const std::vector<std::string>& marks, std::set<std::string>* columns = nullptr)
{
    SQLite::Database d(db, SQLite::OPEN_READONLY);
    std::vector<std::string> tables;
    SQLite::Statement t(d, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (t.executeStep())
        tables.push_back(t.getColumn(0).getString());
    std::vector<finding> found;
    for (const auto& table : tables) {
        std::vector<std::string> cols;
        SQLite::Statement c(d, "SELECT name FROM pragma_table_info(?1)");
        c.bind(1, table);
        while (c.executeStep())
            cols.push_back(c.getColumn(0).getString());
        for (const auto& col : cols) {
            if (columns)
                columns->insert(table + "." + col);
            SQLite::Statement rows(d, "SELECT CAST(\"" + col + "\" AS TEXT) FROM \"" + table + "\"");
            while (rows.executeStep()) {
                if (rows.getColumn(0).isNull())
                    continue;
                auto value = rows.getColumn(0).getString();
                if (table == "outbox" && col == "sent_message") // the bytes that went out, kept compressed
                    value = sanaksme::store::inflate_bytes(value);
                auto text = lower(readable(value));
                for (const auto& mark : marks)
                    if (text.find(lower(mark)) != std::string::npos) {
                        found.push_back({table + "." + col, value.substr(0, 300)});
                        break;
                    }
            }
        }
    }
    return found;
}

std::set<std::string> where_of(const std::vector<finding>& f)
{
    std::set<std::string> out;
    for (const auto& x : f)
        out.insert(x.where);
    return out;
}

const json& message_to(const json& messages, const std::string& address, const std::string& subject_start)
{
    for (const auto& m : messages)
        if (m["envelope_to"] == address && m["subject"].get<std::string>().starts_with(subject_start))
            return m;
    FAIL("no message to " << address << " starting " << subject_start);
    throw std::logic_error("unreachable");
}

std::string link_path(const std::string& text, const std::string& kind)
{
    std::smatch m;
    std::regex re("http://127\\.0\\.0\\.1:1(/" + kind + "/[A-Za-z0-9_.-]+)");
    REQUIRE(std::regex_search(text, m, re));
    return m[1];
}

std::string calendar_path(const std::string& text)
{
    std::smatch m;
    std::regex re("http://127\\.0\\.0\\.1:1(/api/v1/calendar/[A-Za-z0-9_.-]+/meetings\\.ics)");
    REQUIRE(std::regex_search(text, m, re));
    return m[1];
}

unsigned mode_of(const std::string& path)
{
    struct stat st{};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::string file_text(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

json read_ics(const std::string& body)
{
    auto dir = temp_dir();
    auto path = dir + "/calendar.ics";
    std::ofstream(path, std::ios::binary) << body;
    auto [code, out] = run_program("/usr/bin/python3", {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_export.py", "ics", path});
    fs::remove_all(dir);
    REQUIRE(code == 0);
    return json::parse(out);
}

// The test process's umask for the commands it starts, put back afterwards.
struct umask_scope {
    mode_t old;
    explicit umask_scope(mode_t m) : old(::umask(m)) {}
    ~umask_scope() { ::umask(old); }
};

struct env_scope {
    std::string name;
    env_scope(std::string n, const std::string& value) : name(std::move(n)) { ::setenv(name.c_str(), value.c_str(), 1); }
    ~env_scope() { ::unsetenv(name.c_str()); }
};

} // namespace

TEST_CASE("an erased person's name, email and phone remain in no column of any table; the figures stay",
          "[privacy][erase][api]")
{
    smtp_sink sink;
    // The reminder follows the invitation at once here: no 24-hour gap (--reminder-gap-hours 0).
    auto args = mail_args(sink);
    args.insert(args.end(), {"--reminder-gap-hours", "0"});
    test_server s(args);
    auto org = create_org(s, "Biedrība Marķieris");
    auto other_org = create_org(s, "Cita biedrība");
    auto p = create_person(s, org, marker_name,
                           {{"email", marker_email}, {"phone", marker_phone}, {"email_consent", true}, {"position", "valdes locekle"}});
    auto q = create_person(s, org, "Rasa Saliņa", {{"email", "rasa@pdm.example"}, {"email_consent", true}});
    create_person(s, other_org, "Ilona Nikiforova", {{"email", "ilona@iom.example"}, {"email_consent", true}, {"language", "en"}});
    // Today, so the signed check-in link works.
    auto m = create_meeting(s, {{"status", "scheduled"}, {"starts_at", now_utc()}, {"ends_at", nullptr},
                                {"description", "Ziņo " + marker_name + "."}, {"online_url", "https://call.example/room"}});
    auto ps = std::to_string(p), qs = std::to_string(q);
    REQUIRE(s.post(meeting_path(m, "/agenda"), {{"title", "Pieredze"}, {"presenter_person_id", p}}, s.coordinator()).status == 201);
    REQUIRE(s.post(meeting_path(m, "/agenda"), {{"title", "Diskusija"}, {"presenter_name", marker_name + ", valdes locekle"}},
                   s.coordinator()).status == 201);
    REQUIRE(s.post(meeting_path(m, "/invitations"), json::object(), s.coordinator()).status < 300);

    // Notes: the person's own, another's that names them, and the substitute's "Aizvieto: <name>.".
    REQUIRE(s.put(meeting_path(m, "/rsvps/" + ps), {{"response", "yes"}, {"note", "zvaniet " + marker_phone}}, s.coordinator()).status == 201);
    REQUIRE(s.put(meeting_path(m, "/rsvps/" + qs), {{"response", "yes"}, {"note", "nāku kopā ar " + marker_name}}, s.coordinator()).status == 201);
    auto sub = s.put(meeting_path(m, "/rsvps/" + ps), {{"response", "yes"}, {"substitute", {{"name", "Jānis Aizvietotājs"}}}}, s.coordinator());
    INFO(sub.body);
    REQUIRE(sub.status == 200);
    CHECK(sub.j()["substitute"]["note"].get<std::string>().find(marker_name) != std::string::npos); // "Aizvieto: <name>."

    // Mail: the person's own, and others' that show them as a presenter; a test to their address.
    REQUIRE(s.post(meeting_path(m, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto messages = sink.wait_for(3);
    auto rsvp = link_path(message_to(messages, marker_email, "Ielūgums")["text"], "rsvp");
    REQUIRE(s.raw_body("POST", rsvp, "response=maybe", "application/x-www-form-urlencoded", "").status == 303);
    REQUIRE(s.post(meeting_path(m, "/reminders"), {{"kind", "invitation"}, {"test_to", marker_email}}, s.organizer_token()).status == 201);
    REQUIRE(s.post(meeting_path(m, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
    messages = sink.wait_for(7);
    const auto& reminder = message_to(messages, marker_email, "Atgādinājums");
    auto checkin = link_path(reminder["text"], "checkin");
    auto unsubscribe = reminder["list_unsubscribe"].get<std::string>();
    unsubscribe = unsubscribe.substr(unsubscribe.find("/unsubscribe/"));
    unsubscribe.pop_back();

    // Signed-link actions (audited under the person's name), then check-in by the API.
    REQUIRE(s.raw_body("POST", checkin, "checkin=1", "application/x-www-form-urlencoded", "").status == 303);
    REQUIRE(s.del(meeting_path(m, "/attendance/" + ps), s.coordinator()).status == 204);
    REQUIRE(s.put(meeting_path(m, "/attendance/" + ps), json::object(), s.coordinator()).status == 201);
    REQUIRE(s.request("POST", meeting_path(m, "/attendance"), json{{"name", marker_name}, {"organization_name", "Viesi"}},
                      s.coordinator(), {{"Idempotency-Key", "walk-in-1"}}).status == 201);
    REQUIRE(s.put(meeting_path(m, "/excusals/" + std::to_string(other_org)),
                  {{"reason", marker_email + " rakstīja, ka neviens nevar"}}, s.coordinator()).status == 200);
    // A token named after the person saves minutes that name them.
    auto tok = s.token("organizer", marker_name + " (klēpjdators)");
    REQUIRE(s.put(meeting_path(m, "/minutes"), {{"summary", "Sēdi vadīja " + marker_name},
                                                {"action_items", {{{"text", "Nosūtīt prezentāciju"}, {"owner", marker_name}}}}},
                  tok).status == 200);
    REQUIRE(s.put(meeting_path(m, "/minutes"), {{"summary", "Sēdi vadīja " + marker_name + "; tālrunis " + marker_phone},
                                                {"status", "circulated"}},
                  tok).status == 200);
    REQUIRE(s.patch("/api/v1/people/" + ps, {{"position", "priekšsēdētāja"}}, s.coordinator()).status == 200);
    REQUIRE(s.raw_body("POST", unsubscribe, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", "").status == 200);

    // The scan sees the marks where the steps above put them: it is not looking in the wrong place.
    const std::vector<std::string> marks{marker_name, marker_email, marker_phone, marker_phone_digits};
    auto before = where_of(scan(s.db(), marks));
    for (const auto* column : {"people.name", "rsvps.note", "audit_log.after", "audit_log.before", "audit_log.actor_name",
                               "outbox.sent_message", "outbox.to_address", "attendance.guest_name", "idempotency_keys.body",
                               "excusals.reason", "tokens.name", "minutes.body", "minutes_versions.body",
                               "minutes_versions.saved_by", "agenda_items.presenter_name", "meetings.description"}) {
        INFO("the mark was expected in " << column);
        CHECK(before.count(column));
    }
    auto attendance = s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"];
    auto counts = s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"];

    REQUIRE(s.del("/api/v1/people/" + ps, s.coordinator()).status == 204);

    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["summary"] == attendance);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["counts"] == counts);
    auto erased = s.get("/api/v1/people/" + ps, s.coordinator()).j();
    CHECK(erased["erased"] == true);
    CHECK(erased["name"].is_null());
    // Another invitee's stored invitation, rewritten, still reads as a message and a calendar.
    std::int64_t other_message = 0;
    for (const auto& e : list_all(s, "/api/v1/outbox?kind=invitation"))
        if (e["to_address"] == "rasa@pdm.example")
            other_message = e["id"].get<std::int64_t>();
    REQUIRE(other_message > 0);
    auto eml = s.get("/api/v1/outbox/" + std::to_string(other_message) + "/message.eml", s.coordinator());
    REQUIRE(eml.status == 200);
    auto mail_dir = temp_dir();
    std::ofstream(mail_dir + "/rewritten.eml", std::ios::binary) << eml.body;
    auto [code, out] = run_program("/usr/bin/python3", {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_mail.py", mail_dir});
    fs::remove_all(mail_dir);
    REQUIRE(code == 0);
    auto rewritten = json::parse(out).at(0);
    CHECK(rewritten["defects"] == 0);
    CHECK(rewritten["max_line_octets"].get<int>() <= 998);
    CHECK(rewritten["text"].get<std::string>().find("Pieredze (—, Biedrība Marķieris)") != std::string::npos);
    CHECK(rewritten["text"].get<std::string>().find("Labdien, Rasa Saliņa!") != std::string::npos);
    CHECK(rewritten["calendar"]["events"][0]["description"] == "Ziņo —.");
    REQUIRE(s.stop() == 0);
    std::set<std::string> columns;
    auto after = scan(s.db(), marks, &columns);
    INFO("scanned " << columns.size() << " columns");
    CHECK(columns.size() > 80);
    for (const auto& f : after) {
        INFO(f.where << ": " << f.value);
        CHECK(false);
    }
    CHECK(after.empty());
}

TEST_CASE("the database, its WAL, backups and the key file are created 0600 whatever the umask", "[privacy][files][api]")
{
    umask_scope mask(022);
    auto dir = temp_dir();
    REQUIRE(run_cli({"migrate", "--db", dir + "/m.db"}).first == 0);
    CHECK(mode_of(dir + "/m.db") == 0600);
    REQUIRE(run_cli({"demo", "--db", dir + "/demo.db"}).first == 0);
    CHECK(mode_of(dir + "/demo.db") == 0600);

    test_server s; // its database is made by `sanaksme token create`, under the same umask
    CHECK(mode_of(s.db()) == 0600);
    REQUIRE(s.post("/api/v1/organizations", {{"name", "Failu biedrība"}}, s.coordinator()).status == 201);
    CHECK(mode_of(s.db() + "-wal") == 0600);
    CHECK(mode_of(s.db() + "-shm") == 0600);
    CHECK(mode_of(s.db() + ".key") == 0600);

    REQUIRE(run_cli({"backup", "--db", s.db(), "--to", dir + "/b.db"}).first == 0);
    CHECK(mode_of(dir + "/b.db") == 0600);
    fs::remove_all(dir);
}

TEST_CASE("the link key sits in its own 0600 file, not in the database; backups copy it only when asked",
          "[privacy][keys][api]")
{
    umask_scope mask(022);
    auto dir = temp_dir();
    test_server s({"--scheduler", "false"});
    auto key_file = s.db() + ".key";
    REQUIRE(fs::exists(key_file));
    CHECK(mode_of(key_file) == 0600);
    auto key = file_text(key_file);
    REQUIRE(key.size() > 40);
    {
        SQLite::Database d(s.db(), SQLite::OPEN_READONLY);
        CHECK(d.execAndGet("SELECT count(*) FROM settings").getInt() == 0);
    }

    REQUIRE(run_cli({"backup", "--db", s.db(), "--to", dir + "/plain.db"}).first == 0);
    CHECK(mode_of(dir + "/plain.db") == 0600);
    CHECK_FALSE(fs::exists(dir + "/plain.db.key"));
    CHECK(file_text(dir + "/plain.db").find(key.substr(0, key.find('\n'))) == std::string::npos);
    REQUIRE(run_cli({"backup", "--db", s.db(), "--to", dir + "/full.db", "--with-keys"}).first == 0);
    CHECK(mode_of(dir + "/full.db") == 0600);
    REQUIRE(fs::exists(dir + "/full.db.key"));
    CHECK(mode_of(dir + "/full.db.key") == 0600);
    CHECK(file_text(dir + "/full.db.key") == key);
    // An existing key file is never overwritten by a backup.
    std::ofstream(dir + "/again.db.key") << "x";
    CHECK(run_cli({"backup", "--db", s.db(), "--to", dir + "/again.db", "--with-keys"}).first != 0);
    CHECK(file_text(dir + "/again.db.key") == "x");

    // SANAKSME_LINK_KEY_FILE (or --link-key-file) puts it elsewhere.
    {
        env_scope env("SANAKSME_LINK_KEY_FILE", dir + "/elsewhere.key");
        REQUIRE(run_cli({"migrate", "--db", dir + "/other.db"}).first == 0);
        REQUIRE(run_cli({"rotate-link-secret", "--db", dir + "/other.db"}).first == 0);
    }
    CHECK(mode_of(dir + "/elsewhere.key") == 0600);
    CHECK_FALSE(fs::exists(dir + "/other.db.key"));
    fs::remove_all(dir);
}

TEST_CASE("links signed while the key was in the database still verify after it moved to the key file",
          "[privacy][keys][links][api]")
{
    umask_scope mask(022);
    auto dir = temp_dir();
    std::int64_t person = 0, meeting = 0;
    auto legacy = dir + "/legacy.db";
    {
        test_server s({"--scheduler", "false"});
        auto org = create_org(s, "Vecā biedrība");
        person = create_person(s, org, "Anna Vecā", {{"email", "anna@old.example"}, {"email_consent", true}});
        meeting = create_meeting(s, {{"status", "scheduled"}});
        REQUIRE(s.post(meeting_path(meeting, "/invitations"), json::object(), s.coordinator()).status < 300);
        REQUIRE(s.stop() == 0);
        fs::copy_file(s.db(), legacy);
    }
    // What a database written before the key file holds: the current key and the one before it.
    const std::string current = "legacy-current-key-Qm9vbXBoYXN0aWNhbGx5", previous = "legacy-previous-key-T2xkZXJBbmRXaXNlcg";
    {
        SQLite::Database d(legacy, SQLite::OPEN_READWRITE);
        d.exec("INSERT OR REPLACE INTO settings (key, value) VALUES ('link_secrets', '[\"" + current + "\",\"" + previous + "\"]')");
    }
    auto far = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() + 86400 * 30;
    auto with_current = "/rsvp/" + sanaksme::auth::sign_link({sanaksme::auth::link_purpose::rsvp, meeting, person, far}, current);
    auto with_previous = "/rsvp/" + sanaksme::auth::sign_link({sanaksme::auth::link_purpose::rsvp, meeting, person, far}, previous);

    REQUIRE(run_cli({"migrate", "--db", legacy}).first == 0);
    auto key_file = legacy + ".key";
    REQUIRE(fs::exists(key_file));
    CHECK(mode_of(key_file) == 0600);
    CHECK(file_text(key_file) == current + "\n" + previous + "\n");
    {
        SQLite::Database d(legacy, SQLite::OPEN_READONLY);
        CHECK(d.execAndGet("SELECT count(*) FROM settings").getInt() == 0);
    }
    // Not in the file's free pages either (nor in a WAL left behind).
    for (const auto& f : {legacy, legacy + "-wal"}) {
        auto bytes = file_text(f);
        CHECK(bytes.find(current) == std::string::npos);
        CHECK(bytes.find(previous) == std::string::npos);
    }

    test_server s({"--scheduler", "false", "--link-key-file", key_file}, false, legacy);
    CHECK(s.get(with_current, "").status == 200);
    CHECK(s.get(with_previous, "").status == 200);
    // A rotation while the server runs: the server reads the new file; the oldest key is gone.
    REQUIRE(run_cli({"rotate-link-secret", "--db", s.db(), "--link-key-file", key_file}).first == 0);
    CHECK(mode_of(key_file) == 0600);
    auto rotated = file_text(key_file);
    CHECK(rotated.ends_with("\n" + current + "\n"));
    CHECK(rotated.find(previous) == std::string::npos);
    CHECK(s.get(with_current, "").status == 200);
    CHECK(s.get(with_previous, "").status == 400);
    fs::remove_all(dir);
}

TEST_CASE("readyz: 200 while writes can happen, 503 with the reason when not; healthz stays up", "[privacy][health][api]")
{
    test_server s({"--scheduler", "false"});
    auto ok = s.get("/readyz", "");
    INFO(ok.body);
    REQUIRE(ok.status == 200);
    CHECK(ok.j()["status"] == "ok");

    SECTION("a database file that became read-only")
    {
        // Root writes through any mode bits, so as root the file is made immutable instead.
        bool root = ::geteuid() == 0;
        if (root && run_program("/usr/bin/chattr", {"+i", s.db()}).first != 0) {
            WARN("chattr +i does not work on this file system: the read-only case is not checked here");
            return;
        }
        if (!root)
            REQUIRE(::chmod(s.db().c_str(), 0400) == 0);
        struct undo {
            std::string path;
            bool root;
            ~undo()
            {
                if (root)
                    run_program("/usr/bin/chattr", {"-i", path});
                else
                    ::chmod(path.c_str(), 0600);
            }
        } restore{s.db(), root};
        auto r = s.get("/readyz", "");
        require_problem(r, 503);
        CHECK(r.j()["detail"].get<std::string>().find("read-only") != std::string::npos);
        CHECK(s.get("/healthz", "").status == 200);
    }
    SECTION("a schema that is not the one this server migrates to")
    {
        int version = 0;
        {
            SQLite::Database d(s.db(), SQLite::OPEN_READWRITE);
            version = d.execAndGet("PRAGMA user_version").getInt();
            d.exec("PRAGMA user_version = 3");
        }
        auto r = s.get("/readyz", "");
        require_problem(r, 503);
        CHECK(r.j()["detail"].get<std::string>().find("migration 3") != std::string::npos);
        CHECK(s.get("/healthz", "").status == 200);
        SQLite::Database(s.db(), SQLite::OPEN_READWRITE).exec("PRAGMA user_version = " + std::to_string(version));
    }
    CHECK(s.get("/readyz", "").status == 200);
}

TEST_CASE("readyz fails when the disk has less free space than the configured floor", "[privacy][health][api]")
{
    test_server s({"--scheduler", "false", "--ready-min-free-mb", "1000000000"});
    auto r = s.get("/readyz", "");
    require_problem(r, 503);
    CHECK(r.j()["detail"].get<std::string>().find("full") != std::string::npos);
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("a corrupt page met at run time is counted in /metrics and logged once with its cause", "[privacy][health][api]")
{
    auto dir = temp_dir();
    auto damaged = dir + "/damaged.db";
    {
        test_server s({"--scheduler", "false"});
        create_meeting(s);
        REQUIRE(s.stop() == 0);
        fs::copy_file(s.db(), damaged);
    }
    {
        SQLite::Database d(damaged, SQLite::OPEN_READONLY);
        auto page_size = d.execAndGet("PRAGMA page_size").getInt();
        auto root = d.execAndGet("SELECT rootpage FROM sqlite_schema WHERE name = 'meetings'").getInt();
        std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(root - 1) * page_size);
        f.put(static_cast<char>(0x42)); // no b-tree page has this type
    }
    auto log = dir + "/server.log";
    env_scope env("SANAKSME_TEST_STDERR", log);
    test_server s({"--scheduler", "false"}, false, damaged);
    CHECK(s.get("/api/v1/meetings/1", s.coordinator()).status == 500);
    CHECK(s.get("/api/v1/meetings", s.coordinator()).status == 500);
    auto metrics = s.get("/metrics", "").body;
    std::smatch m;
    REQUIRE(std::regex_search(metrics, m, std::regex("sanaksme_db_corruption_total (\\d+)")));
    CHECK(std::stoi(m[1]) >= 2);
    s.stop();
    auto text = file_text(log);
    std::size_t events = 0;
    std::string line;
    std::istringstream lines(text);
    while (std::getline(lines, line))
        if (line.find("\"database_corruption\"") != std::string::npos) {
            ++events;
            auto event = json::parse(line);
            CHECK(event["statement"].get<std::string>().find("SELECT") != std::string::npos);
            CHECK(event["found"].get<std::string>().find("corruption") != std::string::npos);
        }
    CHECK(events == 1);
    fs::remove_all(dir);
}

TEST_CASE("public calendars carry title, time and place only; the personal feed from the invitation adds the rest",
          "[privacy][calendar][api]")
{
    smtp_sink sink;
    test_server s(mail_args(sink));
    auto org = create_org(s, "Kalendāra biedrība");
    auto other = create_org(s, "Citu biedrība", {{"language", "en"}});
    auto lv = create_person(s, org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    create_person(s, other, "Ilona Nikiforova", {{"email", "ilona@iom.example"}, {"email_consent", true}});
    auto m = create_meeting(s, {{"status", "scheduled"}, {"title", "Sestā tikšanās"},
                                {"venue", {{"name", "Rīgas dome"}, {"address", "Rātslaukums 1"}}},
                                {"description", "Slepenā darba kārtība"}, {"online_url", "https://call.example/secret-room"}});
    REQUIRE(s.post(meeting_path(m, "/invitations"), json::object(), s.coordinator()).status < 300);
    // Another meeting the first person's organization is not invited to.
    auto elsewhere = create_meeting(s, {{"title", "Citu sanāksme"}, {"starts_at", "2030-12-01T10:00:00+02:00"}, {"ends_at", nullptr},
                                        {"online_url", "https://call.example/other-room"}});
    REQUIRE(s.post(meeting_path(elsewhere, "/invitations"), {{"organization_ids", {other}}}, s.coordinator()).status < 300);
    REQUIRE(s.patch(meeting_path(elsewhere), {{"status", "scheduled"}}, s.coordinator()).status == 200);

    for (const auto& path : {meeting_path(m, "/calendar.ics"), std::string("/api/v1/calendar.ics")}) {
        auto r = s.get(path, "");
        INFO(path);
        REQUIRE(r.status == 200);
        CHECK(r.body.find("secret-room") == std::string::npos);
        CHECK(r.body.find("Slepen") == std::string::npos);
        auto cal = read_ics(r.body);
        REQUIRE_FALSE(cal["events"].empty());
        for (const auto& e : cal["events"]) {
            CHECK(e["url"].is_null());
            CHECK(e["description"].is_null());
        }
        CHECK(cal["events"][0]["summary"] == "Sestā tikšanās");
        CHECK(cal["events"][0]["location"] == "Rīgas dome, Rātslaukums 1");
    }

    REQUIRE(s.post(meeting_path(m, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto messages = sink.wait_for(2);
    const auto& lv_mail = message_to(messages, "agita@pdm.example", "Ielūgums");
    const auto& en_mail = message_to(messages, "ilona@iom.example", "Invitation");
    CHECK(lv_mail["text"].get<std::string>().find("personīgais sanāksmju kalendārs") != std::string::npos);
    CHECK(en_mail["text"].get<std::string>().find("Your personal calendar") != std::string::npos);
    auto feed_path = calendar_path(lv_mail["text"]);
    CHECK(lv_mail["html"].get<std::string>().find(feed_path) != std::string::npos);
    CHECK(calendar_path(en_mail["html"]) != feed_path);
    // The calendar sent with the invitation goes to the person: it may carry the call link.
    CHECK(lv_mail["calendar"]["events"][0]["url"] == "https://call.example/secret-room");

    auto feed = s.get(feed_path, "");
    INFO(feed.body);
    REQUIRE(feed.status == 200);
    CHECK(feed.header("content-type").starts_with("text/calendar"));
    CHECK(feed.header("cache-control") == "private, no-store");
    auto cal = read_ics(feed.body);
    REQUIRE(cal["events"].size() == 1); // not the meeting the organization is not invited to
    CHECK(cal["events"][0]["summary"] == "Sestā tikšanās");
    CHECK(cal["events"][0]["url"] == "https://call.example/secret-room");
    CHECK(cal["events"][0]["description"] == "Slepenā darba kārtība");
    auto en_cal = read_ics(s.get(calendar_path(en_mail["text"]), "").body);
    CHECK(en_cal["events"].size() == 2);

    auto tampered = feed_path;
    auto at = tampered.find("/meetings.ics") - 3;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    require_problem(s.get(tampered, ""), 400);
    // Another kind of signed link is no calendar.
    auto rsvp = link_path(lv_mail["text"], "rsvp");
    require_problem(s.get("/api/v1/calendar/" + rsvp.substr(6) + "/meetings.ics", ""), 400);
    // Once the person is erased, their feed is gone.
    REQUIRE(s.del("/api/v1/people/" + std::to_string(lv), s.coordinator()).status == 204);
    require_problem(s.get(feed_path, ""), 404);
}

TEST_CASE("the OpenAPI document is public", "[privacy][openapi][api]")
{
    test_server s;
    auto r = s.get("/api/v1/openapi.json", "");
    REQUIRE(r.status == 200);
    auto doc = r.j();
    CHECK(doc["paths"].contains("/readyz"));
    CHECK(doc["paths"].contains("/calendar/{signed}/meetings.ics"));
}

TEST_CASE("a token's secret is not kept for an Idempotency-Key replay: it is shown once", "[privacy][keys][tokens][api]")
{
    test_server s;
    auto first = s.request("POST", "/api/v1/tokens", json{{"role", "organizer"}, {"name", "Retried"}}, s.coordinator(),
                           {{"Idempotency-Key", "token-1"}});
    REQUIRE(first.status == 201);
    auto secret = first.j()["token"].get<std::string>();
    REQUIRE(secret.starts_with("snk_"));
    auto again = s.request("POST", "/api/v1/tokens", json{{"role", "organizer"}, {"name", "Retried"}}, s.coordinator(),
                           {{"Idempotency-Key", "token-1"}});
    CHECK(again.status == 201);
    CHECK(again.header("idempotent-replayed") == "true");
    CHECK(again.j()["id"] == first.j()["id"]);
    CHECK(again.j()["token"].is_null());
    CHECK(s.get("/api/v1/tokens", secret).status == 403); // the token itself works (an organizer's)
    REQUIRE(s.stop() == 0);
    CHECK(scan(s.db(), {secret}).empty());
}
