#pragma once
// A browser for the web pages' API tests: keeps cookies, sends forms with the page's Origin, and
// signs in through a `sanaksme login-link` URL.
#include "support/fixtures.hpp"

#include <map>
#include <regex>

namespace sanaksme::test {

inline bool has(const std::string& body, const std::string& part) { return body.find(part) != std::string::npos; }


struct browser {
    test_server& s;
    std::map<std::string, std::string> cookies;

    std::string origin() const { return "http://127.0.0.1:" + std::to_string(s.port()); }
    std::string cookie_header() const
    {
        std::string out;
        for (const auto& [k, v] : cookies)
            out += (out.empty() ? "" : "; ") + k + "=" + v;
        return out;
    }
    void keep(const reply& r)
    {
        auto set = r.header("set-cookie");
        // The test client folds repeated headers with ", "; every cookie of ours starts a new one.
        std::regex re("(?:^|, )([A-Za-z_-]+)=([^;]*)");
        for (std::sregex_iterator it(set.begin(), set.end(), re), end; it != end; ++it)
            cookies[(*it)[1]] = (*it)[2];
    }
    std::string host() const { return "127.0.0.1:" + std::to_string(s.port()); }
    reply get(const std::string& path, std::map<std::string, std::string> extra = {})
    {
        extra["Cookie"] = cookie_header();
        extra.emplace("Host", host());
        auto r = s.raw_body("GET", path, "", "", "", extra);
        keep(r);
        return r;
    }
    reply post(const std::string& path, const std::string& form, std::map<std::string, std::string> extra = {})
    {
        extra["Cookie"] = cookie_header();
        extra.emplace("Host", host());
        extra.emplace("Origin", origin());
        auto r = s.raw_body("POST", path, form, "application/x-www-form-urlencoded", "", extra);
        keep(r);
        return r;
    }
};

// A form field's value as application/x-www-form-urlencoded sends it.
inline std::string url_encoded(const std::string& s)
{
    std::string out;
    for (unsigned char ch : s) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.')
            out += static_cast<char>(ch);
        else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", ch);
            out += buf;
        }
    }
    return out;
}

// A form's fields as its POST body.
inline std::string form(const std::vector<std::pair<std::string, std::string>>& fields)
{
    std::string out;
    for (const auto& [k, v] : fields)
        out += (out.empty() ? "" : "&") + k + "=" + url_encoded(v);
    return out;
}

inline std::string csrf_of(const std::string& page)
{
    std::smatch m;
    INFO(page);
    REQUIRE(std::regex_search(page, m, std::regex("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"")));
    return m[1];
}

// `sanaksme login-link` for the address (a new account of `role` when there is none): the path.
inline std::string login_link(test_server& s, const std::string& email, const std::string& role = "coordinator",
                       std::optional<std::int64_t> org = std::nullopt)
{
    std::vector<std::string> args{"login-link", "--db", s.db(), "--email", email, "--role", role, "--public-url",
                                  "http://127.0.0.1:" + std::to_string(s.port())};
    if (org)
        args.insert(args.end(), {"--organization", std::to_string(*org)});
    auto [code, out] = run_cli(args);
    REQUIRE(code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(out, m, std::regex("http://127\\.0\\.0\\.1:[0-9]+(/signin/[A-Za-z0-9_.-]+)\n")));
    return m[1];
}

inline void sign_in(browser& b, const std::string& email, const std::string& role = "coordinator",
             std::optional<std::int64_t> org = std::nullopt)
{
    auto path = login_link(b.s, email, role, org);
    auto page = b.get(path);
    REQUIRE(page.status == 200);
    auto r = b.post(path, "csrf=" + csrf_of(page.body));
    INFO(r.body);
    REQUIRE(r.status == 303);
    REQUIRE(b.cookies.count("sanaksme_session"));
}

} // namespace sanaksme::test
