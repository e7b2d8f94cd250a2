#include "api/dispatch.hpp"

#include "api/common.hpp"
#include "app.hpp"
#include "auth/secrets.hpp"
#include "log.hpp"
#include "store/tokens.hpp"

#include <SQLiteCpp/Exception.h>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>

namespace sanaksme::api {

namespace bhttp = boost::beast::http;

namespace {

// The caller behind an Authorization header: nullopt when there is none; `why` says what is
// wrong with one that names no valid token.
std::optional<auth::principal> authenticate(app& a, std::string_view header, std::string_view& why)
{
    if (header.empty()) {
        why = "This route needs a bearer token.";
        return std::nullopt;
    }
    // credentials = auth-scheme 1*SP token68, the scheme case-insensitive (RFC 9110 §11.1, §11.4).
    auto space = header.find(' ');
    auto secret = space == std::string_view::npos ? std::string_view{} : header.substr(space);
    while (!secret.empty() && secret.front() == ' ')
        secret.remove_prefix(1);
    if (space == std::string_view::npos || !boost::beast::iequals(header.substr(0, space), "Bearer") || secret.empty()) {
        why = "Use 'Authorization: Bearer <token>'.";
        return std::nullopt;
    }
    auto hash = auth::sha256_hex(secret);
    // Read the generation first: a lookup that races a revocation is filed under the old one.
    auto generation = a.db.generation(store::database::watched::tokens);
    if (auto hit = a.tokens.find(hash, generation))
        return hit;
    auto p = a.db.read([&](store::connection& c) { return store::find_principal(c, hash); });
    if (!p) {
        why = "The token is unknown or revoked.";
        return std::nullopt;
    }
    a.tokens.put(hash, *p, generation);
    return p;
}

http::response problem(const http::api_error& e)
{
    auto r = http::json_response(e.status(), e.to_json());
    r.content_type = "application/problem+json";
    r.headers = e.headers;
    return r;
}

http::response from_sqlite(const SQLite::Exception& e)
{
    int code = e.getErrorCode();
    if (code == SQLITE_CONSTRAINT)
        return problem(http::conflict("The change conflicts with data already stored."));
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        auto err = http::api_error(503, "Service Unavailable", "The database is busy; try again in a moment.");
        err.headers.emplace_back("Retry-After", "1");
        return problem(err);
    }
    log::event({{"event", "sqlite_error"}, {"code", e.getExtendedErrorCode()}, {"message", e.what()}});
    return problem(http::api_error(500, "Internal Server Error", "The server could not complete the request."));
}

std::string allow_header(const std::vector<http::verb>& allowed)
{
    std::string out;
    for (auto v : allowed) {
        out += (out.empty() ? "" : ", ") + std::string(bhttp::to_string(v));
        if (v == http::verb::get)
            out += ", HEAD";
    }
    return out;
}

// What must live until the answer is sent: the request, the context that points into it, and
// for a write, its job and answer.
struct exchange {
    app& a;
    http::beast_request req;
    http::spooled_body upload; // a spooled request's body (removed with the exchange)
    std::function<void(answer_fn)> done;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::string_view route_name = "unmatched"; // a route's pattern: static text
    bool personal = false;                     // the route's answers hold personal data
    std::optional<http::context> ctx;
    http::response result;
    std::optional<http::deferred_write> later;
    // Set while the write job is queued: the database's callbacks then hold a plain pointer,
    // which std::function keeps without a heap allocation of its own.
    std::shared_ptr<exchange> self;
};

// The answer for an exception thrown by a handler or its write job.
http::response problem_for(std::exception_ptr e, std::string_view route_name)
{
    try {
        std::rethrow_exception(e);
    } catch (const http::api_error& err) {
        return problem(err);
    } catch (const domain::error& err) {
        return problem(http::from_domain(err));
    } catch (const SQLite::Exception& err) {
        return from_sqlite(err);
    } catch (const std::exception& err) {
        log::event({{"event", "handler_error"}, {"route", route_name}, {"message", err.what()}});
    } catch (...) {
        log::event({{"event", "handler_error"}, {"route", route_name}});
    }
    return problem(http::api_error(500, "Internal Server Error", "The server could not complete the request."));
}

http::wire_answer build(exchange& x, http::response&& res, bool closing)
{
    const auto& req = x.req;
    auto size = res.body.size();
    res.personal = res.personal || x.personal;
    auto out = http::to_wire(res, req.version(), req.keep_alive() && !closing, req.method() == http::verb::head);

    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - x.start).count();
    x.a.metrics.observe(req.method_string(), x.route_name, res.status, seconds);
    // The route pattern, never the path: signed links and ids of people stay out of the log.
    if (log::requests_logged())
        log::request({{"event", "request"},
                      {"method", req.method_string()},
                      {"route", x.route_name},
                      {"status", res.status},
                      {"ms", std::round(seconds * 100000) / 100},
                      {"bytes", size}});
    return out;
}

// Hands x->result to the connection, which builds the answer (headers, metrics, log) on its
// strand.
void answer(const std::shared_ptr<exchange>& x)
{
    x->done([x](bool closing) { return build(*x, std::move(x->result), closing); });
}

void finish(const std::shared_ptr<exchange>& x, http::response&& res)
{
    x->result = std::move(res);
    answer(x);
}

