#pragma once
// What the next meeting of a series takes over from the one before: its invitees, its standing
// agenda items, and the items it reviews (open action items; decisions in follow-up).
#include "store/database.hpp"

#include <optional>
#include <string>

namespace sanaksme::store {

// Invites to `to` the organizations and people invited to `from` that are still active and not
// erased; returns the people invited.
std::int64_t copy_invitations(connection& c, std::int64_t from, std::int64_t to);
// Copies the standing agenda items of `from` to `to`, in their order; returns how many.
std::int64_t copy_standing_agenda(connection& c, std::int64_t from, std::int64_t to);

// One item the meeting reviews: `kind` action_item or decision, with where it comes from.
struct review_item {
    std::string kind, text;
    std::optional<std::string> owner, due, state;
    std::optional<std::int64_t> from_meeting_id, reference_id;
};
void add_review_item(connection& c, std::int64_t meeting_id, const review_item& item, std::int64_t position);
// The meeting's review items, in order.
json review_items(connection& c, std::int64_t meeting_id);

} // namespace sanaksme::store
