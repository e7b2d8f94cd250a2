// The vote outcome of a decision under each rule, and who may cast or change what, without a server.
#include "domain/decision.hpp"
#include "domain/error.hpp"

#include "support/domain_error.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace sanaksme::domain;

namespace {

using sanaksme::test::kind_of;

// Organizations 1..n_for vote for, the next n_against against, the next n_abstain abstain; the
// first `present` organizations are checked in.
vote_facts facts(decision_rule rule, int n_for, int n_against, int n_abstain, int present, int members,
                 std::optional<std::int64_t> quorum = std::nullopt)
{
    vote_facts f{rule, {}, {}, members, quorum};
    std::int64_t id = 1;
    for (int i = 0; i < n_for; ++i)
        f.votes.push_back({id++, vote_choice::for_});
    for (int i = 0; i < n_against; ++i)
        f.votes.push_back({id++, vote_choice::against});
    for (int i = 0; i < n_abstain; ++i)
        f.votes.push_back({id++, vote_choice::abstain});
    for (std::int64_t p = 1; p <= present; ++p)
        f.present_organizations.push_back(p);
    return f;
}

} // namespace

TEST_CASE("the seed's figures: 14 for, 2 against, 1 abstained; 17 of 25 present", "[decision][unit]")
{
    auto r = decide(facts(decision_rule::majority_present, 14, 2, 1, 17, 25, 13));
    CHECK(r.outcome == decision_outcome::adopted);
    CHECK(r.votes_for == 14);
    CHECK(r.votes_against == 2);
    CHECK(r.abstentions == 1);
    CHECK(r.present == 17);
    CHECK(r.members == 25);
    CHECK(r.quorum == 13);
    CHECK(r.required == 9);
}

TEST_CASE("the same votes are adopted or rejected depending on the rule", "[decision][unit]")
{
    // 10 for, 5 against, 2 abstain; 17 of 25 present, quorum 13.
    auto under = [](decision_rule rule) { return decide(facts(rule, 10, 5, 2, 17, 25, 13)); };
    CHECK(under(decision_rule::majority_present).outcome == decision_outcome::adopted); // 10 > 17/2
    CHECK(under(decision_rule::two_thirds_present).outcome == decision_outcome::rejected); // 10 < 12
    CHECK(under(decision_rule::two_thirds_present).required == 12);
    CHECK(under(decision_rule::majority_members).outcome == decision_outcome::rejected); // 10 < 13
    CHECK(under(decision_rule::majority_members).required == 13);
    CHECK(under(decision_rule::consensus).outcome == decision_outcome::rejected); // 5 against
}

TEST_CASE("abstentions and silent organizations present count as not in favour of a majority of those present",
          "[decision][unit]")
{
    // 8 for, 0 against, 9 abstain: 8 is not more than half of 17.
    CHECK(decide(facts(decision_rule::majority_present, 8, 0, 9, 17, 25)).outcome == decision_outcome::rejected);
    CHECK(decide(facts(decision_rule::majority_present, 9, 0, 8, 17, 25)).outcome == decision_outcome::adopted);
    // 9 for of 17 present with 8 not voting at all: still more than half.
    CHECK(decide(facts(decision_rule::majority_present, 9, 0, 0, 17, 25)).outcome == decision_outcome::adopted);
    CHECK(decide(facts(decision_rule::majority_present, 8, 0, 0, 17, 25)).outcome == decision_outcome::rejected);
    // Two thirds of 18 is 12 exactly; of 17 it is 11.33, so 12.
    CHECK(decide(facts(decision_rule::two_thirds_present, 12, 6, 0, 18, 25)).outcome == decision_outcome::adopted);
    CHECK(decide(facts(decision_rule::two_thirds_present, 11, 0, 6, 17, 25)).outcome == decision_outcome::rejected);
    CHECK(decide(facts(decision_rule::two_thirds_present, 12, 0, 5, 17, 25)).outcome == decision_outcome::adopted);
    // A tie is no majority.
    CHECK(decide(facts(decision_rule::majority_present, 8, 8, 0, 16, 25)).outcome == decision_outcome::rejected);
}

TEST_CASE("consensus holds while nobody votes against; abstentions and silence do not block", "[decision][unit]")
{
    CHECK(decide(facts(decision_rule::consensus, 0, 0, 0, 17, 25)).outcome == decision_outcome::adopted);
    CHECK(decide(facts(decision_rule::consensus, 3, 0, 14, 17, 25)).outcome == decision_outcome::adopted);
    CHECK(decide(facts(decision_rule::consensus, 16, 1, 0, 17, 25)).outcome == decision_outcome::rejected);
    CHECK(decide(facts(decision_rule::consensus, 16, 1, 0, 17, 25)).required == 0);
}

