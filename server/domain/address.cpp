#include "domain/address.hpp"

#include <idn2.h>

#include <algorithm>
#include <cstdlib>

namespace sanaksme::domain {

namespace {
bool ascii(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}
} // namespace

bool ascii_local_part(std::string_view address)
{
    auto at = address.rfind('@');
    return ascii(address.substr(0, at == std::string_view::npos ? address.size() : at));
}

std::optional<std::string> ascii_address(std::string_view address)
{
    auto at = address.rfind('@');
    if (at == std::string_view::npos || !ascii_local_part(address))
        return std::nullopt;
    auto domain = address.substr(at + 1);
    if (ascii(domain))
        return std::string(address);
    std::string input(domain); // idn2 reads a NUL-terminated string
    char* out = nullptr;
    auto rc = idn2_lookup_u8(reinterpret_cast<const uint8_t*>(input.c_str()), reinterpret_cast<uint8_t**>(&out),
                             IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    if (rc != IDN2_OK)
        return std::nullopt;
    std::string result = std::string(address.substr(0, at + 1)) + out;
    idn2_free(out);
    return result;
}

} // namespace sanaksme::domain
