// Form errors for the page and field readers (web/forms.hpp).
#include "web/forms.hpp"

#include <cctype>
#include <charconv>
#include <limits>

namespace sanaksme::web {

void form_errors::add(std::string field, std::string message)
{
    for (const auto& [f, m] : list_)
        if (f == field)
            return; // one message per field: the first says what to fix
    list_.emplace_back(std::move(field), std::move(message));
}

void form_errors::into(json& data) const
{
    json summary = json::array(), by_field = json::object();
    for (const auto& [f, m] : list_) {
        summary.push_back({{"field", f}, {"message", m}});
        by_field[f] = m;
    }
    data["errors"] = summary;
    data["has_errors"] = !list_.empty();
    data["e"] = by_field;
}

std::string trimmed(std::string_view s)
{
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return "";
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::optional<std::optional<std::int64_t>> optional_number(const std::string& text, std::int64_t min, std::int64_t max)
{
    auto t = trimmed(text);
    if (t.empty())
        return std::optional<std::int64_t>{};
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec != std::errc{} || end != t.data() + t.size() || n < min || n > max)
        return std::nullopt;
    return std::optional<std::int64_t>{n};
}

std::optional<std::int64_t> id_named(const std::optional<std::string>& text)
{
    if (!text)
        return std::nullopt;
    auto n = optional_number(*text, 1, std::numeric_limits<std::int64_t>::max());
    return n ? *n : std::nullopt;
}

// Lower case without diacritics, for Latvian, Russian and English names: "Jan" finds "Janiša".
std::string folded(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            out += static_cast<char>(std::tolower(b));
            ++i;
            continue;
        }
        int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        char32_t cp = b & (0x3F >> (len - 1));
        for (int k = 1; k < len && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += len;
        static constexpr std::u32string_view from = U"ĀāČčĒēĢģĪīĶķĻļŅņŠšŪūŽžŌōŖŗ";
        static constexpr std::string_view to = "aacceeggiikkllnnssuuzzoorr";
        if (auto k = from.find(cp); k != std::u32string_view::npos) {
            out += to[k];
            continue;
        }
        if (cp >= 0x0410 && cp <= 0x042F)
            cp += 0x20; // А-Я → а-я
        if (cp == 0x0401 || cp == 0x0451)
            cp = 0x0435; // Ё, ё → е
        if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

} // namespace sanaksme::web
