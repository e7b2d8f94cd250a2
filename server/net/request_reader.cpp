// Requests out of a connection's bytes: Beast's parser, then the checks of RFC 9112 it leaves to us.
#include "net/request_reader.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace sanaksme::net {

namespace bhttp = boost::beast::http;
using boost::beast::iequals;

namespace {

// The codings of every Transfer-Encoding line, in order (RFC 9112 §6.1: a list, maybe on several lines).
std::vector<std::string_view> codings(const http::beast_request::header_type& h)
{
    std::vector<std::string_view> out;
    for (auto [it, end] = h.equal_range(bhttp::field::transfer_encoding); it != end; ++it) {
        std::string_view rest = it->value();
        while (true) {
            auto comma = rest.find(',');
            auto item = rest.substr(0, comma);
            while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
                item.remove_prefix(1);
            while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
                item.remove_suffix(1);
            if (!item.empty())
                out.push_back(item);
            if (comma == std::string_view::npos)
                break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

// uri-host [":" port] (RFC 9110 §7.2, RFC 3986 §3.2.2), by the characters they may hold: no user
// info, path, space or control character. Empty is allowed. (A full parse cost 0.3 µs a request.)
bool valid_host(std::string_view host)
{
    static constexpr std::string_view others = "-._~%!$&'()*+,;=:[]";
    return std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               others.find(c) != std::string_view::npos;
    });
}

} // namespace

request_reader::request_reader(std::size_t body_limit, std::size_t header_limit, spool_policy spool,
                               std::size_t spool_limit)
    : body_limit_(body_limit), header_limit_(header_limit), spool_(std::move(spool)),
      spool_limit_(std::max(body_limit, spool_limit)), limit_now_(body_limit)
{
}

void request_reader::start()
{
    parser_.emplace();
    file_parser_.reset();
    spooled_ = {};
    limit_now_ = body_limit_;
    // With spooling routes the head is parsed alone first, and the limit is the request's own
    // once it is known (Beast checks a Content-Length against the limit with the head).
    parser_->body_limit(spool_ ? spool_limit_ : body_limit_);
    parser_->header_limit(static_cast<std::uint32_t>(header_limit_));
    parser_->eager(!spool_); // the body in the same pass as the head
    parser_->on_chunk_header(on_chunk_);
    head_checked_ = false;
    head_fields_.clear();
    refusal_.reset();
}

// The read loop of Beast's http::async_read, without its layers of composed operations: parse
// what is buffered; the caller reads while more is needed.
request_reader::state request_reader::parse(boost::beast::flat_buffer& buffer)
{
    while (buffer.size() > 0) {
        boost::beast::error_code ec;
        auto used = file_parser_ ? file_parser_->put(buffer.data(), ec) : parser_->put(buffer.data(), ec);
        buffer.consume(used);
        if (ec == bhttp::error::need_more)
            break;
        if (ec)
            return fail(ec);
        bool done = file_parser_ ? file_parser_->is_done() : parser_->is_done();
        if (done && (file_parser_ ? file_parser_->chunked() : parser_->chunked())) {
            // before anything reads the fields
            if (file_parser_)
                drop_trailer(file_parser_->get());
            else
                drop_trailer(parser_->get());
        }
        // The head is checked before the request counts; a refused one closes the connection, so
        // a body read on a wrong framing goes nowhere.
        if (!head_checked_ && parser_->is_header_done()) {
            head_checked_ = true;
            if (!head_acceptable() || !choose_body())
                return state::refused;
            done = file_parser_ ? file_parser_->is_done() : parser_->is_done();
            const auto& head = file_parser_ ? file_parser_->get().base() : parser_->get().base();
            // RFC 9110 §10.1.1: a client that sent Expect: 100-continue may wait for it before the body.
            if (!done && buffer.size() == 0 && head.version() >= 11 &&
                iequals(head[bhttp::field::expect], "100-continue"))
                return state::send_continue;
        }
        if (done)
            return state::done;
        if (used == 0)
            break;
    }
    return state::need_more;
}

bool request_reader::choose_body()
{
    if (!spool_)
        return true;
    auto target = spool_(parser_->get().base());
    if (!target) {
        // Beast checked a Content-Length against the larger limit: the request's own is checked here.
        if (auto length = parser_->content_length(); length && *length > body_limit_) {
            fail(bhttp::error::body_limit);
            return false;
        }
        parser_->body_limit(body_limit_);
        parser_->eager(true);
        return true;
    }
    limit_now_ = target->body_limit;
    if (auto length = parser_->content_length(); length && *length > limit_now_) {
        fail(bhttp::error::body_limit);
        return false;
    }
    std::string path = target->directory + "/upload-XXXXXX";
    int fd = ::mkstemp(path.data()); // 0600, a name no other request has
    if (fd < 0) {
        refuse(503, "Service Unavailable", "The server cannot store uploads just now.");
        return false;
    }
    ::close(fd);
    spooled_ = http::spooled_body(path);
    file_parser_.emplace(std::move(*parser_));
    file_parser_->body_limit(limit_now_);
    file_parser_->eager(true);
    file_parser_->on_chunk_header(on_chunk_);
    boost::beast::error_code ec;
    file_parser_->get().body().open(path.c_str(), boost::beast::file_mode::write, ec);
    if (ec) {
        refuse(503, "Service Unavailable", "The server cannot store uploads just now.");
        return false;
    }
    return true;
}

request_reader::state request_reader::end_of_input()
{
    // A connection closed between requests ends quietly; one closed inside a request is a
    // partial message.
    if (file_parser_) { // a body with a length never ends at EOF
        spooled_ = {};
        return state::closed;
    }
    if (!parser_->got_some())
        return state::closed;
    boost::beast::error_code ec;
    parser_->put_eof(ec);
    if (ec)
        return fail(ec);
    return parser_->is_done() ? state::done : state::closed;
}

request_reader::state request_reader::fail(boost::beast::error_code ec)
{
    if (ec == bhttp::error::body_limit) {
        // Beast checks a Content-Length with the head, before choose_body: the 413 names the route's limit.
        if (!head_checked_ && spool_)
            if (auto target = spool_(parser_->get().base()))
                limit_now_ = target->body_limit;
        return refuse(413, "Content Too Large", "The body is larger than " + std::to_string(limit_now_) + " bytes.");
    }
    if (ec == bhttp::error::header_limit)
        return refuse(431, "Request Header Fields Too Large",
                      "The headers are larger than " + std::to_string(header_limit_) + " bytes.");
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
        return refuse(400, "Bad Request", "The request is not valid HTTP/1.1.");
    return state::closed;
}

// What Beast's parser accepts but RFC 9112 does not: the message's framing and its Host.
bool request_reader::head_acceptable()
{
    const auto& h = parser_->get();
    std::size_t hosts = 0, credentials = 0, types = 0;
    bool transfer_encoding = false;
    for (const auto& f : h) {
        hosts += f.name() == bhttp::field::host;
        credentials += f.name() == bhttp::field::authorization;
        types += f.name() == bhttp::field::content_type;
        transfer_encoding |= f.name() == bhttp::field::transfer_encoding;
    }
    // RFC 9112 §3.2.
    if (hosts > 1)
        return reject(400, "The request has more than one Host header.");
    // Fields that hold one value (RFC 9110 §5.3): which of two would count is anyone's guess.
    if (credentials > 1 || types > 1)
        return reject(400, "The request has more than one Authorization or Content-Type header.");
    if (hosts == 0 && h.version() >= 11)
        return reject(400, "An HTTP/1.1 request needs a Host header.");
    if (hosts == 1 && !valid_host(h[bhttp::field::host]))
        return reject(400, "The Host header is not a host and port.");
    if (!transfer_encoding)
        return true;
    // RFC 9112 §6.1 and §6.3: a body whose length is unclear is never guessed at, and what
    // follows it is never read as another request.
    if (h.version() < 11)
        return reject(400, "Transfer-Encoding needs HTTP/1.1.");
    auto list = codings(h);
    std::size_t chunked = 0;
    for (auto c : list)
        chunked += iequals(c, "chunked");
    // Beast frames the body as chunked only when it reads the same list so: both must agree.
    if (list.empty() || !iequals(list.back(), "chunked") || chunked > 1 || !parser_->chunked())
        return reject(400, "Transfer-Encoding must end in chunked, once.");
    if (list.size() > 1)
        return reject(501, "This server takes only the chunked transfer coding.");
    return true;
}

void request_reader::chunk_seen::operator()(std::uint64_t size, boost::beast::string_view, boost::beast::error_code& ec)
{
    ec = {};
    // Beast's parser adds a trailer's fields to the head's, a duplicate name beside its first.
    if (size == 0) {
        const auto& head = reader.file_parser_ ? reader.file_parser_->get().base() : reader.parser_->get().base();
        for (const auto& f : head)
            reader.head_fields_.push_back(&f);
    }
}

// Fields of a chunked trailer never count as the head's (RFC 9110 §6.5.1): they are dropped.
template <class Message>
void request_reader::drop_trailer(Message& req)
{
    for (auto it = req.begin(); it != req.end();)
        if (std::find(head_fields_.begin(), head_fields_.end(), &*it) == head_fields_.end())
            it = req.erase(it);
        else
            ++it;
}

request_reader::state request_reader::refuse(unsigned status, std::string title, std::string detail)
{
    spooled_ = {}; // what a refused upload wrote so far goes before the answer
    refusal_.emplace(status, std::move(title), std::move(detail));
    return state::refused;
}

bool request_reader::reject(unsigned status, std::string detail)
{
    refuse(status, status == 501 ? "Not Implemented" : "Bad Request", std::move(detail));
    return false;
}

http::beast_request request_reader::release()
{
    if (!file_parser_)
        return parser_->release();
    auto message = file_parser_->release();
    message.body().close();
    return http::beast_request(std::move(message.base()));
}

} // namespace sanaksme::net