TEST_CASE("a majority of all members counts the absent too", "[decision][unit]")
{
    // 13 of 25 members for: adopted, however few are present beyond the quorum.
    CHECK(decide(facts(decision_rule::majority_members, 13, 0, 0, 13, 25, 13)).outcome == decision_outcome::adopted);
    CHECK(decide(facts(decision_rule::majority_members, 12, 0, 0, 20, 25, 13)).outcome == decision_outcome::rejected);
    CHECK(decide(facts(decision_rule::majority_members, 13, 0, 0, 20, 26, 13)).outcome == decision_outcome::rejected);
}

TEST_CASE("without the quorum present no rule adopts anything", "[decision][unit]")
{
    auto r = decide(facts(decision_rule::majority_present, 12, 0, 0, 12, 25, 13));
    CHECK(r.outcome == decision_outcome::no_quorum);
    CHECK(r.present == 12);
    CHECK(decide(facts(decision_rule::consensus, 0, 0, 0, 12, 25, 13)).outcome == decision_outcome::no_quorum);
    // Without the meeting's own quorum, a simple majority of the members: 13 of 25.
    CHECK(decide(facts(decision_rule::consensus, 0, 0, 0, 12, 25)).outcome == decision_outcome::no_quorum);
    CHECK(decide(facts(decision_rule::consensus, 0, 0, 0, 13, 25)).outcome == decision_outcome::adopted);
    CHECK(decide(facts(decision_rule::consensus, 0, 0, 0, 0, 0, 0)).outcome == decision_outcome::no_quorum);
}

TEST_CASE("an organization that voted counts as present even after it checked out", "[decision][unit]")
{
    // 10 checked in at the close; organizations 11 and 12 voted earlier and left.
    auto f = facts(decision_rule::majority_present, 12, 0, 0, 10, 25, 5);
    auto r = decide(f);
    CHECK(r.present == 12);
    CHECK(r.present_organizations.size() == 12);
    CHECK(r.outcome == decision_outcome::adopted);
}

TEST_CASE("an organization has one vote", "[decision][unit]")
{
    vote_facts f{decision_rule::majority_present, {{1, vote_choice::for_}, {1, vote_choice::against}}, {1}, 3, 1};
    CHECK(kind_of([&] { decide(f); }) == error_kind::invalid);
}

TEST_CASE("a closed decision and one of approved minutes do not change; follow-up begins at the close",
          "[decision][unit]")
{
    CHECK_NOTHROW(require_decision_open({false, false}));
    CHECK(kind_of([] { require_decision_open({true, false}); }) == error_kind::conflict);
    CHECK(kind_of([] { require_decision_open({false, true}); }) == error_kind::conflict);
    CHECK(kind_of([] { require_follow_up_editable({false, false}); }) == error_kind::conflict);
    CHECK_NOTHROW(require_follow_up_editable({true, false}));
    CHECK_NOTHROW(require_follow_up_editable({true, true}));
    CHECK(kind_of([] { require_voting_member(false); }) == error_kind::conflict);
}

TEST_CASE("a member casts its own organization's vote while present; organizers record anyone's", "[decision][unit]")
{
    caller member{caller_role::member, 7, "Org", true};
    CHECK_NOTHROW(require_may_cast(member, 7, true));
    CHECK(kind_of([&] { require_may_cast(member, 7, false); }) == error_kind::forbidden);
    CHECK(kind_of([&] { require_may_cast(member, 8, true); }) == error_kind::forbidden);
    caller inactive{caller_role::member, 7, "Org", false};
    CHECK(kind_of([&] { require_may_cast(inactive, 7, true); }) == error_kind::forbidden);
    caller organizer{caller_role::organizer, std::nullopt, "", true};
    CHECK_NOTHROW(require_may_cast(organizer, 8, false));
}

TEST_CASE("adopted decisions carry forward to later meetings until their follow-up is done", "[decision][unit]")
{
    using s = follow_up_state;
    std::vector<decision_follow_up> earlier{
        {5, 2, 200, decision_outcome::adopted, s::open},
        {3, 1, 100, decision_outcome::adopted, s::in_progress},
        {4, 1, 100, decision_outcome::adopted, s::done},
        {6, 1, 100, decision_outcome::rejected, s::open},
        {7, 3, 300, decision_outcome::adopted, s::open},
    };
    CHECK(decisions_in_follow_up(earlier, 300) == std::vector<std::int64_t>{3, 5});
    CHECK(decisions_in_follow_up(earlier, 150) == std::vector<std::int64_t>{3});
    CHECK(decisions_in_follow_up(earlier, 100).empty());
}

TEST_CASE("rules, votes and states read and write by their names", "[decision][unit]")
{
    CHECK(parse_decision_rule("two_thirds_present") == decision_rule::two_thirds_present);
    CHECK_FALSE(parse_decision_rule("majority"));
    CHECK(parse_vote_choice("for") == vote_choice::for_);
    CHECK(to_string(vote_choice::abstain) == "abstain");
    CHECK(parse_follow_up_state("in_progress") == follow_up_state::in_progress);
    CHECK(to_string(decision_outcome::no_quorum) == "no_quorum");
}
