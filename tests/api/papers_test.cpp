// Papers through the real server: streamed uploads and downloads under a memory bound, content
// addressing, type sniffing, visibility by role and signed link, the download name, soft delete,
// the approved-minutes rule, the upload limit and backups.
#include "auth/link_keys.hpp"
#include "auth/links.hpp"
#include "support/fixtures.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace sanaksme::test;

namespace {

const std::string boundary = "----sanaksme-test-7MA4YWxkTrZu0gW";
const std::string multipart_type = "multipart/form-data; boundary=" + boundary;

// A multipart/form-data body with one file part and the given text fields.
std::string form_body(const std::string& file_name, const std::string& bytes, const json& fields = json::object())
{
    std::string out;
    for (const auto& [k, v] : fields.items())
        out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v.get<std::string>() + "\r\n";
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
           "\"\r\nContent-Type: application/pdf\r\n\r\n";
    out += bytes;
    out += "\r\n--" + boundary + "--\r\n";
    return out;
}

std::string pdf_bytes(std::size_t size, char fill = 'x')
{
    std::string out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n";
    std::string line = "% filler ";
    while (out.size() < size)
        out += line + std::string(64, fill) + "\n";
    out.resize(size);
    return out;
}

reply upload(test_server& s, std::int64_t meeting, const std::string& token, const std::string& file_name,
             const std::string& bytes, const json& fields = json::object())
{
    return s.raw_body("POST", meeting_path(meeting, "/papers"), form_body(file_name, bytes, fields), multipart_type, token);
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The stored files of the papers directory (the "incoming" directory aside), and what waits in it.
std::vector<std::string> stored_files(const std::string& dir)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().filename() != "incoming")
            out.push_back(e.path().filename().string());
    return out;
}
std::size_t incoming_files(const std::string& dir)
{
    std::size_t n = 0;
    std::error_code ec;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir + "/incoming", ec))
        ++n;
    return n;
}

// The test server's process: the `sanaksme serve` whose command line names its database.
int server_pid(const test_server& s)
{
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
        auto name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        auto cmdline = read_file(e.path().string() + "/cmdline");
        if (cmdline.find(std::string("serve") + '\0') != std::string::npos && cmdline.find(s.db() + '\0') != std::string::npos)
            return std::stoi(name);
    }
    return -1;
}

// Peak resident memory of a process, in kB (VmHWM of /proc/<pid>/status).
long peak_rss_kb(int pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

std::string percent_decode(const std::string& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '%' && i + 2 < s.size())
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)), i += 2;
        else
            out += s[i];
    return out;
}

std::string paper_path(std::int64_t id, const std::string& rest = "") { return "/api/v1/papers/" + std::to_string(id) + rest; }

} // namespace

