#include "net/server.hpp"

#include "log.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace sanaksme::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

class http_session;

struct shared_state {
    limits lim;
    request_handler handler;
    http::metrics& metrics;
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::unordered_map<http_session*, std::weak_ptr<http_session>> sessions;
};

http::beast_response problem(unsigned status, std::string title, std::string detail)
{
    http::beast_response res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, "application/problem+json");
    res.set(bhttp::field::connection, "close");
    res.body() = http::api_error(status, std::move(title), std::move(detail)).to_json().dump();
    res.keep_alive(false);
    res.prepare_payload();
    return res;
}

class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket&& socket, shared_state& state)
        // Room for a whole header block at the limit plus what follows it; a smaller buffer
        // would refuse headers the limit allows.
        : stream_(std::move(socket)), buffer_(state.lim.header_bytes + 8192), state_(state),
          idle_since_(std::chrono::steady_clock::now().time_since_epoch().count())
    {
        state_.metrics.connection_opened();
    }

    ~http_session()
    {
        state_.metrics.connection_closed();
        std::lock_guard lock(state_.mutex);
        state_.sessions.erase(this);
    }

    void run()
    {
        {
            std::lock_guard lock(state_.mutex);
            state_.sessions.emplace(this, weak_from_this());
        }
        // The socket's strand runs every step of this session, one at a time.
        asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&http_session::do_read, shared_from_this()));
    }

    // Waiting for a request (idle keep-alive, or a request still arriving), and not already
    // chosen to make room.
    bool evictable() const { return !busy_.load(std::memory_order_relaxed) && !evicting_.load(); }
    std::int64_t idle_since() const { return idle_since_.load(std::memory_order_relaxed); }

    // At the connection cap: closes this session if it is still idle when its strand gets to it.
    // Marked at once, so the next newcomer picks another one instead of the same.
    void evict()
    {
        evicting_ = true;
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_)
                self->stream_.cancel();
            else
                self->evicting_ = false; // it got a request meanwhile: leave it be
        });
    }

    // Called when the server stops: an idle session closes now, a busy one after its answer.
    void stop()
    {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_)
                self->stream_.cancel();
        });
    }

private:
    void do_read()
    {
        if (state_.stopping)
            return do_close();
        busy_ = false;
        idle_since_ = std::chrono::steady_clock::now().time_since_epoch().count();
        // An idle connection keeps no large buffer: thousands of them must stay cheap.
        if (buffer_.size() == 0 && buffer_.capacity() > 4096)
            buffer_.shrink_to_fit();
        // A fresh parser per request, so the limits hold for each message.
        parser_.emplace();
        parser_->body_limit(state_.lim.body_bytes);
        parser_->header_limit(static_cast<std::uint32_t>(state_.lim.header_bytes));
        stream_.expires_after(state_.lim.read_timeout);
        bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&http_session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t)
    {
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted)
            return do_close();
        if (ec == bhttp::error::body_limit)
            return send(problem(413, "Content Too Large",
                                "The body is larger than " + std::to_string(state_.lim.body_bytes) + " bytes."));
        if (ec == bhttp::error::header_limit)
            return send(problem(431, "Request Header Fields Too Large",
                                "The headers are larger than " + std::to_string(state_.lim.header_bytes) + " bytes."));
        if (ec) {
            // A parse error gets a 400 before the close; a broken socket just closes.
            if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
                return send(problem(400, "Bad Request", "The request is not valid HTTP/1.1."));
            return do_close();
        }
        busy_ = true;
        stream_.expires_never();
        try {
            state_.handler(parser_->release(), [self = shared_from_this()](std::function<http::beast_response()> answer) {
                // Inline when the handler answered on this strand; posted back when a writer did.
                asio::dispatch(self->stream_.get_executor(),
                               [self, answer = std::move(answer)] { self->send(answer()); });
            });
        } catch (const std::exception& e) {
            // The handler answers every error itself; this is the last line, so that one bad
            // request can never end the process for everyone else.
            log::event({{"event", "unhandled_error"}, {"message", e.what()}});
            send(problem(500, "Internal Server Error", "The server could not complete the request."));
        }
    }

    void send(http::beast_response&& res)
    {
        if (state_.stopping)
            res.keep_alive(false);
        auto sp = std::make_shared<http::beast_response>(std::move(res));
        bool close = !sp->keep_alive();
        stream_.expires_after(std::chrono::seconds(30));
        bhttp::async_write(stream_, *sp,
                           [self = shared_from_this(), sp, close](beast::error_code ec, std::size_t) {
                               if (ec || close)
                                   return self->do_close();
                               self->do_read();
                           });
    }

    void do_close()
    {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    shared_state& state_;
    std::atomic<bool> busy_{false};
    std::atomic<std::int64_t> idle_since_{0};
    std::atomic<bool> evicting_{false};
};

} // namespace

