#include "render/mime.hpp"

#include "auth/secrets.hpp"

#include <date/date.h>
#include <openssl/evp.h>

#include <chrono>
#include <optional>
#include <vector>

namespace sanaksme::render {

namespace {

std::string base64(std::string_view data)
{
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(data.data()),
                            static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

bool plain_ascii(std::string_view s)
{
    for (unsigned char c : s)
        if (c >= 0x80 || c < 0x20)
            return false;
    return true;
}

// RFC 5322 folding: a CRLF goes before a space, so unfolding (removing the CRLFs) gives the text
// back. Nothing when some line cannot be brought within its limit.
std::optional<std::string> fold_at_spaces(std::string_view text, std::size_t first_limit, std::size_t limit)
{
    std::vector<std::string> lines{""};
    std::size_t start = 0;
    while (start <= text.size()) {
        auto space = text.find(' ', start + 1);
        auto piece = text.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start);
        auto& line = lines.back();
        auto max = lines.size() == 1 ? first_limit : limit;
        bool blank = line.find_first_not_of(' ') == std::string::npos;
        if (line.size() + piece.size() > max && !blank && piece.find_first_not_of(' ') != std::string_view::npos)
            lines.emplace_back(piece);
        else
            line += piece;
        if (space == std::string_view::npos)
            break;
        start = space;
    }
    std::string out;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        if (lines[k].size() > (k == 0 ? first_limit : limit))
            return std::nullopt;
        out += (k ? "\r\n" : "") + lines[k];
    }
    return out;
}

std::size_t utf8_char_length(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

void part_header(std::string& out, std::string_view type, bool base64_body)
{
    out += "Content-Type: ";
    out += type;
    out += "\r\n";
    if (base64_body)
        out += "Content-Transfer-Encoding: base64\r\n";
}

} // namespace

std::string header_safe(std::string_view text)
{
    std::string out;
    for (char c : text)
        if (c != '\r' && c != '\n' && c != '\0')
            out += c;
    return out;
}

std::string encode_header_text(std::string_view raw)
{
    auto text = header_safe(raw);
    // Plain ASCII stays readable, folded at spaces into lines of at most 78 octets (the first
    // shares its line with a header name of up to 9, "Subject: "). Text that would read as an
    // encoded word ("=?"), or has a word too long to fold, is encoded like non-ASCII text.
    if (plain_ascii(text) && text.find("=?") == std::string::npos)
        if (auto folded = fold_at_spaces(text, 78 - 9, 78))
            return *folded;
    // Encoded words "=?UTF-8?B?" + base64 + "?=": 39 bytes of text give 52 characters of base64,
    // so a word is 64 characters and its line, header name included, stays within RFC 2047's 76.
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t take = 0;
        while (i + take < text.size()) {
            auto n = std::min(utf8_char_length(static_cast<unsigned char>(text[i + take])), text.size() - i - take);
            if (take + n > 39)
                break;
            take += n;
        }
        if (!out.empty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + base64(std::string_view(text).substr(i, take)) + "?=";
        i += take;
    }
    return out;
}

std::string format_mailbox(const mailbox& m)
{
    auto address = header_safe(m.address);
    if (m.name.empty())
        return address;
    auto name = header_safe(m.name);
    if (plain_ascii(name)) {
        std::string quoted = "\"";
        for (char c : name)
            quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        return quoted + "\" <" + address + ">";
    }
    return encode_header_text(name) + " <" + address + ">";
}

std::string rfc5322_date(domain::instant t)
{
    using namespace std::chrono;
    return date::format("%a, %d %b %Y %H:%M:%S +0000", sys_seconds{seconds{t}});
}

std::string base64_lines(std::string_view data)
{
    auto b = base64(data);
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 76)
        out += b.substr(i, 76) + "\r\n";
    return out;
}

std::string build_message(const message& m, std::string_view boundary_seed)
{
    auto seed = auth::sha256_hex(boundary_seed).substr(0, 24);
    std::string mixed = "mixed-" + seed, alt = "alt-" + seed;
    std::string out;
    out += "From: " + format_mailbox(m.from) + "\r\n";
    out += "To: " + format_mailbox(m.to) + "\r\n";
    if (!m.reply_to.address.empty())
        out += "Reply-To: " + format_mailbox(m.reply_to) + "\r\n";
    out += "Subject: " + encode_header_text(m.subject) + "\r\n";
    out += "Date: " + rfc5322_date(m.date) + "\r\n";
    out += "Message-ID: <" + header_safe(m.message_id) + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    for (const auto& [k, v] : m.extra_headers)
        out += header_safe(k) + ": " + header_safe(v) + "\r\n";
    out += "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n\r\n";
    out += "--" + mixed + "\r\n";
    out += "Content-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n";
    out += "--" + alt + "\r\n";
    part_header(out, "text/plain; charset=utf-8", true);
    out += "\r\n" + base64_lines(m.text);
    if (!m.html.empty()) { // a text-only message (a sign-in link) has no blank HTML part to show
        out += "--" + alt + "\r\n";
        part_header(out, "text/html; charset=utf-8", true);
        out += "\r\n" + base64_lines(m.html);
    }
    if (!m.calendar.empty()) {
        out += "--" + alt + "\r\n";
        part_header(out, "text/calendar; method=" + m.calendar_method + "; charset=utf-8", true);
        out += "\r\n" + base64_lines(m.calendar);
    }
    out += "--" + alt + "--\r\n";
    for (const auto& a : m.attachments) {
        out += "--" + mixed + "\r\n";
        part_header(out, header_safe(a.content_type) + "; name=\"" + header_safe(a.filename) + "\"", true);
        out += "Content-Disposition: attachment; filename=\"" + header_safe(a.filename) + "\"\r\n";
        out += "\r\n" + base64_lines(a.content);
    }
    out += "--" + mixed + "--\r\n";
    return out;
}

} // namespace sanaksme::render
