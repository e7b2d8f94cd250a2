// Who may read and change what: the role table of ../shared/API.md, route by route and role by role.
#include "support/fixtures.hpp"

#include <fstream>
#include <functional>
#include <regex>

using namespace sanaksme::test;

namespace {

std::string person_path(std::int64_t m, const std::string& what, std::int64_t person)
{
    return meeting_path(m, "/" + what + "/" + std::to_string(person));
}

std::string org_path(std::int64_t org, const std::string& rest = "")
{
    return "/api/v1/organizations/" + std::to_string(org) + rest;
}

std::string people_path(std::int64_t person, const std::string& rest = "")
{
    return "/api/v1/people/" + std::to_string(person) + rest;
}

std::int64_t newest_audit_id(test_server& s)
{
    auto items = s.get("/api/v1/audit?limit=1", s.coordinator()).j()["items"];
    return items.empty() ? 0 : items[0]["id"].get<std::int64_t>();
}

json audit_after(const json& row)
{
    const auto& a = row["after"];
    return a.is_string() ? json::parse(a.get<std::string>()) : a;
}

void require_refused(const reply& r, unsigned status, const std::string& detail_part)
{
    require_problem(r, status);
    INFO(r.body);
    CHECK(r.j()["detail"].get<std::string>().find(detail_part) != std::string::npos);
}

} // namespace

TEST_CASE("a member token reads its own organization's people in full and no other organization's people",
          "[authz][people][api]")
{
    test_server s;
    auto own = create_org(s, "Biedrība „Afrolat”");
    auto other = create_org(s, "Latvijas Pašvaldību savienība");
    auto mine = create_person(s, own, "Samuels", {{"email", "s@afrolat.example"}, {"position", "valdes loceklis"}});
    auto theirs = create_person(s, other, "Sarmīte", {{"email", "sk@lps.example"}, {"phone", "+371 2"}});
    auto member = s.token("member", "Afrolat", own);

    require_problem(s.get(people_path(theirs), member), 403);
    require_problem(s.get(org_path(other, "/people"), member), 403);
    require_problem(s.get(people_path(theirs, "/export"), member), 403);

    auto me = s.get(people_path(mine), member);
    REQUIRE(me.status == 200);
    CHECK(me.j()["email"] == "s@afrolat.example");
    CHECK(me.j()["position"] == "valdes loceklis");
    auto list = s.get(org_path(own, "/people"), member);
    REQUIRE(list.status == 200);
    CHECK(list.j()["items"][0]["email"] == "s@afrolat.example");
    // Organizers read everyone's people in full.
    CHECK(s.get(people_path(theirs), s.organizer_token()).j()["phone"] == "+371 2");
    CHECK(s.get(org_path(other, "/people"), s.organizer_token()).j()["items"][0]["email"] == "sk@lps.example");
}

TEST_CASE("meeting lists show a member other organizations' people by name only", "[authz][rsvp][api]")
{
    test_server s;
    auto own = create_org(s, "A");
    auto other = create_org(s, "B");
    auto mine = create_person(s, own, "Mans");
    auto theirs = create_person(s, other, "Svešs");
    auto m = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, m);
    REQUIRE(s.put(person_path(m, "rsvps", mine), {{"response", "yes"}, {"note", "ar kolēģi"}}, s.coordinator()).status == 201);
    REQUIRE(s.put(person_path(m, "rsvps", theirs), {{"response", "no"}, {"note", "on medical leave"}}, s.coordinator()).status == 201);
    REQUIRE(s.put(meeting_path(m, "/excusals/" + std::to_string(other)), {{"reason", "valdes sēde"}}, s.coordinator()).status == 200);
    auto member = s.token("member", "A", own);

    for (const auto& path : {meeting_path(m, "/rsvps"), meeting_path(m, "/invitations")}) {
        auto r = s.get(path, member);
        REQUIRE(r.status == 200);
        INFO(path << " " << r.body);
        CHECK(r.body.find("on medical leave") == std::string::npos);
        auto body = r.j(); // alive for the loop: a range-for over a temporary's member dangles
        for (const auto& item : body["items"]) {
            if (item["person_id"] == theirs) {
                CHECK(item["name"] == "Svešs");     // who is (not) coming
                CHECK(item["response"] == "no");
                CHECK(item["note"].is_null());
            } else {
                CHECK(item["note"] == "ar kolēģi"); // its own people in full
            }
        }
        CHECK(s.get(path, s.organizer_token()).body.find("on medical leave") != std::string::npos);
    }
    // The roll-call, on its own and inside the minutes, keeps other organizations' apologies to itself.
    for (const auto& path : {meeting_path(m, "/attendance"), meeting_path(m, "/minutes")}) {
        auto roll = s.get(path, member);
        REQUIRE(roll.status == 200);
        INFO(path << " " << roll.body);
        CHECK(roll.body.find("valdes sēde") == std::string::npos);
        CHECK(s.get(path, s.organizer_token()).body.find("valdes sēde") != std::string::npos);
    }
}

