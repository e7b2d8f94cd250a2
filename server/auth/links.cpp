#include "auth/links.hpp"

#include "auth/secrets.hpp"

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
    }
    return '?';
}

bool number(std::string_view s, std::int64_t& out)
{
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size() && !s.empty();
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

} // namespace sanaksme::auth
