// A connection's bytes, whole: net::request_reader (Beast's parser, then framing, Host, trailers
// and Expect) turns them into requests, and each goes through dispatch as on a real connection.
// Properties: a request is never read past a refusal; a released request has one Host (HTTP/1.1),
// no Transfer-Encoding but a single chunked, and exactly the fields of its head (a trailer never
// adds one, checked against a parse of the head alone); every answer is a valid HTTP message.
//
// Input: byte 0 picks how many bytes arrive per read (1 to 256, as a slow client sends); the rest
// is what the client sends. The coordinator's token is "fuzz-coordinator-token".
#include "answer_check.hpp"
#include "fuzz_app.hpp"
#include "net/request_reader.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>

#include <algorithm>
#include <map>
#include <string>

namespace {

namespace bhttp = boost::beast::http;

sanaksme::app* the_app;

using field_list = std::multimap<std::string, std::string>;

field_list fields_of(const sanaksme::http::beast_request::header_type& h)
{
    field_list out;
    for (const auto& f : h) {
        std::string name(f.name_string());
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.emplace(std::move(name), std::string(f.value()));
    }
    return out;
}

// A list (RFC 9110 §5.6.1: empty elements allowed) of exactly one coding, chunked.
bool only_chunked(std::string_view value)
{
    int chunked = 0, other = 0;
    std::size_t at = 0;
    while (at <= value.size()) {
        auto comma = std::min(value.find(',', at), value.size());
        auto item = value.substr(at, comma - at);
        auto first = item.find_first_not_of(" \t");
        if (first != std::string_view::npos) {
            item = item.substr(first, item.find_last_not_of(" \t") - first + 1);
            (boost::beast::iequals(item, "chunked") ? chunked : other)++;
        }
        at = comma + 1;
    }
    return chunked == 1 && other == 0;
}

// The fields of the request head that starts `bytes`, parsed on their own.
field_list head_fields(std::string_view bytes)
{
    bhttp::request_parser<bhttp::empty_body> head;
    head.eager(false);
    head.header_limit(16 * 1024);
    boost::beast::error_code ec;
    head.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    FUZZ_CHECK(!ec && head.is_header_done());
    return fields_of(head.get());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    the_app = &sanaksme::fuzz::fuzz_app("fuzz-coordinator-token");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    if (size < 2)
        return 0;
    std::size_t step = data[0] + 1u;
    std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

    sanaksme::net::request_reader reader(64 * 1024, 16 * 1024);
    boost::beast::flat_buffer buffer;
    std::size_t fed = 0;
    auto feed = [&] {
        auto n = std::min(step, input.size() - fed);
        buffer.commit(boost::asio::buffer_copy(buffer.prepare(n), boost::asio::buffer(input.data() + fed, n)));
        fed += n;
    };
    using st = sanaksme::net::request_reader::state;
    while (true) {
        reader.start();
        auto begins = fed - buffer.size(); // where this request starts in the input
        auto s = reader.parse(buffer);
        while (s == st::need_more || s == st::send_continue) {
            if (fed == input.size()) {
                s = reader.end_of_input();
                break;
            }
            feed();
            s = reader.parse(buffer);
        }
        if (s == st::closed)
            return 0;
        if (s == st::refused) {
            auto status = reader.refusal().status();
            FUZZ_CHECK(status == 400 || status == 413 || status == 431 || status == 501);
            return 0; // and the connection closes: nothing after it is read
        }
        auto req = reader.release();
        auto hosts = req.count(bhttp::field::host);
        FUZZ_CHECK(hosts <= 1 && (hosts == 1 || req.version() < 11));
        if (auto te = req.count(bhttp::field::transfer_encoding); te != 0)
            FUZZ_CHECK(te == 1 && only_chunked(req[bhttp::field::transfer_encoding]) &&
                       req.count(bhttp::field::content_length) == 0);
        FUZZ_CHECK(fields_of(req.base()) == head_fields(input.substr(begins)));

        auto head = req.method() == bhttp::verb::head;
        auto keep_alive = req.keep_alive();
        auto answer = sanaksme::fuzz::dispatch_once(*the_app, std::move(req));
        sanaksme::fuzz::check_answer(answer.bytes, head);
        if (!keep_alive || !answer.keep_alive)
            return 0;
    }
}
