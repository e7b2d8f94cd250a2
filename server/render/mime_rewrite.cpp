// Rewrites the text of a stored MIME message part by part (render/mime_rewrite.hpp).
#include "render/mime_rewrite.hpp"

#include "render/mime.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace sanaksme::render {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

// One entity: its header block (with the line break that ends each field) and its body.
struct entity {
    std::string_view head, separator, body;
};

entity split_entity(std::string_view text)
{
    if (text.substr(0, 2) == "\r\n")
        return {{}, text.substr(0, 2), text.substr(2)};
    if (text.substr(0, 1) == "\n")
        return {{}, text.substr(0, 1), text.substr(1)};
    auto crlf = text.find("\r\n\r\n");
    auto lf = text.find("\n\n");
    if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf))
        return {text.substr(0, crlf + 2), text.substr(crlf + 2, 2), text.substr(crlf + 4)};
    if (lf != std::string_view::npos)
        return {text.substr(0, lf + 1), text.substr(lf + 1, 1), text.substr(lf + 2)};
    return {text, {}, {}}; // headers only
}

// The unfolded value of a header field, by case-insensitive name.
std::optional<std::string> header_value(std::string_view head, std::string_view name)
{
    auto want = lower(name) + ":";
    std::optional<std::string> value;
    std::size_t pos = 0;
    while (pos < head.size()) {
        auto end = head.find('\n', pos);
        auto line = head.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            if (value)
                *value += std::string(line);
        } else if (value) {
            break;
        } else if (lower(line.substr(0, want.size())) == want) {
            value = std::string(line.substr(want.size()));
        }
        if (end == std::string_view::npos)
            break;
        pos = end + 1;
    }
    return value;
}

// A parameter of a Content-Type value, e.g. boundary="…" (quoted or not).
std::optional<std::string> parameter(const std::string& value, std::string_view name)
{
    auto low = lower(value);
    auto key = lower(name) + "=";
    std::size_t at = 0;
    while ((at = low.find(key, at)) != std::string::npos) {
        bool starts = at > 0 && (low[at - 1] == ';' || low[at - 1] == ' ' || low[at - 1] == '\t');
        at += key.size();
        if (!starts)
            continue;
        if (at < value.size() && value[at] == '"') {
            auto close = value.find('"', at + 1);
            if (close == std::string::npos)
                return std::nullopt;
            return value.substr(at + 1, close - at - 1);
        }
        auto stop = value.find_first_of("; \t", at);
        return value.substr(at, stop == std::string::npos ? std::string::npos : stop - at);
    }
    return std::nullopt;
}

