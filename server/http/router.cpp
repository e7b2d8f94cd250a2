#include "http/router.hpp"

#include <algorithm>

namespace sanaksme::http {

router::router(std::vector<route> routes) : routes_(std::move(routes))
{
    for (const auto& r : routes_) {
        compiled c{r, {}};
        std::string_view p = r.pattern;
        p.remove_prefix(1);
        while (true) {
            auto slash = p.find('/');
            c.parts.push_back(p.substr(0, slash));
            if (slash == std::string_view::npos)
                break;
            p.remove_prefix(slash + 1);
        }
        compiled_.push_back(std::move(c));
    }
}

router::match router::find(verb method, const std::vector<std::string>& segments) const
{
    match m;
    for (const auto& c : compiled_) {
        if (c.parts.size() != segments.size())
            continue;
        std::vector<std::pair<std::string, std::string>> params;
        bool ok = true;
        for (std::size_t i = 0; i < segments.size() && ok; ++i) {
            auto part = c.parts[i];
            if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
                if (segments[i].empty())
                    ok = false;
                else
                    params.emplace_back(std::string(part.substr(1, part.size() - 2)), segments[i]);
            } else {
                ok = part == segments[i];
            }
        }
        if (!ok)
            continue;
        bool same = c.r.method == method || (method == verb::head && c.r.method == verb::get);
        if (same && !m.found) {
            m.found = &c.r;
            m.params = std::move(params);
        }
        if (std::find(m.allowed.begin(), m.allowed.end(), c.r.method) == m.allowed.end())
            m.allowed.push_back(c.r.method);
    }
    return m;
}

} // namespace sanaksme::http
