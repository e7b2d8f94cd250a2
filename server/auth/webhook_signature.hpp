#pragma once
// Standard Webhooks signatures (www.standardwebhooks.com): secrets "whsec_<base64>", and
// "v1,<base64 HMAC-SHA256 of id.timestamp.body>" keyed with the secret's decoded bytes.
#include <cstdint>
#include <string>
#include <string_view>

namespace sanaksme::auth {

// "whsec_" and the standard base64 of 32 random bytes.
std::string new_webhook_secret();
// The webhook-signature header's value; `secret` is "whsec_…" (checked by domain::check_webhook_secret).
std::string webhook_signature(std::string_view secret, std::string_view id, std::int64_t timestamp, std::string_view body);

} // namespace sanaksme::auth
