// Webhooks through the real server: subscriptions (coordinator only, URL and secret rules), and
// deliveries to a real receiver (tests/contract/webhook_receiver.mjs, which verifies each
// signature with the Standard Webhooks library): back-off, redelivery, disabling, order per
// resource and nothing lost across a `kill -9`.
// Longer than 400 lines: every delivery case shares the one receiver harness defined here.
#include "support/fixtures.hpp"

#include <csignal>
#include <fstream>
#include <map>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace sanaksme::test;

namespace {

constexpr const char* secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// The Node receiver on 127.0.0.1: answers 500 to its first `fail_first` requests.
class receiver {
public:
    explicit receiver(int fail_first = 0, int delay_ms = 0)
    {
        log_ = temp_dir() + "/received.jsonl";
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid_ = fork();
        if (pid_ == 0) {
            dup2(fds[1], 1);
            close(fds[0]);
            close(fds[1]);
            std::string node = "/usr/bin/node", script = std::string(SANAKSME_SOURCE_DIR) + "/tests/contract/webhook_receiver.mjs";
            std::string fail = std::to_string(fail_first), delay = std::to_string(delay_ms);
            std::string key = secret;
            char* argv[] = {node.data(), script.data(), key.data(), log_.data(), fail.data(), delay.data(), nullptr};
            execv(node.c_str(), argv);
            _exit(127);
        }
        close(fds[1]);
        std::string line;
        pollfd p{fds[0], POLLIN, 0};
        char c;
        while (poll(&p, 1, 10000) > 0 && read(fds[0], &c, 1) == 1 && c != '\n')
            line += c;
        close(fds[0]);
        if (line.rfind("listening ", 0) != 0)
            FAIL("the webhook receiver did not start (cd tests/contract && npm ci)");
        port_ = std::stoi(line.substr(10));
    }
    ~receiver()
    {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
    std::vector<json> received() const
    {
        std::vector<json> out;
        std::ifstream in(log_);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty())
                out.push_back(json::parse(line));
        return out;
    }
    // Waits until `done(received())` holds or the timeout passes; returns what came.
    template <class F>
    std::vector<json> wait_until(F done, int timeout_ms = 20000) const
    {
        for (int waited = 0;; waited += 50) {
            auto got = received();
            if (done(got) || waited >= timeout_ms)
                return got;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

private:
    std::string log_;
    int pid_ = -1, port_ = 0;
};

std::size_t delivered_count(const std::vector<json>& got)
{
    std::set<std::string> ids;
    for (const auto& r : got)
        if (r["status"] == 200)
            ids.insert(r["id"].get<std::string>());
    return ids.size();
}

std::int64_t subscribe(test_server& s, const std::string& url, json events = nullptr)
{
    if (events.is_null())
        events = json::array({"meeting.scheduled", "meeting.updated", "meeting.cancelled", "meeting.held",
                              "rsvp.changed", "attendance.changed", "minutes.circulated", "minutes.approved",
                              "person.erased"});
    auto r = s.post("/api/v1/webhooks", {{"url", url}, {"events", events}, {"secret", secret}}, s.coordinator());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.j()["id"].get<std::int64_t>();
}

const std::vector<std::string> fast{"--webhook-retry-base-ms", "100", "--webhook-poll-ms", "50"};

} // namespace

TEST_CASE("Webhooks are the coordinator's alone", "[webhooks][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība Zaļā");
    auto member = s.token("member", "Member", org);
    auto body = json{{"url", "https://example.org/hook"}, {"events", {"meeting.scheduled"}}};
    for (const auto& token : {s.organizer_token(), member}) {
        require_problem(s.get("/api/v1/webhooks", token), 403);
        require_problem(s.post("/api/v1/webhooks", body, token), 403);
    }
    require_problem(s.get("/api/v1/webhooks", ""), 401);
    CHECK(list_all(s, "/api/v1/webhooks").empty());
    auto r = s.post("/api/v1/webhooks", body, s.coordinator());
    REQUIRE(r.status == 201);
    auto path = "/api/v1/webhooks/" + std::to_string(r.j()["id"].get<std::int64_t>());
    for (const auto& token : {s.organizer_token(), member}) {
        require_problem(s.get(path, token), 403);
        require_problem(s.patch(path, {{"active", false}}, token), 403);
        require_problem(s.del(path, token), 403);
        require_problem(s.get(path + "/deliveries", token), 403);
        require_problem(s.post(path + "/deliveries/1/redeliver", json::object(), token), 403);
    }
    CHECK(s.get(path, s.coordinator()).j()["active"] == true);
}

TEST_CASE("A webhook needs an https URL (http only to loopback), known events and a whsec_ secret", "[webhooks][api]")
{
    test_server s;
    auto post = [&](json body) { return s.post("/api/v1/webhooks", body, s.coordinator()); };
    json events = {"meeting.scheduled"};
    for (const auto* bad : {"http://example.org/hook", "ftp://example.org/hook", "https://", "https://user:pw@example.org/",
                            "http://127.0.0.1.example.org/", "example.org/hook", "https://exa mple.org/"}) {
        INFO(bad);
        auto r = post({{"url", bad}, {"events", events}});
        require_problem(r, 422);
        CHECK(r.j()["errors"][0]["field"] == "url");
    }
    for (json bad_events : {json::array(), json{"meeting.exploded"}, json{"rsvp.changed", "rsvp.changed"}, json("rsvp.changed"),
                            json{1}}) {
        INFO(bad_events.dump());
        auto r = post({{"url", "https://example.org/hook"}, {"events", bad_events}});
        require_problem(r, 422);
        CHECK(r.j()["errors"][0]["field"] == "events");
    }
    require_problem(post({{"url", "https://example.org/hook"}}), 422);
    for (const auto* bad : {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_short", "whsec_not*base64*at*all*here*no", "whsec_"}) {
        INFO(bad);
        auto r = post({{"url", "https://example.org/hook"}, {"events", events}, {"secret", bad}});
        require_problem(r, 422);
        CHECK(r.j()["errors"][0]["field"] == "secret");
    }
    require_problem(post({{"url", "https://example.org/hook"}, {"events", events}, {"id", 5}}), 422);
    require_problem(post({{"url", "https://example.org/hook"}, {"events", events}, {"colour", "red"}}), 422);
    CHECK(list_all(s, "/api/v1/webhooks").empty()); // nothing of it was kept

    for (const auto* good : {"https://example.org/hook", "http://127.0.0.1:9/hook", "http://localhost:9/", "http://[::1]:9/x"}) {
        INFO(good);
        CHECK(post({{"url", good}, {"events", events}}).status == 201);
    }
}

TEST_CASE("A webhook's secret is made by the server when not given and shown once", "[webhooks][api]")
{
    test_server s;
    auto r = s.post("/api/v1/webhooks", {{"url", "https://example.org/hook"}, {"events", {"rsvp.changed"}}},
                    s.coordinator());
    REQUIRE(r.status == 201);
    CHECK(r.header("cache-control") == "private, no-store");
    auto made = r.j()["secret"].get<std::string>();
    CHECK(made.rfind("whsec_", 0) == 0);
    CHECK(made.size() == 6 + 44); // the base64 of 32 bytes
    auto path = r.header("location");
    auto got = s.get(path, s.coordinator());
    CHECK_FALSE(got.j().contains("secret"));
    CHECK(got.body.find(made.substr(6)) == std::string::npos);
    CHECK(list_all(s, "/api/v1/webhooks").dump().find(made.substr(6)) == std::string::npos);

    SECTION("a replay of the creation does not show it again")
    {
        auto body = json{{"url", "https://example.org/other"}, {"events", {"rsvp.changed"}}};
        auto first = s.request("POST", "/api/v1/webhooks", body, s.coordinator(), {{"Idempotency-Key", "k1"}});
        auto again = s.request("POST", "/api/v1/webhooks", body, s.coordinator(), {{"Idempotency-Key", "k1"}});
        REQUIRE(first.status == 201);
        CHECK(first.j()["secret"].is_string());
        CHECK(again.j()["id"] == first.j()["id"]);
        CHECK(again.j()["secret"].is_null());
    }
    SECTION("PATCH changes the rest, never the secret, and honours If-Match")
    {
        require_problem(s.patch(path, {{"secret", secret}}, s.coordinator()), 422);
        require_problem(s.patch(path, {{"url", "http://example.org/"}}, s.coordinator()), 422);
        auto stale = s.request("PATCH", path, json{{"active", false}}, s.coordinator(), {{"If-Match", "\"1-99\""}});
        require_problem(stale, 412);
        auto p = s.request("PATCH", path, json{{"events", {"meeting.held", "person.erased"}}, {"description", "CRM"}},
                           s.coordinator(), {{"If-Match", got.header("etag")}});
        INFO(p.body);
        REQUIRE(p.status == 200);
        CHECK(p.j()["events"] == json{"meeting.held", "person.erased"});
        CHECK(p.j()["url"] == "https://example.org/hook");
        CHECK(s.del(path, s.coordinator()).status == 204);
        require_problem(s.get(path, s.coordinator()), 404);
    }
}

TEST_CASE("Events reach the receiver signed, small, and only those subscribed", "[webhooks][api]")
{
    receiver rx;
    test_server s(fast);
    subscribe(s, rx.url(), {"meeting.scheduled", "rsvp.changed", "person.erased"});
    auto org = create_org(s, "Biedrība Zaļā", {{"membership", "member"}});
    auto person = create_person(s, org, "Jānis Bērziņš", {{"email", "janis@example.org"}});
    auto meeting = create_meeting(s, {{"status", "scheduled"}});
    REQUIRE(s.patch(meeting_path(meeting), {{"description", "updated"}}, s.coordinator()).status == 200); // not subscribed
    REQUIRE(s.put(meeting_path(meeting, "/rsvps/" + std::to_string(person)), {{"response", "yes"}}, s.coordinator()).status < 300);
    REQUIRE(s.del("/api/v1/people/" + std::to_string(person), s.coordinator()).status == 204);
    auto got = rx.wait_until([](const auto& g) { return delivered_count(g) >= 3; });
    REQUIRE(got.size() == 3);
    std::map<std::string, json> by_type; // resources apart, deliveries run side by side
    for (const auto& r : got) {
        INFO(r.dump());
        CHECK(r["verified"] == true);
        CHECK(r["payload"]["timestamp"].is_string());
        CHECK(r["payload"]["data"]["version"].is_number_integer());
        by_type[r["payload"]["type"].get<std::string>()] = r["payload"]["data"];
    }
    REQUIRE(by_type.size() == 3);
    auto link = [](const std::string& path) { return "http://127.0.0.1:8080" + path; }; // the default --public-url
    CHECK(by_type["meeting.scheduled"]["resource"] == "meeting");
    CHECK(by_type["meeting.scheduled"]["id"] == meeting);
    CHECK(by_type["meeting.scheduled"]["link"] == link(meeting_path(meeting)));
    CHECK(by_type["rsvp.changed"]["id"] == meeting);
    CHECK(by_type["rsvp.changed"]["link"] == link(meeting_path(meeting, "/rsvps")));
    CHECK(by_type["rsvp.changed"]["version"].get<std::int64_t>() > by_type["meeting.scheduled"]["version"].get<std::int64_t>());
    CHECK(by_type["person.erased"] == json{{"resource", "person"}, {"id", person}, {"version", by_type["person.erased"]["version"]},
                                           {"link", link("/api/v1/people/" + std::to_string(person))}});
    // No personal data in any body.
    for (const auto& r : got)
        CHECK(r["payload"].dump().find("Bērziņš") == std::string::npos);
}

TEST_CASE("A closed vote tells subscribers decision.recorded, with the decision's link", "[webhooks][api][decisions]")
{
    receiver rx;
    test_server s(fast);
    subscribe(s, rx.url(), {"decision.recorded"});
    auto org = create_org(s, "Biedrība Zaļā", {{"membership", "member"}});
    auto person = create_person(s, org, "Jānis Bērziņš");
    auto meeting = create_meeting_today(s, {{"quorum", 1}});
    invite_all(s, meeting);
    REQUIRE(s.put(meeting_path(meeting, "/attendance/" + std::to_string(person)), json::object(), s.organizer_token()).status == 201);
    auto item = s.post(meeting_path(meeting, "/agenda"), {{"title", "Lēmums"}, {"kind", "decision"}}, s.organizer_token());
    REQUIRE(item.status == 201);
    auto d = s.post(meeting_path(meeting, "/decisions"), {{"agenda_item_id", item.j()["id"]}, {"text", "Atbalstīt"}, {"rule", "consensus"}},
                    s.organizer_token());
    REQUIRE(d.status == 201);
    auto id = d.j()["id"].get<std::int64_t>();
    REQUIRE(s.put("/api/v1/decisions/" + std::to_string(id) + "/votes/" + std::to_string(org), {{"vote", "for"}},
                  s.organizer_token()).status < 300);
    REQUIRE(s.post("/api/v1/decisions/" + std::to_string(id) + "/close", json::object(), s.organizer_token()).status == 200);
    auto got = rx.wait_until([](const auto& g) { return delivered_count(g) >= 1; });
    REQUIRE(got.size() == 1); // casting a vote is not an event; the close is
    CHECK(got[0]["verified"] == true);
    CHECK(got[0]["payload"]["type"] == "decision.recorded");
    CHECK(got[0]["payload"]["data"]["resource"] == "decision");
    CHECK(got[0]["payload"]["data"]["id"] == id);
    CHECK(got[0]["payload"]["data"]["link"] == "http://127.0.0.1:8080/api/v1/decisions/" + std::to_string(id));
}

TEST_CASE("A failing receiver is retried with exponential back-off, and the log shows each attempt", "[webhooks][api]")
{
    receiver rx(3);
    test_server s({"--webhook-retry-base-ms", "300", "--webhook-poll-ms", "20"});
    auto hook = subscribe(s, rx.url());
    create_meeting(s, {{"status", "scheduled"}});
    auto got = rx.wait_until([](const auto& g) { return delivered_count(g) >= 1; });
    REQUIRE(got.size() == 4);
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i]["id"] == got[0]["id"]); // the same message each time
        CHECK(got[i]["verified"] == true);
    }
    auto gap = [&](int i) { return got[i]["at"].get<std::int64_t>() - got[i - 1]["at"].get<std::int64_t>(); };
    CHECK(gap(1) >= 300);
    CHECK(gap(2) >= 600);
    CHECK(gap(3) >= 1200);
    CHECK(gap(3) < 5000);
    // The receiver logs before it answers: the server records the answer a moment later.
    json log;
    for (int i = 0; i < 100; ++i) {
        log = list_all(s, "/api/v1/webhooks/" + std::to_string(hook) + "/deliveries");
        if (log.size() == 1 && log[0]["state"] == "delivered")
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(log.size() == 1);
    CHECK(log[0]["state"] == "delivered");
    CHECK(log[0]["attempts"] == 4);
    CHECK(log[0]["last_status"] == 200);
    CHECK(log[0]["event_type"] == "meeting.scheduled");
    auto metrics = s.get("/metrics", "").body;
    CHECK(metrics.find("sanaksme_webhook_deliveries{state=\"delivered\"} 1") != std::string::npos);
    CHECK(metrics.find("sanaksme_webhook_failed_attempts_total 3") != std::string::npos);
}

