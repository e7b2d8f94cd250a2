#pragma once
// The spreadsheets of attendance and participation: CSV with a BOM and headings in one language.
#include <nlohmann/json.hpp>

#include <string>

namespace sanaksme::render {

// One row per person present (by organization), organizations without anyone, then walk-in guests.
// `view` is the meeting's attendance view (organizations, items).
std::string attendance_sheet(const nlohmann::json& view, const std::string& lang);
// One row per meeting, then one per organization with its rate. `report` as GET /reports/participation.
std::string participation_sheet(const nlohmann::json& report, const std::string& lang);

} // namespace sanaksme::render
