#pragma once
// Minutes of a meeting and their saved versions.
#include "store/database.hpp"

#include <optional>

namespace sanaksme::store {

std::optional<json> find_minutes(connection& c, std::int64_t meeting_id);
// Saves the body and status as a new version; returns the version number.
std::int64_t save_minutes(connection& c, std::int64_t meeting_id, const std::string& status, const json& body,
                          const std::string& saved_by);
void approve_minutes(connection& c, std::int64_t meeting_id, const std::string& approved_by);
// Stores the document model of approved minutes; find_minutes returns it as `snapshot`.
void freeze_minutes(connection& c, std::int64_t meeting_id, const json& snapshot);
json minutes_versions(connection& c, std::int64_t meeting_id);
// Minutes of earlier meetings of the same series (for action items still open).
json earlier_minutes_in_series(connection& c, const json& meeting_row);

} // namespace sanaksme::store