struct server::impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    shared_state state;
    std::vector<std::function<void()>> stop_hooks;
    std::unique_ptr<asio::steady_timer> drain_timer;

    impl(limits lim, request_handler h, http::metrics& m) : state{lim, std::move(h), m} {}

    void do_accept()
    {
        acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
            if (ec)
                return; // the acceptor was closed: stopping
            if (state.metrics.open_connections() >= static_cast<long>(state.lim.max_connections) && !make_room()) {
                // Over the cap and every connection busy: a short 503 rather than a queue.
                state.metrics.connection_refused();
                auto res = problem(503, "Service Unavailable", "Too many open connections; try again shortly.");
                res.set(bhttp::field::retry_after, "1");
                beast::error_code wec;
                bhttp::write(socket, res, wec);
                socket.close(wec);
            } else {
                std::make_shared<http_session>(std::move(socket), state)->run();
            }
            do_accept();
        });
    }

    // At the cap, idle connections (keep-alive, or a request trickling in) must not lock real
    // clients out: the one idle the longest is closed to make room. False when all are busy.
    bool make_room()
    {
        std::shared_ptr<http_session> victim;
        {
            std::lock_guard lock(state.mutex);
            for (auto& [p, w] : state.sessions)
                if (auto s = w.lock(); s && s->evictable() && (!victim || s->idle_since() < victim->idle_since()))
                    victim = std::move(s);
        }
        if (!victim)
            return false;
        victim->evict();
        state.metrics.connection_evicted();
        return true;
    }

    void begin_stop()
    {
        if (state.stopping.exchange(true))
            return;
        log::event({{"event", "stopping"}});
        beast::error_code ec;
        acceptor.close(ec);
        signals.cancel();
        std::vector<std::shared_ptr<http_session>> live;
        {
            std::lock_guard lock(state.mutex);
            for (auto& [p, w] : state.sessions)
                if (auto s = w.lock())
                    live.push_back(std::move(s));
        }
        for (auto& s : live)
            s->stop();
        for (auto& f : stop_hooks)
            f();
        // Give in-flight requests up to 10 s, then end whatever is left.
        drain_timer = std::make_unique<asio::steady_timer>(ioc);
        wait_for_drain(std::chrono::steady_clock::now() + std::chrono::seconds(10));
    }

    void wait_for_drain(std::chrono::steady_clock::time_point deadline)
    {
        bool empty;
        {
            std::lock_guard lock(state.mutex);
            empty = state.sessions.empty();
        }
        if (empty)
            return;
        if (std::chrono::steady_clock::now() > deadline) {
            ioc.stop();
            return;
        }
        drain_timer->expires_after(std::chrono::milliseconds(20));
        drain_timer->async_wait([this, deadline](beast::error_code) { wait_for_drain(deadline); });
    }
};

server::server(const std::string& host, unsigned short port, limits lim, request_handler handler, http::metrics& m)
    : impl_(std::make_unique<impl>(lim, std::move(handler), m))
{
    tcp::endpoint ep{asio::ip::make_address(host), port};
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen(asio::socket_base::max_listen_connections);
}

server::~server() = default;

unsigned short server::port() const { return impl_->acceptor.local_endpoint().port(); }

asio::io_context& server::io() { return impl_->ioc; }

void server::on_stop(std::function<void()> f) { impl_->stop_hooks.push_back(std::move(f)); }

void server::stop()
{
    asio::post(impl_->ioc, [this] { impl_->begin_stop(); });
}

void server::run(int threads)
{
    impl_->signals.async_wait([this](beast::error_code ec, int) {
        if (!ec)
            impl_->begin_stop();
    });
    impl_->do_accept();
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i)
        pool.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : pool)
        t.join();
}

} // namespace sanaksme::net
