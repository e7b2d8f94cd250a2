// Reading mail that comes back: MIME leaves, iCalendar answers, delivery status (render/mail_read.hpp).
#include "render/mail_read.hpp"

#include "render/mime_rewrite.hpp"

#include <algorithm>
#include <cctype>

namespace sanaksme::render {

namespace {

constexpr int max_depth = 8;
constexpr std::size_t max_parts = 64;

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string upper(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// "text/calendar; method=REPLY" → "text/calendar" (text/plain when absent, as RFC 2045 says).
std::string media_type(const std::optional<std::string>& content_type)
{
    if (!content_type)
        return "text/plain";
    auto v = std::string_view(*content_type);
    return lower(trim(v.substr(0, v.find(';'))));
}

std::string decoded(std::string_view head, std::string_view body)
{
    auto encoding = lower(trim(mime_header(head, "Content-Transfer-Encoding").value_or("")));
    if (encoding == "base64") {
        std::string out;
        return base64_decode(body, out) ? out : std::string();
    }
    if (encoding == "quoted-printable")
        return quoted_printable_decode(body);
    return std::string(body);
}

// The parts between "--boundary" lines (without the line break before each delimiter).
std::vector<std::string_view> split_multipart(std::string_view body, const std::string& boundary)
{
    std::vector<std::string_view> parts;
    auto delimiter = "--" + boundary;
    std::optional<std::size_t> start;
    std::size_t pos = 0;
    while (pos < body.size()) {
        auto end = body.find('\n', pos);
        auto line_end = end == std::string_view::npos ? body.size() : end + 1;
        auto bare = trim(body.substr(pos, line_end - pos));
        if (bare == delimiter || bare == delimiter + "--") {
            if (start) {
                auto content = body.substr(*start, pos - *start);
                if (content.ends_with("\r\n"))
                    content.remove_suffix(2);
                else if (content.ends_with("\n"))
                    content.remove_suffix(1);
                parts.push_back(content);
            }
            if (bare != delimiter)
                return parts;
            start = line_end;
        }
        pos = line_end;
    }
    return parts; // an unclosed last part is dropped: strict
}

void walk(std::string_view text, int depth, read_mail& out)
{
    if (out.parts.size() >= max_parts)
        return;
    auto e = split_mime_entity(text);
    auto content_type = mime_header(e.head, "Content-Type");
    auto type = media_type(content_type);
    if (type.starts_with("multipart/")) {
        auto boundary = mime_parameter(*content_type, "boundary");
        if (!boundary || boundary->empty() || depth >= max_depth)
            return;
        for (auto part : split_multipart(e.body, *boundary))
            walk(part, depth + 1, out);
        return;
    }
    auto method = content_type ? mime_parameter(*content_type, "method") : std::nullopt;
    out.parts.push_back({type, upper(trim(method.value_or(""))), decoded(e.head, e.body)});
}

// Unfolded content lines (RFC 5545 §3.1): a line beginning with a space or tab continues the one before.
std::vector<std::string> unfolded_lines(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        auto line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty())
            lines.back() += line.substr(1);
        else
            lines.emplace_back(line);
        if (end == std::string_view::npos)
            break;
        pos = end + 1;
    }
    return lines;
}

// A content line's name, parameters (NAME=value, quotes removed) and value; the value begins
// at the first ':' outside quotes.
struct content_line {
    std::string name;
    std::vector<std::pair<std::string, std::string>> params;
    std::string value;
};

content_line parse_line(std::string_view line)
{
    content_line out;
    bool quoted = false;
    std::size_t colon = std::string_view::npos;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (line[i] == ':' && !quoted) {
            colon = i;
            break;
        }
    }
    if (colon == std::string_view::npos)
        return out;
    out.value = std::string(line.substr(colon + 1));
    auto head = line.substr(0, colon);
    std::vector<std::string_view> pieces;
    quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= head.size(); ++i) {
        if (i < head.size() && head[i] == '"')
            quoted = !quoted;
        if (i == head.size() || (head[i] == ';' && !quoted)) {
            pieces.push_back(head.substr(start, i - start));
            start = i + 1;
        }
    }
    out.name = upper(trim(pieces.front()));
    for (std::size_t i = 1; i < pieces.size(); ++i) {
        auto eq = pieces[i].find('=');
        if (eq == std::string_view::npos)
            continue;
        auto v = trim(pieces[i].substr(eq + 1));
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
            v = v.substr(1, v.size() - 2);
        out.params.emplace_back(upper(trim(pieces[i].substr(0, eq))), std::string(v));
    }
    return out;
}

