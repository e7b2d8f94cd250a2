// The reader's spooling of upload bodies (net::request_reader with a spool policy), the rules of papers (domain/paper: types, visibility, download names) and the streaming
// multipart/form-data reader (http/multipart), fed in every split.
#include "domain/paper.hpp"
#include "http/api_error.hpp"
#include "http/multipart.hpp"
#include "net/request_reader.hpp"

#include <boost/asio/buffer.hpp>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

using namespace sanaksme;

namespace {

struct collected : http::multipart_sink {
    std::vector<http::part_head> heads;
    std::vector<std::string> bodies;
    int ended = 0;
    void on_part(const http::part_head& h) override
    {
        heads.push_back(h);
        bodies.emplace_back();
    }
    void on_data(std::string_view b) override { bodies.back().append(b); }
    void on_part_end() override { ++ended; }
};

const std::string body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nZiņojums\r\n"
                         "--XyZ\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".pdf\"\r\n"
                         "Content-Type: application/pdf\r\n\r\n%PDF\r\n--Xy not yet\r\n\r\n--XyZ--\r\nepilogue";

} // namespace

TEST_CASE("multipart: the same parts whatever the pieces the body arrives in", "[papers][unit]")
{
    for (std::size_t piece = 1; piece <= body.size(); ++piece) {
        collected c;
        http::multipart_reader r("XyZ", c);
        for (std::size_t i = 0; i < body.size(); i += piece)
            r.feed(std::string_view(body).substr(i, piece));
        r.finish();
        INFO("piece " << piece);
        REQUIRE(c.heads.size() == 2);
        CHECK(c.heads[0].name == "title");
        CHECK(!c.heads[0].filename);
        CHECK(c.bodies[0] == "Ziņojums");
        CHECK(c.heads[1].name == "file");
        CHECK(c.heads[1].filename == "a \"b\".pdf");
        CHECK(c.heads[1].content_type == "application/pdf");
        CHECK(c.bodies[1] == "%PDF\r\n--Xy not yet\r\n");
        CHECK(c.ended == 2);
    }
}

TEST_CASE("multipart: malformed bodies are 400", "[papers][unit]")
{
    auto refused = [](const std::string& text) {
        collected c;
        http::multipart_reader r("XyZ", c);
        try {
            r.feed(text);
            r.finish();
        } catch (const http::api_error& e) {
            return e.status() == 400;
        }
        return false;
    };
    CHECK(refused("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"));
    CHECK(refused("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--"));
    CHECK(refused("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"));
    CHECK(refused("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--"));
    CHECK(refused("--XyZ junk\r\n"));
    CHECK(refused(std::string(2000, 'p')));
    CHECK(refused("--XyZ\r\nContent-Disposition: form-data; name=\"a" + std::string(9000, 'a') + "\"\r\n\r\n"));
    CHECK(refused(""));
    CHECK(!refused("--XyZ--"));
}

TEST_CASE("multipart: the boundary of a form-data Content-Type", "[papers][unit]")
{
    CHECK(http::multipart_boundary("multipart/form-data; boundary=abc") == "abc");
    CHECK(http::multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"") == "a b:c");
    CHECK(!http::multipart_boundary("multipart/mixed; boundary=abc"));
    CHECK(!http::multipart_boundary("multipart/form-data"));
    CHECK(!http::multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
    CHECK(!http::multipart_boundary("application/pdf"));
}

TEST_CASE("papers: the allow-list of sniffed types", "[papers][unit]")
{
    CHECK(domain::allowed_paper_type("application/pdf")->extension == "pdf");
    CHECK(domain::allowed_paper_type("image/jpeg")->extension == "jpg");
    CHECK(domain::allowed_paper_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")->extension ==
          "docx");
    CHECK(!domain::allowed_paper_type("application/x-executable"));
    CHECK(!domain::allowed_paper_type("application/x-pie-executable"));
    CHECK(!domain::allowed_paper_type("text/html"));
    CHECK(!domain::allowed_paper_type("application/zip"));
}

