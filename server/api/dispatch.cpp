#include "api/dispatch.hpp"

#include "app.hpp"
#include "auth/secrets.hpp"
#include "log.hpp"

#include <SQLiteCpp/Exception.h>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <sqlite3.h>

#include <chrono>

namespace sanaksme::api {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view token_by_hash_sql =
    "SELECT id, name, role, organization_id FROM tokens WHERE secret_sha256 = :hash AND revoked_at IS NULL";

std::optional<auth::principal> authenticate(app& a, std::string_view header)
{
    if (header.empty())
        return std::nullopt;
    if (header.size() < 8 || !(header.substr(0, 7) == "Bearer " || header.substr(0, 7) == "bearer "))
        throw http::unauthorized("Use 'Authorization: Bearer <token>'.");
    auto hash = auth::sha256_hex(header.substr(7));
    auto p = a.db.read([&](store::connection& c) -> std::optional<auth::principal> {
        auto& s = c.prepare(token_by_hash_sql);
        s.bind(":hash", hash);
        if (!s.executeStep())
            return std::nullopt;
        auth::principal who;
        who.token_id = s.getColumn(0).getInt64();
        who.name = s.getColumn(1).getString();
        who.role_ = auth::role_from(s.getColumn(2).getString()).value_or(auth::role::member);
        if (!s.getColumn(3).isNull())
            who.organization_id = s.getColumn(3).getInt64();
        return who;
    });
    if (!p)
        throw http::unauthorized("The token is unknown or revoked.");
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

} // namespace

http::beast_response dispatch(app& a, http::beast_request&& req)
{
    auto start = std::chrono::steady_clock::now();
    std::string route_name = "unmatched";
    http::response res;
    try {
        auto url = boost::urls::parse_origin_form(req.target());
        if (!url)
            throw http::bad_request("The request target is not a valid path.");
        std::vector<std::string> segments;
        for (auto seg : url->segments())
            segments.emplace_back(seg);
        std::vector<std::pair<std::string, std::string>> query;
        // '+' stays a plus: clients send RFC 3339 offsets such as +03:00 unencoded.
        for (auto p : url->params(boost::urls::encoding_opts(false)))
            query.emplace_back(p.key, p.has_value ? p.value : "");
        auto m = routes().find(req.method(), segments);
        if (!m.found) {
            if (m.allowed.empty())
                throw http::not_found("There is no route " + std::string(url->path()) + ".");
            http::api_error e{405, "Method Not Allowed",
                              std::string(req.method_string()) + " is not allowed here; use " +
                                  allow_header(m.allowed) + "."};
            e.headers.emplace_back("Allow", allow_header(m.allowed));
            throw e;
        }
        route_name = m.found->pattern;
        http::context ctx{a, req, std::string(url->path()), std::move(m.params), std::move(query), std::nullopt};
        if (m.found->who != http::access::open || req.find(bhttp::field::authorization) != req.end())
            ctx.who = authenticate(a, ctx.header("Authorization"));
        if (m.found->who != http::access::open) {
            const auto& who = ctx.user();
            auto need = m.found->who == http::access::coordinator ? auth::role::coordinator
                        : m.found->who == http::access::organizer ? auth::role::organizer
                                                                  : auth::role::member;
            if (!who.at_least(need))
                throw http::forbidden("This needs the " + std::string(auth::to_string(need)) + " role or higher.");
        }
        res = m.found->handler(ctx);
    } catch (const http::api_error& e) {
        res = problem(e);
    } catch (const SQLite::Exception& e) {
        res = from_sqlite(e);
    } catch (const std::exception& e) {
        log::event({{"event", "handler_error"}, {"route", route_name}, {"message", e.what()}});
        res = problem(http::api_error(500, "Internal Server Error", "The server could not complete the request."));
    }

    http::beast_response out{static_cast<bhttp::status>(res.status), req.version()};
    out.set(bhttp::field::server, "sanaksme");
    if (!res.content_type.empty())
        out.set(bhttp::field::content_type, res.content_type);
    for (auto& [k, v] : res.headers)
        out.insert(k, v);
    out.keep_alive(req.keep_alive());
    auto size = res.body.size();
    if (req.method() != http::verb::head)
        out.body() = std::move(res.body);
    out.prepare_payload();
    if (req.method() == http::verb::head)
        out.content_length(size);

    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    a.metrics.observe(req.method_string(), route_name, res.status, seconds);
    // The route pattern, never the path: signed links and ids of people stay out of the log.
    log::request({{"event", "request"},
                {"method", req.method_string()},
                {"route", route_name},
                {"status", res.status},
                {"ms", std::round(seconds * 100000) / 100},
                {"bytes", size}});
    return out;
}

} // namespace sanaksme::api
