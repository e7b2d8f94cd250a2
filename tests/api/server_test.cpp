#include "support/fixtures.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <poll.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

using namespace sanaksme::test;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

TEST_CASE("healthz answers ok and metrics count requests", "[server][api]")
{
    test_server s;
    auto h = s.get("/healthz", "");
    REQUIRE(h.status == 200);
    CHECK(h.j()["status"] == "ok");
    s.get("/api/v1/meetings", s.coordinator());
    auto m = s.get("/metrics", "");
    REQUIRE(m.status == 200);
    CHECK(m.header("content-type").starts_with("text/plain"));
    CHECK(m.body.find("sanaksme_http_requests_total{method=\"GET\",route=\"/api/v1/meetings\",status=\"200\"} 1") !=
          std::string::npos);
    CHECK(m.body.find("sanaksme_http_request_duration_seconds_bucket{le=\"+Inf\"}") != std::string::npos);
    CHECK(m.body.find("sanaksme_http_open_connections") != std::string::npos);
    // The group commit and the checkpointer report themselves.
    CHECK(m.body.find("sanaksme_db_commits_total ") != std::string::npos);
    CHECK(m.body.find("sanaksme_db_write_jobs_total ") != std::string::npos);
    CHECK(m.body.find("sanaksme_db_checkpoints_total ") != std::string::npos);
}

TEST_CASE("metrics can be restricted to coordinators by configuration", "[server][api]")
{
    test_server s({"--metrics-public", "false"});
    require_problem(s.get("/metrics", ""), 401);
    CHECK(s.get("/metrics", s.coordinator()).status == 200);
}

TEST_CASE("unknown routes get 404 and wrong methods 405 with Allow, as problem+json", "[server][api]")
{
    test_server s;
    require_problem(s.get("/api/v1/nothing", s.coordinator()), 404);
    require_problem(s.get("/api/v1/meetings/abc", s.coordinator()), 404);
    require_problem(s.get("/api/v1/meetings/999", s.coordinator()), 404);
    auto r = s.request("PUT", "/api/v1/meetings", json::object(), s.coordinator());
    require_problem(r, 405);
    CHECK(r.header("allow") == "GET, HEAD, POST");
}

TEST_CASE("a path that is not UTF-8 gets a 404 and the server keeps serving", "[server][api]")
{
    // Found by the request fuzzer: the 404 quoted the raw bytes, and encoding that JSON threw.
    test_server s;
    auto r = s.get("/api/v1/%FF%FE", "");
    require_problem(r, 404);
    CHECK(r.body.find("\ufffd") != std::string::npos);
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("routes need a valid bearer token", "[server][api]")
{
    test_server s;
    require_problem(s.get("/api/v1/meetings", ""), 401);
    require_problem(s.get("/api/v1/meetings", "snk_not-a-real-token"), 401);
    auto r = s.request("GET", "/api/v1/meetings", std::nullopt, "", {{"Authorization", "Basic YWxhZGRpbjpvcGVu"}});
    require_problem(r, 401);
    CHECK(r.header("www-authenticate").starts_with("Bearer"));
}

TEST_CASE("a body over the limit gets 413 and the server keeps serving", "[server][limits][api]")
{
    test_server s({"--body-limit", "1024"});
    std::string big = "{\"name\":\"" + std::string(4000, 'a') + "\"}";
    auto r = s.raw_body("POST", "/api/v1/organizations", big, "application/json", s.coordinator());
    require_problem(r, 413);
    CHECK(list_all(s, "/api/v1/organizations").empty());
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("with the default limit, 12 KB of headers pass and 20 KB get 431", "[server][limits][api]")
{
    test_server s;
    auto ok = s.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + std::string(12000, 'b') + "\r\n\r\n");
    CHECK(ok.starts_with("HTTP/1.1 200"));
    auto big = s.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n");
    CHECK(big.starts_with("HTTP/1.1 431"));
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("headers over the limit get 431 and malformed HTTP gets 400", "[server][limits][api]")
{
    test_server s({"--header-limit", "2048"});
    auto r = s.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'b') + "\r\n\r\n");
    CHECK(r.starts_with("HTTP/1.1 431"));
    auto bad = s.raw("NOT HTTP AT ALL\r\n\r\n");
    CHECK(bad.starts_with("HTTP/1.1 400"));
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("a request whose headers never complete is closed after the read timeout", "[server][limits][api]")
{
    test_server s({"--read-timeout", "1"});
    auto start = std::chrono::steady_clock::now();
    auto r = s.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n", 5000);
    auto waited = std::chrono::steady_clock::now() - start;
    CHECK(r.empty());
    CHECK(waited < std::chrono::seconds(4)); // closed by the server, not by our 5 s wait
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("keep-alive serves several requests on one connection", "[server][api]")
{
    test_server s;
    auto r = s.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    auto first = r.find("HTTP/1.1 200");
    REQUIRE(first != std::string::npos);
    CHECK(r.find("HTTP/1.1 200", first + 1) != std::string::npos);
}

TEST_CASE("HEAD answers like GET without a body", "[server][api]")
{
    test_server s;
    auto r = s.raw("HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(r.starts_with("HTTP/1.1 200"));
    CHECK(r.find("Content-Length: 15") != std::string::npos);
    CHECK(r.find("{\"status\"") == std::string::npos);
}

TEST_CASE("SIGTERM stops the server cleanly with exit status 0", "[server][api]")
{
    test_server s;
    CHECK(s.get("/healthz", "").status == 200);
    CHECK(s.stop() == 0);
}

TEST_CASE("SIGTERM right after clients hung up still exits 0", "[server][api]")
{
    // Stopping cancels the pending read of every idle connection; one whose client has just
    // closed it was already closed by the server, and cancelling it once threw and aborted.
    for (int round = 0; round < 10; ++round) {
        test_server s;
        asio::io_context ioc;
        for (int i = 0; i < 20; ++i) {
            tcp::socket sock(ioc);
            sock.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), s.port()));
            asio::write(sock, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
            char buf[512];
            boost::system::error_code ec;
            sock.read_some(asio::buffer(buf), ec);
        } // each socket closes here, its server side mid-way to noticing
        CHECK(s.stop() == 0);
    }
}

TEST_CASE("migrate is idempotent and backup makes a consistent copy", "[cli][api]")
{
    test_server s;
    create_org(s, "Biedrība „Patvērums „Drošā māja””");
    auto [code, out] = run_cli({"migrate", "--db", s.db()});
    CHECK(code == 0);
    CHECK(out.find("applied 0 migration") != std::string::npos);
    auto copy = temp_dir() + "/copy.db";
    CHECK(run_cli({"backup", "--db", s.db(), "--to", copy}).first == 0);
    test_server restored({}, false, copy);
    auto orgs = list_all(restored, "/api/v1/organizations");
    REQUIRE(orgs.size() == 1);
    CHECK(orgs[0]["name"] == "Biedrība „Patvērums „Drošā māja””");
}

TEST_CASE("the API description is served as OpenAPI 3.1 JSON", "[openapi][api]")
{
    test_server s;
    auto r = s.get("/api/v1/openapi.json", s.coordinator());
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/json; charset=utf-8");
    auto doc = r.j();
    CHECK(doc["openapi"] == "3.1.0");
    CHECK(doc["paths"].contains("/meetings/{id}/attendance"));
    CHECK(doc["paths"]["/meetings/{id}/rsvps/{person_id}"].contains("put"));
    // Public since issue 12 (../shared/API.md's no-token list): it describes the API, no data.
    CHECK(s.get("/api/v1/openapi.json", "").status == 200);
}

TEST_CASE("at the connection cap, idle and half-sent connections make room for real clients", "[server][limits][api]")
{
    test_server s({"--max-connections", "6"});
    asio::io_context ioc;
    std::vector<std::unique_ptr<tcp::socket>> idle;
    for (int i = 0; i < 6; ++i) {
        auto sock = std::make_unique<tcp::socket>(ioc);
        sock->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), s.port()));
        if (i % 2) // a request that never finishes its headers
            asio::write(*sock, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));
        idle.push_back(std::move(sock));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // Each real request evicts the connection idle the longest instead of getting a 503.
    for (int i = 0; i < 3; ++i)
        CHECK(s.get("/healthz", "").status == 200);
    auto metrics = s.get("/metrics", "").body;
    CHECK(metrics.find("sanaksme_http_idle_evictions_total 0") == std::string::npos);
    CHECK(metrics.find("sanaksme_http_refused_connections_total 0") != std::string::npos);
    // The oldest idle connection was closed by the server.
    pollfd p{idle[0]->native_handle(), POLLIN, 0};
    REQUIRE(poll(&p, 1, 2000) == 1);
    char byte;
    boost::system::error_code ec;
    CHECK((idle[0]->read_some(asio::buffer(&byte, 1), ec) == 0 && ec));
}

