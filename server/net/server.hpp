#pragma once
// The only place Beast sockets appear: an HTTP/1.1 listener and its sessions on one io_context.
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "net/request_reader.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace sanaksme::net {

struct limits {
    std::size_t body_bytes = 1 << 20;
    std::size_t header_bytes = 16 * 1024;
    std::chrono::seconds read_timeout{30}; // a request (and an idle keep-alive) must come within it; an upload, each piece of it
    std::size_t max_connections = 4096;
    spool_policy spool;          // routes whose bodies go to a file (uploads); none: every body in memory
    std::size_t spool_bytes = 0; // the largest body `spool` lets through
};

// The handler answers through `respond`, at once or later from another thread (a write answers
// after its batch is on disk); the session reads nothing more until then. It passes a function
// that produces the answer on the session's strand; its argument says the server is stopping,
// so the answer must close the connection.
using respond = std::function<void(std::function<http::wire_answer(bool closing)>)>;
// A spooled request (see limits::spool) comes with its body's file; the others with an empty one.
using request_handler = std::function<void(http::beast_request&&, http::spooled_body&&, respond)>;

class server {
public:
    server(const std::string& host, unsigned short port, limits lim, request_handler handler, http::metrics& m);
    ~server();

    unsigned short port() const;
    // Serves on `threads` threads until SIGINT/SIGTERM or stop(); in-flight requests finish.
    void run(int threads);
    void stop();
    // Runs on the io_context once the server stops (to end timers of other components).
    void on_stop(std::function<void()> f);
    // Runs f on one of the io threads, after what is ready now.
    void post(std::function<void()> f);
    // The io_context, for another small listener on the same threads (net/lmtp).
    boost::asio::io_context& context();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace sanaksme::net
