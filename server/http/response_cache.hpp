#pragma once
// Rendered answers of GET routes whose body is the same for every caller allowed in (the route
// table marks them). An entry is taken against the database's commit counter read *before* the
// handler's read transaction began, and is served only while no commit happened since: a write
// anywhere empties the cache, so nothing stale is ever served, and a busy write period simply
// means misses. Only 200 answers are kept, within a bounded size.
#include "http/message.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sanaksme::http {

class response_cache {
public:
    std::shared_ptr<const response> find(const std::string& key, std::uint64_t generation)
    {
        std::lock_guard lock(mutex_);
        renew(generation);
        auto it = entries_.find(key);
        return it == entries_.end() ? nullptr : it->second;
    }

    void put(const std::string& key, const response& r, std::uint64_t generation)
    {
        if (r.status != 200 || r.body.size() > max_body || key.size() > 2048)
            return;
        std::lock_guard lock(mutex_);
        renew(generation);
        if (generation != generation_ || bytes_ + r.body.size() > max_bytes)
            return;
        auto copy = std::make_shared<response>(r);
        copy->later = nullptr;
        bytes_ += copy->body.size();
        entries_.insert_or_assign(key, std::move(copy));
    }

private:
    static constexpr std::size_t max_body = 256 * 1024, max_bytes = 8 * 1024 * 1024;

    void renew(std::uint64_t generation)
    {
        if (generation > generation_) {
            entries_.clear();
            bytes_ = 0;
            generation_ = generation;
        }
    }

    std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, std::shared_ptr<const response>> entries_;
};

} // namespace sanaksme::http
