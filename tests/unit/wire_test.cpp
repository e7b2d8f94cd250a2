// http::to_wire writes answers by hand; these are the bytes Beast's serializer writes for the
// same message, built the way the server built it before (fields, keep_alive, prepare_payload),
// with the Date the answer carries and no Content-Length where RFC 9110 §8.6 forbids one.
#include "http/message.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <catch2/catch.hpp>

#include <ctime>
#include <sstream>

namespace {

namespace bhttp = boost::beast::http;
using sanaksme::http::response;

std::string beast_bytes(const response& res, unsigned version, bool keep_alive, bool head, const std::string& date)
{
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    out.set(bhttp::field::server, "sanaksme");
    out.set(bhttp::field::date, date);
    if (!res.content_type.empty())
        out.set(bhttp::field::content_type, res.content_type);
    if (res.personal)
        out.set(bhttp::field::cache_control, "private, no-store");
    for (const auto& [k, v] : res.headers)
        out.insert(k, v);
    out.keep_alive(keep_alive);
    if (!head)
        out.body() = res.body;
    out.prepare_payload();
    if (head)
        out.content_length(res.body.size());
    if (res.status == 204 || res.status == 304)
        out.erase(bhttp::field::content_length);
    std::ostringstream s;
    s << out;
    return s.str();
}

// The Date field of an answer's bytes.
std::string date_of(const std::string& bytes)
{
    auto at = bytes.find("\r\nDate: ");
    REQUIRE(at != std::string::npos);
    at += 8;
    return bytes.substr(at, bytes.find("\r\n", at) - at);
}

} // namespace

TEST_CASE("answers on the wire are the bytes Beast writes for the same message", "[wire][unit]")
{
    auto json = sanaksme::http::text_response(200, std::string(sanaksme::http::json_type),
                                              "{\"name\":\"Biedrība „Patvērums”\"}");
    auto created = sanaksme::http::text_response(201, "application/json", "{}");
    created.header("Location", "/api/v1/meetings/6").header("ETag", "\"6-1\"");
    auto problem = sanaksme::http::text_response(503, "application/problem+json", "{\"status\":503}");
    problem.header("Retry-After", "1");
    auto empty = sanaksme::http::no_content();
    auto html = sanaksme::http::text_response(404, "text/html; charset=utf-8", "<p>Nav atrasts</p>");
    auto person = sanaksme::http::text_response(200, std::string(sanaksme::http::json_type), "{\"name\":\"Anna\"}");
    person.personal = true;
    person.header("ETag", "\"3-2\"");
    sanaksme::http::response unchanged;
    unchanged.status = 304;
    unchanged.content_type.clear();
    unchanged.header("ETag", "\"3-2\"");
    for (const auto* res : {&json, &created, &problem, &empty, &html, &person, &unchanged})
        for (unsigned version : {10u, 11u})
            for (bool keep_alive : {true, false})
                for (bool head : {false, true}) {
                    INFO(res->status << " HTTP/" << version / 10 << "." << version % 10 << " keep-alive " << keep_alive
                                     << " head " << head);
                    auto wire = sanaksme::http::to_wire(*res, version, keep_alive, head);
                    CHECK(wire.bytes == beast_bytes(*res, version, keep_alive, head, date_of(wire.bytes)));
                    CHECK(wire.keep_alive == keep_alive);
                }
}

TEST_CASE("every answer's Date is the current second as an IMF-fixdate", "[wire][unit]")
{
    CHECK(sanaksme::http::imf_fixdate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT"); // RFC 9110's example
    CHECK(sanaksme::http::imf_fixdate(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(sanaksme::http::imf_fixdate(1830297599) == "Fri, 31 Dec 2027 23:59:59 GMT");
    CHECK(sanaksme::http::imf_fixdate(1835438400) == "Tue, 29 Feb 2028 12:00:00 GMT");
    auto before = std::time(nullptr);
    auto date = date_of(sanaksme::http::to_wire(sanaksme::http::no_content(), 11, true, false).bytes);
    auto after = std::time(nullptr);
    CHECK((date == sanaksme::http::imf_fixdate(before) || date == sanaksme::http::imf_fixdate(after)));
    // A personal answer whose handler chose its own Cache-Control keeps it, once.
    auto page = sanaksme::http::text_response(200, "text/html", "<p>");
    page.personal = true;
    page.header("Cache-Control", "no-store");
    auto bytes = sanaksme::http::to_wire(page, 11, true, false).bytes;
    CHECK(bytes.find("Cache-Control: no-store\r\n") != std::string::npos);
    CHECK(bytes.find("private") == std::string::npos);
}
