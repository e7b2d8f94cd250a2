#pragma once
// The participation report as an SVG bar chart (people present, member organizations present and
// members, per meeting), in one language.
#include <nlohmann/json.hpp>

#include <string>

namespace sanaksme::render {

// `report` as GET /api/v1/reports/participation answers it.
std::string participation_chart(const nlohmann::json& report, const std::string& lang);

} // namespace sanaksme::render
