// The rules a request meets before a handler sees it: framing, Host, trailers and Expect
// (net::request_reader), bounded JSON, and entity-tag comparison.
#include "http/message.hpp"
#include "net/request_reader.hpp"

#include <boost/asio/buffer.hpp>
#include <catch2/catch.hpp>

#include <vector>

using namespace sanaksme;
using st = net::request_reader::state;

namespace {

// Reads `bytes` as one connection does: every request up to the first that is not done.
struct read_outcome {
    std::vector<http::beast_request> requests;
    st last = st::need_more;
    unsigned status = 0; // of the refusal
};

read_outcome read_all(const std::string& bytes, bool end = false)
{
    net::request_reader reader(1 << 20, 16 * 1024);
    boost::beast::flat_buffer buffer;
    auto n = boost::asio::buffer_copy(buffer.prepare(bytes.size()), boost::asio::buffer(bytes));
    buffer.commit(n);
    read_outcome out;
    while (true) {
        reader.start();
        out.last = reader.parse(buffer);
        if (out.last == st::need_more && end)
            out.last = reader.end_of_input();
        if (out.last == st::refused)
            out.status = reader.refusal().status();
        if (out.last != st::done)
            return out;
        out.requests.push_back(reader.release());
    }
}

std::string post(const std::string& framing, const std::string& body)
{
    return "POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n" + body;
}

const std::string next_request = "GET /api/v1/tokens HTTP/1.1\r\nHost: x\r\n\r\n";

} // namespace

TEST_CASE("a Transfer-Encoding is only ever a single chunked; anything else ends the connection", "[framing][unit]")
{
    for (std::string coding : {"gzip", "identity", "chunked, gzip", "chunked, chunked", "chunked;x=1", "", ", ,",
                               "chunked,", "chunked ,", "chunked, ,", "\"chunked\"", "chunked x"}) {
        INFO("Transfer-Encoding: " << coding);
        auto r = read_all(post("Transfer-Encoding: " + coding + "\r\n", next_request));
        CHECK(r.last == st::refused);
        CHECK(r.status == 400);
        CHECK(r.requests.empty());
    }
    auto two_lines = read_all(post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + next_request));
    CHECK(two_lines.status == 501);
    auto unknown = read_all(post("Transfer-Encoding: gzip, Chunked\r\n", "0\r\n\r\n" + next_request));
    CHECK(unknown.status == 501);
    auto old = read_all("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    CHECK(old.status == 400);
    auto with_length = read_all(post("Transfer-Encoding: gzip\r\nContent-Length: 3\r\n", "abc"));
    CHECK(with_length.status == 400);

    for (std::string coding : {"chunked", "CHUNKED", ", chunked", " ,chunked"}) {
        INFO("Transfer-Encoding: " << coding);
        auto fine = read_all(post("Transfer-Encoding: " + coding + "\r\n", "3\r\nabc\r\n0\r\n\r\n" + next_request));
        REQUIRE(fine.requests.size() == 2);
        CHECK(fine.requests[0].body() == "abc");
        CHECK(fine.requests[1].target() == "/api/v1/tokens");
    }
}

