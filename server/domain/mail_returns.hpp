#pragma once
// The rules of mail that comes back: what a calendar answer's PARTSTAT means as an RSVP, which
// delivery status is a hard or soft bounce, and when an address stops receiving mail. No I/O.
#include "domain/rsvp.hpp"

#include <optional>
#include <string_view>

namespace sanaksme::domain {

// ACCEPTED → yes, DECLINED → no, TENTATIVE → maybe (RFC 5545 §3.2.12); anything else: nothing.
std::optional<rsvp_response> rsvp_from_partstat(std::string_view partstat);

enum class bounce_kind { none, soft, hard };
// From a DSN's Action and Status (RFC 3464, RFC 3463): "failed" with 5.x.x is hard; "failed"
// with 4.x.x or "delayed" is soft; delivered, relayed or expanded is no bounce.
bounce_kind classify_bounce(std::string_view action, std::string_view status);

// Soft bounces in a row before an address is suppressed (a hard bounce suppresses it at once).
inline constexpr int soft_bounce_limit = 3;
bool address_suppressed(bounce_kind latest, int soft_bounces_so_far);

} // namespace sanaksme::domain
