#pragma once
// Decisions of meetings and the votes of organizations on them. Rows hold instants as Unix
// seconds; the JSON the API shows is made in api/decisions.cpp.
#include "store/database.hpp"

#include <optional>

namespace sanaksme::store {

struct decision_filter {
    std::optional<std::int64_t> from, to; // the meeting's start, [from, to)
    std::optional<std::string> state;     // follow-up state
    std::optional<std::int64_t> meeting_id;
};

// The decision row with its meeting's title, start, series, time zone and whether its minutes
// are approved; nullopt when there is none.
std::optional<json> find_decision_row(connection& c, std::int64_t id);
// Decisions in the order of their meetings' starts, then ids, after the key (start, id).
json list_decision_rows(connection& c, const decision_filter& f, std::int64_t after_start, std::int64_t after_id, int limit);
// Closed decisions of meetings of a series: what the carry-forward reads.
json closed_decisions_of_series(connection& c, const std::string& series);
std::int64_t insert_decision(connection& c, const json& row);
void update_decision_text(connection& c, std::int64_t id, const json& row); // text, rule, agenda_item_id
void update_decision_state(connection& c, std::int64_t id, const std::string& state);
// Stores the close: outcome, figures, present organizations (JSON array) and who closed it.
void close_decision(connection& c, std::int64_t id, const json& result, const std::string& closed_by);

// The votes of a decision: organization_id, organization name, vote, cast_by, cast_at.
json decision_votes(connection& c, std::int64_t decision_id);
void save_vote(connection& c, std::int64_t decision_id, std::int64_t organization_id, const std::string& vote,
               const std::string& cast_by);

} // namespace sanaksme::store
