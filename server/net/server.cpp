// The server: the acceptor and a connection's session; over 400 lines, as the session's steps are one state machine.
#include "net/server.hpp"

#include "log.hpp"
#include "net/request_reader.hpp"

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

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
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

// Each connection's steps run on its strand. The concrete executor type, instead of Beast's
// default type-erased any_io_executor, spares every operation copying and destroying an erased
// executor (about 3% of the server's time under load).
using strand_t = asio::strand<asio::io_context::executor_type>;
using socket_t = tcp::socket::rebind_executor<strand_t>::other;

// The monotonic clock (steady_clock's), read at the kernel's tick of a few milliseconds: the
// deadlines and waits here count in seconds, and a precise reading costs ten times as much (it is
// read several times per request). Which connection has been idle the longest needs the precise
// one (precise_now).
std::int64_t precise_now() { return std::chrono::steady_clock::now().time_since_epoch().count(); }
std::int64_t steady_now()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::seconds(ts.tv_sec) +
                                                                           std::chrono::nanoseconds(ts.tv_nsec))
        .count();
}

// A peer that has taken no byte of its answer for this long may be closed to make room at the
// connection cap: it is not reading, and must not lock out clients that are.
constexpr std::int64_t stalled_after =
    std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::seconds(2)).count();

// At most this much of an answer waits unsent in the kernel per connection (TCP_NOTSENT_LOWAT):
// a peer that stops reading holds a bounded queue, and its write stalls soon enough to be seen.
constexpr int unsent_bytes_cap = 64 * 1024;
using notsent_lowat = asio::detail::socket_option::integer<IPPROTO_TCP, TCP_NOTSENT_LOWAT>;

class http_session;

struct shared_state {
    limits lim;
    request_handler handler;
    http::metrics& metrics;
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::unordered_map<http_session*, std::weak_ptr<http_session>> sessions;
};

// An error the connection answers itself (the request never reached a handler), closing after it.
http::wire_answer problem(const http::api_error& e, std::vector<std::pair<std::string, std::string>> headers = {})
{
    auto res = http::text_response(e.status(), "application/problem+json", e.to_json().dump());
    res.headers = std::move(headers);
    return http::to_wire(res, 11, false, false);
}

class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(socket_t&& socket, shared_state& state)
        // Room for a whole header block at the limit plus what follows it; a smaller buffer
        // would refuse headers the limit allows.
        : socket_(std::move(socket)), buffer_(state.lim.header_bytes + 8192),
          reader_(state.lim.body_bytes, state.lim.header_bytes, state.lim.spool, state.lim.spool_bytes), state_(state), idle_since_(precise_now())
    {
        state_.metrics.connection_opened();
        beast::error_code ec;
        socket_.set_option(notsent_lowat(unsent_bytes_cap), ec); // a kernel without it keeps its default
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
        asio::dispatch(socket_.get_executor(), beast::bind_front_handler(&http_session::do_read, shared_from_this()));
    }

    // Waiting for a request (idle keep-alive, or a request still arriving), or writing to a peer
    // that has not read for a while; and not already chosen to make room.
    bool evictable(std::int64_t now) const
    {
        return !evicting_.load() && (!busy_.load(std::memory_order_relaxed) || stalled(now));
    }
    // Since when it has waited for the peer: for its next request, or to take the answer.
    std::int64_t waiting_since() const
    {
        auto w = write_progress_.load(std::memory_order_relaxed);
        return w != 0 ? w : idle_since_.load(std::memory_order_relaxed);
    }

    // At the connection cap: closes this session if it is still idle, or still stalled, when its
    // strand gets to it. Marked at once, so the next newcomer picks another one instead of the same.
    void evict()
    {
        evicting_ = true;
        asio::post(socket_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_)
                self->cancel();
            else if (self->stalled(steady_now()))
                self->do_close();
            else
                self->evicting_ = false; // it got a request, or its peer read, meanwhile: leave it be
        });
    }

    // Called by the server's sweep about once a second: a session past its deadline (a request
    // not complete within the read timeout, an answer not taken within 30 s) is closed. One
    // sweep instead of a timer armed and cancelled around every read and write.
    bool overdue(std::int64_t now) const
    {
        auto d = deadline_.load(std::memory_order_relaxed);
        return d != 0 && d <= now;
    }
    void expire()
    {
        asio::post(socket_.get_executor(), [self = shared_from_this()] {
            if (self->overdue(steady_now()))
                self->do_close();
        });
    }

    // Called when the server stops: an idle session closes now, a busy one after its answer.
    void stop()
    {
        asio::post(socket_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_)
                self->cancel();
        });
    }

