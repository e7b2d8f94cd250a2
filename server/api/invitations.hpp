#pragma once
// The writes of an invitation, shared by POST /meetings/{id}/invitations and the web mail page.
#include "store/audit.hpp"
#include "store/database.hpp"

namespace sanaksme::api {

using store::json;

// Invites as `request` says ({} = every active member organization and its people;
// `organization_ids` / `person_ids` add those), audited as `who`; {"invited", "already_invited",
// "organizations"}. Unknown ids are field errors and invite nothing; the meeting must take invitations.
json record_invitations(store::connection& conn, const store::actor& who, std::int64_t meeting_id, const json& request);

} // namespace sanaksme::api
