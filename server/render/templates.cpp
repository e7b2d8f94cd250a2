#include "render/templates.hpp"
#include "render/mustache_data.hpp"

#include "embedded.hpp"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

namespace sanaksme::render {

namespace {

namespace mst = kainjow::mustache;

bool blank(char c) { return c == ' ' || c == '\t'; }
bool line_end(char c) { return c == '\n' || c == '\r'; }
bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool ascii_punctuation(char c) { return c > ' ' && c < 0x7F && !ascii_letter(c) && !ascii_digit(c); }

// The code point that starts at s[i], or ends just before s[i]; 0 outside the text.
char32_t code_point_at(std::string_view s, std::size_t i)
{
    if (i >= s.size())
        return 0;
    auto b = static_cast<unsigned char>(s[i]);
    int extra = b < 0x80 ? 0 : b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
    char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

char32_t code_point_before(std::string_view s, std::size_t i)
{
    if (i == 0)
        return 0;
    do
        --i;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80);
    return code_point_at(s, i);
}

// Neither whitespace nor punctuation, for CommonMark's flanking rules. Beyond ASCII only Latin,
// Greek and Cyrillic letters count as such; anything else is taken for punctuation.
bool word_character(char32_t c)
{
    if (c < 0x80)
        return ascii_letter(static_cast<char>(c)) || ascii_digit(static_cast<char>(c));
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x52F);
}

// "&copy;", "&#169;", "&#xA9;" (or one cut off at the end of the text, where the template goes on).
bool entity_at(std::string_view s, std::size_t amp)
{
    auto k = amp + 1;
    auto run = [&](auto pred) {
        auto from = k;
        while (k < s.size() && pred(s[k]))
            ++k;
        return k > from;
    };
    if (k < s.size() && s[k] == '#') {
        ++k;
        bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
        k += hex;
        if (!run([&](char c) { return ascii_digit(c) || (hex && ascii_letter(c) && (c | 0x20) <= 'f'); }))
            return false;
    } else if (k >= s.size() || !ascii_letter(s[k]) || !run([](char c) { return ascii_letter(c) || ascii_digit(c); }))
        return false;
    return k == s.size() || s[k] == ';';
}

// Where a line's first characters would open a block (heading, quote, list item, fence, thematic
// break, setext underline), the offset in the line that takes the backslash; npos for plain text.
std::size_t block_marker(std::string_view line)
{
    if (line.empty())
        return std::string_view::npos;
    auto ends_after = [&](std::size_t k) { return k >= line.size() || blank(line[k]); };
    auto only = [&](char c) { return line.find_first_not_of(std::string{c, ' ', '\t'}) == std::string_view::npos; };
    switch (char c = line[0]) {
    case '#': {
        auto k = std::min(line.find_first_not_of('#'), line.size());
        return k <= 6 && ends_after(k) ? 0 : std::string_view::npos;
    }
    case '>':
    case '~':
        return 0;
    case '-':
    case '+':
    case '*':
        if (ends_after(1))
            return 0;
        [[fallthrough]];
    case '_':
    case '=':
        return only(c) ? 0 : std::string_view::npos;
    default:
        break;
    }
    // "2017. gada" or "1) …" would start an ordered list: 1–9 digits, '.' or ')', then a blank or the end.
    auto k = std::min(line.find_first_not_of("0123456789"), line.size());
    if (k >= 1 && k <= 9 && k < line.size() && (line[k] == '.' || line[k] == ')') && ends_after(k + 1))
        return k;
    return std::string_view::npos;
}

bool has_templates(std::string_view lang)
{
    return embedded::find("templates/" + std::string(lang) + "/strings.json").has_value();
}

} // namespace

kainjow::mustache::data mustache_data(const nlohmann::json& j)
{
    if (j.is_object()) {
        mst::data d{mst::data::type::object};
        for (const auto& [k, v] : j.items())
            d.set(k, mustache_data(v));
        return d;
    }
    if (j.is_array()) {
        mst::data list{mst::data::type::list};
        for (const auto& v : j)
            list.push_back(mustache_data(v));
        return list;
    }
    if (j.is_boolean())
        return j.get<bool>() ? mst::data{mst::data::type::bool_true} : mst::data{mst::data::type::bool_false};
    if (j.is_null())
        return mst::data{mst::data::type::bool_false};
    if (j.is_string())
        return j.get<std::string>().empty() ? mst::data{mst::data::type::bool_false} : mst::data{j.get<std::string>()};
    return mst::data{j.dump()};
}