private:
    // An answer is being written and the peer has taken none of it for stalled_after.
    bool stalled(std::int64_t now) const
    {
        auto w = write_progress_.load(std::memory_order_relaxed);
        return w != 0 && now - w >= stalled_after;
    }

    void do_read()
    {
        if (state_.stopping)
            return do_close();
        busy_ = false;
        idle_since_ = precise_now();
        // An idle connection keeps no large buffer: thousands of them must stay cheap.
        if (buffer_.size() == 0 && buffer_.capacity() > 4096)
            buffer_.shrink_to_fit();
        std::string().swap(out_); // the answer sent: an idle connection holds no copy
        reader_.start();
        set_deadline(std::chrono::duration_cast<std::chrono::steady_clock::duration>(state_.lim.read_timeout));
        parse_buffered(); // a pipelined request may be here already
    }

    void parse_buffered() { next(reader_.parse(buffer_)); }

    // What the reader asks for: more bytes, an interim 100, the handler, a refusal, or the end.
    void next(request_reader::state s)
    {
        using st = request_reader::state;
        switch (s) {
        case st::done:
            return on_request();
        case st::refused:
            return send(problem(reader_.refusal()));
        case st::closed:
            return do_close();
        case st::send_continue:
            return send_continue();
        case st::need_more:
            break;
        }
        auto size = beast::read_size(buffer_, 65536);
        if (size == 0)
            return next(reader_.fail(bhttp::error::buffer_overflow));
        socket_.async_read_some(buffer_.prepare(size), beast::bind_front_handler(&http_session::on_data, shared_from_this()));
    }

    void on_data(beast::error_code ec, std::size_t n)
    {
        buffer_.commit(n);
        if (ec == asio::error::eof)
            return next(reader_.end_of_input());
        if (ec)
            return do_close(); // a broken socket, or cancelled to make room or to stop
        // An upload may take longer than the read timeout in all: it must only keep moving.
        if (reader_.spooling())
            set_deadline(std::chrono::duration_cast<std::chrono::steady_clock::duration>(state_.lim.read_timeout));
        parse_buffered();
    }

    // The client waits for it before it sends the body (RFC 9110 §10.1.1).
    void send_continue()
    {
        static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
        asio::async_write(socket_, asio::buffer(interim.data(), interim.size()),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec)
                                  return self->do_close();
                              self->parse_buffered();
                          });
    }

    void set_deadline(std::chrono::steady_clock::duration after)
    {
        deadline_.store(steady_now() + after.count(), std::memory_order_relaxed);
    }

    void on_request()
    {
        busy_ = true;
        deadline_.store(0, std::memory_order_relaxed); // the handler and the writes take their time
        try {
            auto req = reader_.release();
            state_.handler(std::move(req), reader_.release_spool(), [self = shared_from_this()](std::function<http::wire_answer(bool)> answer) {
                // Inline when the handler answered on this strand; queued on it when a write batch
                // run elsewhere answers.
                asio::dispatch(self->socket_.get_executor(),
                               [self, answer = std::move(answer)] { self->send(answer(self->state_.stopping)); });
            });
        } catch (const std::exception& e) {
            // The handler answers every error itself; this is the last line, so that one bad
            // request can never end the process for everyone else.
            log::event({{"event", "unhandled_error"}, {"message", e.what()}});
            send(problem(http::api_error(500, "Internal Server Error", "The server could not complete the request.")));
        }
    }

    // The answer is one buffer (http::to_wire), written in as many steps as the peer takes it;
    // each step that moves bytes counts as progress (see stalled()).
    void send(http::wire_answer&& answer)
    {
        close_after_ = !answer.keep_alive || state_.stopping;
        out_ = std::move(answer.bytes);
        file_ = std::move(answer.file);
        file_left_ = answer.file_size;
        written_ = 0;
        set_deadline(std::chrono::seconds(30));
        write_progress_.store(steady_now(), std::memory_order_relaxed);
        write_some();
    }

    void write_some()
    {
        socket_.async_write_some(asio::buffer(out_.data() + written_, out_.size() - written_),
                                 beast::bind_front_handler(&http_session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t n)
    {
        if (ec)
            return do_close();
        written_ += n;
        if (written_ < out_.size() || (file_ && next_file_piece())) {
            write_progress_.store(steady_now(), std::memory_order_relaxed);
            return write_some();
        }
        if (file_ && file_left_ > 0)
            return do_close(); // the file ended early: the Content-Length sent cannot be kept
        file_.reset();
        write_progress_.store(0, std::memory_order_relaxed);
        if (close_after_)
            return do_close();
        do_read();
    }

    // The next piece of a file answer into out_; false when the file is sent (or ends early).
    bool next_file_piece()
    {
        if (file_left_ == 0)
            return false;
        out_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(file_left_, 64 * 1024)));
        auto got = std::fread(out_.data(), 1, out_.size(), file_.get());
        if (got == 0)
            return false;
        out_.resize(got);
        file_left_ -= got;
        written_ = 0;
        return true;
    }

    // Ends a pending read; the socket may be closed already (the peer left), which is fine.
    void cancel()
    {
        beast::error_code ec;
        socket_.cancel(ec);
    }

    void do_close()
    {
        beast::error_code ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
        socket_.close(ec);
    }

    socket_t socket_;
    beast::flat_buffer buffer_;
    request_reader reader_;
    std::string out_; // the answer being written
    std::size_t written_ = 0;
    std::shared_ptr<std::FILE> file_; // the rest of the answer, when its body is a file
    std::uint64_t file_left_ = 0;
    bool close_after_ = false;
    shared_state& state_;
    std::atomic<bool> busy_{false};
    std::atomic<std::int64_t> idle_since_{0};
    std::atomic<std::int64_t> write_progress_{0}; // steady clock ticks of the last byte taken; 0: not writing
    std::atomic<bool> evicting_{false};
    std::atomic<std::int64_t> deadline_{0}; // steady clock ticks; 0: none (a request being handled)
};

} // namespace

