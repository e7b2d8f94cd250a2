#pragma once
// Small builders for API tests: each creates one resource through the API and checks it worked.
#include "support/test_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <set>

namespace sanaksme::test {

inline std::int64_t create_org(test_server& s, const std::string& name, json extra = json::object())
{
    json body = {{"name", name}};
    body.update(extra);
    auto r = s.post("/api/v1/organizations", body, s.coordinator());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.j()["id"].get<std::int64_t>();
}

inline std::int64_t create_person(test_server& s, std::int64_t org, const std::string& name, json extra = json::object())
{
    json body = {{"name", name}};
    body.update(extra);
    auto r = s.post("/api/v1/organizations/" + std::to_string(org) + "/people", body, s.coordinator());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.j()["id"].get<std::int64_t>();
}

inline std::int64_t create_meeting(test_server& s, json extra = json::object())
{
    json body = {{"title", "NVO Dialoga platformas tikšanās"},
                 {"starts_at", "2030-11-23T10:00:00+02:00"},
                 {"ends_at", "2030-11-23T12:00:00+02:00"}};
    body.update(extra);
    auto r = s.post("/api/v1/meetings", body, s.coordinator());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.j()["id"].get<std::int64_t>();
}

// POST /invitations {}: every active member organization is invited afterwards (201 when it
// added people; 200 when a meeting created as scheduled had invited them already).
inline void invite_all(test_server& s, std::int64_t meeting)
{
    auto r = s.post("/api/v1/meetings/" + std::to_string(meeting) + "/invitations", json::object(), s.coordinator());
    INFO(r.body);
    REQUIRE((r.status == 200 || r.status == 201));
}

// An instant as RFC 3339 in UTC, `offset` seconds from now.
inline std::string utc_from_now(std::int64_t offset = 0)
{
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::seconds(offset));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// A scheduled meeting that starts now: today is its day in its own zone (members check in then).
inline std::int64_t create_meeting_today(test_server& s, json extra = json::object())
{
    json body = {{"starts_at", utc_from_now()}, {"ends_at", nullptr}, {"status", "scheduled"}};
    body.update(extra);
    return create_meeting(s, body);
}

inline std::string meeting_path(std::int64_t id, const std::string& rest = "")
{
    return "/api/v1/meetings/" + std::to_string(id) + rest;
}

// The whole list behind a paginated route, for "nothing changed" checks.
inline json list_all(test_server& s, const std::string& path)
{
    auto r = s.get(path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=500", s.coordinator());
    REQUIRE(r.status == 200);
    return r.j()["items"];
}

inline void require_problem(const reply& r, unsigned status)
{
    INFO(r.body);
    REQUIRE(r.status == status);
    CHECK(r.header("content-type") == "application/problem+json");
    auto j = r.j();
    CHECK(j["status"] == status);
    CHECK(j["title"].is_string());
    CHECK(j["detail"].is_string());
}

} // namespace sanaksme::test
