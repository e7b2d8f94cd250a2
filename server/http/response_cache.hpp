#pragma once
// Rendered answers of GET routes whose body is the same for every caller allowed in (the route
// table marks them), for one generation of the whole database: any commit empties the cache,
// so nothing stale is ever served, and a busy write period simply means misses. Only 200
// answers within a size bound are kept.
#include "http/message.hpp"
#include "generation_cache.hpp"

#include <memory>

namespace sanaksme::http {

class response_cache {
public:
    std::shared_ptr<const response> find(const std::string& key, std::uint64_t generation)
    {
        return entries_.find(key, generation).value_or(nullptr);
    }

    void put(const std::string& key, const response& r, std::uint64_t generation)
    {
        if (r.status != 200 || r.body.size() > 256 * 1024 || key.size() > 2048)
            return;
        entries_.put(key, std::make_shared<const response>(r), generation, r.body.size());
    }

private:
    generation_cache<std::shared_ptr<const response>> entries_{4096, 8 * 1024 * 1024};
};

} // namespace sanaksme::http
