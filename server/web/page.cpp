#include "web/page.hpp"

#include "api/papers.hpp"
#include "handler_env.hpp"
#include "http/api_error.hpp"
#include "http/multipart.hpp"
#include "auth/principal.hpp"
#include "auth/secrets.hpp"
#include "domain/time.hpp"
#include "embedded.hpp"
#include "mail/compose.hpp"
#include "render/mustache_data.hpp"
#include "web/i18n.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include <map>
#include <memory>

namespace sanaksme::web {

namespace {

namespace mst = kainjow::mustache;

// No inline script or style anywhere: only the binary's own files.
constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// templates/web/NAME.html.mustache, parsed once per thread; {{#_}}msgid{{/_}} translates.
std::string render(std::string_view lang, std::string_view name, const json& data)
{
    auto path = "templates/web/" + std::string(name) + ".html.mustache";
    thread_local std::map<std::string, std::unique_ptr<mst::mustache>, std::less<>> parsed;
    auto it = parsed.find(path);
    if (it == parsed.end()) {
        auto text = embedded::find(path);
        if (!text)
            throw std::runtime_error("no template " + path);
        it = parsed.emplace(path, std::make_unique<mst::mustache>(std::string(*text))).first;
    }
    auto d = render::mustache_data(data);
    std::string l(lang);
    d.set("_", mst::lambda{[l](const std::string& msgid) { return tr(l, msgid.c_str()); }});
    auto out = it->second->render(d);
    if (!it->second->is_valid())
        throw std::runtime_error("template " + path + ": " + it->second->error_message());
    return out;
}

std::string origin_of(std::string_view url)
{
    auto u = boost::urls::parse_absolute_uri(url);
    if (!u)
        return "";
    std::string out = std::string(u->scheme()) + "://" + std::string(u->encoded_host_and_port());
    return out;
}

// A POST comes from one of our own pages: its Origin (or, without one, its Referer) is ours.
bool same_origin(const http::context& c)
{
    auto host = std::string(c.header("Host"));
    std::vector<std::string> ours{origin_of(c.env.settings.public_url), "http://" + host, "https://" + host};
    auto origin = c.header("Origin");
    if (!origin.empty())
        return std::find(ours.begin(), ours.end(), std::string(origin)) != ours.end();
    auto referer = std::string(c.header("Referer"));
    for (const auto& o : ours)
        if (referer.starts_with(o + "/"))
            return true;
    return false;
}

std::string site_name(const http::context& c)
{
    auto s = mail::settings_from(c.env.settings, {});
    return s.reply_to.name.empty() ? "Sanāksme" : s.reply_to.name;
}

json nav_of(const reader& r, std::string_view path)
{
    json items = json::array();
    auto add = [&](const char* href, const char* msgid) {
        items.push_back({{"href", href}, {"label", tr(r.lang, msgid)}, {"current", path == href}});
    };
    if (may(r, need::organizer)) {
        add("/", "Dashboard");
        add("/meetings", "Meetings");
        add("/organizations", "Organizations");
        add("/people", "People");
        add("/desk", "Check-in desk");
        add("/reports/participation", "Participation");
    } else if (r.account) {
        add("/", "Our organization");
        add("/people", "Our people");
    }
    if (may(r, need::coordinator)) {
        add("/accounts", "Accounts");
        add("/tokens", "API tokens");
        add("/audit", "Audit log");
        add("/webhooks", "Webhooks");
    }
    if (may(r, need::member))
        add("/decisions", "Decisions");
    return items;
}

} // namespace

std::string cookie_value(const http::context& c, std::string_view name)
{
    auto header = c.header("Cookie");
    while (!header.empty()) {
        auto semi = header.find(';');
        auto pair = header.substr(0, semi);
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        while (!pair.empty() && pair.front() == ' ')
            pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name)
            return std::string(pair.substr(eq + 1));
    }
    return "";
}

std::string cookie_name(const reader& r, std::string_view base)
{
    return (r.https ? "__Host-" : "") + std::string(base);
}

std::string set_cookie(const reader& r, std::string_view base, const std::string& value, long max_age, bool http_only)
{
    return cookie_name(r, base) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) +
           (http_only ? "; HttpOnly" : "") + (r.https ? "; Secure" : "") + "; SameSite=Lax";
}

std::optional<std::string> form_value(const http::context& c, std::string_view name)
{
    // An upload's form (multipart/form-data) carries its csrf as a text part.
    if (c.upload || c.header("Content-Type").starts_with("multipart/"))
        return api::multipart_text_field(c, name);
    return c.form_value(name);
}