// User text placed into Markdown (CommonMark, with the GFM tables the minutes use). A backslash
// goes only where the text would otherwise turn into markup, so "10.00–12.30", "snake_case",
// "2 * 3" or "C#" stay as typed. The text's ends count as unknown: the template goes on there.
std::string markdown_escape(const std::string& text)
{
    const std::string_view s(text);
    const auto n = s.size();
    std::string out;
    out.reserve(n + n / 16);
    auto space_at = [&](std::size_t j) { return j < n && (blank(s[j]) || line_end(s[j])); };
    for (std::size_t line = 0; line <= n;) {
        auto end = std::min(s.find_first_of("\r\n", line), n);
        // Four columns of indentation would make a code block; Markdown shows no leading blanks anyway.
        auto start = line;
        int columns = 0;
        while (start < end && blank(s[start]))
            columns += s[start++] == '\t' ? 4 : 1;
        if (columns < 4)
            out.append(s.substr(line, start - line));
        auto marker = block_marker(s.substr(start, end - start));
        auto flagged = marker == std::string_view::npos ? n : start + marker;
        for (auto j = start; j < end;) {
            char c = s[j];
            if (c == '*' || c == '_' || c == '~') { // emphasis and strikethrough go by runs of the character
                auto r = std::min(s.find_first_not_of(c, j), n);
                bool literal = c == '_' ? word_character(code_point_before(s, j)) && word_character(code_point_at(s, r))
                                        : j > 0 && space_at(j - 1) && space_at(r);
                for (; j < r; ++j) {
                    if (!literal || j == flagged)
                        out += '\\';
                    out += c;
                }
                continue;
            }
            bool escape = j == flagged;
            switch (c) {
            case '\\': // before punctuation it would escape it; at a line's end it would break the line
                escape = escape || j + 1 == n || ascii_punctuation(s[j + 1]) || line_end(s[j + 1]);
                break;
            case '`': // code spans pair up anywhere
            case '|': // a table cell ends there
                escape = true;
                break;
            case '<': // a tag, a comment, an autolink
                escape = escape || j + 1 == n || ascii_letter(s[j + 1]) || s[j + 1] == '/' || s[j + 1] == '!' || s[j + 1] == '?';
                break;
            case ']': // "[x](url)", "[x][ref]", "[ref]: url"; nothing else makes a link without a definition
                escape = escape || j + 1 == n || s[j + 1] == '(' || s[j + 1] == '[' || s[j + 1] == ':';
                break;
            case '&':
                escape = escape || entity_at(s, j);
                break;
            case '#': { // the closing sequence of a heading: " ##" at the end of a line
                auto r = std::min(s.find_first_not_of('#', j), n);
                auto tail = s.substr(r, end - std::min(r, end));
                escape = escape || ((j == 0 || blank(s[j - 1])) && tail.find_first_not_of(" \t") == std::string_view::npos);
                if (escape)
                    out += '\\';
                out.append(s.substr(j, r - j));
                j = r;
                continue;
            }
            default:
                break;
            }
            if (escape)
                out += '\\';
            out += c;
            ++j;
        }
        if (end == n)
            break;
        out += s[end];
        line = end + 1;
    }
    return out;
}

std::string render_line(std::string_view lang, std::string_view name, const nlohmann::json& data)
{
    auto text = render_template(lang, name, data);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

std::string render_template(std::string_view lang, std::string_view name, const nlohmann::json& data)
{
    auto path = "templates/" + std::string(lang) + "/" + std::string(name) + ".mustache";
    // Parsed once per thread: ten thousand reminders render the same three templates.
    thread_local std::map<std::string, std::unique_ptr<mst::mustache>, std::less<>> parsed;
    auto it = parsed.find(path);
    if (it == parsed.end()) {
        auto text = embedded::find(path);
        if (!text)
            throw std::runtime_error("no template " + path);
        auto t = std::make_unique<mst::mustache>(std::string(*text));
        if (name.ends_with(".md"))
            t->set_custom_escape(markdown_escape);
        else if (!name.ends_with(".html") && !name.ends_with(".xml"))
            t->set_custom_escape([](const std::string& s) { return s; });
        it = parsed.emplace(path, std::move(t)).first;
    }
    auto& tmpl = *it->second;
    auto out = tmpl.render(mustache_data(data));
    if (!tmpl.is_valid())
        throw std::runtime_error("template " + path + ": " + tmpl.error_message());
    if (name.ends_with(".txt") || name.ends_with(".md")) {
        // Sections that render nothing leave their lines behind: at most one blank line in a row.
        std::string tidy;
        for (char ch : out) {
            if (ch == '\n' && tidy.size() >= 2 && tidy[tidy.size() - 1] == '\n' && tidy[tidy.size() - 2] == '\n')
                continue;
            tidy += ch;
        }
        out = std::move(tidy);
    }
    if (name.ends_with(".subject")) // one line
        while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
            out.pop_back();
    return out;
}

const nlohmann::json& strings(std::string_view lang)
{
    static std::mutex mutex;
    static std::map<std::string, nlohmann::json, std::less<>> cache;
    std::lock_guard lock(mutex);
    auto key = has_templates(lang) ? std::string(lang) : std::string("lv");
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.emplace(key, nlohmann::json::parse(*embedded::find("templates/" + key + "/strings.json"))).first;
    return it->second;
}

std::string pick_language(std::initializer_list<nlohmann::json> candidates)
{
    for (const auto& c : candidates)
        if (c.is_string() && has_templates(c.get<std::string>()))
            return c.get<std::string>();
    return "lv";
}

} // namespace sanaksme::render
