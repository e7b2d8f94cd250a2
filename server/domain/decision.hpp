#pragma once
// Decisions of a meeting voted by member organization: the rules (consensus, majorities), the
// outcome with its figures, who may cast which vote, when a decision may still change, and the
// follow-up of decisions that carries forward like action items. No I/O.
//
// The rules, counted in member organizations (one vote each):
//   present             member organizations with someone checked in when the vote closes, plus
//                       any that cast a vote (a vote cast while present stays counted after a
//                       check-out); taken once, at the close, and stored: later check-ins and
//                       check-outs do not change a closed decision.
//   quorum              every rule first needs `present >= quorum` (the meeting's quorum, or a
//                       simple majority of the member organizations); otherwise "no_quorum".
//   consensus           adopted when no organization votes against; abstentions and silence do
//                       not block (a consensus may be taken without any vote recorded).
//   majority_present    adopted when `for` is more than half of those present: abstentions and
//                       present organizations that did not vote count as not in favour.
//   two_thirds_present  adopted when `for` is at least two thirds of those present, abstentions
//                       and silence counting as not in favour, as above.
//   majority_members    adopted when `for` is more than half of all member organizations on the
//                       meeting's date, present or not.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/caller.hpp"

namespace sanaksme::domain {

enum class decision_rule { consensus, majority_present, two_thirds_present, majority_members };
enum class vote_choice { for_, against, abstain };
enum class decision_outcome { adopted, rejected, no_quorum };
enum class follow_up_state { open, in_progress, done };

inline constexpr std::array<std::string_view, 4> decision_rule_names{"consensus", "majority_present",
                                                                     "two_thirds_present", "majority_members"};
inline constexpr std::array<std::string_view, 3> vote_choice_names{"for", "against", "abstain"};
inline constexpr std::array<std::string_view, 3> decision_outcome_names{"adopted", "rejected", "no_quorum"};
inline constexpr std::array<std::string_view, 3> follow_up_state_names{"open", "in_progress", "done"};
inline constexpr std::size_t decision_text_max = 10000;

std::optional<decision_rule> parse_decision_rule(std::string_view text);
std::optional<vote_choice> parse_vote_choice(std::string_view text);
std::optional<follow_up_state> parse_follow_up_state(std::string_view text);
std::string_view to_string(decision_rule r);
std::string_view to_string(vote_choice v);
std::string_view to_string(decision_outcome o);
std::string_view to_string(follow_up_state s);

struct organization_vote {
    std::int64_t organization_id = 0;
    vote_choice vote = vote_choice::abstain;
};

// The facts of the vote at its close.
struct vote_facts {
    decision_rule rule = decision_rule::consensus;
    std::vector<organization_vote> votes;           // one per organization
    std::vector<std::int64_t> present_organizations; // member organizations checked in at the close
    std::int64_t member_organizations = 0;          // on the meeting's date
    std::optional<std::int64_t> quorum;             // the meeting's; none: a simple majority of members
};

struct decision_result {
    decision_outcome outcome = decision_outcome::rejected;
    std::int64_t votes_for = 0, votes_against = 0, abstentions = 0;
    std::int64_t present = 0;  // member organizations present (see above)
    std::int64_t members = 0;  // member organizations on the meeting's date
    std::int64_t quorum = 0;   // the quorum applied
    std::int64_t required = 0; // `for` votes the rule needed (consensus: 0)
    std::vector<std::int64_t> present_organizations; // sorted, the voters included
};

// The outcome of a vote under its rule, with the figures. Throws invalid on a doubled vote.
decision_result decide(const vote_facts& facts);

// Where a decision stands, as the rules about changing it read it.
struct decision_standing {
    bool closed = false;
    bool minutes_approved = false;
};

// Text, rule, votes and the close: only while the vote is open and the minutes not approved.
void require_decision_open(const decision_standing& d);
// The follow-up state changes once the vote is closed, and ever after (the register's work).
void require_follow_up_editable(const decision_standing& d);
// Only member organizations vote.
void require_voting_member(bool member_on_the_date);
// A member casts only its own organization's vote, and only while someone of it is checked in;
// organizers and coordinators record any member organization's vote.
void require_may_cast(const caller& who, std::int64_t organization_id, bool organization_present);

// A closed, adopted decision of an earlier meeting as the carry-forward reads it.
struct decision_follow_up {
    std::int64_t decision_id = 0;
    std::int64_t meeting_id = 0;
    std::int64_t meeting_starts_at = 0;
    decision_outcome outcome = decision_outcome::rejected;
    follow_up_state state = follow_up_state::open;
};

// The decisions of meetings before `starts_at` still to follow up (adopted, not done), oldest
// first: what the next meetings' minutes list for review until they are done.
std::vector<std::int64_t> decisions_in_follow_up(const std::vector<decision_follow_up>& earlier, std::int64_t starts_at);

} // namespace sanaksme::domain
