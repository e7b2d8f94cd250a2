// HTTP as RFC 9110/9112 say, through the real server: bounded JSON, message framing, Host,
// trailers, Expect, Date, Cache-Control, conditional requests, and clients that never read.
#include "api/dispatch.hpp"
#include "support/fixtures.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <poll.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <regex>
#include <thread>
#include <vector>

using namespace sanaksme::test;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// A connection written and read byte by byte, for what the HTTP client of the tests cannot send.
class raw_connection {
public:
    explicit raw_connection(unsigned short port) : socket_(ioc_)
    {
        socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
    // What arrives until `quiet_ms` pass without a byte, or the server closes (then closed()).
    std::string receive(int quiet_ms)
    {
        std::string out;
        pollfd p{socket_.native_handle(), POLLIN, 0};
        char buf[65536];
        while (poll(&p, 1, quiet_ms) > 0) {
            boost::system::error_code ec;
            auto n = socket_.read_some(asio::buffer(buf), ec);
            if (ec || n == 0) {
                closed_ = true;
                break;
            }
            out.append(buf, n);
        }
        return out;
    }
    bool closed() const { return closed_; }
    tcp::socket& socket() { return socket_; }

private:
    asio::io_context ioc_;
    tcp::socket socket_;
    bool closed_ = false;
};

std::size_t count(const std::string& hay, const std::string& needle)
{
    std::size_t n = 0;
    for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1))
        ++n;
    return n;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string digits(std::size_t n) { return std::string(n, '7'); }

std::string id_path(std::int64_t id) { return std::to_string(id); }

// The header's value in a raw answer ("" when absent).
std::string raw_header(const std::string& answer, const std::string& name)
{
    auto at = answer.find("\r\n" + name + ": ");
    if (at == std::string::npos)
        return {};
    at += name.size() + 4;
    return answer.substr(at, answer.find("\r\n", at) - at);
}

} // namespace

TEST_CASE("JSON nested deeper than 64 levels is 400 on every route that takes JSON; the server survives",
          "[protocol][json][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība");
    auto person = create_person(s, org, "Anna");
    auto m = create_meeting(s, {{"status", "scheduled"}});
    auto people_path = meeting_path(m, "/rsvps/" + id_path(person));

    SECTION("150,000 levels (300 KB, under the body limit) used to end the process")
    {
        std::string body = "{\"response\": " + nested(150000) + "}";
        auto r = s.raw_body("PUT", people_path, body, "application/json", s.coordinator());
        require_problem(r, 400);
        CHECK(r.j()["detail"].get<std::string>().find("64") != std::string::npos);
        CHECK(s.get("/healthz", "").status == 200);
        CHECK(list_all(s, meeting_path(m, "/rsvps")).empty());
    }
    SECTION("64 levels parse (and fail validation); 65 do not parse")
    {
        auto at64 = s.raw_body("PUT", people_path, "{\"response\": " + nested(63) + "}", "application/json", s.coordinator());
        require_problem(at64, 422);
        auto at65 = s.raw_body("PUT", people_path, "{\"response\": " + nested(64) + "}", "application/json", s.coordinator());
        require_problem(at65, 400);
    }
    SECTION("every PUT, POST and PATCH of the API refuses it before anything else reads the body")
    {
        auto agenda = s.post(meeting_path(m, "/agenda"), {{"title", "Atklāšana"}}, s.coordinator());
        REQUIRE(agenda.status == 201);
        auto ids = std::map<std::string, std::string>{{"{id}", id_path(m)},
                                                       {"{person_id}", id_path(person)},
                                                       {"{organization_id}", id_path(org)},
                                                       {"{item_id}", id_path(agenda.j()["id"].get<std::int64_t>())}};
        int checked = 0;
        for (const auto& route : sanaksme::api::routes().routes()) {
            std::string path(route.pattern);
            if (!path.starts_with("/api/v1/") || route.method == sanaksme::http::verb::get ||
                route.method == sanaksme::http::verb::delete_ || path.ends_with("/minutes/approve"))
                continue;
            // Uploads take multipart/form-data, not JSON: a JSON body is 415 (papers_test checks their refusals).
            if (path.ends_with("/papers") && route.method == sanaksme::http::verb::post)
                continue;
            // Organizations take the id of an organization.
            auto ids_here = ids;
            if (path.starts_with("/api/v1/organizations/") || path.starts_with("/api/v1/people/"))
                ids_here["{id}"] = path.starts_with("/api/v1/people/") ? id_path(person) : id_path(org);
            for (const auto& [param, value] : ids_here)
                if (auto at = path.find(param); at != std::string::npos)
                    path.replace(at, param.size(), value);
            INFO(route.pattern);
            auto r = s.raw_body(std::string(boost::beast::http::to_string(route.method)), path,
                                "{\"title\": " + nested(100) + "}", "application/json", s.coordinator());
            require_problem(r, 400);
            ++checked;
        }
        CHECK(checked >= 15);
        CHECK(s.get("/healthz", "").status == 200);
    }
    SECTION("a list cursor is JSON too")
    {
        std::string cursor;
        // base64url of "[[[…]]]" 3000 deep: "[[[" encodes as "W1tb", "]]]" as "XV1d".
        for (int i = 0; i < 1000; ++i)
            cursor += "W1tb";
        for (int i = 0; i < 1000; ++i)
            cursor += "XV1d";
        require_problem(s.get("/api/v1/organizations?cursor=" + cursor, s.coordinator()), 400);
    }
}

