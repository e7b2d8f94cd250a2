// What erasure replaces in stored text, and the link key file.
#include "auth/link_keys.hpp"
#include "render/ical.hpp"
#include "render/mime.hpp"
#include "store/erasure.hpp"
#include "support/test_server.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace sanaksme;

namespace {

store::personal_marks anna() { return {7, "Anna Bērziņa", "anna.berzina@pdm.example", "+371 2000 0001"}; }

std::string file_text(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

} // namespace

TEST_CASE("erasure replaces whole-word mentions of the name, the address and the phone, nothing else", "[erase][unit]")
{
    auto m = anna();
    CHECK(m.scrub("substitute for Anna Bērziņa").value() == "substitute for —");
    CHECK(m.scrub("„Anna Bērziņa”, ANNA BĒRZIŅA and anna Bērziņa.").value() == "„—”, ANNA BĒRZIŅA and —.");
    CHECK(m.scrub("write to Anna.Berzina@PDM.example.").value() == "write to —.");
    CHECK(m.scrub("call +371 2000 0001 or 37120000001").value() == "call — or —");
    CHECK(m.scrub("Anna Bērziņa <anna.berzina@pdm.example>").value() == "— <—>");
    // Other words that hold the name, other addresses and longer numbers stay.
    CHECK_FALSE(m.scrub("Annas Bērziņas ziņojums"));
    CHECK_FALSE(m.scrub("Anna Bērziņa-Ozola"));
    CHECK_FALSE(m.scrub("xanna.berzina@pdm.example"));
    CHECK_FALSE(m.scrub("anna.berzina@pdm.example.lv"));
    CHECK_FALSE(m.scrub("+371 2000 00019"));
    CHECK_FALSE(m.scrub(""));
    // Too short a name would match words of everyone's text: it is not looked for.
    store::personal_marks short_name(8, "Li", std::nullopt, std::nullopt);
    CHECK_FALSE(short_name.scrub("Li said so"));
}

TEST_CASE("erasure rewrites JSON values, and a person's own fields in objects carrying their id", "[erase][unit]")
{
    auto m = anna();
    auto own = m.scrub(R"({"meeting_id":1,"note":"on medical leave","person_id":7,"response":"no"})");
    REQUIRE(own);
    CHECK(nlohmann::json::parse(*own) ==
          nlohmann::json::parse(R"({"meeting_id":1,"note":null,"person_id":7,"response":"no"})"));
    auto named = m.scrub(R"({"items":[{"owner":"Anna Bērziņa","text":"ziņot"}],"person_id":70})");
    REQUIRE(named);
    CHECK(nlohmann::json::parse(*named)["items"][0]["owner"] == "—");
    CHECK(nlohmann::json::parse(*named)["person_id"] == 70);
    // Another person's note with no mention, and JSON whose keys merely look alike, stay as they are.
    CHECK_FALSE(m.scrub(R"({"note":"on leave","person_id":70})"));
    CHECK_FALSE(m.scrub(R"({"presenter_person_id":7,"title":"T"})"));
}

TEST_CASE("erasure rewrites a stored message's headers and base64 parts; it still parses", "[erase][unit]")
{
    render::message msg;
    msg.from = {"Sanāksme", "no-reply@pdm.example"};
    msg.to = {"Rasa Saliņa", "rasa@pdm.example"};
    msg.subject = "Tikšanās ar Anna Bērziņa";
    msg.message_id = "x@pdm.example";
    msg.text = "Darba kārtība: 10.00 Pieredze (Anna Bērziņa)\n";
    msg.html = "<p>Pieredze (<em>Anna Bērziņa</em>)</p>";
    render::ical_event e;
    e.uid = "meeting-1@pdm.example";
    e.starts_at = 1'900'000'000;
    e.ends_at = e.starts_at + 3600;
    e.timezone = "Europe/Riga";
    e.summary = "Tikšanās";
    // Long enough to be folded, the name across no fold but the text after it across one.
    e.description = "Ziņo Anna Bērziņa un vēl daudzi citi runātāji no dažādām organizācijām";
    msg.calendar = render::calendar({e}, "REQUEST", e.starts_at);
    msg.calendar_method = "REQUEST";
    msg.attachments.push_back({"invite.ics", "application/ics", msg.calendar});
    auto raw = render::build_message(msg, "seed");
    auto scrubbed = anna().scrub(raw);
    REQUIRE(scrubbed);
    CHECK(scrubbed->find("Anna") == std::string::npos);
    CHECK(scrubbed->find("rasa@pdm.example") != std::string::npos);
    auto dir = test::temp_dir();
    std::ofstream(dir + "/m.eml", std::ios::binary) << *scrubbed;
    auto [code, out] = test::run_program("/usr/bin/python3", {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_mail.py", dir});
    std::filesystem::remove_all(dir);
    REQUIRE(code == 0);
    auto parsed = nlohmann::json::parse(out).at(0);
    CHECK(parsed["defects"] == 0);
    CHECK(parsed["subject"] == "Tikšanās ar —");
    CHECK(parsed["to"] == "Rasa Saliņa <rasa@pdm.example>");
    CHECK(parsed["text"] == "Darba kārtība: 10.00 Pieredze (—)\n");
    CHECK(parsed["html"] == "<p>Pieredze (<em>—</em>)</p>");
    CHECK(parsed["calendar"]["events"][0]["description"] == "Ziņo — un vēl daudzi citi runātāji no dažādām organizācijām");
    CHECK(parsed["max_line_octets"].get<int>() <= 78);
    // A message that does not mention the person is left byte for byte.
    CHECK_FALSE(store::personal_marks(9, "Pēteris Kalniņš", std::nullopt, std::nullopt).scrub(raw));
}

TEST_CASE("the link key file is made 0600 at first use, rotated in place, and read again when replaced", "[keys][unit]")
{
    auto old_mask = ::umask(022);
    auto dir = test::temp_dir();
    auto path = auth::link_key_path(dir + "/s.db", "");
    CHECK(path == dir + "/s.db.key");
    CHECK(auth::link_key_path(dir + "/s.db", "/etc/k") == "/etc/k");
    auth::link_keys keys(path), other(path);
    auto first = keys.secrets();
    REQUIRE(first.size() == 1);
    CHECK(first[0].size() == 43);
    struct stat st{};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(other.secrets() == first);
    // Another process rotates: the first reader sees the new key and the one before it.
    other.rotate();
    auto rotated = keys.secrets();
    REQUIRE(rotated.size() == 2);
    CHECK(rotated[1] == first[0]);
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // Keys adopted from a database go after the file's own, once.
    keys.adopt({"db-key-1", rotated[0]});
    keys.adopt({"db-key-1"});
    CHECK(file_text(path) == rotated[0] + "\n" + rotated[1] + "\ndb-key-1\n");
    // Into a missing file they go as they are, in their order.
    auth::link_keys fresh(dir + "/fresh.key");
    fresh.adopt({"current", "previous"});
    CHECK(fresh.secrets() == std::vector<std::string>{"current", "previous"});
    CHECK_FALSE(auth::create_private_file(path, "x"));
    CHECK(file_text(path) == rotated[0] + "\n" + rotated[1] + "\ndb-key-1\n");
    std::filesystem::remove_all(dir);
    ::umask(old_mask);
}
