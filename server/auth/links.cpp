#include "auth/links.hpp"

#include "auth/secrets.hpp"

#include <algorithm>
#include <charconv>

namespace sanaksme::auth {

namespace {

char letter(link_purpose p)
{
    switch (p) {
    case link_purpose::rsvp: return 'r';
    case link_purpose::checkin: return 'c';
    case link_purpose::unsubscribe: return 'u';
    case link_purpose::calendar: return 'k';
    case link_purpose::minutes: return 'm';
    case link_purpose::signin: return 's';
    case link_purpose::online: return 'o';
    case link_purpose::paper: return 'p';
    }
    return '?';
}

bool number(std::string_view s, std::int64_t& out)
{
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size() && !s.empty();
}

bool token_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// The paths whose next segment is a signed token, as the mail templates write them.
bool after_link_path(std::string_view before)
{
    for (std::string_view p : {"/rsvp/", "/checkin/", "/unsubscribe/", "/signin/", "/minutes/", "/online/", "&#x2F;rsvp&#x2F;",
                               "&#x2F;checkin&#x2F;", "&#x2F;unsubscribe&#x2F;", "&#x2F;signin&#x2F;", "&#x2F;minutes&#x2F;",
                               "&#x2F;online&#x2F;"})
        if (before.size() >= p.size() && before.substr(before.size() - p.size()) == p)
            return true;
    return false;
}

constexpr std::string_view redacted = "REDACTED";

// A run of token characters and dots: segment "." 43-character segment (an HMAC-SHA256 in
// base64url) is a token, whatever path it stands under.
std::string redact_run(std::string_view run, bool whole)
{
    if (whole) {
        auto dots = run.size() - std::min(run.size(), run.find_last_not_of('.') + 1);
        return std::string(redacted) + std::string(dots, '.');
    }
    std::vector<std::string_view> segments;
    for (std::size_t p; (p = run.find('.')) != std::string_view::npos; run.remove_prefix(p + 1))
        segments.push_back(run.substr(0, p));
    segments.push_back(run);
    std::string out;
    for (std::size_t k = 0; k < segments.size(); ++k) {
        if (k)
            out += '.';
        if (k + 1 < segments.size() && segments[k].size() >= 4 && segments[k + 1].size() == 43) {
            out += redacted;
            ++k;
        } else {
            out += segments[k];
        }
    }
    return out;
}

} // namespace

std::string sign_link(const link_claims& c, std::string_view secret)
{
    std::string payload = std::string(1, letter(c.purpose)) + "." + std::to_string(c.meeting_id) + "." +
                          std::to_string(c.person_id) + "." + std::to_string(c.expires);
    return base64url(payload) + "." + base64url(hmac_sha256(secret, payload));
}

link_result verify_link(std::string_view token, link_purpose expected, const std::vector<std::string>& secrets,
                        std::int64_t now)
{
    link_result r;
    if (token.size() > 512)
        return r;
    auto dot = token.find('.');
    if (dot == std::string_view::npos)
        return r;
    std::string payload, mac;
    if (!base64url_decode(token.substr(0, dot), payload) || !base64url_decode(token.substr(dot + 1), mac))
        return r;
    const std::string* matched = nullptr;
    for (const auto& s : secrets)
        if (constant_time_equal(hmac_sha256(s, payload), mac) && !matched)
            matched = &s;
    if (!matched) {
        r.error = link_error::bad_signature;
        return r;
    }
    // Fields: purpose.meeting.person.expires
    std::vector<std::string_view> f;
    std::string_view rest = payload;
    for (std::size_t p; (p = rest.find('.')) != std::string_view::npos; rest.remove_prefix(p + 1))
        f.push_back(rest.substr(0, p));
    f.push_back(rest);
    link_claims c{expected};
    if (f.size() != 4 || f[0].size() != 1 || !number(f[1], c.meeting_id) || !number(f[2], c.person_id) ||
        !number(f[3], c.expires))
        return r;
    if (f[0][0] != letter(expected)) {
        r.error = link_error::wrong_purpose;
        return r;
    }
    if (now > c.expires) {
        r.error = link_error::expired;
        return r;
    }
    // One spelling per link: base64 with stray low bits, or a number written "+7" or "007",
    // would otherwise give a second token for the same claims.
    if (sign_link(c, *matched) != token)
        return r;
    r.claims = c;
    return r;
}

std::string redact_signed_links(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (!token_char(text[i])) {
            out += text[i++];
            continue;
        }
        auto j = i;
        while (j < text.size() && (token_char(text[j]) || text[j] == '.'))
            ++j;
        out += redact_run(text.substr(i, j - i), after_link_path(text.substr(0, i)));
        i = j;
    }
    return out;
}

} // namespace sanaksme::auth
