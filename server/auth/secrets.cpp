#include "auth/secrets.hpp"

#include "auth/principal.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace sanaksme::auth {

std::string_view to_string(role r)
{
    switch (r) {
    case role::coordinator: return "coordinator";
    case role::organizer: return "organizer";
    case role::member: return "member";
    }
    return "member";
}

std::optional<role> role_from(std::string_view s)
{
    if (s == "coordinator")
        return role::coordinator;
    if (s == "organizer")
        return role::organizer;
    if (s == "member")
        return role::member;
    return std::nullopt;
}

std::string base64url(std::string_view bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(n);
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    for (auto& c : out)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

bool base64url_decode(std::string_view text, std::string& out)
{
    if (text.size() % 4 == 1)
        return false;
    std::string std64(text);
    for (auto& c : std64) {
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
        else if (!std::isalnum(static_cast<unsigned char>(c)))
            return false;
    }
    std::size_t pad = (4 - std64.size() % 4) % 4;
    std64.append(pad, '=');
    out.assign(std64.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(std64.data()), static_cast<int>(std64.size()));
    if (n < 0)
        return false;
    out.resize(static_cast<std::size_t>(n) - pad);
    return true;
}

std::string random_base64url(std::size_t bytes)
{
    std::vector<unsigned char> buf(bytes);
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
        throw std::runtime_error("no randomness available");
    return base64url({reinterpret_cast<const char*>(buf.data()), buf.size()});
}

std::string new_token() { return "snk_" + random_base64url(32); }

std::string sha256_hex(std::string_view data)
{
    // Every request with a token hashes it: SHA256() fetches the algorithm from OpenSSL's
    // providers each time (a lookup under a lock), so it is fetched once and the context reused.
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char md[SHA256_DIGEST_LENGTH];
    if (!sha256 || !ctx || EVP_DigestInit_ex(ctx.get(), sha256, nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), md, nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (auto b : md) {
        out.push_back(hex[b >> 4]);
        out.push_back(hex[b & 15]);
    }
    return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), md, &len);
    return {reinterpret_cast<const char*>(md), len};
}

bool constant_time_equal(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace sanaksme::auth