TEST_CASE("backup copies a consistent state while writes go on", "[cli][api]")
{
    test_server s;
    std::atomic<bool> stop{false};
    std::atomic<int> acknowledged{0};
    // Two clients create organizations without pause while the backup runs (at most 200 each,
    // so that every list below fits one page).
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w)
        writers.emplace_back([&, w] {
            for (int i = 0; !stop && i < 200; ++i)
                if (s.post("/api/v1/organizations", {{"name", "Org " + std::to_string(w) + "-" + std::to_string(i)}},
                           s.coordinator()).status == 201)
                    ++acknowledged;
        });
    while (acknowledged < 20)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto copy = temp_dir() + "/copy.db";
    auto [code, out] = run_cli({"backup", "--db", s.db(), "--to", copy});
    auto before_stop = acknowledged.load();
    stop = true;
    for (auto& t : writers)
        t.join();
    REQUIRE(code == 0);
    // The copy is a whole database of one moment: intact, and every organization in it has its
    // audit row (both were written in one transaction).
    test_server restored({}, false, copy);
    auto orgs = list_all(restored, "/api/v1/organizations");
    CHECK(orgs.size() >= 20);
    CHECK(orgs.size() <= static_cast<std::size_t>(before_stop) + 2);
    CHECK(list_all(restored, "/api/v1/audit?resource=organization").size() == orgs.size());
}

TEST_CASE("a burst of newcomers at the cap closes one idle connection each, not the same one", "[server][limits][api]")
{
    test_server s({"--max-connections", "4"});
    asio::io_context ioc;
    auto open_idle = [&] {
        auto sock = std::make_unique<tcp::socket>(ioc);
        sock->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), s.port()));
        return sock;
    };
    std::vector<std::unique_ptr<tcp::socket>> first, second;
    for (int i = 0; i < 4; ++i)
        first.push_back(open_idle());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (int i = 0; i < 4; ++i) // back to back, before any eviction has run
        second.push_back(open_idle());
    // Each of the four newcomers made room by closing a different one of the first four.
    for (auto& sock : first) {
        pollfd p{sock->native_handle(), POLLIN, 0};
        REQUIRE(poll(&p, 1, 2000) == 1);
        char byte;
        boost::system::error_code ec;
        CHECK((sock->read_some(asio::buffer(&byte, 1), ec) == 0 && ec));
    }
    CHECK(s.get("/healthz", "").status == 200);
}
