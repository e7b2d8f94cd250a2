#pragma once
// A map of values read from the database, valid for one generation of it (a counter from
// store::database that grows after a commit). The counter must be read *before* the read whose
// result is put: then a commit racing the read makes the entry stale at once instead of
// filing old data under the new generation. A newer generation empties the map.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sanaksme {

template <class Value>
class generation_cache {
public:
    explicit generation_cache(std::size_t max_entries, std::size_t max_bytes = std::numeric_limits<std::size_t>::max())
        : max_entries_(max_entries), max_bytes_(max_bytes)
    {
    }

    std::optional<Value> find(const std::string& key, std::uint64_t generation)
    {
        std::lock_guard lock(mutex_);
        renew(generation);
        auto it = entries_.find(key);
        if (it == entries_.end())
            return std::nullopt;
        return it->second;
    }

    // `bytes`: what the entry counts against max_bytes.
    void put(const std::string& key, Value value, std::uint64_t generation, std::size_t bytes = 0)
    {
        std::lock_guard lock(mutex_);
        renew(generation);
        if (generation != generation_ || entries_.size() >= max_entries_ || bytes_ + bytes > max_bytes_)
            return;
        if (entries_.insert_or_assign(key, std::move(value)).second)
            bytes_ += bytes;
    }

private:
    void renew(std::uint64_t generation)
    {
        if (generation > generation_) {
            entries_.clear();
            bytes_ = 0;
            generation_ = generation;
        }
    }

    const std::size_t max_entries_, max_bytes_;
    std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, Value> entries_;
};

} // namespace sanaksme
