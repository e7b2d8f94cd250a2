// Standard Webhooks signing with OpenSSL.
#include "auth/webhook_signature.hpp"

#include "auth/secrets.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace sanaksme::auth {

namespace {

std::string base64(std::string_view bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string unbase64(std::string_view text)
{
    std::string out(3 * (text.size() / 4) + 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0)
        throw std::invalid_argument("a webhook secret is not base64");
    std::size_t size = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts the padding as zero bytes.
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '=' && size > 0; --i)
        --size;
    out.resize(size);
    return out;
}

} // namespace

std::string new_webhook_secret()
{
    std::string bytes(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return "whsec_" + base64(bytes);
}

std::string webhook_signature(std::string_view secret, std::string_view id, std::int64_t timestamp, std::string_view body)
{
    constexpr std::string_view prefix = "whsec_";
    auto key = unbase64(secret.substr(secret.substr(0, prefix.size()) == prefix ? prefix.size() : 0));
    std::string signed_text;
    signed_text.reserve(id.size() + body.size() + 24);
    signed_text.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
    return "v1," + base64(hmac_sha256(key, signed_text));
}

} // namespace sanaksme::auth
