#include "http/message.hpp"

#include "auth/secrets.hpp"
#include "domain/time.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/params_view.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

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

std::optional<std::string> context::form_value(std::string_view name) const
{
    auto parsed = boost::urls::parse_query(req.body());
    if (!parsed)
        return std::nullopt;
    for (auto p : boost::urls::params_view(*parsed, boost::urls::encoding_opts(true)))
        if (p.key == name && p.has_value)
            return std::string(p.value);
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

response no_content()
{
    response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

std::string imf_fixdate(std::int64_t unix_seconds)
{
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[40];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7], tm.tm_mday,
                  months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return out;
}

namespace {

// "\r\nServer: sanaksme\r\nDate: …\r\n", the lines after every status line, formatted once a
// second per thread.
std::string_view server_and_date()
{
    static constexpr std::string_view server = "\r\nServer: sanaksme\r\nDate: ";
    thread_local std::time_t formatted_at = -1;
    thread_local char text[server.size() + 32];
    thread_local std::size_t size = 0;
    auto now = std::time(nullptr);
    if (now != formatted_at) {
        auto date = imf_fixdate(now) + "\r\n";
        server.copy(text, server.size());
        date.copy(text + server.size(), sizeof text - server.size());
        size = server.size() + std::min(date.size(), sizeof text - server.size());
        formatted_at = now;
    }
    return {text, size};
}

bool has_header(const response& res, std::string_view name)
{
    return std::any_of(res.headers.begin(), res.headers.end(),
                       [&](const auto& h) { return boost::beast::iequals(h.first, name); });
}

} // namespace

wire_answer to_wire(const response& res, unsigned version, bool keep_alive, bool head)
{
    std::size_t size = 160 + res.content_type.size() + (head ? 0 : res.body.size());
    for (const auto& [k, v] : res.headers)
        size += k.size() + v.size() + 4;
    std::string out;
    out.reserve(size);
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(res.status);
    out += ' ';
    out += boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(res.status));
    out += server_and_date();
    auto field = [&out](std::string_view name, std::string_view value) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    };
    if (!res.content_type.empty())
        field("Content-Type", res.content_type);
    if (res.personal && !has_header(res, "Cache-Control"))
        field("Cache-Control", "private, no-store");
    for (const auto& [k, v] : res.headers)
        field(k, v);
    if (version >= 11 && !keep_alive)
        field("Connection", "close");
    else if (version < 11 && keep_alive)
        field("Connection", "keep-alive");
    if (res.status >= 200 && res.status != 204 && res.status != 304)
        field("Content-Length", std::to_string(res.file ? res.file_size : res.body.size()));
    out += "\r\n";
    if (!head)
        out += res.body;
    if (res.file && !head)
        return {std::move(out), keep_alive, res.file, res.file_size};
    return {std::move(out), keep_alive};
}

spooled_body& spooled_body::operator=(spooled_body&& o) noexcept
{
    if (this != &o) {
        if (!path_.empty())
            std::remove(path_.c_str());
        path_ = std::exchange(o.path_, {});
    }
    return *this;
}

spooled_body::~spooled_body()
{
    if (!path_.empty())
        std::remove(path_.c_str());
}

response text_response(unsigned status, std::string content_type, std::string body)
{
    response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

namespace {

// nlohmann's own DOM builder, stopped at a depth.
class bounded_dom : public nlohmann::detail::json_sax_dom_parser<json> {
public:
    using base = nlohmann::detail::json_sax_dom_parser<json>;
    explicit bounded_dom(json& result) : base(result, true) {}
    bool start_object(std::size_t n) { return ++depth_ <= max_json_depth && base::start_object(n); }
    bool start_array(std::size_t n) { return ++depth_ <= max_json_depth && base::start_array(n); }
    bool end_object()
    {
        --depth_;
        return base::end_object();
    }
    bool end_array()
    {
        --depth_;
        return base::end_array();
    }

private:
    std::size_t depth_ = 0;
};

} // namespace

json parse_json(std::string_view text)
{
    json j;
    bounded_dom dom(j);
    try {
        if (!json::sax_parse(text, &dom))
            throw bad_request("The JSON is nested deeper than " + std::to_string(max_json_depth) + " levels.");
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
            throw bad_request("The body is not valid UTF-8.");
        throw bad_request("The body is not valid JSON: " + what.substr(what.find(']') + 2));
    } catch (const json::out_of_range&) {
        throw bad_request("A number in the JSON is out of range.");
    }
    return j;
}

json body_object(const context& c)
{
    auto type = c.header("Content-Type");
    auto base = type.substr(0, type.find(';'));
    while (!base.empty() && (base.back() == ' ' || base.back() == '\t'))
        base.remove_suffix(1);
    // Media types are case-insensitive (RFC 9110 §8.3.1).
    auto is = [&](std::string_view t) { return boost::beast::iequals(base, t); };
    auto json_suffix = base.size() > 17 && boost::beast::iequals(base.substr(0, 12), "application/") &&
                       boost::beast::iequals(base.substr(base.size() - 5), "+json");
    if (!is("application/json") && !json_suffix)
        throw unsupported_media_type("Send the body as application/json.");
    auto j = parse_json(c.req.body());
    if (!j.is_object())
        throw bad_request("The body must be a JSON object.");
    return j;
}

std::string etag(std::int64_t id, std::int64_t version)
{
    return "\"" + std::to_string(id) + "-" + std::to_string(version) + "\"";
}

bool etag_listed(std::string_view list, std::string_view etag, tag_comparison how)
{
    auto trim = [](std::string_view t) {
        while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
            t.remove_prefix(1);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t'))
            t.remove_suffix(1);
        return t;
    };
    if (trim(list) == "*")
        return true;
    bool weak_current = etag.starts_with("W/");
    if (weak_current) {
        if (how == tag_comparison::strong)
            return false;
        etag.remove_prefix(2);
    }
    std::string_view rest = list;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        auto tag = trim(rest.substr(0, comma));
        bool weak = tag.starts_with("W/");
        if (weak)
            tag.remove_prefix(2);
        if (tag == etag && (how == tag_comparison::weak || !weak))
            return true;
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    return false;
}

void check_if_match(const context& c, const std::string& current)
{
    auto im = c.header("If-Match");
    // If-Match compares strongly (RFC 9110 §13.1.1): W/"1-3" never matches.
    if (im.empty() || etag_listed(im, current, tag_comparison::strong))
        return;
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
        json j;
        try {
            j = parse_json(raw);
        } catch (const api_error&) {
            throw bad_request("cursor is not one this server gave out.");
        }
        if (!j.is_array() || j.empty())
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

std::optional<std::string> query_choice(const context& c, std::string_view name, std::span<const std::string_view> choices)
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
