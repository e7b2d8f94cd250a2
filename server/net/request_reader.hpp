#pragma once
// A connection's bytes into requests: Beast's parser under the limits, plus what RFC 9112 asks of
// a server beyond it (framing, Host, trailers, Expect). The sessions and the fuzzer share it.
#include "http/api_error.hpp"
#include "http/message.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sanaksme::net {

// A route whose body goes to a file as it arrives rather than into memory (an upload): its own
// limit, and the directory of the file.
struct spool_target {
    std::size_t body_limit = 0;
    std::string directory;
};
// Asked once per request, when its head is read: nullopt keeps the body in memory.
using spool_policy = std::function<std::optional<spool_target>(const http::beast_request::header_type&)>;

class request_reader {
public:
    // `spool_limit`: the largest limit `spool` may name (Beast checks a Content-Length with the head).
    request_reader(std::size_t body_limit, std::size_t header_limit, spool_policy spool = nullptr,
                   std::size_t spool_limit = 0);
    request_reader(const request_reader&) = delete; // the parser's chunk callback points here

    enum class state {
        need_more,     // read more bytes, then parse again
        send_continue, // the client waits for "100 Continue" before it sends the body
        done,          // a whole request: release() it
        refused,       // answer refusal() and close
        closed,        // the peer left between requests: close without an answer
    };

    // Begins the next request with a fresh parser, so the limits hold for each message.
    void start();
    // Parses what `buffer` holds and consumes it.
    state parse(boost::beast::flat_buffer& buffer);
    // The peer closed its side: what the bytes so far amount to.
    state end_of_input();
    // An error found outside the parser (the read buffer overflowed).
    state fail(boost::beast::error_code ec);

    const http::api_error& refusal() const { return *refusal_; }
    http::beast_request release();
    // The body of a spooled request (empty for the others); take it after release().
    http::spooled_body release_spool() { return std::move(spooled_); }
    // The request's body is going to a file (an upload) as it arrives.
    bool spooling() const { return file_parser_.has_value(); }

private:
    // Called by the parser for each chunk's header; the last one (size 0) comes before the
    // trailer's fields, which Beast adds to the head's.
    struct chunk_seen {
        request_reader& reader;
        void operator()(std::uint64_t size, boost::beast::string_view, boost::beast::error_code& ec);
    };

    bool head_acceptable();
    bool choose_body(); // after the head: to memory, or to a file; false when refused
    template <class Message>
    void drop_trailer(Message& req);
    state refuse(unsigned status, std::string title, std::string detail);
    bool reject(unsigned status, std::string detail); // refuses; false, for head_acceptable

    std::size_t body_limit_;
    std::size_t header_limit_;
    spool_policy spool_;
    std::size_t spool_limit_;
    std::size_t limit_now_; // of the request being read, for the 413's detail
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::file_body>> file_parser_;
    http::spooled_body spooled_;
    bool head_checked_ = false;
    chunk_seen on_chunk_{*this};
    // The head's fields of a chunked request: what its trailer adds is not among them.
    std::vector<const http::beast_request::header_type::value_type*> head_fields_;
    std::optional<http::api_error> refusal_;
};

} // namespace sanaksme::net
