// The LMTP listener and its sessions (net/lmtp.hpp); one session's steps run on its strand.
#include "net/lmtp.hpp"

#include "log.hpp"

#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <mutex>
#include <unordered_map>

namespace sanaksme::net {

namespace asio = boost::asio;
using protocol = asio::generic::stream_protocol;
using error_code = boost::system::error_code;

namespace {

std::string upper(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

std::string line_of(const lmtp_reply& r) { return std::to_string(r.code) + " " + r.text + "\r\n"; }

// "<addr> PARAM=…" after "MAIL FROM:" or "RCPT TO:": the address without brackets, and the rest.
std::optional<std::pair<std::string, std::string>> path_argument(std::string_view arg)
{
    while (!arg.empty() && arg.front() == ' ')
        arg.remove_prefix(1);
    if (arg.empty() || arg.front() != '<')
        return std::nullopt;
    auto close = arg.find('>');
    if (close == std::string_view::npos)
        return std::nullopt;
    return std::pair{std::string(arg.substr(1, close - 1)), upper(arg.substr(close + 1))};
}

} // namespace

class lmtp_session;

struct lmtp_listener::impl {
    asio::io_context& ioc;
    asio::basic_socket_acceptor<protocol> acceptor;
    lmtp_limits lim;
    lmtp_handler handler;
    std::string hostname, where, unix_path;
    asio::thread_pool worker{1};
    std::mutex mutex;
    std::unordered_map<lmtp_session*, std::weak_ptr<lmtp_session>> sessions;
    bool stopping = false;

    impl(asio::io_context& c, lmtp_limits l, lmtp_handler h, std::string host)
        : ioc(c), acceptor(c), lim(l), handler(std::move(h)), hostname(std::move(host))
    {
    }
    void do_accept();
};

class lmtp_session : public std::enable_shared_from_this<lmtp_session> {
public:
    // The listener outlives every handler that runs (its destructor waits for the worker; the io
    // threads have stopped by then), so a session may keep a plain pointer to it.
    lmtp_session(protocol::socket s, lmtp_listener::impl* owner)
        : socket_(std::move(s)), timer_(socket_.get_executor()), owner_(owner)
    {
    }

    void start(bool busy)
    {
        if (busy) {
            send("421 4.3.2 too many connections, try again later\r\n", true);
            return;
        }
        send("220 " + owner_->hostname + " LMTP ready\r\n", false);
    }

    void close()
    {
        error_code ec;
        timer_.cancel();
        socket_.shutdown(protocol::socket::shutdown_both, ec);
        socket_.close(ec);
    }

    protocol::socket& socket() { return socket_; }

private:
    void send(std::string text, bool then_close)
    {
        out_ = std::move(text);
        asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this(), then_close](error_code ec, std::size_t) {
            if (ec || then_close)
                return self->close();
            self->read_line();
        });
    }

    void read_line()
    {
        // A line already buffered (pipelining) is taken without waiting.
        if (auto nl = in_.find('\n'); nl != std::string::npos)
            return asio::post(socket_.get_executor(), [self = shared_from_this(), nl] { self->on_line(nl + 1); });
        arm_timer();
        asio::async_read_until(socket_, asio::dynamic_buffer(in_, owner_->lim.line_bytes), '\n',
                               [self = shared_from_this()](error_code ec, std::size_t n) {
                                   self->timer_.cancel();
                                   if (ec == asio::error::not_found && self->in_data_)
                                       return self->on_line(self->in_.size()); // a long data line, in pieces
                                   if (ec == asio::error::not_found)
                                       return self->send("500 5.5.2 line too long\r\n", true);
                                   if (ec)
                                       return self->close();
                                   self->on_line(n);
                               });
    }

