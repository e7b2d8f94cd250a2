#pragma once
// Printable documents from a list of blocks (paragraphs and tables): PDF (cairo + pango, real text
// with embedded fonts, laid out line by line across pages under a running header and page numbers)
// and DOCX (Office Open XML zipped with libzip, from templates/docx).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sanaksme::render {

struct paragraph {
    std::string text;
    // "" (body), "Title", "Subtitle", "Heading1", "Heading2", "Meta", "Item" (a list item), "Approval"
    std::string style = {};
    std::string label = {}; // set in bold before the text: "Lēmums: …"
};

struct table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<double> widths; // each column's share of the text width
};

using block = std::variant<paragraph, table>;

struct document {
    std::string title; // the file's metadata
    std::string lang;  // "lv", "en"
    std::string header_left, header_right; // at the top of every page
    std::vector<block> blocks;
    // The record's date (approval), in Unix seconds: the files carry it instead of the time of the
    // request, so the same document gives the same bytes. Without it the PDF is dated now.
    std::optional<std::int64_t> issued_at = {};
};

// page_label(2, 5) is what the foot of page 2 of 5 says ("2. lpp. no 5").
using page_label_fn = std::function<std::string(int page, int pages)>;

std::string pdf_document(const document& doc, const page_label_fn& page_label);
std::string docx_document(const document& doc, const page_label_fn& page_label);

} // namespace sanaksme::render
