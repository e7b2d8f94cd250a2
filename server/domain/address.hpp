#pragma once
// Email addresses as they travel: an ASCII local part (no SMTPUTF8), an IDN domain as punycode.
#include <optional>
#include <string>
#include <string_view>

namespace sanaksme::domain {

// Whether the part before the last '@' is ASCII (what every relay delivers).
bool ascii_local_part(std::string_view address);
// The address with its domain in IDNA2008 punycode (lower-case), or nothing when it cannot go
// out as ASCII: a non-ASCII local part, or a domain that is no valid IDN.
std::optional<std::string> ascii_address(std::string_view address);

} // namespace sanaksme::domain
