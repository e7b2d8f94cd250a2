#include "log.hpp"

#include "domain/time.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace sanaksme::log {

namespace {
std::mutex mutex;
std::atomic<bool> quiet{false};
} // namespace

void set_quiet(bool q) { quiet = q; }

void request(const nlohmann::json& fields)
{
    if (!quiet)
        event(fields);
}

bool requests_logged() { return !quiet; }

void event(const nlohmann::json& fields)
{
    nlohmann::json line = {{"ts", domain::format_rfc3339_utc(domain::now())}};
    line.update(fields);
    auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard lock(mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
}

} // namespace sanaksme::log
