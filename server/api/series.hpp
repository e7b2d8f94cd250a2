#pragma once
// The next meeting of a series, planned in one step: shared by POST /api/v1/meetings/{id}/next
// and the meeting page's "Plan the next meeting" button.
#include "store/audit.hpp"
#include "store/database.hpp"

namespace sanaksme::api {

struct planned_meeting {
    std::int64_t id = 0, version = 0;
    store::json body; // the meeting with people_invited, standing_items and review_items
};

// The writes of planning the meeting after `source_id` (in the caller's transaction), audited as
// `who`. `req` holds starts_at, ends_at and title, each null for its default (domain/series.hpp).
planned_meeting plan_next_meeting(store::connection& conn, const store::actor& who, std::int64_t source_id,
                                  const store::json& req);

} // namespace sanaksme::api
