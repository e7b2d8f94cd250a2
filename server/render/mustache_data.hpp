#pragma once
// JSON as kainjow-mustache data: objects, lists, true/false; null and "" are false (a section
// they open renders nothing). Shared by the email templates and the web pages.
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace sanaksme::render {

kainjow::mustache::data mustache_data(const nlohmann::json& j);

} // namespace sanaksme::render
