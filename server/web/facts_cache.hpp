#pragma once
// What several pages compute from the database and many readers ask for at once (the desk's
// counter, polled twice a second by every desk; its list of people; the dashboard), kept until
// the next commit of this process's writer (database::commits()), or until the minute turns for
// facts that depend on the clock. A bounded map; a full one starts over.
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace sanaksme::web {

// The value of `key`, computed by `load(conn)` inside a read transaction when missing or older
// than the last commit (`per_minute`: or than the current minute). Shared and never changed once
// made: read it, do not modify it.
std::shared_ptr<const store::json> cached_facts(store::database& db, const std::string& key, bool per_minute,
                                                const std::function<store::json(store::connection&)>& load);

} // namespace sanaksme::web
