#pragma once
// What every answer of the server must be, read back as a client reads it: one complete HTTP/1.1
// message, a status from 200 to 599 (or 304), errors as problem+json (or a link page's HTML),
// JSON that parses, and a Date.
#include "fuzz_check.hpp"
#include "http/message.hpp"

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace sanaksme::fuzz {

inline void check_answer(const std::string& bytes, bool head)
{
    namespace bhttp = boost::beast::http;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head); // a HEAD answer announces a body it does not carry
    parser.eager(true);
    boost::beast::error_code ec;
    std::size_t used = 0;
    while (!ec && !parser.is_done() && used < bytes.size()) {
        auto n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
        used += n;
        if (n == 0)
            break;
    }
    if (!ec && !parser.is_done())
        parser.put_eof(ec);
    FUZZ_CHECK(!ec && parser.is_done() && used == bytes.size());
    auto res = parser.release();
    auto status = res.result_int();
    FUZZ_CHECK((status >= 200 && status <= 599));
    FUZZ_CHECK(res.count(bhttp::field::date) == 1);
    if (status == 204 || status == 304)
        FUZZ_CHECK(res.count(bhttp::field::content_length) == 0 && res.body().empty());
    auto type = std::string(res[bhttp::field::content_type]);
    if (status >= 400)
        FUZZ_CHECK(type == "application/problem+json" || type.starts_with("text/html"));
    // HEAD answers carry no body to check.
    if (!res.body().empty() && (type == "application/problem+json" || type.starts_with("application/json"))) {
        auto j = nlohmann::json::parse(res.body(), nullptr, false);
        FUZZ_CHECK(!j.is_discarded());
        if (type == "application/problem+json")
            FUZZ_CHECK(j.is_object() && j["status"] == status && j["title"].is_string());
    }
}

} // namespace sanaksme::fuzz
