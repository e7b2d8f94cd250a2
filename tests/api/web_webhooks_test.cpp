// The coordinator's webhooks page through the real server: add by form (the secret shown once,
// in the answer to the POST), a bad address as a field error that adds nothing, disable and
// enable, the delivery log with "send again", delete; other roles are refused.
#include "support/web_browser.hpp"

#include <thread>

using namespace sanaksme::test;

TEST_CASE("webhooks page: add with the secret shown once, disable, deliveries, send again, delete", "[web][webhooks][api]")
{
    test_server s({"--webhook-retry-base-ms", "100000", "--webhook-poll-ms", "20", "--webhook-timeout-ms", "500"});
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto page = b.get("/webhooks?lang=en");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "No webhooks yet."));
    CHECK(has(page.body, "href=\"/webhooks\" aria-current=\"page\""));
    auto csrf = csrf_of(page.body);

    auto bad = b.post("/webhooks", form({{"csrf", csrf}, {"url", "http://example.org/hook"}, {"event_meeting.scheduled", "1"}}));
    CHECK(bad.status == 422);
    CHECK(has(bad.body, "<a href=\"#url\">"));
    auto none = b.post("/webhooks", form({{"csrf", csrf}, {"url", "https://example.org/hook"}}));
    CHECK(none.status == 422);
    CHECK(has(none.body, "<a href=\"#events\">"));
    CHECK(list_all(s, "/api/v1/webhooks").empty());

    // Port 9 (discard) on loopback: nothing listens, every attempt fails at once.
    auto made = b.post("/webhooks", form({{"csrf", csrf}, {"url", "http://127.0.0.1:9/hook"}, {"description", "CRM"},
                                          {"event_meeting.scheduled", "1"}, {"event_rsvp.changed", "1"}}));
    REQUIRE(made.status == 201);
    std::smatch m;
    REQUIRE(std::regex_search(made.body, m, std::regex("value=\"(whsec_[A-Za-z0-9+/=]+)\"")));
    auto secret = m[1].str();
    auto hooks = list_all(s, "/api/v1/webhooks");
    REQUIRE(hooks.size() == 1);
    CHECK(hooks[0]["events"] == json{"meeting.scheduled", "rsvp.changed"});
    CHECK(hooks[0]["description"] == "CRM");
    auto id = std::to_string(hooks[0]["id"].get<std::int64_t>());
    auto again = b.get("/webhooks");
    CHECK_FALSE(has(again.body, secret)); // once only
    CHECK(has(again.body, "http://127.0.0.1:9/hook"));

    create_meeting(s, {{"status", "scheduled"}});
    json log;
    for (int i = 0; i < 100; ++i) {
        log = list_all(s, "/api/v1/webhooks/" + id + "/deliveries");
        if (!log.empty() && log[0]["attempts"].get<int>() >= 1)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(log.size() == 1);
    REQUIRE(log[0]["attempts"] == 1);
    auto deliveries = b.get("/webhooks/" + id);
    REQUIRE(deliveries.status == 200);
    CHECK(has(deliveries.body, "meeting.scheduled"));
    auto delivery = std::to_string(log[0]["id"].get<std::int64_t>());
    CHECK(has(deliveries.body, "action=\"/webhooks/" + id + "/redeliver\""));
    CHECK(has(deliveries.body, "name=\"delivery_id\" value=\"" + delivery + "\""));
    CHECK(b.post("/webhooks/" + id + "/redeliver", form({{"csrf", csrf}, {"delivery_id", "999"}})).status == 404);
    auto sent = b.post("/webhooks/" + id + "/redeliver", form({{"csrf", csrf}, {"delivery_id", delivery}}));
    CHECK(sent.status == 303);
    for (int i = 0; i < 100 && log[0]["attempts"] == 1; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        log = list_all(s, "/api/v1/webhooks/" + id + "/deliveries");
    }
    CHECK(log[0]["attempts"] == 2); // the back-off (100 s) would not have sent it yet

    CHECK(b.post("/webhooks/" + id + "/active", form({{"csrf", csrf}})).status == 303);
    CHECK(s.get("/api/v1/webhooks/" + id, s.coordinator()).j()["active"] == false);
    CHECK(has(b.get("/webhooks/" + id + "?lang=en").body, "This webhook is disabled"));
    CHECK(b.post("/webhooks/" + id + "/active", form({{"csrf", csrf}})).status == 303);
    CHECK(s.get("/api/v1/webhooks/" + id, s.coordinator()).j()["active"] == true);
    CHECK(b.post("/webhooks/" + id + "/delete", form({{"csrf", csrf}})).status == 303);
    CHECK(list_all(s, "/api/v1/webhooks").empty());
    CHECK(b.get("/webhooks/" + id).status == 303); // gone: back to the list
}

TEST_CASE("webhooks page: organizers and representatives are refused", "[web][webhooks][authz][api]")
{
    test_server s;
    browser organizer{s};
    sign_in(organizer, "organizatore@platforma.example", "organizer");
    auto page = organizer.get("/webhooks");
    CHECK(page.status == 403);
    CHECK_FALSE(has(organizer.get("/").body, "href=\"/webhooks\""));
    auto csrf = csrf_of(organizer.get("/").body);
    CHECK(organizer.post("/webhooks", form({{"csrf", csrf}, {"url", "https://example.org/"}, {"event_meeting.held", "1"}})).status == 403);
    CHECK(list_all(s, "/api/v1/webhooks").empty());
}
