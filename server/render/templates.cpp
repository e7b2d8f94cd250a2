#include "render/templates.hpp"

#include "embedded.hpp"

#include <kainjow/mustache.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace sanaksme::render {

namespace {

namespace mst = kainjow::mustache;

mst::data to_data(const nlohmann::json& j)
{
    if (j.is_object()) {
        mst::data d{mst::data::type::object};
        for (const auto& [k, v] : j.items())
            d.set(k, to_data(v));
        return d;
    }
    if (j.is_array()) {
        mst::data list{mst::data::type::list};
        for (const auto& v : j)
            list.push_back(to_data(v));
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

// User text in Markdown: every character with a meaning there is escaped, and line starts
// cannot become headings or lists.
std::string markdown_escape(const std::string& s)
{
    std::string out;
    bool line_start = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (std::string_view("\\`*_[]<>#|~").find(c) != std::string_view::npos ||
            (line_start && (c == '-' || c == '+' || c == '=')))
            out += '\\';
        // "2017. gada" or "1) …" at the start of a line would become a numbered list: CommonMark's
        // ordered list marker is 1–9 digits, then '.' or ')', then a space or the line's end.
        if (line_start && c >= '0' && c <= '9') {
            std::size_t j = i;
            while (j < s.size() && s[j] >= '0' && s[j] <= '9')
                ++j;
            bool marker = j - i <= 9 && j < s.size() && (s[j] == '.' || s[j] == ')') &&
                          (j + 1 == s.size() || s[j + 1] == ' ' || s[j + 1] == '\t' || s[j + 1] == '\n' || s[j + 1] == '\r');
            if (marker) {
                out.append(s, i, j - i);
                out += '\\';
                out += s[j];
                i = j;
                line_start = false;
                continue;
            }
        }
        out += c;
        line_start = c == '\n' || (line_start && c == ' ');
    }
    return out;
}

bool has_templates(std::string_view lang)
{
    return embedded::find("templates/" + std::string(lang) + "/strings.json").has_value();
}

} // namespace

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
    auto out = tmpl.render(to_data(data));
    if (!tmpl.is_valid())
        throw std::runtime_error("template " + path + ": " + tmpl.error_message());
    if (name.ends_with(".txt")) {
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
