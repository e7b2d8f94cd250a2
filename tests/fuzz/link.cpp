// The signed-link verifier: arbitrary tokens never verify and never crash; a link signed by the
// server verifies to exactly its claims, and any change to it is refused.
#include "auth/links.hpp"
#include "fuzz_check.hpp"

#include <cstring>
#include <string>

using namespace sanaksme::auth;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    const std::vector<std::string> secrets{"current-secret-0123456789abcdef", "older-secret-fedcba9876543210"};
    const std::int64_t now = 1'800'000'000;
    std::string token(reinterpret_cast<const char*>(data), size);
    for (auto purpose : {link_purpose::rsvp, link_purpose::checkin, link_purpose::unsubscribe, link_purpose::calendar}) {
        auto r = verify_link(token, purpose, secrets, now);
        if (r.claims) {
            // Only a correctly signed token can pass; re-signing its claims gives the same token
            // under one of the secrets.
            FUZZ_CHECK(r.claims->purpose == purpose && r.claims->expires >= now);
            FUZZ_CHECK(sign_link(*r.claims, secrets[0]) == token || sign_link(*r.claims, secrets[1]) == token);
        }
    }
    // Claims taken from the input: signed, they verify; with one byte changed, they do not.
    if (size >= 25) {
        link_claims c;
        c.purpose = static_cast<link_purpose>(data[0] % 4);
        std::memcpy(&c.meeting_id, data + 1, 8);
        std::memcpy(&c.person_id, data + 9, 8);
        std::memcpy(&c.expires, data + 17, 8);
        auto signed_link = sign_link(c, secrets[0]);
        auto r = verify_link(signed_link, c.purpose, secrets, now);
        if (c.expires >= now) {
            FUZZ_CHECK(r.claims.has_value());
            FUZZ_CHECK(r.claims->meeting_id == c.meeting_id && r.claims->person_id == c.person_id &&
                       r.claims->expires == c.expires);
            auto tampered = signed_link;
            auto at = data[0] % tampered.size();
            tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
            auto t = verify_link(tampered, c.purpose, secrets, now);
            FUZZ_CHECK(!t.claims || sign_link(*t.claims, secrets[0]) == tampered);
        } else {
            FUZZ_CHECK(!r.claims.has_value());
        }
    }
    return 0;
}
