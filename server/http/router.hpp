#pragma once
// One table of routes: method, path pattern ("/api/v1/meetings/{id}"), handler, who may call it,
// what its answers are (cached, personal), and how it writes.
#include "http/message.hpp"

#include <boost/beast/http/verb.hpp>

#include <string_view>
#include <vector>

namespace sanaksme::http {

using verb = boost::beast::http::verb;
// A handler that answers at once.
using handler_fn = response (*)(context&);
// A handler that may answer with a deferred write (group commit).
using deferring_fn = reply (*)(context&);

// The least a caller needs; handlers add ownership checks (a member's own organization).
enum class access { open, member, organizer, coordinator };

// What dispatch does with a route's answers besides calling its handler (flags, combined with |).
enum answers : unsigned {
    plain = 0,
    // The same for every caller allowed in, changed only by writes to the database, never by the
    // clock: dispatch may serve them from the response cache.
    cached = 1,
    // They hold personal data (names, contacts, notes, secrets): Cache-Control: private, no-store.
    personal = 2,
};

// The router refuses a table where a handler's type and its write style (http::writes) disagree.
std::string_view to_string(writes w);

struct route {
    route(verb m, std::string_view p, handler_fn h, access a, unsigned f = plain, writes w = writes::none)
        : method(m), pattern(p), handler(h), who(a), flags(f), style(w)
    {
    }
    route(verb m, std::string_view p, deferring_fn h, access a, unsigned f, writes w)
        : method(m), pattern(p), deferring(h), who(a), flags(f), style(w)
    {
    }
    verb method;
    std::string_view pattern;
    handler_fn handler = nullptr;     // set for every style but group_commit
    deferring_fn deferring = nullptr; // set for group_commit
    access who;
    unsigned flags = plain;
    writes style = writes::none;
};

class router {
public:
    // Throws std::logic_error on a route whose handler type and write style disagree, or that is
    // cached but writes.
    explicit router(std::vector<route> routes);

    struct match {
        const route* found = nullptr;
        std::vector<std::pair<std::string, std::string>> params;
        std::vector<verb> allowed; // when the path matched but the method did not
    };
    // `segments` are the decoded path segments.
    match find(verb method, const std::vector<std::string>& segments) const;
    const std::vector<route>& routes() const { return routes_; }

private:
    struct compiled {
        route r;
        std::vector<std::string_view> parts;
    };
    std::vector<route> routes_;
    std::vector<compiled> compiled_;
};

} // namespace sanaksme::http