TEST_CASE("numbers out of range are 400, not 500, and create nothing", "[protocol][json][api]")
{
    test_server s;
    json base = {{"title", "Sanāksme"}, {"starts_at", "2030-11-23T10:00:00+02:00"}, {"ends_at", "2030-11-23T12:00:00+02:00"}};
    auto text = base.dump();
    text.pop_back();
    for (const auto& number : {std::string("1e400"), std::string("-1e400"), digits(5000), "-" + digits(5000)}) {
        INFO(number.substr(0, 20));
        auto r = s.raw_body("POST", "/api/v1/meetings", text + ", \"capacity\": " + number + "}", "application/json",
                            s.coordinator());
        require_problem(r, 400);
    }
    CHECK(list_all(s, "/api/v1/meetings").empty());
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("a Transfer-Encoding not ending in chunked is 400 and the bytes after it never run", "[protocol][framing][api]")
{
    test_server s;
    std::string smuggled = "GET /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() + "\r\n\r\n";
    for (std::string coding : {"gzip", "identity", "chunked, gzip", "chunked, chunked", "gzip;q=1", ""}) {
        INFO("Transfer-Encoding: " << coding);
        raw_connection c(s.port());
        c.send("POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() +
               "\r\nContent-Type: application/json\r\nTransfer-Encoding: " + coding + "\r\n\r\n" + smuggled);
        auto out = c.receive(2000);
        CHECK(out.starts_with("HTTP/1.1 400 "));
        CHECK(count(out, "HTTP/1.1 ") == 1); // the smuggled request got no answer
        CHECK(c.closed());
    }
    SECTION("a coding this server does not implement before chunked is 501")
    {
        raw_connection c(s.port());
        c.send("POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + smuggled);
        auto out = c.receive(2000);
        CHECK(out.starts_with("HTTP/1.1 501 "));
        CHECK(count(out, "HTTP/1.1 ") == 1);
    }
    SECTION("HTTP/1.0 has no Transfer-Encoding")
    {
        raw_connection c(s.port());
        c.send("POST /api/v1/organizations HTTP/1.0\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
        auto out = c.receive(2000);
        CHECK(out.starts_with("HTTP/1.1 400 "));
        CHECK(count(out, "HTTP/1.1 ") == 1);
    }
    SECTION("plain chunked bodies still work, pipelined requests after them too")
    {
        raw_connection c(s.port());
        std::string body = "{\"name\":\"Čaklā biedrība\"}";
        char size[16];
        std::snprintf(size, sizeof size, "%zx", body.size());
        c.send("POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() +
               "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + body +
               "\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        auto out = c.receive(2000);
        CHECK(out.starts_with("HTTP/1.1 201 "));
        CHECK(out.find("HTTP/1.1 200 ") != std::string::npos);
    }
    CHECK(list_all(s, "/api/v1/organizations").size() <= 1);
}

TEST_CASE("headers that arrive only in a chunked trailer never count", "[protocol][framing][auth][api]")
{
    test_server s;
    auto r = s.raw("GET /api/v1/tokens HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                   "0\r\nAuthorization: Bearer " + s.coordinator() + "\r\n\r\n");
    CHECK(r.starts_with("HTTP/1.1 401 "));
    // A trailer cannot change the type of a body either.
    std::string body = "{\"name\":\"Trailer org\"}";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size());
    auto t = s.raw("POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() +
                   "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + size + "\r\n" + body +
                   "\r\n0\r\nContent-Type: application/json\r\n\r\n");
    CHECK(t.starts_with("HTTP/1.1 415 "));
    CHECK(list_all(s, "/api/v1/organizations").empty());
}

TEST_CASE("an HTTP/1.1 request without Host, or with two Host, Authorization or Content-Type lines, is 400",
          "[protocol][framing][api]")
{
    test_server s;
    auto two_tokens = s.raw("GET /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() +
                            "\r\nAuthorization: Bearer nope\r\nConnection: close\r\n\r\n");
    CHECK(two_tokens.starts_with("HTTP/1.1 400 "));
    auto two_types = s.raw("POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() +
                           "\r\nContent-Type: text/plain\r\nContent-Type: application/json\r\nContent-Length: 12\r\n"
                           "Connection: close\r\n\r\n{\"name\":\"A\"}");
    CHECK(two_types.starts_with("HTTP/1.1 400 "));
    CHECK(list_all(s, "/api/v1/organizations").empty());
    auto none = s.raw("GET /healthz HTTP/1.1\r\n\r\n");
    CHECK(none.starts_with("HTTP/1.1 400 "));
    auto two = s.raw("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    CHECK(two.starts_with("HTTP/1.1 400 "));
    auto bad = s.raw("GET /healthz HTTP/1.1\r\nHost: user@evil.example\r\n\r\n");
    CHECK(bad.starts_with("HTTP/1.1 400 "));
    auto old = s.raw("GET /healthz HTTP/1.0\r\n\r\n");
    CHECK(old.starts_with("HTTP/1.0 200 "));
    auto port = s.raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n\r\n");
    CHECK(port.starts_with("HTTP/1.1 200 "));
}

TEST_CASE("a request target in absolute form is served like its path", "[protocol][framing][api]")
{
    test_server s;
    auto org = create_org(s, "Absolūtā");
    auto r = s.raw("GET http://127.0.0.1/api/v1/organizations/" + id_path(org) + "?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Authorization: Bearer " + s.coordinator() + "\r\nConnection: close\r\n\r\n");
    CHECK(r.starts_with("HTTP/1.1 200 "));
    CHECK(r.find("Absolūtā") != std::string::npos);
    auto other = s.raw("GET ftp://127.0.0.1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(other.starts_with("HTTP/1.1 400 "));
}

TEST_CASE("Expect: 100-continue is answered before the body is sent", "[protocol][framing][api]")
{
    test_server s({"--body-limit", "4096"});
    std::string body = "{\"name\":\"Gaidītāji\"}";
    std::string head = "POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() +
                       "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ";
    raw_connection c(s.port());
    c.send(head + std::to_string(body.size()) + "\r\n\r\n");
    auto interim = c.receive(1500);
    CHECK(interim == "HTTP/1.1 100 Continue\r\n\r\n");
    c.send(body);
    auto final_answer = c.receive(1500);
    CHECK(final_answer.starts_with("HTTP/1.1 201 "));
    SECTION("a body over the limit gets its final status at once")
    {
        raw_connection big(s.port());
        big.send(head + "100000\r\n\r\n");
        auto out = big.receive(1500);
        CHECK(out.starts_with("HTTP/1.1 413 "));
        CHECK(big.closed());
    }
    CHECK(list_all(s, "/api/v1/organizations").size() == 1);
}

TEST_CASE("the auth scheme is case-insensitive; open routes ignore an Authorization header", "[protocol][auth][api]")
{
    test_server s;
    for (const auto& scheme : {"BEARER ", "bearer ", "Bearer ", "bEaReR  "}) {
        INFO(scheme);
        auto r = s.raw_body("GET", "/api/v1/tokens", "", "", "", {{"Authorization", scheme + s.coordinator()}});
        CHECK(r.status == 200);
    }
    require_problem(s.raw_body("GET", "/api/v1/tokens", "", "", "", {{"Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"}}), 401);
    require_problem(s.raw_body("GET", "/api/v1/tokens", "", "", "", {{"Authorization", "Bearer nope"}}), 401);
    require_problem(s.raw_body("GET", "/api/v1/tokens", "", "", "", {{"Authorization", "Bearer"}}), 401);
    for (const auto& value : {"Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer not-a-token", "garbage"}) {
        INFO(value);
        CHECK(s.raw_body("GET", "/healthz", "", "", "", {{"Authorization", value}}).status == 200);
        CHECK(s.raw_body("GET", "/api/v1/calendar.ics", "", "", "", {{"Authorization", value}}).status == 200);
        CHECK(s.raw_body("GET", "/metrics", "", "", "", {{"Authorization", value}}).status == 200);
        auto page = s.raw_body("GET", "/rsvp/not-a-link", "", "", "", {{"Authorization", value}});
        CHECK(page.status == 400);
        CHECK(page.header("content-type").starts_with("text/html"));
    }
}

TEST_CASE("every answer carries Date; 204 and 304 carry no Content-Length", "[protocol][semantics][api]")
{
    test_server s({"--body-limit", "1024"});
    std::regex imf(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)");
    auto check_date = [&](const std::string& value) {
        INFO("Date: " << value);
        REQUIRE(std::regex_match(value, imf));
        std::tm tm{};
        strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
        auto when = timegm(&tm);
        CHECK(std::abs(std::difftime(std::time(nullptr), when)) <= 5);
    };
    auto org = create_org(s, "Datētāji");
    check_date(s.get("/healthz", "").header("date"));
    check_date(s.get("/api/v1/organizations/" + id_path(org), s.coordinator()).header("date"));
    check_date(s.get("/api/v1/nothing", s.coordinator()).header("date"));                // 404
    check_date(s.get("/api/v1/organizations", "").header("date"));                       // 401
    check_date(s.post("/api/v1/organizations", {{"name", "X"}}, s.coordinator()).header("date")); // 201
    check_date(s.raw_body("POST", "/api/v1/organizations", std::string(4000, 'a'), "application/json", s.coordinator())
                   .header("date")); // 413, from the connection
    check_date(raw_header(s.raw("NOT HTTP\r\n\r\n"), "Date"));                             // 400, from the connection
    check_date(raw_header(s.raw("HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "Date"));
    auto token = s.post("/api/v1/tokens", {{"role", "organizer"}, {"name", "Īslaicīgs"}}, s.coordinator()).j()["id"];
    auto deleted = s.raw("DELETE /api/v1/tokens/" + token.dump() + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                         s.coordinator() + "\r\nConnection: close\r\n\r\n");
    CHECK(deleted.starts_with("HTTP/1.1 204 "));
    check_date(raw_header(deleted, "Date"));
    CHECK(raw_header(deleted, "Content-Length").empty());
}

TEST_CASE("answers holding personal data carry Cache-Control: private, no-store", "[protocol][semantics][api]")
{
    test_server s;
    auto org = create_org(s, "Privātie");
    auto person = create_person(s, org, "Pēteris", {{"email", "peteris@example.lv"}});
    auto m = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, m);
    REQUIRE(s.put(meeting_path(m, "/rsvps/" + id_path(person)), {{"response", "yes"}}, s.coordinator()).status < 300);
    REQUIRE(s.put(meeting_path(m, "/minutes"), {{"summary", "Kopsavilkums"}}, s.coordinator()).status < 300);
    std::vector<std::string> personal = {
        "/api/v1/people/" + id_path(person),
        "/api/v1/people/" + id_path(person) + "/export",
        "/api/v1/organizations/" + id_path(org) + "/people",
        meeting_path(m, "/rsvps"),
        meeting_path(m, "/invitations"),
        meeting_path(m, "/attendance"),
        meeting_path(m, "/attendance.csv"),
        meeting_path(m, "/minutes"),
        meeting_path(m, "/minutes/versions"),
        meeting_path(m, "/minutes.md"),
        meeting_path(m, "/minutes.txt"),
        meeting_path(m, "/minutes.html"),
        "/api/v1/outbox",
        "/api/v1/tokens",
        "/api/v1/audit",
        "/api/v1/reports/participation",
        "/api/v1/reports/participation.csv",
    };
    for (const auto& path : personal) {
        INFO(path);
        auto r = s.get(path, s.coordinator());
        CHECK(r.status == 200);
        CHECK(r.header("cache-control") == "private, no-store");
    }
    auto put = s.put(meeting_path(m, "/rsvps/" + id_path(person)), {{"response", "no"}}, s.coordinator());
    CHECK(put.header("cache-control") == "private, no-store");
    auto minted = s.post("/api/v1/tokens", {{"role", "organizer"}, {"name", "Jauns"}}, s.coordinator());
    CHECK(minted.header("cache-control") == "private, no-store");
    // A refusal on such a route says so too: it may name what it refused.
    CHECK(s.get("/api/v1/people/999999", s.coordinator()).header("cache-control") == "private, no-store");
    // What is not personal stays cacheable by the client.
    CHECK(s.get(meeting_path(m), s.coordinator()).header("cache-control").empty());
    CHECK(s.get("/api/v1/organizations", s.coordinator()).header("cache-control").empty());
    CHECK(s.get("/healthz", "").header("cache-control").empty());
}

TEST_CASE("If-Match needs a strong match: a weak tag is 412 and changes nothing", "[protocol][etag][api]")
{
    test_server s;
    auto id = create_org(s, "Stiprie");
    auto path = "/api/v1/organizations/" + id_path(id);
    auto etag = s.get(path, s.coordinator()).header("etag");
    REQUIRE(etag.starts_with("\""));
    require_problem(s.request("PATCH", path, json{{"short_name", "W"}}, s.coordinator(), {{"If-Match", "W/" + etag}}), 412);
    require_problem(s.request("PATCH", path, json{{"short_name", "W"}}, s.coordinator(), {{"If-Match", "\"0-0\", W/" + etag}}), 412);
    require_problem(s.request("DELETE", path, std::nullopt, s.coordinator(), {{"If-Match", "W/" + etag}}), 412);
    CHECK(s.get(path, s.coordinator()).j()["short_name"].is_null());
    auto listed = s.request("PATCH", path, json{{"short_name", "S"}}, s.coordinator(), {{"If-Match", "\"0-0\", " + etag}});
    CHECK(listed.status == 200);
    auto any = s.request("PATCH", path, json{{"short_name", "T"}}, s.coordinator(), {{"If-Match", "*"}});
    CHECK(any.status == 200);
}

TEST_CASE("If-None-Match with the current ETag answers 304 with the ETag and no body", "[protocol][etag][api]")
{
    test_server s;
    auto org = create_org(s, "Kešotāji");
    auto person = create_person(s, org, "Kārlis");
    auto m = create_meeting(s);
    for (const auto& path : {meeting_path(m), "/api/v1/organizations/" + id_path(org), "/api/v1/people/" + id_path(person)}) {
        INFO(path);
        auto first = s.get(path, s.coordinator());
        auto etag = first.header("etag");
        REQUIRE(!etag.empty());
        for (const auto& condition : {etag, "W/" + etag, "\"1-999\", " + etag, std::string("*")}) {
            INFO("If-None-Match: " << condition);
            auto again = s.request("GET", path, std::nullopt, s.coordinator(), {{"If-None-Match", condition}});
            CHECK(again.status == 304);
            CHECK(again.header("etag") == etag);
            CHECK(again.body.empty());
            CHECK(!again.header("date").empty());
        }
        auto stale = s.request("GET", path, std::nullopt, s.coordinator(), {{"If-None-Match", "\"1-999\""}});
        CHECK(stale.status == 200);
        CHECK(stale.body == first.body);
        // On the wire: no body and no Content-Length (it would have to be the 200's length).
        auto raw = s.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() +
                         "\r\nIf-None-Match: " + etag + "\r\nConnection: close\r\n\r\n");
        CHECK(raw.starts_with("HTTP/1.1 304 "));
        CHECK(raw.ends_with("\r\n\r\n"));
        CHECK(raw_header(raw, "Content-Length").empty());
        auto head = s.raw("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() +
                          "\r\nIf-None-Match: " + etag + "\r\nConnection: close\r\n\r\n");
        CHECK(head.starts_with("HTTP/1.1 304 "));
    }
    // A change makes the old tag stale: the new version comes back in full.
    auto before = s.get(meeting_path(m), s.coordinator()).header("etag");
    REQUIRE(s.patch(meeting_path(m), {{"title", "Cits nosaukums"}}, s.coordinator()).status == 200);
    auto after = s.request("GET", meeting_path(m), std::nullopt, s.coordinator(), {{"If-None-Match", before}});
    CHECK(after.status == 200);
    CHECK(after.j()["title"] == "Cits nosaukums");
    // Access is checked before the condition: no token, no 304.
    require_problem(s.request("GET", meeting_path(m), std::nullopt, "", {{"If-None-Match", "*"}}), 401);
}

TEST_CASE("50 clients that pipeline and never read do not lock a real client out", "[protocol][limits][api]")
{
    test_server s({"--max-connections", "50"});
    // Each asks for the API description (tens of KB) a hundred times in one go and never reads.
    std::string request = "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.coordinator() + "\r\n\r\n";
    std::string burst;
    for (int i = 0; i < 100; ++i)
        burst += request;
    std::vector<std::unique_ptr<raw_connection>> flood;
    for (int i = 0; i < 50; ++i) {
        flood.push_back(std::make_unique<raw_connection>(s.port()));
        flood.back()->socket().non_blocking(true);
        boost::system::error_code ec;
        asio::write(flood.back()->socket(), asio::buffer(burst), ec); // as much as the kernel takes at once
    }
    // Their answers fill every queue between them and the server; the server's writes stall.
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    for (int i = 0; i < 3; ++i) {
        auto start = std::chrono::steady_clock::now();
        auto r = s.get("/healthz", "");
        auto took = std::chrono::steady_clock::now() - start;
        INFO("attempt " << i << ": " << r.status << " " << r.body);
        CHECK(r.status == 200);
        CHECK(took < std::chrono::seconds(1));
    }
}
