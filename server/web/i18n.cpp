#include "web/i18n.hpp"

#include "embedded.hpp"

#include <boost/locale/generator.hpp>
#include <boost/locale/gnu_gettext.hpp>
#include <boost/locale/message.hpp>
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <charconv>
#include <locale>
#include <map>
#include <mutex>

namespace sanaksme::web {

namespace {

namespace bl = boost::locale;

// One std::locale per language, made once: each holds the messages facet of its catalog.
const std::locale& locale_of(std::string_view lang)
{
    static const auto all = [] {
        std::map<std::string, std::locale, std::less<>> out;
        bl::generator gen;
        for (auto l : languages) {
            std::string name(l);
            bl::gnu_gettext::messages_info info;
            info.language = name;
            info.encoding = "UTF-8";
            info.paths = {"/"};
            info.domains = {bl::gnu_gettext::messages_info::domain("messages")};
            info.callback = [name](const std::string& file, const std::string&) -> std::vector<char> {
                if (!file.ends_with("/" + name + "/LC_MESSAGES/messages.mo"))
                    return {};
                auto mo = embedded::find("messages." + name + ".mo");
                return mo ? std::vector<char>(mo->begin(), mo->end()) : std::vector<char>{};
            };
            auto base = gen(name + "_" + (name == "en" ? "GB" : name == "lv" ? "LV" : "RU") + ".UTF-8");
            out.emplace(name, std::locale(base, bl::gnu_gettext::create_messages_facet<char>(info)));
        }
        return out;
    }();
    auto it = all.find(lang);
    return it == all.end() ? all.find("lv")->second : it->second;
}

std::string fill(const std::string& text, const nlohmann::json& vars)
{
    namespace mst = kainjow::mustache;
    mst::data d{mst::data::type::object};
    for (const auto& [k, v] : vars.items())
        d.set(k, v.is_string() ? v.get<std::string>() : v.dump());
    mst::mustache t(text);
    t.set_custom_escape([](const std::string& s) { return s; }); // plain text: the page template escapes it
    return t.render(d);
}

} // namespace

bool known_language(std::string_view lang)
{
    return std::find(languages.begin(), languages.end(), lang) != languages.end();
}

std::string from_accept_language(std::string_view header)
{
    std::string best;
    double best_q = 0;
    while (!header.empty()) {
        auto comma = header.find(',');
        auto item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        auto semi = item.find(';');
        auto tag = item.substr(0, semi);
        while (!tag.empty() && tag.front() == ' ')
            tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ')
            tag.remove_suffix(1);
        double q = 1;
        if (semi != std::string_view::npos) {
            auto qpos = item.find("q=", semi);
            if (qpos != std::string_view::npos) {
                auto v = item.substr(qpos + 2);
                auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), q);
                if (ec != std::errc{})
                    q = 0;
            }
        }
        std::string primary(tag.substr(0, tag.find('-')));
        for (auto& ch : primary)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (known_language(primary) && q > best_q) {
            best = primary;
            best_q = q;
        }
    }
    return best;
}

std::string tr(std::string_view lang, const char* msgid)
{
    return bl::translate(msgid).str(locale_of(lang));
}

std::string trn(std::string_view lang, const char* singular, const char* plural, long n)
{
    return bl::translate(singular, plural, n).str(locale_of(lang));
}

std::string say(std::string_view lang, const char* msgid, const nlohmann::json& vars)
{
    return fill(tr(lang, msgid), vars);
}

std::string sayn(std::string_view lang, const char* singular, const char* plural, long n, const nlohmann::json& vars)
{
    return fill(trn(lang, singular, plural, n), vars);
}

} // namespace sanaksme::web
