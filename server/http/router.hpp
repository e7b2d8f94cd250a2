#pragma once
// One table of routes: method, path pattern ("/api/v1/meetings/{id}"), handler, who may call it.
#include "http/message.hpp"

#include <boost/beast/http/verb.hpp>

#include <string_view>
#include <vector>

namespace sanaksme::http {

using verb = boost::beast::http::verb;
using handler_fn = response (*)(context&);

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

struct route {
    verb method;
    std::string_view pattern;
    handler_fn handler;
    access who;
    unsigned flags = plain;
};

class router {
public:
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
