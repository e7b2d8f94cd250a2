// http::to_wire writes answers by hand; these are the bytes Beast's serializer writes for the
// same message, built the way the server built it before (fields, keep_alive, prepare_payload).
#include "http/message.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <catch2/catch.hpp>

#include <sstream>

namespace {

namespace bhttp = boost::beast::http;
using sanaksme::http::response;

std::string beast_bytes(const response& res, unsigned version, bool keep_alive, bool head)
{
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    out.set(bhttp::field::server, "sanaksme");
    if (!res.content_type.empty())
        out.set(bhttp::field::content_type, res.content_type);
    for (const auto& [k, v] : res.headers)
        out.insert(k, v);
    out.keep_alive(keep_alive);
    if (!head)
        out.body() = res.body;
    out.prepare_payload();
    if (head)
        out.content_length(res.body.size());
    std::ostringstream s;
    s << out;
    return s.str();
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
    for (const auto* res : {&json, &created, &problem, &empty, &html})
        for (unsigned version : {10u, 11u})
            for (bool keep_alive : {true, false})
                for (bool head : {false, true}) {
                    INFO(res->status << " HTTP/" << version / 10 << "." << version % 10 << " keep-alive " << keep_alive
                                     << " head " << head);
                    auto wire = sanaksme::http::to_wire(*res, version, keep_alive, head);
                    CHECK(wire.bytes == beast_bytes(*res, version, keep_alive, head));
                    CHECK(wire.keep_alive == keep_alive);
                }
}
