#pragma once
// Random secrets and their hashes (OpenSSL). Tokens are shown once and stored as SHA-256 only.
#include <string>
#include <string_view>

namespace sanaksme::auth {

// 'snk_' followed by 43 base64url characters (32 random bytes).
std::string new_token();
std::string random_base64url(std::size_t bytes);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data); // raw 32 bytes
std::string base64url(std::string_view bytes);
// Empty optional-like: returns false when `text` is not valid unpadded base64url.
bool base64url_decode(std::string_view text, std::string& out);
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace sanaksme::auth