std::string trimmed_lower(const std::optional<std::string>& v)
{
    if (!v)
        return {};
    auto s = lower(*v);
    auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string rewrite_entity(std::string_view text, const text_edit& edit, int depth);

// The body of a multipart entity: each part between "--boundary" lines is rewritten; the
// delimiter lines, the preamble and the epilogue stay as they are.
std::string rewrite_multipart(std::string_view body, const std::string& boundary, const text_edit& edit, int depth)
{
    auto delimiter = "--" + boundary;
    std::string out;
    std::size_t pos = 0;
    std::optional<std::size_t> part_start; // where the current part's content begins
    bool closed = false;
    while (pos <= body.size() && !closed) {
        auto end = body.find('\n', pos);
        auto line_end = end == std::string_view::npos ? body.size() : end + 1;
        auto line = body.substr(pos, line_end - pos);
        auto bare = line;
        while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r' || bare.back() == ' ' || bare.back() == '\t'))
            bare.remove_suffix(1);
        bool is_delimiter = bare == delimiter || bare == delimiter + "--";
        if (is_delimiter) {
            if (part_start) {
                // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
                auto content = body.substr(*part_start, pos - *part_start);
                std::string_view brk;
                if (content.size() >= 2 && content.substr(content.size() - 2) == "\r\n")
                    brk = "\r\n";
                else if (!content.empty() && content.back() == '\n')
                    brk = "\n";
                content.remove_suffix(brk.size());
                out += rewrite_entity(content, edit, depth + 1);
                out += brk;
            } else {
                out += body.substr(0, pos); // the preamble
            }
            out += line;
            closed = bare != delimiter;
            part_start = line_end;
        }
        if (end == std::string_view::npos)
            break;
        pos = line_end;
    }
    if (!part_start)
        return std::string(body); // no delimiter at all: nothing to rewrite
    if (closed)
        out += body.substr(*part_start); // the epilogue
    else
        out += rewrite_entity(body.substr(*part_start), edit, depth + 1);
    return out;
}

std::string rewrite_entity(std::string_view text, const text_edit& edit, int depth)
{
    auto e = split_entity(text);
    std::string out = edit(e.head);
    out += e.separator;
    auto type = trimmed_lower(header_value(e.head, "Content-Type"));
    if (type.rfind("multipart/", 0) == 0 && depth < 16) {
        auto boundary = parameter(*header_value(e.head, "Content-Type"), "boundary");
        out += boundary ? rewrite_multipart(e.body, *boundary, edit, depth) : std::string(e.body);
        return out;
    }
    auto encoding = trimmed_lower(header_value(e.head, "Content-Transfer-Encoding"));
    if (encoding == "base64") {
        std::string decoded;
        if (!base64_decode(e.body, decoded))
            return out + std::string(e.body);
        auto edited = edit(decoded);
        return out + (edited == decoded ? std::string(e.body) : base64_lines(edited));
    }
    if (encoding == "quoted-printable") {
        auto decoded = quoted_printable_decode(e.body);
        auto edited = edit(decoded);
        return out + (edited == decoded ? std::string(e.body) : quoted_printable_encode(edited));
    }
    return out + edit(e.body); // 7bit, 8bit, binary, none
}

} // namespace

mime_entity split_mime_entity(std::string_view text)
{
    auto e = split_entity(text);
    return {e.head, e.body};
}

std::optional<std::string> mime_header(std::string_view head, std::string_view name) { return header_value(head, name); }

std::optional<std::string> mime_parameter(const std::string& value, std::string_view name) { return parameter(value, name); }

std::string rewrite_message_text(std::string_view message, const text_edit& edit)
{
    return rewrite_entity(message, edit, 0);
}

bool base64_decode(std::string_view encoded, std::string& out)
{
    out.clear();
    unsigned buffer = 0;
    int bits = 0;
    bool padding = false;
    for (char c : encoded) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        int v = base64_value(c);
        if (v < 0 || padding)
            return false;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return true;
}

std::string quoted_printable_decode(std::string_view encoded)
{
    std::string out;
    out.reserve(encoded.size());
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        char c = encoded[i];
        if (c != '=') {
            out += c;
            continue;
        }
        if (encoded.substr(i + 1, 2) == "\r\n") {
            i += 2; // soft line break
        } else if (encoded.substr(i + 1, 1) == "\n") {
            i += 1;
        } else if (i + 2 < encoded.size() && hex_value(encoded[i + 1]) >= 0 && hex_value(encoded[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(encoded[i + 1]) * 16 + hex_value(encoded[i + 2]));
            i += 2;
        } else {
            out += c; // a stray '=' stays, as RFC 2045 §6.7 advises
        }
    }
    return out;
}

std::string quoted_printable_encode(std::string_view text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t line_length = 0;
    auto put = [&](std::string_view piece) {
        if (line_length + piece.size() > 75) {
            out += "=\r\n";
            line_length = 0;
        }
        out += piece;
        line_length += piece.size();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        bool line_break = c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
        if (line_break) {
            if (c == '\r')
                ++i;
            out += "\r\n";
            line_length = 0;
            continue;
        }
        bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
        bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
        if (literal) {
            char one = static_cast<char>(c);
            put(std::string_view(&one, 1));
        } else {
            char three[3] = {'=', hex[c >> 4], hex[c & 0xF]};
            put(std::string_view(three, 3));
        }
    }
    return out;
}

} // namespace sanaksme::render