TEST_CASE("a 20 MB paper goes up and comes down streamed, the server's peak memory under 84 MB", "[papers][api]")
{
    test_server s;
    auto m = create_meeting(s);
    auto bytes = pdf_bytes(20 * 1024 * 1024);
    auto r = upload(s, m, s.organizer_token(), "prezentacija.pdf", bytes, {{"title", "Prezentācija"}, {"visibility", "public"}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    auto paper = r.j();
    CHECK(paper["size"] == bytes.size());
    CHECK(paper["content_type"] == "application/pdf");
    auto down = s.get(paper["file_url"].get<std::string>(), "");
    REQUIRE(down.status == 200);
    CHECK(down.header("content-length") == std::to_string(bytes.size()));
    CHECK(down.body == bytes);
    auto pid = server_pid(s);
    REQUIRE(pid > 0);
    auto peak = peak_rss_kb(pid);
    INFO("VmHWM " << peak << " kB");
    REQUIRE(peak > 0);
    CHECK(peak < 84 * 1024);
}

TEST_CASE("the same file uploaded twice is stored once, 0600, and nothing is left in incoming", "[papers][api]")
{
    test_server s;
    auto m = create_meeting(s);
    auto bytes = pdf_bytes(100 * 1024);
    auto a = upload(s, m, s.organizer_token(), "a.pdf", bytes);
    auto b = upload(s, m, s.organizer_token(), "b.pdf", bytes, {{"title", "Otrā"}});
    REQUIRE(a.status == 201);
    REQUIRE(b.status == 201);
    CHECK(a.j()["id"] != b.j()["id"]);
    CHECK(a.j()["sha256"] == b.j()["sha256"]);
    auto dir = s.db() + ".papers";
    auto files = stored_files(dir);
    REQUIRE(files == std::vector<std::string>{a.j()["sha256"].get<std::string>()});
    struct stat st{};
    REQUIRE(::stat((dir + "/" + files[0]).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(incoming_files(dir) == 0);
    CHECK(read_file(dir + "/" + files[0]) == bytes);
    CHECK(list_all(s, meeting_path(m, "/papers")).size() == 2);
}

TEST_CASE("an executable renamed .pdf is refused with 415 and nothing is stored", "[papers][api]")
{
    test_server s;
    auto m = create_meeting(s);
    auto exe = read_file("/bin/true");
    REQUIRE(exe.size() > 1000);
    auto r = upload(s, m, s.organizer_token(), "true.pdf", exe);
    require_problem(r, 415);
    CHECK(r.j()["detail"].get<std::string>().find("application/x-") != std::string::npos);
    CHECK(list_all(s, meeting_path(m, "/papers")).empty());
    CHECK(stored_files(s.db() + ".papers").empty());
    CHECK(incoming_files(s.db() + ".papers") == 0);
}

TEST_CASE("bad uploads are refused as problem+json, change nothing, and the server keeps serving", "[papers][api]")
{
    test_server s({"--upload-limit", "100000"});
    auto m = create_meeting(s);
    const auto& organizer = s.organizer_token();

    SECTION("not multipart: 415")
    {
        require_problem(s.raw_body("POST", meeting_path(m, "/papers"), pdf_bytes(1000), "application/pdf", organizer), 415);
    }
    SECTION("no closing boundary: 400")
    {
        auto body = form_body("a.pdf", pdf_bytes(1000));
        body.resize(body.size() - boundary.size() - 8);
        require_problem(s.raw_body("POST", meeting_path(m, "/papers"), body, multipart_type, organizer), 400);
    }
    SECTION("a part without a name: 400")
    {
        std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; filename=\"a.pdf\"\r\n\r\n" +
                           pdf_bytes(100) + "\r\n--" + boundary + "--\r\n";
        require_problem(s.raw_body("POST", meeting_path(m, "/papers"), body, multipart_type, organizer), 400);
    }
    SECTION("an unknown field or visibility: 422")
    {
        require_problem(upload(s, m, organizer, "a.pdf", pdf_bytes(1000), {{"colour", "red"}}), 422);
        require_problem(upload(s, m, organizer, "a.pdf", pdf_bytes(1000), {{"visibility", "everyone"}}), 422);
    }
    SECTION("a member may not upload: 403")
    {
        auto org = create_org(s, "Biedrība");
        require_problem(upload(s, m, s.token("member", "Biedrs", org), "a.pdf", pdf_bytes(1000)), 403);
    }
    SECTION("a body over the route's limit: 413 naming the limit, before the body is read")
    {
        // Over the upload limit only, and over the server's 1 MB limit of other bodies too.
        for (auto length : {"200000", "2000000"}) {
            auto answer = s.raw("POST " + meeting_path(m, "/papers") + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                organizer + "\r\nContent-Type: " + multipart_type + "\r\nContent-Length: " + length +
                                "\r\n\r\n");
            INFO(answer);
            CHECK(answer.rfind("HTTP/1.1 413", 0) == 0);
            CHECK(answer.find("application/problem+json") != std::string::npos);
            CHECK(answer.find("larger than 100000 bytes") != std::string::npos);
        }
    }
    SECTION("a chunked body over the limit: 413 at the chunk that passes it, the part written so far removed")
    {
        std::string first = "--" + boundary + "\r\n" + std::string(60000, 'x');
        std::stringstream sizes;
        sizes << std::hex << first.size() << "\r\n" << first << "\r\n" << 50000 << "\r\nxxxx";
        auto answer = s.raw("POST " + meeting_path(m, "/papers") + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                            organizer + "\r\nContent-Type: " + multipart_type +
                            "\r\nTransfer-Encoding: chunked\r\n\r\n" + sizes.str());
        INFO(answer);
        CHECK(answer.rfind("HTTP/1.1 413", 0) == 0);
        CHECK(answer.find("100000") != std::string::npos);
    }
    CHECK(list_all(s, meeting_path(m, "/papers")).empty());
    CHECK(stored_files(s.db() + ".papers").empty());
    CHECK(incoming_files(s.db() + ".papers") == 0);
    // Still serving, uploads included; other routes keep their own (1 MB) limit.
    CHECK(s.get("/healthz", "").status == 200);
    CHECK(upload(s, m, organizer, "a.pdf", pdf_bytes(50000)).status == 201);
}

TEST_CASE("who sees which paper: public to anyone, members' to tokens and signed links, drafts to organizers", "[papers][api]")
{
    test_server s;
    auto m = create_meeting(s);
    auto other = create_meeting(s);
    auto org = create_org(s, "Biedrība „Zaļā”");
    auto member = s.token("member", "Biedrs", org);
    const auto& organizer = s.organizer_token();
    auto pub = upload(s, m, organizer, "p.pdf", pdf_bytes(2000, 'p'), {{"visibility", "public"}}).j()["id"].get<std::int64_t>();
    auto mem = upload(s, m, organizer, "m.pdf", pdf_bytes(2000, 'm')).j()["id"].get<std::int64_t>();
    auto draft = upload(s, m, organizer, "d.pdf", pdf_bytes(2000, 'd'), {{"visibility", "organizers"}}).j()["id"].get<std::int64_t>();

    CHECK(s.get(paper_path(mem), member).j()["visibility"] == "members");
    CHECK(s.get(meeting_path(m, "/papers"), member).j()["items"].size() == 2);
    CHECK(s.get(meeting_path(m, "/papers"), organizer).j()["items"].size() == 3);
    CHECK(s.get(meeting_path(m, "/papers"), "").status == 401);

    // file: no token, member, organizer
    CHECK(s.get(paper_path(pub, "/file"), "").status == 200);
    CHECK(s.get(paper_path(mem, "/file"), "").status == 404);
    CHECK(s.get(paper_path(draft, "/file"), "").status == 404);
    CHECK(s.get(paper_path(mem, "/file"), member).status == 200);
    CHECK(s.get(paper_path(draft, "/file"), member).status == 404);
    CHECK(s.get(paper_path(draft), member).status == 404);
    CHECK(s.get(paper_path(draft, "/file"), organizer).status == 200);
    CHECK(s.get(paper_path(draft, "/file"), s.coordinator()).status == 200);

    // signed links, as an email carries them
    sanaksme::auth::link_keys keys(sanaksme::auth::link_key_path(s.db(), ""));
    auto secret = keys.secrets().front();
    auto expires = std::time(nullptr) + 3600;
    auto url = [&](std::int64_t paper, std::int64_t meeting, std::int64_t until) {
        sanaksme::auth::link_claims claims{sanaksme::auth::link_purpose::paper, meeting, 1, until};
        return paper_path(paper, "/file?link=" + sanaksme::auth::sign_link(claims, secret));
    };
    auto ok = s.get(url(mem, m, expires), "");
    CHECK(ok.status == 200);
    CHECK(ok.body == pdf_bytes(2000, 'm'));
    CHECK(s.get(url(draft, m, expires), "").status == 404);
    require_problem(s.get(url(mem, other, expires), ""), 403);
    require_problem(s.get(url(mem, m, std::time(nullptr) - 10), ""), 403);
    require_problem(s.get(url(mem, m, expires) + "x", ""), 403);
}

TEST_CASE("a download is an attachment named from its Latvian title, with nosniff", "[papers][api]")
{
    test_server s;
    auto m = create_meeting(s);
    auto r = upload(s, m, s.organizer_token(), "zinojums.pdf", pdf_bytes(3000),
                    {{"title", "Ziņojums par pašvaldību \"sadarbību\" 2030/31"}, {"visibility", "public"}});
    REQUIRE(r.status == 201);
    auto down = s.get(r.j()["file_url"].get<std::string>(), "");
    REQUIRE(down.status == 200);
    CHECK(down.header("content-type") == "application/pdf");
    CHECK(down.header("x-content-type-options") == "nosniff");
    auto cd = down.header("content-disposition");
    INFO(cd);
    REQUIRE(cd.rfind("attachment; ", 0) == 0);
    auto plain = cd.find("filename=\"");
    REQUIRE(plain != std::string::npos);
    auto plain_end = cd.find('"', plain + 10);
    CHECK(cd.substr(plain + 10, plain_end - plain - 10) == "Zinojums par pasvaldibu -sadarbibu- 2030-31.pdf");
    auto star = cd.find("filename*=UTF-8''");
    REQUIRE(star != std::string::npos);
    auto encoded = cd.substr(star + 17);
    CHECK(encoded.find_first_of(" \";") == std::string::npos);
    CHECK(percent_decode(encoded) == "Ziņojums par pašvaldību -sadarbību- 2030-31.pdf");
}

TEST_CASE("deleting a paper keeps it for the record; once the minutes are approved papers no longer change", "[papers][api]")
{
    test_server s;
    auto m = create_meeting(s);
    const auto& organizer = s.organizer_token();
    auto first = upload(s, m, organizer, "a.pdf", pdf_bytes(2000, 'a')).j();
    auto second = upload(s, m, organizer, "b.pdf", pdf_bytes(2000, 'b')).j();
    auto id = first["id"].get<std::int64_t>();
    require_problem(s.request("DELETE", paper_path(id), std::nullopt, organizer, {{"If-Match", "\"1-99\""}}), 412);
    REQUIRE(s.del(paper_path(id), organizer).status == 204);
    CHECK(s.get(paper_path(id), organizer).status == 404);
    CHECK(s.get(paper_path(id, "/file"), organizer).status == 404);
    CHECK(list_all(s, meeting_path(m, "/papers")).size() == 1);
    // The bytes stay on disk (the record), only the listing forgets them.
    CHECK(std::filesystem::exists(s.db() + ".papers/" + first["sha256"].get<std::string>()));

    auto second_id = second["id"].get<std::int64_t>();
    REQUIRE(s.patch(paper_path(second_id), {{"title", "Lēmuma projekts"}}, organizer).status == 200);
    REQUIRE(s.put(meeting_path(m, "/minutes"), {{"summary", "Kopsavilkums"}}, organizer).status == 200);
    REQUIRE(s.post(meeting_path(m, "/minutes/approve"), json::object(), s.coordinator()).status == 200);
    require_problem(s.del(paper_path(second_id), organizer), 409);
    require_problem(s.del(paper_path(second_id), s.coordinator()), 409);
    require_problem(s.patch(paper_path(second_id), {{"visibility", "public"}}, organizer), 409);
    require_problem(upload(s, m, organizer, "c.pdf", pdf_bytes(2000, 'c')), 409);
    // The minutes list the papers as annexes, the deleted one not.
    auto md = s.get(meeting_path(m, "/minutes.md?lang=lv"), organizer);
    REQUIRE(md.status == 200);
    INFO(md.body);
    CHECK(md.body.find("## Pielikumi\n\n1. Lēmuma projekts\n") != std::string::npos);
    CHECK(md.body.find("\n2. ") == std::string::npos);
    auto en = s.get(meeting_path(m, "/minutes.txt?lang=en"), organizer);
    CHECK(en.body.find("Annexes\n  1. Lēmuma projekts") != std::string::npos);
    CHECK(s.get(meeting_path(m, "/minutes.pdf"), organizer).status == 200);
    auto still = s.get(paper_path(second_id), organizer);
    REQUIRE(still.status == 200);
    CHECK(still.j()["title"] == "Lēmuma projekts");
    CHECK(still.j()["visibility"] == "members");
}

TEST_CASE("papers of an agenda item are listed with it and with the meeting", "[papers][api]")
{
    test_server s;
    auto m = create_meeting(s);
    auto other = create_meeting(s);
    const auto& organizer = s.organizer_token();
    auto item = s.post(meeting_path(m, "/agenda"), {{"title", "Ziņojums"}}, organizer).j()["id"].get<std::int64_t>();
    auto r = s.raw_body("POST", "/api/v1/agenda/" + std::to_string(item) + "/papers", form_body("z.pdf", pdf_bytes(1500)),
                        multipart_type, organizer);
    REQUIRE(r.status == 201);
    CHECK(r.j()["agenda_item_id"] == item);
    CHECK(r.j()["meeting_id"] == m);
    CHECK(s.get("/api/v1/agenda/" + std::to_string(item) + "/papers", organizer).j()["items"].size() == 1);
    CHECK(list_all(s, meeting_path(m, "/papers")).size() == 1);
    // An item of another meeting is refused.
    require_problem(upload(s, other, organizer, "z.pdf", pdf_bytes(1500), {{"agenda_item_id", std::to_string(item)}}), 422);
}

TEST_CASE("a backup copies the papers' files with the database", "[papers][backup][api]")
{
    test_server s;
    auto m = create_meeting(s);
    auto bytes = pdf_bytes(5000);
    auto sha = upload(s, m, s.organizer_token(), "a.pdf", bytes).j()["sha256"].get<std::string>();
    auto dir = temp_dir();
    REQUIRE(run_cli({"backup", "--db", s.db(), "--to", dir + "/b.db"}).first == 0);
    auto copy = dir + "/b.db.papers/" + sha;
    REQUIRE(std::filesystem::exists(copy));
    CHECK(read_file(copy) == bytes);
    struct stat st{};
    REQUIRE(::stat(copy.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("an invitation lists the meeting's papers with personal links that open members' papers", "[papers][mail][api]")
{
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1", "--public-url",
                   "http://127.0.0.1:1"});
    auto org = create_org(s, "Biedrība „Drošā māja”");
    create_person(s, org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    auto m = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, m);
    const auto& organizer = s.organizer_token();
    auto paper = upload(s, m, organizer, "p.pdf", pdf_bytes(2000, 'q'), {{"title", "Pozīcijas dokuments"}}).j();
    REQUIRE(upload(s, m, organizer, "d.pdf", pdf_bytes(2000, 'd'), {{"title", "Melnraksts"}, {"visibility", "organizers"}})
                .status == 201);
    REQUIRE(s.post(meeting_path(m, "/reminders"), {{"kind", "invitation"}}, organizer).status == 201);
    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    auto text = messages[0]["text"].get<std::string>();
    INFO(text);
    CHECK(text.find("Pozīcijas dokuments") != std::string::npos);
    CHECK(text.find("Melnraksts") == std::string::npos);
    std::smatch found;
    std::regex link("http://127\\.0\\.0\\.1:1(/api/v1/papers/" + std::to_string(paper["id"].get<int>()) +
                    "/file\\?link=[A-Za-z0-9_.-]+)");
    REQUIRE(std::regex_search(text, found, link));
    CHECK(messages[0]["html"].get<std::string>().find(found[1].str()) != std::string::npos);
    auto opened = s.get(found[1].str(), "");
    CHECK(opened.status == 200);
    CHECK(opened.body == pdf_bytes(2000, 'q'));
}

TEST_CASE("the demo's fifth meeting has its presentations' handouts as public PDF papers", "[papers][demo][api]")
{
    test_server s({}, true);
    auto papers = list_all(s, meeting_path(1, "/papers"));
    REQUIRE(papers.size() == 3);
    for (const auto& p : papers) {
        CHECK(p["visibility"] == "public");
        CHECK(p["agenda_item_id"].is_number_integer());
        auto file = s.get(p["file_url"].get<std::string>(), "");
        REQUIRE(file.status == 200);
        CHECK(file.body.rfind("%PDF-", 0) == 0);
        CHECK(file.body.size() == p["size"].get<std::size_t>());
    }
    CHECK(papers[0]["title"].get<std::string>().find("Rīcības plāna") != std::string::npos);
}

TEST_CASE("an upload slower than the read timeout in all goes through while it keeps moving; a stalled one is closed",
          "[papers][api]")
{
    namespace asio = boost::asio;
    test_server s({"--read-timeout", "2"});
    auto m = create_meeting(s);
    auto body = form_body("slow.pdf", pdf_bytes(60000));
    auto head = "POST " + meeting_path(m, "/papers") + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                s.organizer_token() + "\r\nContent-Type: " + multipart_type +
                "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    auto answer_of = [](asio::ip::tcp::socket& sock) {
        std::string out;
        char buf[4096];
        boost::system::error_code ec;
        while (true) {
            auto n = sock.read_some(asio::buffer(buf), ec);
            if (ec || n == 0)
                return out;
            out.append(buf, n);
        }
    };
    asio::io_context ioc;
    {
        asio::ip::tcp::socket sock(ioc);
        sock.connect({asio::ip::make_address("127.0.0.1"), s.port()});
        asio::write(sock, asio::buffer(head));
        // Six pieces 0.7 s apart: 4 s in all, twice the timeout, never 2 s without a byte.
        auto piece = body.size() / 6 + 1;
        for (std::size_t at = 0; at < body.size(); at += piece) {
            std::this_thread::sleep_for(std::chrono::milliseconds(700));
            asio::write(sock, asio::buffer(body.data() + at, std::min(piece, body.size() - at)));
        }
        auto answer = answer_of(sock);
        INFO(answer.substr(0, 400));
        CHECK(answer.rfind("HTTP/1.1 201", 0) == 0);
    }
    {
        asio::ip::tcp::socket sock(ioc);
        sock.connect({asio::ip::make_address("127.0.0.1"), s.port()});
        asio::write(sock, asio::buffer(head + body.substr(0, 1000)));
        std::this_thread::sleep_for(std::chrono::milliseconds(4000));
        CHECK(answer_of(sock).empty()); // closed without an answer
    }
    CHECK(list_all(s, meeting_path(m, "/papers")).size() == 1);
    CHECK(incoming_files(s.db() + ".papers") == 0);
}