std::optional<std::string> form_file(const http::context& c, std::string_view name)
{
    auto boundary = http::multipart_boundary(c.header("Content-Type"));
    if (!boundary || c.upload) // spooled bodies are papers', read by the API's upload
        return std::nullopt;
    struct finder : http::multipart_sink {
        std::string_view wanted;
        bool inside = false;
        std::optional<std::string> found;
        void on_part(const http::part_head& h) override
        {
            // A form sent with no file chosen has the part with an empty filename.
            inside = h.filename && !h.filename->empty() && h.name == wanted && !found;
            if (inside)
                found.emplace();
        }
        void on_data(std::string_view b) override
        {
            if (inside)
                found->append(b); // bounded by the request's body limit
        }
        void on_part_end() override { inside = false; }
    } sink;
    sink.wanted = name;
    try {
        http::multipart_reader reader(*boundary, sink);
        reader.feed(c.req.body());
        reader.finish();
    } catch (const http::api_error&) {
        return std::nullopt;
    }
    return sink.found;
}

reader reader_of(http::context& c)
{
    reader r;
    r.https = c.env.settings.public_url.starts_with("https://");
    auto secret = cookie_value(c, cookie_name(r, "sanaksme_session"));
    if (!secret.empty()) {
        auto hash = auth::sha256_hex(secret);
        auto now = domain::now();
        r.account = c.env.db.read([&](store::connection& conn) { return store::find_web_session(conn, hash, now); });
        if (r.account) {
            r.session_hash = hash;
            r.csrf = auth::base64url(auth::hmac_sha256(secret, "csrf"));
        }
    }
    if (r.csrf.empty()) {
        r.csrf = cookie_value(c, cookie_name(r, "sanaksme_csrf"));
        if (r.csrf.empty())
            r.csrf = r.new_csrf_cookie = auth::random_base64url(32);
    }
    auto asked = c.query_value("lang");
    auto cookie_lang = cookie_value(c, "lang");
    if (asked && known_language(*asked)) {
        r.lang = *asked;
        r.lang_chosen = true;
    } else if (known_language(cookie_lang)) {
        r.lang = cookie_lang;
    } else if (auto l = from_accept_language(c.header("Accept-Language")); !l.empty()) {
        r.lang = l;
    }
    return r;
}

void check_form(const http::context& c, const reader& r)
{
    if (!same_origin(c))
        throw http::forbidden(tr(r.lang, "This form was sent from another site."));
    auto sent = form_value(c, "csrf");
    if (!r.new_csrf_cookie.empty() || !sent || !auth::constant_time_equal(*sent, r.csrf))
        throw http::forbidden(tr(r.lang, "The form has expired. Go back, reload the page and send it again."));
}

bool may(const reader& r, need n)
{
    if (n == need::anyone)
        return true;
    if (!r.account)
        return false;
    const auto& role = r.account->role;
    switch (n) {
    case need::member: return true;
    case need::organizer: return role == "organizer" || role == "coordinator";
    case need::coordinator: return role == "coordinator";
    default: return false;
    }
}

store::actor actor_of(const reader& r) { return {std::nullopt, r.account->name + " (web)", r.account->role}; }

domain::caller caller_of(const reader& r)
{
    auto role = auth::role_from(r.account->role).value_or(auth::role::member);
    return {static_cast<domain::caller_role>(role), r.account->organization_id, r.account->organization_name,
            r.account->organization_active};
}

http::response html(unsigned status, const http::context& c, const reader& r, std::string_view name, json data)
{
    auto site = site_name(c);
    data["lang"] = r.lang;
    data["csrf"] = r.csrf;
    data["site_name"] = site;
    auto content = render(r.lang, name, data);
    json layout = {{"lang", r.lang}, {"title", data.value("title", site)}, {"site_name", site}, {"content", content},
                   {"csrf", r.csrf}, {"nav", nav_of(r, c.path)}};
    if (r.account)
        layout["account"] = {{"name", r.account->name}, {"role", tr(r.lang, r.account->role == "member" ? "representative"
                                                                              : r.account->role.c_str())}};
    json langs = json::array();
    for (auto l : languages)
        langs.push_back({{"code", l}, {"href", c.path + "?lang=" + std::string(l)}, {"current", l == r.lang},
                         {"name", l == "lv" ? "Latviski" : l == "en" ? "English" : "Русский"}});
    layout["languages"] = langs;
    auto res = http::text_response(status, "text/html; charset=utf-8", render(r.lang, "layout", layout));
    res.personal = true;
    res.header("Content-Security-Policy", std::string(content_security_policy))
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .header("X-Frame-Options", "DENY");
    if (!r.new_csrf_cookie.empty())
        res.header("Set-Cookie", set_cookie(r, "sanaksme_csrf", r.new_csrf_cookie, 86400, true));
    if (r.lang_chosen)
        res.header("Set-Cookie", "lang=" + r.lang + "; Path=/; Max-Age=31536000; SameSite=Lax");
    return res;
}

http::response see_other(std::string location)
{
    auto res = http::text_response(303, "text/plain; charset=utf-8", "");
    res.header("Location", std::move(location))
        .header("Content-Security-Policy", std::string(content_security_policy))
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin");
    return res;
}

http::response refusal(unsigned status, const http::context& c, const reader& r, const std::string& message)
{
    return html(status, c, r, "refusal", {{"title", tr(r.lang, "Not possible")}, {"message", message}});
}

} // namespace sanaksme::web
