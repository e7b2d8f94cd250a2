#pragma once
// Mustache templates from templates/{lv,en}/ (compiled into the binary), rendered with
// kainjow-mustache. HTML templates escape values; text and subject templates do not.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace sanaksme::render {

// "invitation.subject", "invitation.txt", "page.html", … in `lang`.
std::string render_template(std::string_view lang, std::string_view name, const nlohmann::json& data);
// A one-line template ("substitute_note.txt", …) without its line ending.
std::string render_line(std::string_view lang, std::string_view name, const nlohmann::json& data);
// templates/{lang}/strings.json: short texts of pages and labels.
const nlohmann::json& strings(std::string_view lang);
// User text for a Markdown template: backslashes only where CommonMark would read markup.
std::string markdown_escape(const std::string& text);
// The first of the candidates that has templates (person → organization → meeting), else "lv".
std::string pick_language(std::initializer_list<nlohmann::json> candidates);

} // namespace sanaksme::render