struct server::impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    shared_state state;
    std::vector<std::function<void()>> stop_hooks;
    std::unique_ptr<asio::steady_timer> drain_timer;
    asio::steady_timer sweep_timer{ioc};

    impl(limits lim, request_handler h, http::metrics& m) : state{lim, std::move(h), m} {}

    // Once a second: closes the sessions past their deadline (see http_session::overdue).
    void sweep()
    {
        sweep_timer.expires_after(std::chrono::seconds(1));
        sweep_timer.async_wait([this](beast::error_code ec) {
            if (ec)
                return; // stopping
            auto now = steady_now();
            std::vector<std::shared_ptr<http_session>> overdue;
            {
                std::lock_guard lock(state.mutex);
                for (auto& [p, w] : state.sessions)
                    if (p->overdue(now))
                        if (auto s = w.lock())
                            overdue.push_back(std::move(s));
            }
            for (auto& s : overdue)
                s->expire();
            sweep();
        });
    }

    void do_accept()
    {
        acceptor.async_accept(asio::make_strand(ioc.get_executor()), [this](beast::error_code ec, socket_t socket) {
            if (ec)
                return; // the acceptor was closed: stopping
            if (state.metrics.open_connections() >= static_cast<long>(state.lim.max_connections) && !make_room()) {
                // Over the cap and every connection busy: a short 503 rather than a queue.
                state.metrics.connection_refused();
                auto res = problem(http::api_error(503, "Service Unavailable", "Too many open connections; try again shortly."),
                                   {{"Retry-After", "1"}});
                beast::error_code wec;
                asio::write(socket, asio::buffer(res.bytes), wec);
                socket.close(wec);
            } else {
                std::make_shared<http_session>(std::move(socket), state)->run();
            }
            do_accept();
        });
    }

    // At the cap, idle connections (keep-alive, or a request trickling in) and peers that stopped
    // reading must not lock real clients out: the one waiting the longest is closed to make room.
    // False when all are busy.
    bool make_room()
    {
        auto now = steady_now();
        std::shared_ptr<http_session> victim;
        std::int64_t victim_since = 0;
        {
            std::lock_guard lock(state.mutex);
            for (auto& [p, w] : state.sessions)
                if (auto s = w.lock(); s && s->evictable(now))
                    if (auto since = s->waiting_since(); !victim || since < victim_since) {
                        victim = std::move(s);
                        victim_since = since;
                    }
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
        sweep_timer.cancel();
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

void server::post(std::function<void()> f) { asio::post(impl_->ioc, std::move(f)); }

boost::asio::io_context& server::context() { return impl_->ioc; }

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
    impl_->sweep();
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i)
        pool.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : pool)
        t.join();
}

} // namespace sanaksme::net
