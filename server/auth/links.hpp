#pragma once
// Signed personal links: /rsvp/{signed}, /checkin/{signed}, /online/{signed} (join the call), /unsubscribe/{signed}, /minutes/{signed}, /signin/{signed}
// (meeting = the one-time sign-in link's row, person = the web account) and the
// personal calendar /api/v1/calendar/{signed}/meetings.ics; a meeting's members-only papers
// (/api/v1/papers/{id}/file?link={signed}, meeting = the paper's).
// {signed} = base64url(payload) "." base64url(HMAC-SHA256(secret, payload)); the payload binds
// purpose, meeting, person and expiry. No login, no state on the server.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::auth {

enum class link_purpose { rsvp, checkin, unsubscribe, calendar, minutes, signin, online, paper };

struct link_claims {
    link_purpose purpose;
    std::int64_t meeting_id = 0; // 0 for unsubscribe and calendar
    std::int64_t person_id = 0;
    std::int64_t expires = 0; // Unix seconds
};

std::string sign_link(const link_claims& c, std::string_view secret);

enum class link_error { malformed, bad_signature, wrong_purpose, expired };

struct link_result {
    std::optional<link_claims> claims;
    link_error error = link_error::malformed;
};

// Accepts a signature under any of `secrets` (current first, then the ones before a rotation).
link_result verify_link(std::string_view token, link_purpose expected, const std::vector<std::string>& secrets,
                        std::int64_t now);

// `text` with every signed link made useless: the segment after /rsvp/, /checkin/, /unsubscribe/,
// /minutes/ or /signin/, and anything shaped like a signed token (base64url "." 43 base64url characters of
// HMAC-SHA256) wherever it stands, become "REDACTED".
std::string redact_signed_links(std::string_view text);

} // namespace sanaksme::auth
