#pragma once
// Idempotency keys: the first answer to a creating request, kept a day for its retries.
#include "store/connection.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sanaksme::store {

struct kept_answer {
    std::string request_hash; // of method, path and body: a key reused for another request differs
    unsigned status = 0;
    std::string headers; // a JSON object, name → value
    std::string body;
};

struct new_kept_answer {
    std::int64_t token_id = 0;
    std::string key, method, path, request_hash;
    unsigned status = 0;
    std::string headers, body;
};

// The answer kept for this token's key, if any.
std::optional<kept_answer> find_kept_answer(connection& c, std::int64_t token_id, const std::string& key);
// Keeps the answer, and drops the keys older than a day (`now` in Unix seconds).
void keep_answer(connection& c, const new_kept_answer& a, std::int64_t now);

} // namespace sanaksme::store
