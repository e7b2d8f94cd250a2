// Signing and reading the per-message reply address (auth/reply_tag.hpp).
#include "auth/reply_tag.hpp"

#include "auth/secrets.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sanaksme::auth {

namespace {

constexpr std::size_t mac_bytes = 16; // 128 bits: the tag must fit a 64-octet local part
constexpr std::string_view prefix = "reply+";

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string mac_hex(const reply_claims& c, std::string_view secret)
{
    // "v." keeps these MACs apart from the signed links' payloads under the same keys.
    auto mac = hmac_sha256(secret, "v." + std::to_string(c.outbox_id) + "." + std::to_string(c.person_id));
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < mac_bytes; ++i) {
        auto b = static_cast<unsigned char>(mac[i]);
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

bool positive(std::string_view s, std::int64_t& out)
{
    if (s.empty() || s.size() > 18 || s[0] == '0')
        return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

} // namespace

std::string sign_reply_tag(const reply_claims& c, std::string_view secret)
{
    return std::to_string(c.outbox_id) + "-" + std::to_string(c.person_id) + "-" + mac_hex(c, secret);
}

std::string reply_address(const reply_claims& c, std::string_view secret, std::string_view domain)
{
    return std::string(prefix) + sign_reply_tag(c, secret) + "@" + lower(domain);
}

reply_tag_result verify_reply_address(std::string_view address, std::string_view domain,
                                      const std::vector<std::string>& secrets)
{
    reply_tag_result r;
    auto a = lower(address);
    auto at = a.rfind('@');
    if (domain.empty() || at == std::string::npos || a.substr(at + 1) != lower(domain) || !a.starts_with(prefix))
        return r;
    r.state = reply_tag_state::forged;
    std::string_view tag = std::string_view(a).substr(prefix.size(), at - prefix.size());
    auto d1 = tag.find('-'), d2 = tag.rfind('-');
    if (d1 == std::string_view::npos || d2 == d1)
        return r;
    reply_claims c;
    if (!positive(tag.substr(0, d1), c.outbox_id) || !positive(tag.substr(d1 + 1, d2 - d1 - 1), c.person_id))
        return r;
    auto mac = tag.substr(d2 + 1);
    for (const auto& s : secrets)
        if (constant_time_equal(mac_hex(c, s), mac)) {
            r.state = reply_tag_state::valid;
            r.claims = c;
            return r;
        }
    return r;
}

} // namespace sanaksme::auth
