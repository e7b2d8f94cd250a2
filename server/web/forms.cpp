// Form errors for the page and field readers (web/forms.hpp).
#include "web/forms.hpp"

#include <charconv>

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

} // namespace sanaksme::web
