#pragma once
// Minutes of a meeting: their lifecycle (draft → circulated → approved, then frozen) and the action
// items of earlier meetings of the series that carry forward until marked done. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::domain {

enum class minutes_status { draft, circulated, approved };

std::optional<minutes_status> parse_minutes_status(std::string_view text);
std::string_view to_string(minutes_status s);

// A save may set draft or circulated; approval is its own step. Throws conflict once approved.
void ensure_editable(std::optional<minutes_status> current);
// Throws conflict when there is nothing to approve yet, or it is approved already.
void ensure_approvable(std::optional<minutes_status> current);
// Members hear of minutes once, when a save first makes them circulated.
bool newly_circulated(std::optional<minutes_status> current, minutes_status saved);
// People outside the editors read circulated and approved minutes, never a draft.
bool readable(minutes_status s);

struct action_item {
    std::string text;
    std::optional<std::string> owner;
    std::optional<std::string> due; // YYYY-MM-DD
    bool done = false;
    std::optional<std::int64_t> from_meeting_id; // set when it carries an earlier meeting's item
};

struct meeting_actions {
    std::int64_t meeting_id = 0;
    std::string title;
    std::vector<action_item> items;
};

struct open_action_item {
    std::string text;
    std::optional<std::string> owner;
    std::optional<std::string> due;
    std::int64_t from_meeting_id = 0; // the meeting that first recorded it
    std::string from_title;
};

// Items of `earlier` meetings (oldest first) not marked done in a later one of them nor in
// `current` (the meeting's own items, if it has minutes), each listed once, under its origin.
std::vector<open_action_item> open_action_items(const std::vector<meeting_actions>& earlier,
                                                const std::vector<action_item>& current);

} // namespace sanaksme::domain
