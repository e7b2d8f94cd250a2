// Webhooks' pure rules (domain/webhooks) and the Standard Webhooks signature (auth/webhook_signature).
#include "auth/webhook_signature.hpp"
#include "domain/error.hpp"
#include "domain/webhooks.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme;

TEST_CASE("the signature is the Standard Webhooks specification's own example", "[webhooks][unit]")
{
    // The test vector published with the specification (standard-webhooks/standard-webhooks).
    CHECK(auth::webhook_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                  R"({"test": 2432232314})") == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    auto made = auth::new_webhook_secret();
    CHECK(made.size() == 50);
    CHECK(domain::check_webhook_secret(made).size() == 44);
    CHECK(made != auth::new_webhook_secret());
}

TEST_CASE("audited changes map to webhook events", "[webhooks][unit]")
{
    auto type = [](std::string_view action, std::string_view resource, std::string_view before = "", std::string_view after = "") {
        auto e = domain::webhook_event_for(action, resource, before, after);
        return e ? std::string(e->type) : std::string("-");
    };
    CHECK(type("create", "meeting", "", "scheduled") == "meeting.scheduled");
    CHECK(type("create", "meeting", "", "draft") == "-");
    CHECK(type("update", "meeting", "draft", "scheduled") == "meeting.scheduled");
    CHECK(type("update", "meeting", "scheduled", "scheduled") == "meeting.updated");
    CHECK(type("update", "meeting", "draft", "draft") == "-");
    CHECK(type("update", "meeting", "scheduled", "cancelled") == "meeting.cancelled");
    CHECK(type("update", "meeting", "scheduled", "held") == "meeting.held");
    CHECK(type("rsvp", "meeting") == "rsvp.changed");
    CHECK(type("rsvp_withdraw", "meeting") == "rsvp.changed");
    for (auto a : {"check_in", "check_in_undo", "walk_in", "excuse", "excuse_withdraw"})
        CHECK(type(a, "meeting") == "attendance.changed");
    CHECK(type("minutes_save", "meeting", "", "circulated") == "minutes.circulated");
    CHECK(type("minutes_save", "meeting", "", "draft") == "-");
    CHECK(type("minutes_approve", "meeting") == "minutes.approved");
    CHECK(type("erase", "person") == "person.erased");
    CHECK(type("delete", "person") == "person.erased");
    CHECK(type("update", "person") == "-");
    CHECK(type("create", "token") == "-");
    CHECK(type("close", "decision") == "decision.recorded");
    CHECK(type("vote", "decision") == "-");
    CHECK(domain::webhook_event_for("erase", "person", "", "")->resource == "person");
    for (auto e : domain::webhook_events)
        CHECK(domain::known_webhook_event(e));
}

TEST_CASE("webhook URLs: https anywhere, http only to loopback", "[webhooks][unit]")
{
    for (auto ok : {"https://example.org/hook", "https://example.org:8443/a?b=c", "http://127.0.0.1:9/x", "http://127.1.2.3/",
                    "http://localhost:8080/", "http://[::1]:9/", "https://[2001:db8::1]/x"})
        CHECK_NOTHROW(domain::check_webhook_url(ok));
    for (auto bad : {"http://example.org/", "ftp://example.org/", "https://", "https://u:p@example.org/", "https://a b/",
                     "http://127.0.0.1.nip.io/", "http://10.0.0.1/", "//example.org", ""})
        CHECK_THROWS_AS(domain::check_webhook_url(bad), domain::error);
}

TEST_CASE("webhook secrets and events are checked", "[webhooks][unit]")
{
    CHECK_NOTHROW(domain::check_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    for (auto bad : {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_", "whsec_c2hvcnQ=", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La*aSw",
                     "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"})
        CHECK_THROWS_AS(domain::check_webhook_secret(bad), domain::error);
    CHECK_NOTHROW(domain::check_webhook_events({"meeting.held", "rsvp.changed"}));
    CHECK_THROWS_AS(domain::check_webhook_events({}), domain::error);
    CHECK_THROWS_AS(domain::check_webhook_events({"meeting.held", "meeting.held"}), domain::error);
    CHECK_THROWS_AS(domain::check_webhook_events({"meeting.exploded"}), domain::error);
}

TEST_CASE("failed webhook deliveries back off exponentially up to an hour", "[webhooks][unit]")
{
    CHECK(domain::webhook_retry_delay_ms(1, 5000) == 5000);
    CHECK(domain::webhook_retry_delay_ms(2, 5000) == 10000);
    CHECK(domain::webhook_retry_delay_ms(5, 5000) == 80000);
    CHECK(domain::webhook_retry_delay_ms(30, 5000) == 3600 * 1000);
    CHECK(domain::webhook_retry_delay_ms(1000, 100) == 3600 * 1000);
    CHECK(domain::webhook_delivered(200));
    CHECK(domain::webhook_delivered(204));
    CHECK_FALSE(domain::webhook_delivered(301));
    CHECK_FALSE(domain::webhook_delivered(500));
    CHECK_FALSE(domain::webhook_delivered(0));
}
