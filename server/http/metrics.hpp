#pragma once
// Prometheus counters: requests by route and status, a latency histogram, open connections.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace sanaksme::http {

class metrics {
public:
    void observe(std::string_view method, std::string_view route, unsigned status, double seconds);
    void connection_opened() { ++open_connections_; }
    void connection_closed() { --open_connections_; }
    long open_connections() const { return open_connections_; }
    void connection_evicted() { ++evicted_; }
    void connection_refused() { ++refused_; }
    // Mail that came back through LMTP, by outcome (reply_yes, bounce_hard, forwarded, …).
    void mail_returned(std::string_view outcome);
    std::string render() const;

private:
    static constexpr std::array<double, 12> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
    mutable std::mutex mutex_;
    // Method, route, status. Transparent: a request looks its counter up by views, and only a
    // new key is copied.
    using key = std::tuple<std::string, std::string, unsigned>;
    using key_view = std::tuple<std::string_view, std::string_view, unsigned>;
    struct key_less {
        using is_transparent = void;
        static key_view view(const key& k) { return {std::get<0>(k), std::get<1>(k), std::get<2>(k)}; }
        static key_view view(const key_view& k) { return k; }
        template <class A, class B>
        bool operator()(const A& a, const B& b) const
        {
            return view(a) < view(b);
        }
    };
    std::map<key, std::uint64_t, key_less> requests_;
    std::array<std::uint64_t, bounds.size() + 1> buckets_{};
    double sum_ = 0;
    std::uint64_t count_ = 0;
    std::atomic<long> open_connections_{0};
    std::atomic<std::uint64_t> evicted_{0}, refused_{0};
    std::map<std::string, std::uint64_t, std::less<>> mail_returns_; // under mutex_
};

} // namespace sanaksme::http