    void arm_timer()
    {
        timer_.expires_after(owner_->lim.idle_timeout);
        timer_.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec)
                self->close(); // idle too long
        });
    }

    void on_line(std::size_t n)
    {
        std::string line = in_.substr(0, n);
        in_.erase(0, n);
        if (in_data_)
            return on_data_line(line);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            line.pop_back();
        on_command(line);
    }

    void reset()
    {
        mail_ = false;
        recipients_.clear();
        message_.clear();
        too_large_ = false;
    }

    void on_command(const std::string& line)
    {
        auto verb = upper(line.substr(0, line.find(' ')));
        auto arg = line.size() > verb.size() ? std::string_view(line).substr(verb.size() + 1) : std::string_view();
        const auto& lim = owner_->lim;
        if (verb == "LHLO") {
            greeted_ = true;
            reset();
            return send("250-" + owner_->hostname + "\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 SIZE " +
                            std::to_string(lim.message_bytes) + "\r\n",
                        false);
        }
        if (verb == "HELO" || verb == "EHLO")
            return send("500 5.5.1 this is LMTP: LHLO first\r\n", false);
        if (verb == "NOOP")
            return send("250 2.0.0 ok\r\n", false);
        if (verb == "RSET") {
            reset();
            return send("250 2.0.0 ok\r\n", false);
        }
        if (verb == "QUIT")
            return send("221 2.0.0 bye\r\n", true);
        if (verb == "MAIL") {
            auto upper_arg = upper(arg);
            if (!greeted_)
                return send("503 5.5.1 LHLO first\r\n", false);
            if (mail_)
                return send("503 5.5.1 a transaction is open; RSET first\r\n", false);
            auto path = upper_arg.starts_with("FROM:") ? path_argument(arg.substr(5)) : std::nullopt;
            if (!path)
                return send("501 5.5.4 MAIL FROM:<address>\r\n", false);
            // SIZE=n (RFC 1870): a message known to be too large is refused before it is sent.
            if (auto at = path->second.find("SIZE="); at != std::string::npos) {
                std::size_t size = 0;
                auto digits = std::string_view(path->second).substr(at + 5);
                std::from_chars(digits.data(), digits.data() + digits.size(), size);
                if (size > lim.message_bytes)
                    return send("552 5.3.4 message too large\r\n", false);
            }
            mail_ = true;
            return send("250 2.1.0 ok\r\n", false);
        }
        if (verb == "RCPT") {
            if (!mail_)
                return send("503 5.5.1 MAIL first\r\n", false);
            auto path = upper(arg).starts_with("TO:") ? path_argument(arg.substr(3)) : std::nullopt;
            if (!path || path->first.empty())
                return send("501 5.5.4 RCPT TO:<address>\r\n", false);
            if (recipients_.size() >= lim.recipients)
                return send("452 4.5.3 too many recipients\r\n", false);
            if (auto refusal = owner_->handler.check_recipient(path->first))
                return send(line_of(*refusal), false);
            recipients_.push_back(path->first);
            return send("250 2.1.5 ok\r\n", false);
        }
        if (verb == "DATA") {
            if (!mail_ || recipients_.empty())
                return send("503 5.5.1 no valid recipients\r\n", false);
            in_data_ = true;
            line_start_ = true;
            return send("354 go ahead, end with <CRLF>.<CRLF>\r\n", false);
        }
        send("502 5.5.1 command not recognized\r\n", false);
    }

    void on_data_line(std::string line)
    {
        bool starts = line_start_;
        line_start_ = !line.empty() && line.back() == '\n';
        if (starts && (line == ".\r\n" || line == ".\n"))
            return end_of_data();
        if (starts && !line.empty() && line.front() == '.')
            line.erase(0, 1); // dot-unstuffing (RFC 5321 §4.5.2)
        if (!too_large_ && message_.size() + line.size() > owner_->lim.message_bytes) {
            // Read on to the end and refused then: the client is still sending and reads no answer now.
            too_large_ = true;
            std::string().swap(message_);
        }
        if (!too_large_)
            message_ += line;
        read_line();
    }

    void end_of_data()
    {
        in_data_ = false;
        if (too_large_) {
            std::string replies;
            for (std::size_t i = 0; i < recipients_.size(); ++i)
                replies += "552 5.3.4 message exceeds the size limit\r\n";
            log::event({{"event", "lmtp_too_large"}, {"recipients", recipients_.size()}});
            reset();
            return send(std::move(replies), false);
        }
        auto self = shared_from_this();
        asio::post(owner_->worker, [self, recipients = recipients_, message = std::move(message_)] {
            std::vector<lmtp_reply> replies;
            try {
                replies = self->owner_->handler.deliver(recipients, message);
            } catch (const std::exception& e) {
                log::event({{"event", "lmtp_error"}, {"message", e.what()}});
            }
            replies.resize(recipients.size(), lmtp_reply{451, "4.3.0 could not handle the message now"});
            std::string text;
            for (const auto& r : replies)
                text += line_of(r);
            asio::post(self->socket_.get_executor(), [self, text = std::move(text)]() mutable {
                self->reset();
                self->send(std::move(text), false);
            });
        });
    }

    protocol::socket socket_;
    asio::steady_timer timer_;
    lmtp_listener::impl* owner_;
    std::string in_, out_, message_;
    std::vector<std::string> recipients_;
    bool greeted_ = false, mail_ = false, in_data_ = false, line_start_ = true, too_large_ = false;
};

