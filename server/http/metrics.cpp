#include "http/metrics.hpp"

#include <sstream>

namespace sanaksme::http {

void metrics::observe(std::string_view method, std::string_view route, unsigned status, double seconds)
{
    std::lock_guard lock(mutex_);
    auto it = requests_.find(key_view{method, route, status});
    if (it == requests_.end())
        it = requests_.emplace(key{std::string(method), std::string(route), status}, 0).first;
    ++it->second;
    std::size_t i = 0;
    while (i < bounds.size() && seconds > bounds[i])
        ++i;
    ++buckets_[i];
    sum_ += seconds;
    ++count_;
}

void metrics::mail_returned(std::string_view outcome)
{
    std::lock_guard lock(mutex_);
    auto it = mail_returns_.find(outcome);
    if (it == mail_returns_.end())
        it = mail_returns_.emplace(std::string(outcome), 0).first;
    ++it->second;
}

std::string metrics::render() const
{
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    out << "# HELP sanaksme_http_requests_total HTTP requests answered, by route pattern and status.\n"
        << "# TYPE sanaksme_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        const auto& [method, route, status] = key;
        out << "sanaksme_http_requests_total{method=\"" << method << "\",route=\"" << route << "\",status=\""
            << status << "\"} " << n << "\n";
    }
    out << "# HELP sanaksme_http_request_duration_seconds Time from a complete request to its answer.\n"
        << "# TYPE sanaksme_http_request_duration_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        cumulative += buckets_[i];
        out << "sanaksme_http_request_duration_seconds_bucket{le=\"" << bounds[i] << "\"} " << cumulative << "\n";
    }
    cumulative += buckets_.back();
    out << "sanaksme_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
        << "sanaksme_http_request_duration_seconds_sum " << sum_ << "\n"
        << "sanaksme_http_request_duration_seconds_count " << count_ << "\n"
        << "# HELP sanaksme_http_open_connections Connections open now.\n"
        << "# TYPE sanaksme_http_open_connections gauge\n"
        << "sanaksme_http_open_connections " << open_connections_.load() << "\n"
        << "# HELP sanaksme_http_idle_evictions_total Idle connections closed to make room at the connection cap.\n"
        << "# TYPE sanaksme_http_idle_evictions_total counter\n"
        << "sanaksme_http_idle_evictions_total " << evicted_.load() << "\n"
        << "# HELP sanaksme_http_refused_connections_total Connections answered 503 at the cap (all others busy).\n"
        << "# TYPE sanaksme_http_refused_connections_total counter\n"
        << "sanaksme_http_refused_connections_total " << refused_.load() << "\n";
    out << "# HELP sanaksme_mail_returns_total Mail that came back through LMTP, by outcome (calendar replies, bounces, forwarded).\n"
        << "# TYPE sanaksme_mail_returns_total counter\n";
    for (const auto& [outcome, n] : mail_returns_)
        out << "sanaksme_mail_returns_total{outcome=\"" << outcome << "\"} " << n << "\n";
    return out.str();
}

} // namespace sanaksme::http
