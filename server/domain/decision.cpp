// The vote outcome of a decision under its rule, and the rules of casting and changing it.
#include "domain/decision.hpp"

#include "domain/error.hpp"

#include <algorithm>
#include <span>

namespace sanaksme::domain {

namespace {

template <class E, std::size_t N>
std::optional<E> parse_name(std::string_view text, const std::array<std::string_view, N>& names)
{
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == text)
            return static_cast<E>(i);
    return std::nullopt;
}

// The `for` votes a rule needs among `present` of `members` (consensus needs none).
std::int64_t required_for(decision_rule rule, std::int64_t present, std::int64_t members)
{
    switch (rule) {
    case decision_rule::consensus: return 0;
    case decision_rule::majority_present: return present / 2 + 1;
    case decision_rule::two_thirds_present: return (2 * present + 2) / 3;
    case decision_rule::majority_members: return members / 2 + 1;
    }
    return 0;
}

} // namespace

std::optional<decision_rule> parse_decision_rule(std::string_view text) { return parse_name<decision_rule>(text, decision_rule_names); }
std::optional<vote_choice> parse_vote_choice(std::string_view text) { return parse_name<vote_choice>(text, vote_choice_names); }
std::optional<follow_up_state> parse_follow_up_state(std::string_view text)
{
    return parse_name<follow_up_state>(text, follow_up_state_names);
}
std::string_view to_string(decision_rule r) { return decision_rule_names[static_cast<std::size_t>(r)]; }
std::string_view to_string(vote_choice v) { return vote_choice_names[static_cast<std::size_t>(v)]; }
std::string_view to_string(decision_outcome o) { return decision_outcome_names[static_cast<std::size_t>(o)]; }
std::string_view to_string(follow_up_state s) { return follow_up_state_names[static_cast<std::size_t>(s)]; }

decision_result decide(const vote_facts& facts)
{
    decision_result r;
    r.present_organizations = facts.present_organizations;
    for (const auto& v : facts.votes) {
        r.present_organizations.push_back(v.organization_id);
        switch (v.vote) {
        case vote_choice::for_: ++r.votes_for; break;
        case vote_choice::against: ++r.votes_against; break;
        case vote_choice::abstain: ++r.abstentions; break;
        }
    }
    std::vector<std::int64_t> voters;
    for (const auto& v : facts.votes)
        voters.push_back(v.organization_id);
    std::sort(voters.begin(), voters.end());
    if (std::adjacent_find(voters.begin(), voters.end()) != voters.end())
        throw invalid("An organization has one vote.");
    std::sort(r.present_organizations.begin(), r.present_organizations.end());
    r.present_organizations.erase(std::unique(r.present_organizations.begin(), r.present_organizations.end()),
                                  r.present_organizations.end());
    r.present = static_cast<std::int64_t>(r.present_organizations.size());
    r.members = std::max(facts.member_organizations, r.present);
    r.quorum = facts.quorum.value_or(r.members / 2 + 1);
    r.required = required_for(facts.rule, r.present, r.members);
    if (r.present < r.quorum || r.present == 0)
        r.outcome = decision_outcome::no_quorum;
    else if (facts.rule == decision_rule::consensus)
        r.outcome = r.votes_against == 0 ? decision_outcome::adopted : decision_outcome::rejected;
    else
        r.outcome = r.votes_for >= r.required ? decision_outcome::adopted : decision_outcome::rejected;
    return r;
}

void require_decision_open(const decision_standing& d)
{
    if (d.minutes_approved)
        throw conflict("The minutes of this meeting are approved: its decisions are part of the record and do not change.");
    if (d.closed)
        throw conflict("The vote on this decision is closed: its text, rule, votes and outcome do not change.");
}

void require_follow_up_editable(const decision_standing& d)
{
    if (!d.closed)
        throw conflict("The follow-up of a decision begins once its vote is closed.");
}

void require_voting_member(bool member_on_the_date)
{
    if (!member_on_the_date)
        throw conflict("Only member organizations vote.");
}

void require_may_cast(const caller& who, std::int64_t organization_id, bool organization_present)
{
    if (who.at_least(caller_role::organizer))
        return;
    require_own_organization(who, organization_id);
    require_may_write(who);
    if (!organization_present)
        throw forbidden("An organization votes through a representative who is checked in at the meeting.");
}

std::vector<std::int64_t> decisions_in_follow_up(const std::vector<decision_follow_up>& earlier, std::int64_t starts_at)
{
    std::vector<const decision_follow_up*> open;
    for (const auto& d : earlier)
        if (d.meeting_starts_at < starts_at && d.outcome == decision_outcome::adopted && d.state != follow_up_state::done)
            open.push_back(&d);
    std::stable_sort(open.begin(), open.end(), [](const auto* a, const auto* b) {
        return a->meeting_starts_at != b->meeting_starts_at ? a->meeting_starts_at < b->meeting_starts_at
                                                            : a->decision_id < b->decision_id;
    });
    std::vector<std::int64_t> ids;
    for (const auto* d : open)
        ids.push_back(d->decision_id);
    return ids;
}

} // namespace sanaksme::domain
