#pragma once
// The minutes as a reader sees them: the document the Markdown, HTML and text templates show, the
// news post, and the same document as blocks for PDF and DOCX. From the exports' model (meeting,
// minutes, next meeting, presentations); no database.
#include "render/documents.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace sanaksme::render {

// Everything the minutes templates (minutes_doc.*) show, in one language.
nlohmann::json minutes_document(const nlohmann::json& model, const std::string& lang);
// A public news post: who met, how many of how many, who presented what, what comes next.
nlohmann::json minutes_news(const nlohmann::json& model, const std::string& lang);
// The document of minutes_document as blocks: the roll-call as a table, an approval block last.
document printable_minutes(const nlohmann::json& doc);
// "2. lpp. no 5", "Page 2 of 5".
page_label_fn minutes_page_label(const std::string& lang);

std::string minutes_html(const nlohmann::json& doc);
// Laid out page by page: call it outside a transaction when you can.
std::string minutes_pdf(const nlohmann::json& doc);
std::string minutes_docx(const nlohmann::json& doc);

} // namespace sanaksme::render
