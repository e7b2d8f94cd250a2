#pragma once
// What the web pages of people and of a member organization read beyond the API's own queries.
#include "store/database.hpp"

#include <cstdint>
#include <optional>

namespace sanaksme::store {

// People not erased, by name, with their organization's name (of one organization, or of all):
// [{id, organization_id, organization_name, name, email, phone, position, language, email_consent}].
json people_directory(connection& c, std::optional<std::int64_t> organization_id, int limit);
// Meetings started before `before` to which the organization was invited and whose minutes are
// approved, newest first (ids).
json approved_minutes_of(connection& c, std::int64_t organization_id, std::int64_t before, int limit);
// Whether the meeting's minutes are approved.
bool minutes_approved(connection& c, std::int64_t meeting_id);

} // namespace sanaksme::store