void lmtp_listener::impl::do_accept()
{
    acceptor.async_accept(asio::make_strand(ioc), [self = this](error_code ec, protocol::socket s) {
        if (ec)
            return; // closed: stopping
        auto session = std::make_shared<lmtp_session>(std::move(s), self);
        bool busy;
        {
            std::lock_guard lock(self->mutex);
            for (auto it = self->sessions.begin(); it != self->sessions.end();)
                it = it->second.expired() ? self->sessions.erase(it) : std::next(it);
            busy = self->stopping || self->sessions.size() >= self->lim.sessions;
            if (!busy)
                self->sessions.emplace(session.get(), session);
        }
        asio::post(session->socket().get_executor(), [session, busy] { session->start(busy); });
        self->do_accept();
    });
}

lmtp_listener::lmtp_listener(asio::io_context& ioc, const std::string& where, lmtp_limits lim, lmtp_handler handler,
                             std::string hostname)
    : impl_(std::make_unique<impl>(ioc, lim, std::move(handler), std::move(hostname)))
{
    protocol::endpoint ep;
    if (where.find('/') != std::string::npos) {
        // A socket file left by an earlier run is replaced; any other file is not.
        struct stat st{};
        if (::lstat(where.c_str(), &st) == 0 && S_ISSOCK(st.st_mode))
            ::unlink(where.c_str());
        ep = asio::local::stream_protocol::endpoint(where);
        impl_->unix_path = where;
    } else {
        auto colon = where.rfind(':');
        if (colon == std::string::npos)
            throw std::runtime_error("--lmtp-listen must be HOST:PORT or a unix socket path: " + where);
        auto host = where.substr(0, colon);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2);
        ep = asio::ip::tcp::endpoint(asio::ip::make_address(host), static_cast<unsigned short>(std::stoi(where.substr(colon + 1))));
    }
    impl_->acceptor.open(ep.protocol());
    if (impl_->unix_path.empty())
        impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen();
    impl_->where = address();
}

lmtp_listener::~lmtp_listener()
{
    impl_->worker.join();
    if (!impl_->unix_path.empty())
        ::unlink(impl_->unix_path.c_str());
}

std::string lmtp_listener::address() const
{
    if (!impl_->unix_path.empty())
        return impl_->unix_path;
    asio::ip::tcp::endpoint ep;
    auto local = impl_->acceptor.local_endpoint();
    std::memcpy(ep.data(), local.data(), std::min<std::size_t>(local.size(), sizeof(sockaddr_storage)));
    ep.resize(local.size());
    return ep.address().to_string() + ":" + std::to_string(ep.port());
}

void lmtp_listener::start() { impl_->do_accept(); }

void lmtp_listener::stop()
{
    std::vector<std::shared_ptr<lmtp_session>> live;
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
        for (auto& [p, w] : impl_->sessions)
            if (auto s = w.lock())
                live.push_back(std::move(s));
    }
    error_code ec;
    impl_->acceptor.close(ec);
    for (auto& s : live)
        asio::post(s->socket().get_executor(), [s] { s->close(); });
}

} // namespace sanaksme::net