TEST_CASE("A delivery can be sent again by hand, with the same webhook-id", "[webhooks][api]")
{
    receiver rx;
    test_server s(fast);
    auto hook = subscribe(s, rx.url());
    create_meeting(s, {{"status", "scheduled"}});
    rx.wait_until([](const auto& g) { return delivered_count(g) >= 1; });
    auto base = "/api/v1/webhooks/" + std::to_string(hook);
    auto log = list_all(s, base + "/deliveries");
    REQUIRE(log.size() == 1);
    auto delivery = std::to_string(log[0]["id"].get<std::int64_t>());
    require_problem(s.post(base + "/deliveries/999/redeliver", json::object(), s.coordinator()), 404);
    require_problem(s.post("/api/v1/webhooks/999/deliveries/" + delivery + "/redeliver", json::object(), s.coordinator()), 404);
    auto r = s.post(base + "/deliveries/" + delivery + "/redeliver", json::object(), s.coordinator());
    INFO(r.body);
    REQUIRE(r.status == 202);
    CHECK(r.j()["state"] == "pending");
    auto got = rx.wait_until([](const auto& g) { return g.size() >= 2; });
    REQUIRE(got.size() == 2);
    CHECK(got[1]["id"] == got[0]["id"]);
    CHECK(got[1]["verified"] == true);
    json after;
    for (int i = 0; i < 100; ++i) {
        after = list_all(s, base + "/deliveries");
        if (after[0]["state"] == "delivered" && after[0]["attempts"] == 2)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(after[0]["state"] == "delivered");
    CHECK(after[0]["attempts"] == 2);
}

TEST_CASE("A subscription failing for the give-up window is disabled, and enabled again by PATCH", "[webhooks][api]")
{
    receiver rx(1000000);
    test_server s({"--webhook-retry-base-ms", "100", "--webhook-poll-ms", "20", "--webhook-give-up-seconds", "1",
                   "--reply-to", "Platforma <kontakts@platforma.example>"});
    auto hook = subscribe(s, rx.url());
    auto path = "/api/v1/webhooks/" + std::to_string(hook);
    create_meeting(s, {{"status", "scheduled"}});
    json w;
    for (int i = 0; i < 100; ++i) {
        w = s.get(path, s.coordinator()).j();
        if (w["active"] == false)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(w["active"] == false);
    CHECK(w["disabled_at"].is_string());
    CHECK(w["failing_since"].is_string());
    auto log = list_all(s, path + "/deliveries");
    REQUIRE(log.size() == 1);
    CHECK(log[0]["state"] == "failed");
    CHECK(log[0]["last_status"] == 500);
    auto audit = s.get("/api/v1/audit?resource=webhook&action=disable", s.coordinator()).j()["items"];
    CHECK(audit.size() == 1);
    // The platform's contact hears of it by mail, in the outbox.
    json notices = json::array();
    for (const auto& m : list_all(s, "/api/v1/outbox"))
        if (m["kind"] == "webhook_disabled")
            notices.push_back(m);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0]["to_address"] == "kontakts@platforma.example");
    CHECK(notices[0]["subject"].get<std::string>().find("A webhook is disabled") != std::string::npos);
    // Disabled: nothing is queued for it or sent to it.
    auto sent = rx.received().size();
    create_meeting(s, {{"status", "scheduled"}});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(rx.received().size() == sent);
    auto r = s.patch(path, {{"active", true}}, s.coordinator());
    CHECK(r.j()["failing_since"].is_null());
    CHECK(r.j()["disabled_at"].is_null());
}

