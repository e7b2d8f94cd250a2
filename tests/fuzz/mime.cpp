// The RFC 2047 encoder: no raw CR or LF except a fold (CRLF + space); lines within 78 octets
// (76 where they hold encoded words), the first one after a 9-octet "Subject: "; encoded words
// of at most 75 characters; and decoding gives back the text (Latvian included) once CR, LF and
// NUL are dropped. Plain text never contains "=?", which a reader would decode.
#include "fuzz_check.hpp"
#include "render/mime.hpp"

#include <openssl/evp.h>

#include <string>

namespace {

std::string unbase64(const std::string& in)
{
    std::string out(in.size() / 4 * 3 + 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                            static_cast<int>(in.size()));
    FUZZ_CHECK(n >= 0);
    std::size_t pad = 0;
    for (auto it = in.rbegin(); it != in.rend() && *it == '='; ++it)
        ++pad;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    auto encoded = sanaksme::render::encode_header_text(text);
    std::string expected;
    for (char c : text)
        if (c != '\r' && c != '\n' && c != '\0')
            expected += c;

    // Lines: a header "Subject: " prefix takes 9 octets of the first one.
    std::size_t start = 0;
    std::string decoded;
    bool words = encoded.rfind("=?UTF-8?B?", 0) == 0;
    bool first = true;
    while (true) {
        auto end = encoded.find("\r\n", start);
        auto line = encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
        FUZZ_CHECK(line.find('\r') == std::string::npos && line.find('\n') == std::string::npos);
        FUZZ_CHECK(line.size() + (first ? 9 : 0) <= (words ? 76u : 78u));
        if (!first)
            FUZZ_CHECK(!line.empty() && (line[0] == ' ' || line[0] == '\t'));
        if (words) {
            auto word = first ? line : line.substr(1);
            FUZZ_CHECK(word.size() <= 75);
            FUZZ_CHECK(word.rfind("=?UTF-8?B?", 0) == 0 && word.size() >= 12 && word.compare(word.size() - 2, 2, "?=") == 0);
            decoded += unbase64(word.substr(10, word.size() - 12));
        } else {
            // Plain text folded at white space: unfolding removes the CRLF only.
            FUZZ_CHECK(line.find("=?") == std::string::npos);
            decoded += line;
        }
        first = false;
        if (end == std::string::npos)
            break;
        start = end + 2;
    }
    FUZZ_CHECK(decoded == expected);
    return 0;
}
