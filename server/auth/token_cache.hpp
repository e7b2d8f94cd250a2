#pragma once
// Token lookups kept in memory between requests, keyed by the token's SHA-256 (the secret itself
// is never kept). Every entry belongs to one generation of the tokens table: a commit that
// touches the table (create, revoke, erase) starts a new generation and empties the cache, so a
// revoked token stops working with the very next request. Only found tokens are kept.
#include "auth/principal.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sanaksme::auth {

class token_cache {
public:
    // `generation` is read before the database lookup whose result may be put.
    std::optional<principal> find(const std::string& hash, std::uint64_t generation)
    {
        std::lock_guard lock(mutex_);
        renew(generation);
        auto it = entries_.find(hash);
        if (it == entries_.end())
            return std::nullopt;
        return it->second;
    }

    void put(const std::string& hash, const principal& p, std::uint64_t generation)
    {
        std::lock_guard lock(mutex_);
        renew(generation);
        if (generation == generation_ && entries_.size() < max_entries)
            entries_.emplace(hash, p);
    }

private:
    static constexpr std::size_t max_entries = 10000;

    void renew(std::uint64_t generation)
    {
        if (generation > generation_) {
            entries_.clear();
            generation_ = generation;
        }
    }

    std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::unordered_map<std::string, principal> entries_;
};

} // namespace sanaksme::auth