TEST_CASE("A slow receiver delays no other, and a request never waits for a delivery", "[webhooks][api]")
{
    receiver slow(0, 3000), quick;
    test_server s({"--webhook-poll-ms", "20", "--webhook-timeout-ms", "10000"});
    subscribe(s, slow.url(), {"meeting.scheduled"});
    subscribe(s, quick.url(), {"meeting.scheduled"});
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 6; ++i)
        create_meeting(s, {{"status", "scheduled"}});
    auto answered = std::chrono::steady_clock::now() - start;
    auto got = quick.wait_until([](const auto& g) { return delivered_count(g) >= 6; }, 10000);
    auto quick_done = std::chrono::steady_clock::now() - start;
    CHECK(delivered_count(got) == 6);
    CHECK(answered < std::chrono::milliseconds(2500)); // six creations answered before the slow receiver's first answer
    CHECK(quick_done < std::chrono::milliseconds(2500));
    CHECK(slow.received().empty()); // still waiting on its first answers
    auto slow_got = slow.wait_until([](const auto& g) { return delivered_count(g) >= 6; }, 20000);
    CHECK(delivered_count(slow_got) == 6);
}

TEST_CASE("Nothing is lost or reordered per resource across a kill -9, duplicates only at the crash", "[webhooks][api]")
{
    receiver rx(6);
    test_server s(fast);
    subscribe(s, rx.url());
    auto org = create_org(s, "Biedrība Zaļā", {{"membership", "member"}});
    auto person = create_person(s, org, "Anna Kalniņa");
    auto a = create_meeting(s, {{"status", "scheduled"}});
    auto b = create_meeting(s, {{"status", "scheduled"}});
    std::map<std::int64_t, std::vector<std::string>> expected{{a, {"meeting.scheduled"}}, {b, {"meeting.scheduled"}}};
    auto change = [&](std::int64_t m, int i) {
        auto r = s.patch(meeting_path(m), {{"description", "v" + std::to_string(i)}}, s.coordinator());
        REQUIRE(r.status == 200);
        expected[m].push_back("meeting.updated");
    };
    auto rsvp = [&](const char* response) {
        auto r = s.put(meeting_path(a, "/rsvps/" + std::to_string(person)), {{"response", response}}, s.coordinator());
        REQUIRE(r.status < 300);
        expected[a].push_back("rsvp.changed");
    };
    for (int i = 0; i < 5; ++i) {
        change(a, i);
        change(b, i);
    }
    rsvp("yes");
    rsvp("maybe");
    // Answered 2xx means queued: a crash now loses none of it.
    auto crash_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count();
    s.crash_and_restart();
    for (int i = 5; i < 8; ++i) {
        change(a, i);
        change(b, i);
    }
    rsvp("no");
    REQUIRE(s.patch(meeting_path(b), {{"status", "cancelled"}}, s.coordinator()).status == 200);
    expected[b].push_back("meeting.cancelled");
    std::size_t total = expected[a].size() + expected[b].size();
    auto got = rx.wait_until([&](const auto& g) { return delivered_count(g) >= total; }, 30000);
    REQUIRE(delivered_count(got) == total);

    // Per resource, in the order of arrival of each message's first 2xx: the changes in order.
    std::map<std::int64_t, std::vector<std::string>> arrived;
    std::map<std::int64_t, std::int64_t> last_version;
    std::set<std::string> done;
    int duplicates = 0;
    for (const auto& r : got) {
        INFO(r.dump());
        REQUIRE(r["verified"] == true);
        if (r["status"] != 200)
            continue;
        auto id = r["id"].get<std::string>();
        if (!done.insert(id).second) {
            ++duplicates; // at least once: only a message whose answer the crash may have cut off
            CHECK(r["at"].get<std::int64_t>() >= crash_at - 1000);
            continue;
        }
        auto m = r["payload"]["data"]["id"].get<std::int64_t>();
        auto v = r["payload"]["data"]["version"].get<std::int64_t>();
        CHECK(v > last_version[m]);
        last_version[m] = v;
        arrived[m].push_back(r["payload"]["type"].get<std::string>());
    }
    CHECK(arrived[a] == expected[a]);
    CHECK(arrived[b] == expected[b]);
    CHECK(duplicates <= 16);
}
