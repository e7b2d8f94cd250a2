#pragma once
// Printable documents from a list of paragraphs: PDF (cairo + pango, real text with embedded
// fonts) and DOCX (Office Open XML zipped with libzip, from templates/docx).
#include <string>
#include <vector>

namespace sanaksme::render {

struct paragraph {
    std::string text;
    std::string style; // "", "Title" or "Heading1"
};

std::string pdf_document(const std::string& title, const std::vector<paragraph>& paragraphs);
std::string docx_document(const std::string& title, const std::string& lang, const std::vector<paragraph>& paragraphs);

} // namespace sanaksme::render
