#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace sanaksme::http {

namespace {
bool is_parameter(std::string_view part) { return part.size() > 2 && part.front() == '{' && part.back() == '}'; }
} // namespace

std::string_view to_string(writes w)
{
    switch (w) {
    case writes::none: return "none";
    case writes::blocking: return "blocking";
    case writes::create_once: return "create_once";
    case writes::group_commit: return "group_commit";
    }
    return "?";
}

router::router(std::vector<route> routes) : routes_(std::move(routes))
{
    for (const auto& r : routes_) {
        bool defers = r.style == writes::group_commit;
        if (defers != (r.deferring != nullptr) || defers == (r.handler != nullptr) ||
            ((r.flags & cached) && r.style != writes::none))
            throw std::logic_error("route " + std::string(r.pattern) + ": its handler does not fit its write style " +
                                   std::string(to_string(r.style)));
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
    // Matching compares views only; the parameters are copied out for the one route chosen, and
    // the methods a path allows are gathered only when none matched (for the 405's Allow).
    auto matches = [&](const compiled& c) {
        if (c.parts.size() != segments.size())
            return false;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            auto part = c.parts[i];
            if (is_parameter(part) ? segments[i].empty() : part != segments[i])
                return false;
        }
        return true;
    };
    match m;
    for (const auto& c : compiled_) {
        if (!(c.r.method == method || (method == verb::head && c.r.method == verb::get)) || !matches(c))
            continue;
        m.found = &c.r;
        for (std::size_t i = 0; i < segments.size(); ++i)
            if (is_parameter(c.parts[i]))
                m.params.emplace_back(std::string(c.parts[i].substr(1, c.parts[i].size() - 2)), segments[i]);
        return m;
    }
    for (const auto& c : compiled_)
        if (matches(c) && std::find(m.allowed.begin(), m.allowed.end(), c.r.method) == m.allowed.end())
            m.allowed.push_back(c.r.method);
    return m;
}

} // namespace sanaksme::http