TEST_CASE("an organizer reads organizations and people but edits neither", "[authz][organizations][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība", {{"email", "info@biedriba.example"}});
    auto person = create_person(s, org, "Anna");
    auto m = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, m);
    const auto& organizer = s.organizer_token();
    auto org_before = s.get(org_path(org), s.coordinator()).body;
    auto people_before = list_all(s, org_path(org, "/people"));

    CHECK(s.get(org_path(org), organizer).status == 200);
    CHECK(s.get(people_path(person), organizer).status == 200);
    for (const auto& body : {json{{"email", "evil@attacker.example"}}, json{{"name", "Cits vārds"}},
                             json{{"website", "https://attacker.example/"}}, json{{"language", "en"}}})
        require_problem(s.patch(org_path(org), body, organizer), 403);
    require_problem(s.post(org_path(org, "/people"), {{"name", "Jauns"}}, organizer), 403);
    require_problem(s.patch(people_path(person), {{"email", "evil@attacker.example"}}, organizer), 403);
    require_problem(s.del(people_path(person), organizer), 403);
    // A substitute named in an answer is a new person: the organizer may answer, not create people.
    require_problem(s.put(person_path(m, "rsvps", person), {{"response", "yes"}, {"substitute", {{"name", "Vietnieks"}}}},
                          organizer),
                    403);
    CHECK(s.get(org_path(org), s.coordinator()).body == org_before);
    CHECK(list_all(s, org_path(org, "/people")) == people_before);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["items"].empty());
    CHECK(s.put(person_path(m, "rsvps", person), {{"response", "yes"}}, organizer).status == 201);
}

