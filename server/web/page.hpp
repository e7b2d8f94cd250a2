#pragma once
// What every web page shares: the reader (language, session, CSRF token), the layout around a
// page template, the security headers, forms, and the guard that a route's role is held.
#include "domain/caller.hpp"
#include "http/message.hpp"
#include "store/audit.hpp"
#include "store/web_sessions.hpp"

#include <optional>
#include <string>

namespace sanaksme::web {

using http::json;

// Who reads the page.
struct reader {
    std::string lang = "lv";
    bool lang_chosen = false; // ?lang= given: remembered in a cookie
    std::optional<store::web_account> account;
    std::string session_hash; // of the session cookie, when it names a live session
    std::string csrf;         // the token every form of this page carries
    std::string new_csrf_cookie; // set when the reader had no anonymous CSRF cookie yet
    bool https = false;
};

// The least a page needs: anyone, a signed-in account of any role, or at least that role.
enum class need { anyone, member, organizer, coordinator };

// Reads cookies, the session and the language.
reader reader_of(http::context& c);
// A POST's Origin (or, without one, its Referer) is ours and its form carries the reader's CSRF
// token: 403 otherwise.
void check_form(const http::context& c, const reader& r);
bool may(const reader& r, need n);
// Who the audit log names for a change made on a page.
store::actor actor_of(const reader& r);
// The signed-in account as the domain's rules see a caller (its role and organization).
domain::caller caller_of(const reader& r);

// The page template `name` (templates/web/NAME.html.mustache) inside the layout.
http::response html(unsigned status, const http::context& c, const reader& r, std::string_view name, json data);
// 303 to `location` (after a POST: a reload shows the page and posts nothing again).
http::response see_other(std::string location);
// A page that says why not (403, 404, 409, …) in the reader's language.
http::response refusal(unsigned status, const http::context& c, const reader& r, const std::string& message);

std::optional<std::string> form_value(const http::context& c, std::string_view name);
// The bytes of the file part `name` of a multipart form held in memory (an import's CSV); nullopt
// when the request is not multipart, is malformed, or no file was chosen.
std::optional<std::string> form_file(const http::context& c, std::string_view name);
std::string cookie_value(const http::context& c, std::string_view name);
// Set-Cookie attributes for this deployment: __Host- prefix and Secure under https.
std::string cookie_name(const reader& r, std::string_view base);
std::string set_cookie(const reader& r, std::string_view base, const std::string& value, long max_age, bool http_only);

inline constexpr long session_seconds = 12 * 3600;

} // namespace sanaksme::web
