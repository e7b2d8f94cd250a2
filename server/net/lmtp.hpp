#pragma once
// An LMTP listener (RFC 2033) on the server's io_context, for the mail that comes back: TCP
// HOST:PORT or a unix socket path. LHLO, MAIL, RCPT, DATA (dot-unstuffed), RSET, NOOP, QUIT;
// after DATA one answer per accepted recipient. Messages are handled on a thread of its own, so
// a slow database or relay never holds the io threads the HTTP server runs on.
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sanaksme::net {

struct lmtp_limits {
    std::size_t message_bytes = 5 << 20;
    std::size_t line_bytes = 4096; // a command line; longer data lines are taken in pieces
    std::size_t recipients = 100;
    std::size_t sessions = 64;
    std::chrono::seconds idle_timeout{300};
};

struct lmtp_reply {
    int code = 250;
    std::string text; // "2.0.0 ok"
};

struct lmtp_handler {
    // At RCPT TO, on an io thread (cheap, no I/O): a refusal, or nothing to accept the address.
    std::function<std::optional<lmtp_reply>(const std::string& recipient)> check_recipient;
    // After DATA, on the listener's own thread: one answer per recipient, in order.
    std::function<std::vector<lmtp_reply>(const std::vector<std::string>& recipients, const std::string& message)> deliver;
};

class lmtp_listener {
public:
    // `where`: "HOST:PORT" (port 0 picks one) or a path with a '/' (a unix socket, replaced if stale).
    lmtp_listener(boost::asio::io_context& ioc, const std::string& where, lmtp_limits lim, lmtp_handler handler,
                  std::string hostname);
    ~lmtp_listener(); // waits for a message being handled
    std::string address() const; // "127.0.0.1:2424" or the socket path
    void start();
    void stop(); // closes the acceptor and every session; call on the io_context

    struct impl; // the acceptor, the sessions and the worker thread, in lmtp.cpp

private:
    std::unique_ptr<impl> impl_;
};

} // namespace sanaksme::net
