#include "web/facts_cache.hpp"

#include "domain/time.hpp"

#include <mutex>
#include <unordered_map>

namespace sanaksme::web {

namespace {

constexpr std::size_t max_entries = 128;

struct entry {
    std::uint64_t generation = 0;
    std::int64_t minute = 0;
    std::shared_ptr<const store::json> value;
};

std::mutex lock;
std::unordered_map<std::string, entry> entries;

} // namespace

std::shared_ptr<const store::json> cached_facts(store::database& db, const std::string& key, bool per_minute,
                                                const std::function<store::json(store::connection&)>& load)
{
    // The generation is read before the data: a commit in between marks the entry stale, never
    // the other way round.
    auto generation = db.commits();
    auto minute = per_minute ? domain::now() / 60 : 0;
    // The database's path is part of the key: a process may hold more than one (tests, fuzzing).
    auto full_key = db.path() + '\n' + key;
    {
        std::lock_guard g(lock);
        if (auto it = entries.find(full_key); it != entries.end() && it->second.generation == generation && it->second.minute == minute)
            return it->second.value;
    }
    auto value = std::make_shared<const store::json>(db.read([&](store::connection& conn) { return load(conn); }));
    std::lock_guard g(lock);
    if (entries.size() >= max_entries)
        entries.clear();
    entries[full_key] = {generation, minute, value};
    return value;
}

} // namespace sanaksme::web