std::string param(const content_line& l, std::string_view name)
{
    for (const auto& [k, v] : l.params)
        if (k == name)
            return v;
    return {};
}

} // namespace

read_mail read_message(std::string_view message)
{
    read_mail out;
    auto e = split_mime_entity(message);
    auto content_type = mime_header(e.head, "Content-Type");
    out.type = media_type(content_type);
    if (content_type)
        out.report_type = lower(trim(mime_parameter(*content_type, "report-type").value_or("")));
    walk(message, 0, out);
    return out;
}

std::optional<calendar_answer> read_calendar_answer(std::string_view ics)
{
    calendar_answer out;
    int depth = 0; // inside VEVENT: 1; in a component nested in it (VALARM): more
    bool seen_event = false;
    for (const auto& raw : unfolded_lines(ics)) {
        auto l = parse_line(raw);
        auto value = std::string(trim(l.value));
        if (l.name == "BEGIN" && upper(value) == "VEVENT" && !seen_event && depth == 0) {
            depth = 1;
            continue;
        }
        if (depth > 0 && l.name == "BEGIN") {
            ++depth;
            continue;
        }
        if (depth > 0 && l.name == "END") {
            if (--depth == 0)
                seen_event = true;
            continue;
        }
        if (depth == 0 && l.name == "METHOD")
            out.method = upper(value);
        if (depth != 1)
            continue;
        if (l.name == "UID")
            out.uid = value;
        else if (l.name == "DTSTART")
            out.dtstart = value;
        else if (l.name == "DTEND")
            out.dtend = value;
        else if (l.name == "COMMENT")
            out.comment = value;
        else if (l.name == "ATTENDEE") {
            auto v = lower(value);
            if (v.starts_with("mailto:"))
                v = v.substr(7);
            out.attendees.push_back({v, upper(param(l, "PARTSTAT"))});
        }
    }
    if (out.method.empty() || !seen_event)
        return std::nullopt;
    return out;
}

std::vector<delivery_status> read_delivery_status(std::string_view body)
{
    std::vector<delivery_status> out;
    // Groups of fields separated by blank lines: the first is the message's, each next a recipient's.
    std::vector<std::vector<std::string>> groups(1);
    for (const auto& line : unfolded_lines(body)) {
        if (trim(line).empty()) {
            if (!groups.back().empty())
                groups.emplace_back();
            continue;
        }
        groups.back().push_back(line);
    }
    for (std::size_t g = 1; g < groups.size(); ++g) {
        delivery_status d;
        for (const auto& line : groups[g]) {
            auto colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            auto name = lower(trim(std::string_view(line).substr(0, colon)));
            auto value = std::string(trim(std::string_view(line).substr(colon + 1)));
            if (name == "final-recipient") {
                auto semi = value.find(';'); // "rfc822; someone@example.org"
                d.final_recipient = lower(trim(semi == std::string::npos ? value : value.substr(semi + 1)));
            } else if (name == "action") {
                d.action = lower(value);
            } else if (name == "status") {
                d.status = value.substr(0, value.find_first_of(" \t("));
            }
        }
        if (!d.action.empty() && !d.status.empty())
            out.push_back(std::move(d));
    }
    return out;
}

} // namespace sanaksme::render
