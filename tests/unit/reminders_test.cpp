// The burst rule (domain/reminders): who may get a reminder or nudge, and when.
#include "domain/reminders.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

namespace {
constexpr std::int64_t now = 2'000'000'000, hour = 3600;
const std::optional<std::string> none;
} // namespace

TEST_CASE("a reminder skips a 'no', a nudge everyone who answered", "[reminders]")
{
    CHECK(may_send("reminder", 1, std::string("no"), {}, now) == send_verdict::not_wanted);
    CHECK(may_send("reminder", 1, std::string("yes"), {}, now) == send_verdict::send);
    CHECK(may_send("reminder", 1, none, {}, now) == send_verdict::send);
    CHECK(may_send("rsvp_nudge", 1, std::string("yes"), {}, now) == send_verdict::not_wanted);
    CHECK(may_send("rsvp_nudge", 1, std::string("no"), {}, now) == send_verdict::not_wanted);
    CHECK(may_send("rsvp_nudge", 1, none, {}, now) == send_verdict::send);
}

TEST_CASE("no reminder or nudge within 24 h of the invitation or another reminder of the meeting", "[reminders]")
{
    std::vector<ledger_entry> invited{{"invitation", 1, now - 10}};
    CHECK(may_send("reminder", 1, none, invited, now) == send_verdict::too_soon);
    CHECK(may_send("rsvp_nudge", 1, none, invited, now) == send_verdict::too_soon);
    std::vector<ledger_entry> reminded{{"reminder", 1, now - 23 * hour}};
    CHECK(may_send("reminder", 1, none, reminded, now) == send_verdict::too_soon);
    CHECK(may_send("rsvp_nudge", 1, none, reminded, now) == send_verdict::too_soon);
    std::vector<ledger_entry> nudged{{"rsvp_nudge", 1, now - hour}};
    CHECK(may_send("reminder", 1, none, nudged, now) == send_verdict::too_soon);
    std::vector<ledger_entry> cancelled{{"cancellation", 1, now - hour}};
    CHECK(may_send("reminder", 1, none, cancelled, now) == send_verdict::too_soon);
}

TEST_CASE("after 24 h, or for another meeting, or after minutes, a reminder goes", "[reminders]")
{
    CHECK(may_send("reminder", 1, none, {{"invitation", 1, now - 24 * hour}}, now) == send_verdict::send);
    CHECK(may_send("reminder", 1, none, {{"reminder", 1, now - 25 * hour}}, now) == send_verdict::send);
    CHECK(may_send("reminder", 1, none, {{"invitation", 2, now - hour}}, now) == send_verdict::send);
    CHECK(may_send("reminder", 1, none, {{"minutes", 1, now - hour}}, now) == send_verdict::send);
}

TEST_CASE("invitations, updates, cancellations and minutes are never held back", "[reminders]")
{
    std::vector<ledger_entry> busy{{"invitation", 1, now - 1}, {"reminder", 1, now - 1}};
    for (const char* kind : {"invitation", "cancellation", "minutes"})
        CHECK(may_send(kind, 1, std::string("no"), busy, now) == send_verdict::send);
}
