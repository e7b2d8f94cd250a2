#pragma once
// Turns a page fetched with limit + 1 rows into the list body with its next cursor.
#include "http/message.hpp"

#include <functional>
#include <limits>
#include <utility>

namespace sanaksme::api {

inline http::json finish_page(http::json items, int limit, const std::function<http::json(const http::json&)>& key)
{
    std::optional<http::json> next;
    if (static_cast<int>(items.size()) > limit) {
        items.erase(items.end() - 1);
        next = key(items.back());
    }
    return http::list_body(std::move(items), next);
}

inline std::int64_t after_id(const http::page& p)
{
    if (!p.after)
        return 0;
    if (!(*p.after)[0].is_number_integer())
        throw http::bad_request("cursor is not one this server gave out.");
    return (*p.after)[0].get<std::int64_t>();
}

// The (start, id) key of lists sorted by a start time, then id: before the first item without a cursor.
inline std::pair<std::int64_t, std::int64_t> after_start_and_id(const http::page& p)
{
    if (!p.after)
        return {std::numeric_limits<std::int64_t>::min(), 0};
    if (p.after->size() != 2 || !(*p.after)[0].is_number_integer() || !(*p.after)[1].is_number_integer())
        throw http::bad_request("cursor is not one this server gave out.");
    return {(*p.after)[0].get<std::int64_t>(), (*p.after)[1].get<std::int64_t>()};
}

inline http::json id_key(const http::json& item) { return http::json::array({item["id"]}); }

} // namespace sanaksme::api
