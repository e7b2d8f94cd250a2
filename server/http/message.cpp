#include "http/message.hpp"

#include "auth/secrets.hpp"
#include "domain/time.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>

#include <algorithm>
#include <charconv>

namespace sanaksme::http {

namespace {

std::optional<std::int64_t> to_int(std::string_view s)
{
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

} // namespace

std::int64_t context::id(std::string_view name) const
{
    // Canonical decimal only: /meetings/01 is not /meetings/1 (one resource, one URL).
    const auto& text = param(name);
    auto v = to_int(text);
    if (!v || *v <= 0 || text.front() == '0' || text.front() == '+')
        throw not_found("No resource has the id '" + text + "'.");
    return *v;
}

const std::string& context::param(std::string_view name) const
{
    for (const auto& [k, v] : params)
        if (k == name)
            return v;
    throw std::logic_error("route has no parameter " + std::string(name));
}

std::optional<std::string> context::query_value(std::string_view name) const
{
    for (const auto& [k, v] : query)
        if (k == name)
            return v;
    return std::nullopt;
}

std::string_view context::header(std::string_view name) const
{
    auto it = req.find(name);
    return it == req.end() ? std::string_view{} : std::string_view(it->value());
}

const auth::principal& context::user() const
{
    if (!who)
        throw unauthorized("This route needs a bearer token.");
    return *who;
}

response json_response(unsigned status, const json& body)
{
    response r;
    r.status = status;
    // Bodies are checked as UTF-8 on the way in, but an error may quote raw bytes of the path:
    // those become U+FFFD rather than an exception that would end the server.
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

response deferred(deferred_write job, refusal_fn refused)
{
    response r;
    r.later = std::move(job);
    r.refused = std::move(refused);
    return r;
}

response no_content()
{
    response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

wire_answer to_wire(const response& res, unsigned version, bool keep_alive, bool head)
{
    std::size_t size = 96 + res.content_type.size() + (head ? 0 : res.body.size());
    for (const auto& [k, v] : res.headers)
        size += k.size() + v.size() + 4;
    std::string out;
    out.reserve(size);
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(res.status);
    out += ' ';
    out += boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(res.status));
    out += "\r\nServer: sanaksme\r\n";
    auto field = [&out](std::string_view name, std::string_view value) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    };
    if (!res.content_type.empty())
        field("Content-Type", res.content_type);
    for (const auto& [k, v] : res.headers)
        field(k, v);
    if (version >= 11 && !keep_alive)
        field("Connection", "close");
    else if (version < 11 && keep_alive)
        field("Connection", "keep-alive");
    field("Content-Length", std::to_string(res.body.size()));
    out += "\r\n";
    if (!head)
        out += res.body;
    return {std::move(out), keep_alive};
}

response text_response(unsigned status, std::string content_type, std::string body)
{
    response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

json body_object(const context& c)
{
    auto type = c.header("Content-Type");
    auto base = type.substr(0, type.find(';'));
    while (!base.empty() && base.back() == ' ')
        base.remove_suffix(1);
    if (base != "application/json" && !(base.starts_with("application/") && base.ends_with("+json")))
        throw unsupported_media_type("Send the body as application/json.");
    json j;
    try {
        j = json::parse(c.req.body());
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
            throw bad_request("The body is not valid UTF-8.");
        throw bad_request("The body is not valid JSON: " + what.substr(what.find(']') + 2));
    }
    if (!j.is_object())
        throw bad_request("The body must be a JSON object.");
    return j;
}

std::string etag(std::int64_t id, std::int64_t version)
{
    return "\"" + std::to_string(id) + "-" + std::to_string(version) + "\"";
}

void check_if_match(const context& c, const std::string& current)
{
    auto im = c.header("If-Match");
    if (im.empty() || im == "*")
        return;
    // A list of tags, any of which may match; weak tags compare by their opaque part.
    std::string_view rest = im;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        auto tag = rest.substr(0, comma);
        while (!tag.empty() && tag.front() == ' ')
            tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ')
            tag.remove_suffix(1);
        if (tag.starts_with("W/"))
            tag.remove_prefix(2);
        if (tag == current)
            return;
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    throw precondition_failed("The resource changed since you read it (ETag " + current +
                              "); read it again and repeat the change.");
}

page parse_page(const context& c)
{
    page p;
    if (auto l = c.query_value("limit")) {
        auto v = to_int(*l);
        if (!v || *v < 1 || *v > 500)
            throw bad_request("limit must be an integer from 1 to 500.");
        p.limit = static_cast<int>(*v);
    }
    if (auto cur = c.query_value("cursor"); cur && !cur->empty()) {
        std::string raw;
        if (!auth::base64url_decode(*cur, raw))
            throw bad_request("cursor is not one this server gave out.");
        auto j = json::parse(raw, nullptr, false);
        if (j.is_discarded() || !j.is_array() || j.empty())
            throw bad_request("cursor is not one this server gave out.");
        p.after = std::move(j);
    }
    return p;
}

std::string make_cursor(const json& key) { return auth::base64url(key.dump()); }

json list_body(json items, const std::optional<json>& next_key)
{
    return {{"items", std::move(items)}, {"next_cursor", next_key ? json(make_cursor(*next_key)) : json(nullptr)}};
}

std::optional<std::int64_t> query_int(const context& c, std::string_view name)
{
    auto v = c.query_value(name);
    if (!v)
        return std::nullopt;
    auto n = to_int(*v);
    if (!n)
        throw bad_request(std::string(name) + " must be an integer.");
    return n;
}

std::optional<std::int64_t> query_instant(const context& c, std::string_view name)
{
    auto v = c.query_value(name);
    if (!v)
        return std::nullopt;
    if (auto t = domain::parse_rfc3339(*v))
        return t;
    if (domain::valid_date(*v))
        return domain::parse_rfc3339(*v + "T00:00:00Z");
    throw bad_request(std::string(name) + " must be an RFC 3339 date-time or a date YYYY-MM-DD, in the years 1900–2999.");
}

std::optional<std::string> query_choice(const context& c, std::string_view name, std::initializer_list<std::string_view> choices)
{
    auto v = c.query_value(name);
    if (!v || std::find(choices.begin(), choices.end(), *v) != choices.end())
        return v;
    std::string list;
    for (auto choice : choices)
        list += (list.empty() ? "" : ", ") + std::string(choice);
    throw bad_request(std::string(name) + " must be one of " + list + ".");
}

std::optional<bool> query_bool(const context& c, std::string_view name)
{
    auto v = c.query_value(name);
    if (!v)
        return std::nullopt;
    if (*v == "true" || *v == "1")
        return true;
    if (*v == "false" || *v == "0")
        return false;
    throw bad_request(std::string(name) + " must be true or false.");
}

} // namespace sanaksme::http