TEST_CASE("papers: who sees which visibility", "[papers][unit]")
{
    domain::caller member{domain::caller_role::member, 1};
    domain::caller organizer{domain::caller_role::organizer};
    CHECK(domain::may_see_paper("public", std::nullopt, false));
    CHECK(!domain::may_see_paper("members", std::nullopt, false));
    CHECK(domain::may_see_paper("members", std::nullopt, true));
    CHECK(domain::may_see_paper("members", member, false));
    CHECK(!domain::may_see_paper("organizers", member, false));
    CHECK(!domain::may_see_paper("organizers", std::nullopt, true));
    CHECK(domain::may_see_paper("organizers", organizer, false));
    CHECK_NOTHROW(domain::require_papers_open(false));
    CHECK_THROWS_AS(domain::require_papers_open(true), domain::error);
}

TEST_CASE("papers: the download name, in UTF-8 and folded to ASCII", "[papers][unit]")
{
    auto n = domain::paper_download_name("  Ziņojums: ĀČĒ\t\"x\"/y.  ", "pdf");
    CHECK(n.utf8 == "Ziņojums- ĀČĒ -x--y.pdf");
    CHECK(n.ascii == "Zinojums- ACE -x--y.pdf");
    CHECK(domain::paper_download_name("", "png").utf8 == "paper.png");
    CHECK(domain::paper_download_name("Отчёт", "pdf").ascii == "_____.pdf");
    auto long_name = domain::paper_download_name(std::string(100, 'a') + std::string(100, 'x') + "ā", "pdf");
    CHECK(long_name.utf8.size() <= 154);
    CHECK(domain::attachment_disposition(domain::paper_download_name("Plāns A", "pdf")) ==
          "attachment; filename=\"Plans A.pdf\"; filename*=UTF-8''Pl%C4%81ns%20A.pdf");
}

TEST_CASE("the reader spools a marked route's body to a file under its own limit; other bodies keep theirs", "[papers][unit]")
{
    auto dir = std::filesystem::temp_directory_path() / ("sanaksme-spool-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    net::spool_policy policy = [&](const http::beast_request::header_type& h) -> std::optional<net::spool_target> {
        if (h.target() == "/up")
            return net::spool_target{3000, dir.string()};
        return std::nullopt;
    };
    net::request_reader reader(100, 16 * 1024, policy, 3000);
    auto feed = [&](const std::string& bytes) {
        reader.start();
        boost::beast::flat_buffer buffer;
        buffer.commit(boost::asio::buffer_copy(buffer.prepare(bytes.size()), boost::asio::buffer(bytes)));
        return reader.parse(buffer);
    };
    auto files = [&] { return std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()); };
    using st = net::request_reader::state;

    std::string body(2500, 'u');
    REQUIRE(feed("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2500\r\n\r\n" + body) == st::done);
    auto req = reader.release();
    CHECK(req.body().empty());
    CHECK(req.target() == "/up");
    {
        auto spooled = reader.release_spool();
        REQUIRE(spooled);
        std::ifstream in(spooled.path(), std::ios::binary);
        std::stringstream got;
        got << in.rdbuf();
        CHECK(got.str() == body);
        CHECK(files() == 1);
    }
    CHECK(files() == 0); // removed with its owner

    // Over the route's limit: 413 naming it, nothing left behind.
    CHECK(feed("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3001\r\n\r\n") == st::refused);
    CHECK(reader.refusal().status() == 413);
    CHECK(std::string(reader.refusal().what()).find("3000") != std::string::npos);
    CHECK(feed("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" + std::string(2000, 'c') +
               "\r\n7d0\r\n") == st::refused);
    CHECK(reader.refusal().status() == 413);
    CHECK(files() == 0);

    // Any other route keeps the server's limit, with a length or chunked.
    CHECK(feed("POST /other HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n") == st::refused);
    CHECK(reader.refusal().status() == 413);
    CHECK(std::string(reader.refusal().what()).find("100 bytes") != std::string::npos);
    CHECK(feed("POST /other HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n" + std::string(101, 'c') +
               "\r\n0\r\n\r\n") == st::refused);
    REQUIRE(feed("POST /other HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'o')) == st::done);
    CHECK(reader.release().body() == std::string(100, 'o'));
    CHECK(!reader.release_spool());
    std::filesystem::remove_all(dir);
}
