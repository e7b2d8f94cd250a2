// Decisions and votes inside a write: the rules of domain/decision over the store's rows, the
// snapshot of who is present at the close, and the JSON a decision shows.
#include "api/decision_ops.hpp"

#include "api/attendance_view.hpp"
#include "domain/decision.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/decisions.hpp"
#include "store/meetings.hpp"

#include <algorithm>
#include <limits>

namespace sanaksme::api {

using http::json;

namespace {

json load_row(store::connection& conn, std::int64_t id)
{
    auto row = store::find_decision_row(conn, id);
    if (!row)
        throw domain::not_found("No decision has the id " + std::to_string(id) + ".");
    return *row;
}

domain::decision_standing standing_of(const json& row)
{
    return {row["status"] == "closed", row["minutes_approved"].get<std::int64_t>() != 0};
}

json local_time(const json& row, const json& v)
{
    if (!v.is_number_integer())
        return nullptr;
    return domain::format_rfc3339(v.get<std::int64_t>(), domain::find_zone(row["meeting_timezone"].get<std::string>()));
}

} // namespace

json decision_json(store::connection& conn, const json& row)
{
    auto id = row["id"].get<std::int64_t>();
    json votes = json::array();
    for (const auto& v : store::decision_votes(conn, id))
        votes.push_back({{"organization_id", v["organization_id"]}, {"organization_name", v["organization_name"]}, {"vote", v["vote"]}});
    json result = nullptr;
    if (row["status"] == "closed")
        result = {{"outcome", row["outcome"]},          {"for", row["votes_for"]},
                  {"against", row["votes_against"]},    {"abstained", row["abstentions"]},
                  {"present", row["present"]},          {"members", row["members"]},
                  {"quorum", row["quorum"]},            {"required", row["required"]},
                  {"present_organizations", row["present_organizations"]}};
    return {{"id", id},
            {"meeting_id", row["meeting_id"]},
            {"meeting_title", row["meeting_title"]},
            {"meeting_starts_at", local_time(row, row["meeting_starts_at"])},
            {"agenda_item_id", row["agenda_item_id"]},
            {"agenda_item_title", row["agenda_item_title"]},
            {"text", row["text"]},
            {"rule", row["rule"]},
            {"status", row["status"]},
            {"votes", votes},
            {"result", result},
            {"closed_at", local_time(row, row["closed_at"])},
            {"state", row["state"]},
            {"created_at", domain::format_rfc3339_utc(row["created_at"].get<std::int64_t>())},
            {"updated_at", domain::format_rfc3339_utc(row["updated_at"].get<std::int64_t>())}};
}

namespace {

void check_input(store::connection& conn, std::int64_t meeting_id, const decision_input& in)
{
    std::vector<domain::field_error> errors;
    auto item = store::find_agenda_row(conn, in.agenda_item_id);
    if (!item || (*item)["meeting_id"] != meeting_id)
        errors.push_back({"agenda_item_id", "is not an agenda item of this meeting"});
    if (in.text.empty() || in.text.size() > domain::decision_text_max)
        errors.push_back({"text", "must hold 1 to 10000 characters"});
    if (!domain::parse_decision_rule(in.rule))
        errors.push_back({"rule", "must be one of consensus, majority_present, two_thirds_present, majority_members"});
    if (!errors.empty())
        throw domain::invalid("The decision has invalid fields.", std::move(errors));
}

bool holds(const std::vector<std::int64_t>& ids, std::int64_t id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

} // namespace

presence presence_at(store::connection& conn, const json& meeting_row)
{
    auto view = attendance_view(conn, meeting_row);
    presence p;
    for (const auto& org : view["organizations"])
        if (org["membership"] == "member") {
            p.members.push_back(org["id"].get<std::int64_t>());
            if (org["status"] == "present")
                p.present_members.push_back(org["id"].get<std::int64_t>());
        }
    p.member_count = view["summary"]["member_organizations"].get<std::int64_t>();
    p.quorum = view["summary"]["quorum"].get<std::int64_t>();
    return p;
}

std::pair<json, std::int64_t> decision_view(store::connection& conn, std::int64_t id)
{
    auto row = load_row(conn, id);
    return {decision_json(conn, row), row["version"].get<std::int64_t>()};
}

json meeting_decisions(store::connection& conn, std::int64_t meeting_id)
{
    store::decision_filter f;
    f.meeting_id = meeting_id;
    json out = json::array();
    for (const auto& row : store::list_decision_rows(conn, f, std::numeric_limits<std::int64_t>::min(), 0, 1000))
        out.push_back(decision_json(conn, row));
    return out;
}

json decisions_in_follow_up(store::connection& conn, const json& meeting_row)
{
    json out = json::array();
    if (!meeting_row["series"].is_string())
        return out;
    auto rows = store::closed_decisions_of_series(conn, meeting_row["series"].get<std::string>());
    std::vector<domain::decision_follow_up> earlier;
    for (const auto& r : rows)
        earlier.push_back({r["id"].get<std::int64_t>(), r["meeting_id"].get<std::int64_t>(),
                           r["meeting_starts_at"].get<std::int64_t>(),
                           r["outcome"] == "adopted" ? domain::decision_outcome::adopted : domain::decision_outcome::rejected,
                           domain::parse_follow_up_state(r["state"].get<std::string>()).value_or(domain::follow_up_state::open)});
    for (auto id : domain::decisions_in_follow_up(earlier, meeting_row["starts_at"].get<std::int64_t>()))
        for (const auto& r : rows)
            if (r["id"] == id)
                out.push_back(decision_json(conn, r));
    return out;
}

std::int64_t add_decision(store::connection& conn, const store::actor& who, std::int64_t meeting_id, const decision_input& in)
{
    auto meeting = store::load_meeting_row(conn, meeting_id);
    check_input(conn, meeting_id, in);
    auto id = store::insert_decision(conn, {{"meeting_id", meeting_id}, {"agenda_item_id", in.agenda_item_id},
                                            {"text", in.text}, {"rule", in.rule}});
    auto row = load_row(conn, id);
    domain::require_decision_open(standing_of(row)); // approved minutes take no new decisions
    store::audit(conn, who, "create", "decision", id, nullptr, decision_json(conn, row));
    return id;
}

void edit_decision(store::connection& conn, const store::actor& who, std::int64_t id, const decision_input& in)
{
    auto row = load_row(conn, id);
    domain::require_decision_open(standing_of(row));
    check_input(conn, row["meeting_id"].get<std::int64_t>(), in);
    auto before = decision_json(conn, row);
    store::update_decision_text(conn, id, {{"agenda_item_id", in.agenda_item_id}, {"text", in.text}, {"rule", in.rule}});
    store::audit(conn, who, "update", "decision", id, before, decision_json(conn, load_row(conn, id)));
}

void set_follow_up(store::connection& conn, const store::actor& who, std::int64_t id, const std::string& state)
{
    auto row = load_row(conn, id);
    if (row["state"] == state)
        return;
    domain::require_follow_up_editable(standing_of(row));
    if (!domain::parse_follow_up_state(state))
        throw domain::invalid_field("state", "must be one of open, in_progress, done");
    store::update_decision_state(conn, id, state);
    store::audit(conn, who, "follow_up", "decision", id, json{{"state", row["state"]}}, json{{"state", state}});
}

void cast_vote(store::connection& conn, const domain::caller& caller, const store::actor& who, std::int64_t id,
               std::int64_t organization_id, const std::string& vote)
{
    if (!domain::parse_vote_choice(vote))
        throw domain::invalid_field("vote", "must be one of for, against, abstain");
    auto row = load_row(conn, id);
    // Ownership before anything about the decision's state: a member learns nothing of others'.
    if (!caller.at_least(domain::caller_role::organizer))
        domain::require_own_organization(caller, organization_id);
    domain::require_decision_open(standing_of(row));
    auto p = presence_at(conn, store::load_meeting_row(conn, row["meeting_id"].get<std::int64_t>()));
    domain::require_voting_member(holds(p.members, organization_id));
    domain::require_may_cast(caller, organization_id, holds(p.present_members, organization_id));
    store::save_vote(conn, id, organization_id, vote, who.name + " (" + who.role + ")");
    store::audit(conn, who, "vote", "decision", id, nullptr, json{{"organization_id", organization_id}, {"vote", vote}});
}

void commit_close(store::connection& conn, const store::actor& who, std::int64_t id)
{
    auto row = load_row(conn, id);
    domain::require_decision_open(standing_of(row));
    auto p = presence_at(conn, store::load_meeting_row(conn, row["meeting_id"].get<std::int64_t>()));
    domain::vote_facts facts{*domain::parse_decision_rule(row["rule"].get<std::string>()), {}, p.present_members,
                             p.member_count, p.quorum};
    for (const auto& v : store::decision_votes(conn, id))
        facts.votes.push_back({v["organization_id"].get<std::int64_t>(), *domain::parse_vote_choice(v["vote"].get<std::string>())});
    auto r = domain::decide(facts);
    json result = {{"outcome", domain::to_string(r.outcome)}, {"for", r.votes_for}, {"against", r.votes_against},
                   {"abstained", r.abstentions}, {"present", r.present}, {"members", r.members},
                   {"quorum", r.quorum}, {"required", r.required}, {"present_organizations", r.present_organizations}};
    store::close_decision(conn, id, result, who.name);
    store::audit(conn, who, "close", "decision", id, nullptr, result); // and the `decision.recorded` webhook event
}

} // namespace sanaksme::api