TEST_CASE("the outbox shows signed links redacted to anyone but the coordinator", "[authz][email][api]")
{
    test_server s({"--scheduler", "false", "--public-url", "http://127.0.0.1:1"});
    auto org = create_org(s, "Biedrība");
    create_person(s, org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    auto m = create_meeting(s, {{"status", "scheduled"}});
    invite_all(s, m);
    REQUIRE(s.post(meeting_path(m, "/reminders"), {{"kind", "invitation"}}, s.organizer_token()).status == 201);
    auto outbox = list_all(s, "/api/v1/outbox");
    REQUIRE(outbox.size() == 1);
    auto id = std::to_string(outbox[0]["id"].get<std::int64_t>());
    const std::regex signed_link("/(rsvp|checkin|unsubscribe)/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    auto read = [&](const std::string& token) {
        auto r = s.get("/api/v1/outbox/" + id + "/message.eml", token);
        REQUIRE(r.status == 200);
        CHECK(r.header("content-type") == "message/rfc822");
        auto dir = temp_dir();
        std::ofstream(dir + "/m.eml", std::ios::binary) << r.body;
        auto [code, out] = run_program("/usr/bin/python3",
                                       {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_mail.py", dir});
        REQUIRE(code == 0);
        auto parsed = json::parse(out);
        REQUIRE(parsed.size() == 1);
        return std::pair{r.body, parsed[0]};
    };
    auto [full, full_mail] = read(s.coordinator());
    auto [shown, shown_mail] = read(s.organizer_token());
    // The coordinator gets the message as it was sent: every signed link in it, in every part.
    const std::regex token_shape("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{43}");
    std::set<std::string> tokens;
    for (const char* part : {"text", "html", "list_unsubscribe"}) {
        auto text = full_mail[part].get<std::string>();
        INFO(part << ": " << text);
        CHECK(std::regex_search(text, token_shape));
        for (std::sregex_iterator i(text.begin(), text.end(), token_shape), end; i != end; ++i)
            tokens.insert(i->str());
    }
    CHECK(std::regex_search(full_mail["text"].get<std::string>(), signed_link));
    CHECK(std::regex_search(full_mail["list_unsubscribe"].get<std::string>(), signed_link));
    // Everyone else: the same message with every signed link made useless, its MIME intact.
    CHECK(shown_mail["defects"] == 0);
    CHECK(shown_mail["parts"] == full_mail["parts"]);
    CHECK(shown_mail["subject"] == full_mail["subject"]);
    CHECK(shown_mail["to"] == full_mail["to"]);
    CHECK(shown_mail["calendar"] == full_mail["calendar"]);
    CHECK(shown_mail["list_unsubscribe_post"] == full_mail["list_unsubscribe_post"]);
    CHECK(shown_mail["max_line_octets"].get<int>() <= 998);
    for (const char* part : {"text", "html", "list_unsubscribe"}) {
        auto text = shown_mail[part].get<std::string>();
        INFO(part << ": " << text);
        CHECK_FALSE(std::regex_search(text, token_shape));
        for (const auto& t : tokens)
            CHECK(text.find(t) == std::string::npos);
    }
    for (const auto& t : tokens)
        CHECK(shown.find(t) == std::string::npos);
    CHECK(shown_mail["text"].get<std::string>().find("/rsvp/") != std::string::npos); // the link is there, unusable
    CHECK(shown_mail["text"].get<std::string>().find("Agita Misāne") != std::string::npos);
    // The metadata carries no signed link for anyone either.
    for (const auto& path : {"/api/v1/outbox/" + id, std::string("/api/v1/outbox")})
        CHECK_FALSE(std::regex_search(s.get(path, s.organizer_token()).body, signed_link));
}

TEST_CASE("a person's own check-in link does not change a held meeting's attendance", "[authz][attendance][links][api]")
{
    test_server s({"--scheduler", "false", "--public-url", "http://127.0.0.1:1"});
    auto org = create_org(s, "Biedrība");
    std::vector<std::int64_t> people{
        create_person(s, org, "Agita", {{"email", "agita@pdm.example"}, {"email_consent", true}}),
        create_person(s, org, "Rasa", {{"email", "rasa@pdm.example"}, {"email_consent", true}})};
    auto m = create_meeting_today(s);
    invite_all(s, m);
    REQUIRE(s.post(meeting_path(m, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
    // Each person's check-in link, from the message as the coordinator reads it.
    std::map<std::int64_t, std::string> link;
    const std::regex checkin("http://127\\.0\\.0\\.1:1(/checkin/[A-Za-z0-9_.-]+)");
    for (const auto& entry : list_all(s, "/api/v1/outbox")) {
        auto eml = s.get("/api/v1/outbox/" + std::to_string(entry["id"].get<std::int64_t>()) + "/message.eml", s.coordinator());
        auto dir = temp_dir();
        std::ofstream(dir + "/m.eml", std::ios::binary) << eml.body;
        auto [code, out] = run_program("/usr/bin/python3",
                                       {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_mail.py", dir});
        REQUIRE(code == 0);
        auto text = json::parse(out)[0]["text"].get<std::string>();
        std::smatch found;
        REQUIRE(std::regex_search(text, found, checkin));
        link[entry["person_id"].get<std::int64_t>()] = found[1];
    }
    REQUIRE(link.size() == 2);
    auto submit = [&](std::int64_t person) {
        return s.raw_body("POST", link[person], "checkin=1", "application/x-www-form-urlencoded", "");
    };
    CHECK(submit(people[0]).status == 303); // scheduled, on the day: the link works (then the page again)
    REQUIRE(s.patch(meeting_path(m), {{"status", "held"}}, s.coordinator()).status == 200);
    auto before = s.get(meeting_path(m, "/attendance"), s.coordinator()).j();
    auto audit_before = newest_audit_id(s);
    CHECK(submit(people[1]).status == 409);
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j() == before);
    CHECK(newest_audit_id(s) == audit_before);
    CHECK(before["summary"]["people_present"] == 1);
}

TEST_CASE("a deactivated organization's member token reads but no longer writes", "[authz][organizations][api]")
{
    test_server s;
    auto org = create_org(s, "Slēgtā biedrība");
    auto person = create_person(s, org, "Anna");
    auto m = create_meeting_today(s);
    invite_all(s, m);
    auto member = s.token("member", "Slēgtā", org);
    // Used once, so its lookup is cached when the organization is deactivated.
    REQUIRE(s.patch(people_path(person), {{"position", "valde"}}, member).status == 200);

    auto deactivated = s.del(org_path(org), s.coordinator());
    REQUIRE(deactivated.status == 200);
    REQUIRE(deactivated.j()["active"] == false);
    auto org_before = s.get(org_path(org), s.coordinator()).body;
    auto people_before = list_all(s, org_path(org, "/people"));
    auto audit_before = newest_audit_id(s);

    const std::string why = "is deactivated";
    require_refused(s.post(org_path(org, "/people"), {{"name", "Jauns"}}, member), 403, why);
    require_refused(s.patch(people_path(person), {{"position", "cits"}}, member), 403, why);
    require_refused(s.del(people_path(person), member), 403, why);
    require_refused(s.patch(org_path(org), {{"short_name", "Jauns"}}, member), 403, why);
    require_refused(s.put(person_path(m, "rsvps", person), {{"response", "yes"}}, member), 403, why);
    require_refused(s.del(person_path(m, "rsvps", person), member), 403, why);
    require_refused(s.put(person_path(m, "attendance", person), json::object(), member), 403, why);
    require_refused(s.del(person_path(m, "attendance", person), member), 403, why);
    CHECK(s.get(meeting_path(m, "/rsvps"), s.coordinator()).j()["items"].empty());
    CHECK(s.get(meeting_path(m, "/attendance"), s.coordinator()).j()["items"].empty());
    CHECK(s.get(org_path(org), s.coordinator()).body == org_before);
    CHECK(list_all(s, org_path(org, "/people")) == people_before);
    CHECK(newest_audit_id(s) == audit_before);
    // Reading still works.
    CHECK(s.get(org_path(org), member).status == 200);
    CHECK(s.get(people_path(person), member).status == 200);
    CHECK(s.get(meeting_path(m, "/rsvps"), member).status == 200);
    // Reactivated, the same token writes again at once.
    REQUIRE(s.patch(org_path(org), {{"active", true}}, s.coordinator()).status == 200);
    CHECK(s.put(person_path(m, "rsvps", person), {{"response", "yes"}}, member).status == 201);
}

TEST_CASE("a member checks in its own people on the meeting day only", "[authz][attendance][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto p1 = create_person(s, org, "Pirmais");
    auto p2 = create_person(s, org, "Otrais");
    auto later = create_meeting(s, {{"status", "scheduled"}}); // in 2030
    auto today = create_meeting_today(s);
    for (auto m : {later, today})
        invite_all(s, m);
    auto member = s.token("member", "A", org);
    auto audit_before = newest_audit_id(s);
    // Before the meeting day nobody checks in (issue 13): 409, whoever asks.
    require_refused(s.put(person_path(later, "attendance", p1), json::object(), member), 409, "meeting day");
    // Back-dated to the day before: not the meeting day either.
    require_problem(s.put(person_path(today, "attendance", p1), {{"checked_in_at", utc_from_now(-86400 - 3600)}}, member), 409);
    CHECK(newest_audit_id(s) == audit_before);
    CHECK(s.get(meeting_path(today, "/attendance"), s.coordinator()).j()["items"].empty());

    CHECK(s.put(person_path(today, "attendance", p1), json::object(), member).status == 201);
    CHECK(s.put(person_path(today, "attendance", p2), {{"checked_in_at", utc_from_now()}}, member).status == 201);
    CHECK(s.del(person_path(today, "attendance", p2), member).status == 204);
    // An organizer neither checks in before the day; after it, an organizer corrects, a member may not.
    require_problem(s.put(person_path(later, "attendance", p1), json::object(), s.organizer_token()), 409);
    auto past = create_meeting(s, {{"status", "scheduled"}, {"starts_at", "2025-11-20T10:00:00+02:00"}, {"ends_at", nullptr}});
    require_problem(s.put(person_path(past, "attendance", p1), json::object(), member), 403);
    CHECK(s.put(person_path(past, "attendance", p1), json::object(), s.organizer_token()).status == 201);
}

TEST_CASE("attendance of a held meeting changes only by organizers, with a reason, until its minutes are approved",
          "[authz][attendance][minutes][api]")
{
    test_server s;
    auto org = create_org(s, "A");
    auto other = create_org(s, "B");
    auto present = create_person(s, org, "Klāt");
    auto absent = create_person(s, org, "Prom");
    auto m = create_meeting_today(s);
    invite_all(s, m);
    auto member = s.token("member", "A", org);
    REQUIRE(s.put(person_path(m, "attendance", present), json::object(), member).status == 201);
    REQUIRE(s.patch(meeting_path(m), {{"status", "held"}}, s.coordinator()).status == 200);
    const auto& organizer = s.organizer_token();
    auto attendance = [&] { return s.get(meeting_path(m, "/attendance"), s.coordinator()).j(); };
    auto before = attendance();
    auto audit_before = newest_audit_id(s);

    // A member no longer changes it at all, on the meeting day or not.
    require_problem(s.del(person_path(m, "attendance", present), member), 403);
    require_problem(s.put(person_path(m, "attendance", absent), {{"checked_in_at", utc_from_now(-7200)}}, member), 403);
    // Organizers must say why.
    auto r = s.del(person_path(m, "attendance", present), organizer);
    require_problem(r, 422);
    CHECK(r.j()["errors"][0]["field"] == "reason");
    require_problem(s.put(person_path(m, "attendance", absent), json::object(), organizer), 422);
    require_problem(s.request("DELETE", person_path(m, "attendance", present), json{{"reason", "  "}}, organizer), 422);
    require_problem(s.post(meeting_path(m, "/attendance"), {{"name", "Viesis"}}, organizer), 422);
    require_problem(s.put(meeting_path(m, "/excusals/" + std::to_string(other)), json::object(), organizer), 422);
    CHECK(attendance() == before);
    CHECK(newest_audit_id(s) == audit_before);

    // With a reason, audited.
    REQUIRE(s.put(person_path(m, "attendance", absent), {{"reason", "Reģistrējās pie galda uz papīra"}}, organizer).status == 201);
    REQUIRE(s.request("DELETE", person_path(m, "attendance", present), json{{"reason", "Kļūdaini atzīmēts"}}, organizer).status ==
            204);
    REQUIRE(s.post(meeting_path(m, "/attendance"), {{"name", "Viesis"}, {"reason", "Nāca vēlāk"}}, organizer).status == 201);
    REQUIRE(s.put(meeting_path(m, "/excusals/" + std::to_string(other)), {{"reason", "Atvainojās pa tālruni"}}, organizer).status ==
            200);
    REQUIRE(s.del(meeting_path(m, "/excusals/" + std::to_string(other)) + "?reason=Atsauca", organizer).status == 204);
    auto log = s.get("/api/v1/audit?limit=5", s.coordinator()).j()["items"];
    REQUIRE(log.size() == 5);
    std::vector<std::string> actions, reasons;
    for (const auto& row : log) {
        actions.push_back(row["action"].get<std::string>());
        auto after = audit_after(row);
        INFO(row.dump());
        REQUIRE(after.is_object());
        reasons.push_back(after["reason"].get<std::string>());
    }
    CHECK(actions == std::vector<std::string>{"excuse_withdraw", "excuse", "walk_in", "check_in_undo", "check_in"});
    CHECK(reasons == std::vector<std::string>{"Atsauca", "Atvainojās pa tālruni", "Nāca vēlāk", "Kļūdaini atzīmēts",
                                               "Reģistrējās pie galda uz papīra"});

    // Once the minutes are approved, attendance is frozen for everyone.
    REQUIRE(s.put(meeting_path(m, "/minutes"), {{"summary", "Kopsavilkums"}}, organizer).status == 200);
    REQUIRE(s.post(meeting_path(m, "/minutes/approve"), json::object(), s.coordinator()).status == 200);
    before = attendance();
    audit_before = newest_audit_id(s);
    const json reason = {{"reason", "vēlāk atcerējāmies"}};
    for (const auto& token : {organizer, s.coordinator()}) {
        require_refused(s.put(person_path(m, "attendance", present), reason, token), 409, "approved");
        require_refused(s.request("DELETE", person_path(m, "attendance", absent), reason, token), 409, "approved");
        require_refused(s.post(meeting_path(m, "/attendance"), {{"name", "Vēl viens"}, {"reason", "x"}}, token), 409, "approved");
        require_refused(s.put(meeting_path(m, "/excusals/" + std::to_string(other)), reason, token), 409, "approved");
    }
    require_problem(s.put(person_path(m, "attendance", present), reason, member), 403);
    CHECK(attendance() == before);
    CHECK(newest_audit_id(s) == audit_before);
}

TEST_CASE("people, organization, RSVP and attendance routes x roles: allowed or 403, and a refusal changes nothing",
          "[authz][matrix][api]")
{
    test_server s;
    auto own = create_org(s, "Own");
    auto other = create_org(s, "Other");
    auto closed = create_org(s, "Closed");
    auto m = create_meeting_today(s);
    std::map<std::int64_t, std::int64_t> person_of{{own, create_person(s, own, "Pa")},
                                                   {other, create_person(s, other, "Pb")},
                                                   {closed, create_person(s, closed, "Pc")}};
    invite_all(s, m);
    std::map<std::string, std::string> token{{"own member", s.token("member", "Own", own)},
                                             {"other member", s.token("member", "Other", other)},
                                             {"deactivated member", s.token("member", "Closed", closed)},
                                             {"organizer", s.organizer_token()},
                                             {"coordinator", s.coordinator()}};
    REQUIRE(s.get(org_path(closed), token["deactivated member"]).status == 200); // cached before deactivation
    REQUIRE(s.del(org_path(closed), s.coordinator()).j()["active"] == false);
    // Each role acts on the own organization's records, except the deactivated member, on its own.
    auto target_org = [&](const std::string& role) { return role == "deactivated member" ? closed : own; };

    struct row {
        std::string method;
        std::function<std::string(std::int64_t org, std::int64_t person)> path;
        std::optional<json> body;
        std::set<std::string> allowed;
        std::function<void(std::int64_t org, std::int64_t person)> prepare = nullptr;
    };
    const std::set<std::string> readers{"own member", "deactivated member", "organizer", "coordinator"};
    const std::set<std::string> everyone{"own member", "other member", "deactivated member", "organizer", "coordinator"};
    const std::set<std::string> editors{"own member", "coordinator"};
    const std::set<std::string> answerers{"own member", "organizer", "coordinator"};
    const std::set<std::string> organizers{"organizer", "coordinator"};
    auto check_in = [&](std::int64_t, std::int64_t p) {
        s.put(person_path(m, "attendance", p), json::object(), s.coordinator());
    };
    auto answer = [&](std::int64_t, std::int64_t p) { s.put(person_path(m, "rsvps", p), {{"response", "maybe"}}, s.coordinator()); };
    auto excuse = [&](std::int64_t o, std::int64_t) { s.put(meeting_path(m, "/excusals/" + std::to_string(o)), json::object(), s.coordinator()); };
    std::vector<row> rows{
        {"GET", [](auto o, auto) { return org_path(o); }, std::nullopt, everyone},
        {"PATCH", [](auto o, auto) { return org_path(o); }, json{{"short_name", "S"}}, editors},
        {"GET", [](auto o, auto) { return org_path(o, "/people"); }, std::nullopt, readers},
        {"POST", [](auto o, auto) { return org_path(o, "/people"); }, json{{"name", "N"}}, editors},
        {"GET", [](auto, auto p) { return people_path(p); }, std::nullopt, readers},
        {"PATCH", [](auto, auto p) { return people_path(p); }, json{{"position", "X"}}, editors},
        {"GET", [](auto, auto p) { return people_path(p, "/export"); }, std::nullopt,
         {"own member", "deactivated member", "coordinator"}},
        {"GET", [&](auto, auto) { return meeting_path(m, "/rsvps"); }, std::nullopt, everyone},
        {"GET", [&](auto, auto) { return meeting_path(m, "/invitations"); }, std::nullopt, everyone},
        {"GET", [&](auto, auto) { return meeting_path(m, "/attendance"); }, std::nullopt, everyone},
        {"PUT", [&](auto, auto p) { return person_path(m, "rsvps", p); }, json{{"response", "yes"}}, answerers},
        {"DELETE", [&](auto, auto p) { return person_path(m, "rsvps", p); }, std::nullopt, answerers, answer},
        {"PUT", [&](auto, auto p) { return person_path(m, "attendance", p); }, json::object(), answerers},
        {"DELETE", [&](auto, auto p) { return person_path(m, "attendance", p); }, std::nullopt, answerers, check_in},
        {"POST", [&](auto, auto) { return meeting_path(m, "/attendance"); }, json{{"name", "Viesis"}}, organizers},
        {"PUT", [&](auto o, auto) { return meeting_path(m, "/excusals/" + std::to_string(o)); }, json::object(), organizers},
        {"DELETE", [&](auto o, auto) { return meeting_path(m, "/excusals/" + std::to_string(o)); }, std::nullopt, organizers,
         excuse},
        // Last: erasure takes the person away.
        {"DELETE", [](auto, auto p) { return people_path(p); }, std::nullopt, editors},
    };
    // Everything a refused write could have touched, read as the coordinator.
    auto state = [&] {
        std::string out;
        for (auto o : {own, other, closed})
            out += s.get(org_path(o), s.coordinator()).body + list_all(s, org_path(o, "/people")).dump();
        for (const char* what : {"/rsvps", "/invitations", "/attendance"})
            out += s.get(meeting_path(m, what), s.coordinator()).body;
        return out + std::to_string(newest_audit_id(s));
    };
    for (const auto& r : rows)
        for (const auto& [role, secret] : token) {
            auto org = target_org(role);
            if (r.method == "DELETE" && r.path(org, 0).find("/api/v1/people/") == 0)
                person_of[org] = create_person(s, org, "Erasable"); // a fresh one each time
            if (r.prepare)
                r.prepare(org, person_of[org]);
            auto path = r.path(org, person_of[org]);
            auto before = r.method == "GET" ? std::string() : state();
            auto reply = s.request(r.method, path, r.body, secret);
            INFO(r.method << " " << path << " as " << role << " -> " << reply.status << " " << reply.body);
            if (r.allowed.count(role)) {
                CHECK(reply.status < 300);
            } else {
                CHECK(reply.status == 403u);
                if (r.method != "GET")
                    CHECK(state() == before);
            }
        }
}