http::reply route(exchange& x)
{
    auto& a = x.a;
    auto& req = x.req;
    auto target = req.target();
    // RFC 9112 §3.2.2: a server accepts the absolute form ("http://host/path") too.
    auto url = target.starts_with('/') ? boost::urls::parse_origin_form(target) : boost::urls::parse_absolute_uri(target);
    if (!url || (!target.starts_with('/') && url->scheme_id() != boost::urls::scheme::http &&
                 url->scheme_id() != boost::urls::scheme::https))
        throw http::bad_request("The request target is not a valid path.");
    std::vector<std::string> segments;
    for (auto seg : url->segments())
        segments.emplace_back(seg);
    std::vector<std::pair<std::string, std::string>> query;
    // '+' stays a plus: clients send RFC 3339 offsets such as +03:00 unencoded.
    for (auto p : url->params(boost::urls::encoding_opts(false)))
        query.emplace_back(p.key, p.has_value ? p.value : "");
    auto m = routes().find(req.method(), segments);
    // The web pages have a table of their own (web/routes.cpp); "/" has no segment.
    if (!m.found && m.allowed.empty() && a.pages)
        m = a.pages->find(req.method(), segments.empty() ? std::vector<std::string>{""} : segments);
    if (!m.found) {
        if (m.allowed.empty())
            throw http::not_found("There is no route " + std::string(url->path()) + ".");
        http::api_error e{405, "Method Not Allowed",
                          std::string(req.method_string()) + " is not allowed here; use " +
                              allow_header(m.allowed) + "."};
        e.headers.emplace_back("Allow", allow_header(m.allowed));
        throw e;
    }
    x.route_name = m.found->pattern;
    x.personal = (m.found->flags & http::personal) != 0;
    auto& ctx = x.ctx.emplace(http::context{a.env, req, std::string(url->path()), std::move(m.params), std::move(query),
                                            std::nullopt, m.found->style, x.upload ? &x.upload : nullptr});
    std::string_view why;
    // An open route ignores credentials it cannot use (a handler may still look at a valid one).
    if (m.found->who != http::access::open || req.find(bhttp::field::authorization) != req.end())
        ctx.who = authenticate(a, ctx.header("Authorization"), why);
    if (m.found->who != http::access::open) {
        if (!ctx.who)
            throw http::unauthorized(std::string(why));
        const auto& who = *ctx.who;
        auto need = m.found->who == http::access::coordinator ? auth::role::coordinator
                    : m.found->who == http::access::organizer ? auth::role::organizer
                                                              : auth::role::member;
        if (!who.at_least(need))
            throw http::forbidden("This needs the " + std::string(auth::to_string(need)) + " role or higher.");
        require_may_write(ctx);
    }
    if (m.found->deferring)
        return m.found->deferring(ctx);
    if (!(m.found->flags & http::cached))
        return m.found->handler(ctx);
    // Read the counter before the handler's snapshot: a commit in between makes the entry stale
    // at once rather than filing old data under the new generation.
    std::string key(req.target());
    auto generation = a.db.commits();
    if (auto hit = a.responses.find(key, generation))
        return *hit;
    auto res = m.found->handler(ctx);
    a.responses.put(key, res, generation);
    return res;
}

// RFC 9110 §13.1.2: a GET for the version the client holds is 304 with its ETag and no body.
void not_modified(const http::beast_request& req, http::response& res)
{
    auto condition = req.find(bhttp::field::if_none_match);
    if (condition == req.end())
        return;
    auto tag = std::find_if(res.headers.begin(), res.headers.end(),
                            [](const auto& h) { return boost::beast::iequals(h.first, "ETag"); });
    if (tag == res.headers.end() || !http::etag_listed(condition->value(), tag->second, http::tag_comparison::weak))
        return;
    res.status = 304;
    res.body.clear();
    res.content_type.clear();
    res.file.reset();
}

} // namespace

void dispatch(app& a, http::beast_request&& req, http::spooled_body&& upload, std::function<void(answer_fn)> done)
{
    auto x = std::make_shared<exchange>(exchange{a, std::move(req), std::move(upload), std::move(done)});
    http::reply res;
    try {
        res = route(*x);
    } catch (...) {
        res = problem_for(std::current_exception(), x->route_name);
    }
    x->upload = {}; // read by now: the spooled body is removed before the answer leaves
    if (auto* now = std::get_if<http::response>(&res)) {
        if (now->status == 200 && (x->req.method() == http::verb::get || x->req.method() == http::verb::head))
            not_modified(x->req, *now);
        return finish(x, std::move(*now));
    }
    // The job runs in the next write batch; the answer leaves after that batch's COMMIT.
    x->later.emplace(std::move(std::get<http::deferred_write>(res)));
    x->self = x;
    auto* p = x.get();
    try {
        a.db.write_async([p](store::connection& c) { p->result = p->later->run(c); },
                         [p](std::exception_ptr e) {
                             auto held = std::move(p->self);
                             if (!e)
                                 return answer(held);
                             if (const auto& refused = held->later->refused()) {
                                 try {
                                     std::rethrow_exception(e);
                                 } catch (const http::api_error& err) {
                                     return finish(held, refused(err));
                                 } catch (const domain::error& err) {
                                     return finish(held, refused(http::from_domain(err)));
                                 } catch (...) {
                                 }
                             }
                             finish(held, problem_for(e, held->route_name));
                         });
    } catch (...) {
        x->self.reset();
        finish(x, problem_for(std::current_exception(), x->route_name));
    }
}

} // namespace sanaksme::api