TEST_CASE("fields of a chunked trailer are dropped; the head's stay", "[framing][unit]")
{
    auto r = read_all("GET /api/v1/tokens HTTP/1.1\r\nHost: x\r\nX-Head: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "2\r\n{}\r\n0\r\nAuthorization: Bearer secret\r\nX-Head: 2\r\nContent-Type: application/json\r\n\r\n");
    REQUIRE(r.requests.size() == 1);
    const auto& req = r.requests[0];
    CHECK(req.body() == "{}");
    CHECK(req.count(boost::beast::http::field::authorization) == 0);
    CHECK(req.count(boost::beast::http::field::content_type) == 0);
    CHECK(req.count("X-Head") == 1);
    CHECK(req["X-Head"] == "1");
    CHECK(req.count(boost::beast::http::field::host) == 1);
}

TEST_CASE("Host: one in HTTP/1.1, at most one in HTTP/1.0, and a host with an optional port", "[framing][unit]")
{
    CHECK(read_all("GET / HTTP/1.1\r\n\r\n").status == 400);
    CHECK(read_all("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n").status == 400);
    CHECK(read_all("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n").status == 400);
    CHECK(read_all("GET / HTTP/1.1\r\nHost: a@b\r\n\r\n").status == 400);
    CHECK(read_all("GET / HTTP/1.1\r\nHost: a b\r\n\r\n").status == 400);
    CHECK(read_all("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n").status == 400);
    for (std::string host : {"example.lv", "127.0.0.1:8080", "[::1]:80", "xn--sanksme-9wa.lv", ""}) {
        INFO("Host: " << host);
        CHECK(read_all("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").requests.size() == 1);
    }
    CHECK(read_all("GET / HTTP/1.0\r\n\r\n").requests.size() == 1);
}

TEST_CASE("fields that hold one value come once: Authorization, Content-Type", "[framing][unit]")
{
    CHECK(read_all("GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n").status == 400);
    CHECK(read_all(post("Content-Type: text/plain\r\nContent-Type: application/json\r\nContent-Length: 2\r\n", "{}")).status == 400);
    CHECK(read_all(post("Content-Type: application/json\r\nAuthorization: Bearer a\r\nContent-Length: 2\r\n", "{}")).requests.size() == 1);
}

TEST_CASE("Expect: 100-continue asks for the interim answer only while the body is still to come", "[framing][unit]")
{
    net::request_reader reader(1 << 20, 16 * 1024);
    boost::beast::flat_buffer buffer;
    auto put = [&](const std::string& bytes) {
        buffer.commit(boost::asio::buffer_copy(buffer.prepare(bytes.size()), boost::asio::buffer(bytes)));
    };
    reader.start();
    put(post("Expect: 100-Continue\r\nContent-Length: 2\r\n", ""));
    CHECK(reader.parse(buffer) == st::send_continue);
    CHECK(reader.parse(buffer) == st::need_more);
    put("{}");
    REQUIRE(reader.parse(buffer) == st::done);
    CHECK(reader.release().body() == "{}");
    // The body came with the head: nothing to wait for.
    reader.start();
    put(post("Expect: 100-continue\r\nContent-Length: 2\r\n", "{}"));
    CHECK(reader.parse(buffer) == st::done);
    // Over the limit: the final answer at once.
    net::request_reader small(10, 16 * 1024);
    small.start();
    put(post("Expect: 100-continue\r\nContent-Length: 11\r\n", ""));
    CHECK(small.parse(buffer) == st::refused);
    CHECK(small.refusal().status() == 413);
}

TEST_CASE("a connection closed inside a request is a partial message; between requests it just ends", "[framing][unit]")
{
    CHECK(read_all("", true).last == st::closed);
    CHECK(read_all("GET / HTTP/1.1\r\nHost: x\r\n", true).status == 400);
    CHECK(read_all(post("Content-Length: 5\r\n", "ab"), true).status == 400);
    CHECK(read_all("NOT HTTP\r\n\r\n").status == 400);
}

TEST_CASE("JSON from a client is bounded: 64 levels, finite numbers, UTF-8", "[json][unit]")
{
    auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    CHECK(http::parse_json(nested(64)).is_array());
    CHECK(http::parse_json("{\"a\":" + nested(63) + "}").is_object());
    auto status_of = [](const std::string& text) {
        try {
            http::parse_json(text);
        } catch (const http::api_error& e) {
            return e.status();
        }
        return 0u;
    };
    CHECK(status_of(nested(65)) == 400);
    CHECK(status_of("{\"a\":" + nested(64) + "}") == 400);
    CHECK(status_of(nested(1000000)) == 400);
    CHECK(status_of(std::string(200000, '[')) == 400);
    CHECK(status_of("1e400") == 400);
    CHECK(status_of("[-1e400]") == 400);
    CHECK(status_of(std::string(5000, '9')) == 400);
    CHECK(status_of("\"\xff\"") == 400);
    CHECK(status_of("{} x") == 400);
    CHECK(http::parse_json("1e-400").get<double>() == 0.0);
    CHECK(http::parse_json("18446744073709551615").is_number_unsigned());
}

TEST_CASE("If-Match compares entity tags strongly, If-None-Match weakly", "[etag][unit]")
{
    using http::tag_comparison;
    CHECK(http::etag_listed("\"1-3\"", "\"1-3\"", tag_comparison::strong));
    CHECK(http::etag_listed(" \"0-1\" , \"1-3\" ", "\"1-3\"", tag_comparison::strong));
    CHECK(http::etag_listed("*", "\"1-3\"", tag_comparison::strong));
    CHECK_FALSE(http::etag_listed("W/\"1-3\"", "\"1-3\"", tag_comparison::strong));
    CHECK_FALSE(http::etag_listed("\"1-3\"", "W/\"1-3\"", tag_comparison::strong));
    CHECK_FALSE(http::etag_listed("\"1-4\"", "\"1-3\"", tag_comparison::strong));
    CHECK_FALSE(http::etag_listed("\"1-33\"", "\"1-3\"", tag_comparison::strong));
    CHECK(http::etag_listed("W/\"1-3\"", "\"1-3\"", tag_comparison::weak));
    CHECK(http::etag_listed("\"1-3\"", "W/\"1-3\"", tag_comparison::weak));
    CHECK(http::etag_listed("\"x\", W/\"1-3\"", "\"1-3\"", tag_comparison::weak));
    CHECK_FALSE(http::etag_listed("\"1-4\"", "\"1-3\"", tag_comparison::weak));
    CHECK_FALSE(http::etag_listed("", "\"1-3\"", tag_comparison::weak));
}
