#include "support/fixtures.hpp"

using namespace sanaksme::test;

TEST_CASE("tokens are shown once, listed without secrets, and stop working when revoked", "[tokens][api]")
{
    test_server s;
    auto r = s.post("/api/v1/tokens", {{"role", "organizer"}, {"name", "Rasa"}}, s.coordinator());
    REQUIRE(r.status == 201);
    auto secret = r.j()["token"].get<std::string>();
    auto id = r.j()["id"].get<std::int64_t>();
    CHECK(s.get("/api/v1/meetings", secret).status == 200);
    auto list = s.get("/api/v1/tokens", s.coordinator());
    CHECK(list.body.find(secret) == std::string::npos);
    CHECK(list.j()["items"].size() == 2);
    REQUIRE(s.del("/api/v1/tokens/" + std::to_string(id), s.coordinator()).status == 204);
    require_problem(s.get("/api/v1/meetings", secret), 401);
}

TEST_CASE("token requests are validated; the last coordinator token cannot be revoked", "[tokens][api]")
{
    test_server s;
    require_problem(s.post("/api/v1/tokens", {{"role", "member"}, {"name", "X"}}, s.coordinator()), 422);
    require_problem(s.post("/api/v1/tokens", {{"role", "organizer"}, {"name", "X"}, {"organization_id", 1}}, s.coordinator()), 422);
    require_problem(s.post("/api/v1/tokens", {{"role", "member"}, {"name", "X"}, {"organization_id", 99}}, s.coordinator()), 422);
    require_problem(s.post("/api/v1/tokens", {{"role", "admin"}, {"name", "X"}}, s.coordinator()), 422);
    auto tokens = list_all(s, "/api/v1/tokens");
    REQUIRE(tokens.size() == 1);
    require_problem(s.del("/api/v1/tokens/" + std::to_string(tokens[0]["id"].get<int>()), s.coordinator()), 409);
    CHECK(s.get("/api/v1/tokens", s.coordinator()).status == 200);
}

TEST_CASE("a member token edits only its own organization and people", "[auth][api]")
{
    test_server s;
    auto own = create_org(s, "Biedrība „Afrolat”");
    auto other = create_org(s, "Latvijas Pašvaldību savienība");
    auto own_person = create_person(s, own, "Samuels", {{"email", "s@afrolat.example"}});
    auto other_person = create_person(s, other, "Sarmīte", {{"email", "sk@lps.example"}, {"phone", "+371 2"}});
    auto member = s.token("member", "Afrolat", own);

    CHECK(s.patch("/api/v1/organizations/" + std::to_string(own), {{"website", "https://afrolat.example/"}}, member).status == 200);
    require_problem(s.patch("/api/v1/organizations/" + std::to_string(own), {{"membership", "observer"}}, member), 403);
    require_problem(s.patch("/api/v1/organizations/" + std::to_string(other), {{"short_name", "X"}}, member), 403);
    CHECK(s.patch("/api/v1/people/" + std::to_string(own_person), {{"position", "valdes loceklis"}}, member).status == 200);
    require_problem(s.patch("/api/v1/people/" + std::to_string(other_person), {{"position", "X"}}, member), 403);
    require_problem(s.del("/api/v1/people/" + std::to_string(other_person), member), 403);
    require_problem(s.get("/api/v1/people/" + std::to_string(other_person) + "/export", member), 403);
    require_problem(s.post("/api/v1/organizations/" + std::to_string(other) + "/people", {{"name", "X"}}, member), 403);
    CHECK(s.post("/api/v1/organizations/" + std::to_string(own) + "/people", {{"name", "Jauns"}}, member).status == 201);
    // Other organizations' people are not a member token's to read at all.
    require_problem(s.get("/api/v1/people/" + std::to_string(other_person), member), 403);
    CHECK(s.get("/api/v1/people/" + std::to_string(own_person), member).j()["email"] == "s@afrolat.example");
    auto p = s.get("/api/v1/people/" + std::to_string(other_person), s.coordinator()).j();
    CHECK(p["position"].is_null());
    CHECK(p["email"] == "sk@lps.example");
}

