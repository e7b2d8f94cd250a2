#pragma once
// The decisions of a meeting as the API and the web pages both change them: add, edit, cast or
// record a vote, close (the one place a vote's outcome is committed), follow up. Each runs inside
// the caller's write transaction and applies domain/decision's rules.
#include "domain/caller.hpp"
#include "http/message.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

#include <optional>

namespace sanaksme::api {

// A decision as the API shows it, and its version (the ETag's); domain::not_found when unknown.
std::pair<http::json, std::int64_t> decision_view(store::connection& conn, std::int64_t id);
// A row of store::find_decision_row or list_decision_rows as the API shows it.
http::json decision_json(store::connection& conn, const http::json& row);
// Every decision of a meeting, as decision_view shows each.
http::json meeting_decisions(store::connection& conn, std::int64_t meeting_id);
// Decisions of earlier meetings of the series still in follow-up (domain::decisions_in_follow_up).
http::json decisions_in_follow_up(store::connection& conn, const http::json& meeting_row);

struct decision_input {
    std::int64_t agenda_item_id = 0;
    std::string text;
    std::string rule;
};

std::int64_t add_decision(store::connection& conn, const store::actor& who, std::int64_t meeting_id,
                          const decision_input& in);
void edit_decision(store::connection& conn, const store::actor& who, std::int64_t id, const decision_input& in);
void set_follow_up(store::connection& conn, const store::actor& who, std::int64_t id, const std::string& state);
// One organization's vote, cast by its present representative or recorded by an organizer.
void cast_vote(store::connection& conn, const domain::caller& caller, const store::actor& who, std::int64_t id,
               std::int64_t organization_id, const std::string& vote);
// Takes the snapshot of who is present, computes the outcome and commits the close.
void commit_close(store::connection& conn, const store::actor& who, std::int64_t id);

// Member organizations with someone checked in now, and whether an organization is a member on
// the meeting's date; read from the meeting's attendance.
struct presence {
    std::vector<std::int64_t> present_members;
    std::vector<std::int64_t> members;
    std::int64_t member_count = 0;
    std::int64_t quorum = 0;
};
presence presence_at(store::connection& conn, const http::json& meeting_row);

} // namespace sanaksme::api
