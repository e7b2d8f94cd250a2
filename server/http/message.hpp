#pragma once
// What a handler sees (context) and returns (response). Handlers never touch sockets.
#include "auth/principal.hpp"
#include "http/api_error.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

#include <concepts>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace sanaksme {
struct handler_env;
}
namespace sanaksme::store {
class connection;
}

namespace sanaksme::http {

using json = nlohmann::json;
using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
using beast_response = boost::beast::http::response<boost::beast::http::string_body>;

inline constexpr std::string_view json_type = "application/json; charset=utf-8";

struct response {
    unsigned status = 200;
    std::string content_type = std::string(json_type);
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool personal = false; // holds personal data: sent with Cache-Control: private, no-store
    // A body sent from a file, in pieces, after the head (a paper's bytes); `body` stays empty.
    std::shared_ptr<std::FILE> file;
    std::uint64_t file_size = 0;

    response& header(std::string name, std::string value)
    {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

// A job of the group commit may run again after its batch was rolled back (another job of the
// batch failed): it reads only its own copies and the connection, and cannot change them between
// runs (it is called as const, so a `mutable` lambda does not qualify).
template <class F>
concept rerunnable = std::copy_constructible<F> && std::is_invocable_r_v<response, const F&, store::connection&>;

// The answer when a deferred job refused with an api_error (its changes are rolled back).
using refusal_fn = std::function<response(const api_error&)>;

// A write handed to the next group commit; its result is the answer, sent once the batch is on
// disk, while the io thread serves other requests. The job may reference the context (it lives
// until the answer is sent) but nothing else on the handler's stack.
class deferred_write {
public:
    // Not for a deferred_write itself: asking whether it is rerunnable would ask for its own copy
    // constructor again (clang's instantiation of std::variant<…, deferred_write> recursed).
    template <class F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, deferred_write>) && rerunnable<F>
    explicit deferred_write(F job, refusal_fn refused = nullptr) : job_(std::move(job)), refused_(std::move(refused))
    {
    }
    response run(store::connection& c) const { return job_(c); }
    // How to answer when the job refused with an api_error; nullptr: as problem+json.
    const refusal_fn& refused() const { return refused_; }

private:
    std::function<response(store::connection&)> job_;
    refusal_fn refused_;
};

// What a handler returns: the answer now, or a deferred write whose job gives the answer.
using reply = std::variant<response, deferred_write>;

// An answer as it goes on the wire, and whether the connection stays open after it; `file`
// (file_size bytes of it) follows `bytes` when the answer's body is a file.
struct wire_answer {
    std::string bytes;
    bool keep_alive = false;
    std::shared_ptr<std::FILE> file;
    std::uint64_t file_size = 0;
};

// A request body the network layer wrote to a file instead of memory (a route that takes
// uploads, see net::spool_policy); the file is removed with the last owner.
class spooled_body {
public:
    spooled_body() = default;
    explicit spooled_body(std::string path) : path_(std::move(path)) {}
    spooled_body(spooled_body&& o) noexcept : path_(std::exchange(o.path_, {})) {}
    spooled_body& operator=(spooled_body&& o) noexcept;
    spooled_body(const spooled_body&) = delete;
    ~spooled_body();
    const std::string& path() const { return path_; }
    explicit operator bool() const { return !path_.empty(); }

private:
    std::string path_;
};
// The status line, headers and body of `res` as Beast's serializer writes the same message:
// Server, Date, Content-Type, Cache-Control for personal data, the handler's headers, Connection
// (as keep_alive() sets it for the version), Content-Length (none on a 1xx, 204 or 304, as RFC
// 9110 §8.6 says). A HEAD answer has the headers without the body. A unit test holds the bytes
// equal to Beast's.
wire_answer to_wire(const response& res, unsigned version, bool keep_alive, bool head);

// The time as an HTTP Date (IMF-fixdate, RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string imf_fixdate(std::int64_t unix_seconds);

// JSON from a client: a number out of range, invalid UTF-8 or nesting deeper than
// max_json_depth is a 400 (the parse itself is iterative, but copies and comparisons of a
// value recurse).
inline constexpr std::size_t max_json_depth = 64;
json parse_json(std::string_view text);

// How a route's handler changes the database (a column of the route table).
enum class writes {
    none,         // reads only (a snapshot)
    blocking,     // db.write(): the handler waits for its own commit (rare edits, several checks)
    create_once,  // api::create_once: a blocking creation an Idempotency-Key makes retryable
    group_commit, // returns http::deferred(...): the job joins the next batch, the io thread moves on
};

struct context {
    const sanaksme::handler_env& env; // the database, settings, link keys, mail notifier (server/handler_env.hpp)
    const beast_request& req;
    std::string path;
    std::vector<std::pair<std::string, std::string>> params; // from the route pattern
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    std::optional<auth::principal> who;
    writes style = writes::none; // the route's, as the table declares it
    const spooled_body* upload = nullptr; // the body, when the network layer wrote it to a file

    // A route parameter such as {id} as a positive integer (404 when it is not one).
    std::int64_t id(std::string_view name = "id") const;
    const std::string& param(std::string_view name) const;
    std::optional<std::string> query_value(std::string_view name) const;
    // A field of an application/x-www-form-urlencoded body (a page's POST; "+" is a space).
    std::optional<std::string> form_value(std::string_view name) const;
    std::string_view header(std::string_view name) const;
    const auth::principal& user() const; // 401 when there is no token
    // Who did it, for the audit log: the token's name and role, or the signed link's owner.
    std::string actor_name() const { return who ? who->name : "anonymous"; }
};

response json_response(unsigned status, const json& body);
// The handler's write as a job of the next group commit (see deferred_write): capture locals by value.
template <rerunnable F>
deferred_write deferred(F job, refusal_fn refused = nullptr)
{
    return deferred_write(std::move(job), std::move(refused));
}
response no_content();
response text_response(unsigned status, std::string content_type, std::string body);

// The request body as a JSON object: 415 when not JSON, 400 when malformed or not UTF-8.
json body_object(const context& c);

// ETag of a resource version, and the If-Match check (412 on a stale version).
std::string etag(std::int64_t id, std::int64_t version);
void check_if_match(const context& c, const std::string& current_etag);
// Whether a list of entity tags ("*", or `"a", W/"b"`) holds `etag` (RFC 9110 §8.8.3.2):
// strong comparison for If-Match, weak for If-None-Match.
enum class tag_comparison { strong, weak };
bool etag_listed(std::string_view list, std::string_view etag, tag_comparison how);

// Keyset pagination: ?limit= (1–500, default 50) and an opaque ?cursor=.
struct page {
    int limit = 50;
    std::optional<json> after; // the sort key of the last item of the previous page
};
page parse_page(const context& c);
std::string make_cursor(const json& key);
json list_body(json items, const std::optional<json>& next_key);

// Query-parameter helpers that answer 400 on a malformed value.
std::optional<std::int64_t> query_int(const context& c, std::string_view name);
std::optional<std::int64_t> query_instant(const context& c, std::string_view name);
std::optional<bool> query_bool(const context& c, std::string_view name);
// A filter that takes one of a fixed set of values: an unknown one is 400, never an empty list.
std::optional<std::string> query_choice(const context& c, std::string_view name, std::span<const std::string_view> choices);
inline std::optional<std::string> query_choice(const context& c, std::string_view name,
                                               std::initializer_list<std::string_view> choices)
{
    return query_choice(c, name, std::span<const std::string_view>(choices.begin(), choices.size()));
}

} // namespace sanaksme::http