TEST_CASE("every route enforces its role: route x role -> allowed or 401/403", "[auth][matrix][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto other_org = create_org(s, "B");
    auto person = create_person(s, org, "P");
    auto meeting = create_meeting_today(s); // members check in on the meeting day only
    invite_all(s, meeting);
    auto item = s.post(meeting_path(meeting, "/agenda"), {{"title", "T"}}, s.coordinator()).j()["id"].get<std::int64_t>();
    std::map<std::string, std::string> tokens{{"none", ""},
                                              {"member", s.token("member", "M", org)},
                                              {"organizer", s.organizer_token()},
                                              {"coordinator", s.coordinator()}};
    auto spare_token = [&] { return s.post("/api/v1/tokens", {{"role", "organizer"}, {"name", "spare"}}, s.coordinator()).j()["id"].get<std::int64_t>(); };
    auto o = std::to_string(org), p = std::to_string(person), m = std::to_string(meeting), i = std::to_string(item);
    struct row {
        std::string method, path;
        std::optional<json> body;
        std::string least; // none, member, organizer, coordinator; "own": the member itself and the coordinator
    };
    std::vector<row> rows{
        {"GET", "/healthz", std::nullopt, "none"},
        {"GET", "/metrics", std::nullopt, "none"},
        {"GET", "/api/v1/openapi.json", std::nullopt, "none"}, // public since issue 12
        {"GET", "/api/v1/organizations", std::nullopt, "member"},
        {"POST", "/api/v1/organizations", json{{"name", "N"}}, "coordinator"},
        {"GET", "/api/v1/organizations/" + o, std::nullopt, "member"},
        {"PATCH", "/api/v1/organizations/" + o, json{{"short_name", "S"}}, "own"},
        {"DELETE", "/api/v1/organizations/" + std::to_string(other_org), std::nullopt, "coordinator"},
        {"GET", "/api/v1/organizations/" + o + "/people", std::nullopt, "member"},
        {"POST", "/api/v1/organizations/" + o + "/people", json{{"name", "N"}}, "own"},
        {"GET", "/api/v1/people/" + p, std::nullopt, "member"},
        {"PATCH", "/api/v1/people/" + p, json{{"position", "X"}}, "own"},
        {"GET", "/api/v1/people/" + p + "/export", std::nullopt, "own"},
        {"GET", "/api/v1/meetings", std::nullopt, "member"},
        {"POST", "/api/v1/meetings", json{{"title", "T"}, {"starts_at", "2030-01-01T10:00:00Z"}}, "organizer"},
        {"GET", "/api/v1/meetings/" + m, std::nullopt, "member"},
        {"PATCH", "/api/v1/meetings/" + m, json{{"description", "D"}}, "organizer"},
        {"GET", "/api/v1/meetings/" + m + "/agenda", std::nullopt, "member"},
        {"POST", "/api/v1/meetings/" + m + "/agenda", json{{"title", "T"}}, "organizer"},
        {"POST", "/api/v1/meetings/" + m + "/agenda/order", json{{"item_ids", json::array()}}, "organizer"},
        {"GET", "/api/v1/agenda/" + i, std::nullopt, "member"},
        {"PATCH", "/api/v1/agenda/" + i, json{{"title", "T2"}}, "organizer"},
        {"GET", "/api/v1/meetings/" + m + "/invitations", std::nullopt, "member"},
        {"POST", "/api/v1/meetings/" + m + "/invitations", json::object(), "organizer"},
        {"GET", "/api/v1/meetings/" + m + "/rsvps", std::nullopt, "member"},
        {"PUT", "/api/v1/meetings/" + m + "/rsvps/" + p, json{{"response", "maybe"}}, "member"},
        {"GET", "/api/v1/meetings/" + m + "/attendance", std::nullopt, "member"},
        {"POST", "/api/v1/meetings/" + m + "/attendance", json{{"name", "Viesis"}}, "organizer"},
        {"PUT", "/api/v1/meetings/" + m + "/attendance/" + p, json::object(), "member"},
        {"PUT", "/api/v1/meetings/" + m + "/excusals/" + o, json{{"reason", "slimība"}}, "organizer"},
        {"GET", "/api/v1/reports/participation", std::nullopt, "organizer"},
        {"GET", "/api/v1/audit", std::nullopt, "coordinator"},
        {"GET", "/api/v1/tokens", std::nullopt, "coordinator"},
        {"POST", "/api/v1/tokens", json{{"role", "organizer"}, {"name", "X"}}, "coordinator"},
    };
    const std::vector<std::string> order{"none", "member", "organizer", "coordinator"};
    auto rank = [&](const std::string& r) { return std::find(order.begin(), order.end(), r) - order.begin(); };
    for (const auto& r : rows)
        for (const auto& role : order) {
            auto reply = s.request(r.method, r.path, r.body, tokens[role]);
            INFO(r.method << " " << r.path << " as " << role << " -> " << reply.status << " " << reply.body);
            if (r.least == "own" ? (role == "member" || role == "coordinator") : rank(role) >= rank(r.least))
                CHECK((reply.status != 401 && reply.status != 403));
            else
                CHECK(reply.status == (role == "none" ? 401u : 403u));
        }
    // DELETE of a token, last: it revokes one spare token per allowed role.
    for (const auto& role : order) {
        auto reply = s.del("/api/v1/tokens/" + std::to_string(spare_token()), tokens[role]);
        CHECK(reply.status == (role == "coordinator" ? 204u : role == "none" ? 401u : 403u));
    }
}
