// The minutes' document model as a Word file: document.xml from templates/docx, zipped with libzip.
#include "render/documents.hpp"

#include "embedded.hpp"
#include "render/templates.hpp"

#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

namespace sanaksme::render {

std::string docx_document(const document& doc, const page_label_fn& page_label)
{
    // Word counts in twentieths of a point: A4 less 2 cm margins is 9638 wide.
    constexpr double docx_text_width = 9638;
    nlohmann::json blocks = nlohmann::json::array();
    for (const auto& b : doc.blocks) {
        if (const auto* p = std::get_if<paragraph>(&b)) {
            // Word ignores line breaks inside a run: each line of the text is a paragraph of its own.
            nlohmann::json lines = nlohmann::json::array();
            std::size_t from = 0;
            do {
                auto to = std::min(p->text.find('\n', from), p->text.size());
                if (to > from || (lines.empty() && to == p->text.size()))
                    lines.push_back({{"text", p->text.substr(from, to - from)}, {"style", p->style}, {"label", lines.empty() ? p->label : ""}});
                from = to + 1;
            } while (from <= p->text.size());
            blocks.push_back({{"paragraphs", lines}});
            continue;
        }
        const auto& t = std::get<table>(b);
        double total = 0;
        for (auto share : t.widths)
            total += share;
        std::vector<long> twips;
        for (auto share : t.widths)
            twips.push_back(std::lround(docx_text_width * share / total));
        auto row = [&](const std::vector<std::string>& texts) {
            nlohmann::json cells = nlohmann::json::array();
            for (std::size_t c = 0; c < twips.size(); ++c)
                cells.push_back({{"text", c < texts.size() ? texts[c] : ""}, {"twips", twips[c]}});
            return cells;
        };
        nlohmann::json rows = nlohmann::json::array(), columns = nlohmann::json::array();
        for (const auto& r : t.rows)
            rows.push_back({{"cells", row(r)}});
        for (auto w : twips)
            columns.push_back({{"twips", w}});
        blocks.push_back({{"table", {{"columns", columns}, {"header", row(t.header)}, {"rows", rows}}}});
    }
    // The page label with Word's PAGE and NUMPAGES fields where the numbers go.
    constexpr int page_mark = 987654321, pages_mark = 987654322;
    auto label = page_label(page_mark, pages_mark);
    nlohmann::json footer = nlohmann::json::array();
    for (std::size_t from = 0; from <= label.size();) {
        auto a = label.find(std::to_string(page_mark), from), b = label.find(std::to_string(pages_mark), from);
        auto at = std::min({a, b, label.size()});
        if (at > from)
            footer.push_back({{"text", label.substr(from, at - from)}});
        if (at == label.size())
            break;
        footer.push_back({{"field", at == a ? "PAGE" : "NUMPAGES"}});
        from = at + std::to_string(page_mark).size();
    }
    // The .xml suffix selects XML-safe escaping in render_template.
    std::vector<std::pair<std::string, std::string>> parts{
        {"[Content_Types].xml", std::string(*embedded::find("templates/docx/content_types.xml"))},
        {"_rels/.rels", std::string(*embedded::find("templates/docx/rels.xml"))},
        {"word/_rels/document.xml.rels", std::string(*embedded::find("templates/docx/document_rels.xml"))},
        {"word/styles.xml", std::string(*embedded::find("templates/docx/styles.xml"))},
        {"word/document.xml", render_template("docx", "document.xml", {{"blocks", blocks}})},
        {"word/header1.xml", render_template("docx", "header.xml", {{"left", doc.header_left}, {"right", doc.header_right}})},
        {"word/footer1.xml", render_template("docx", "footer.xml", {{"parts", footer}})},
        {"docProps/core.xml", render_template("docx", "core.xml", {{"title", doc.title}, {"lang", doc.lang}})},
    };
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer)
        throw std::runtime_error("DOCX: no zip buffer");
    zip_source_keep(buffer); // it outlives the archive: the bytes are read from it after zip_close
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) {
        zip_source_free(buffer);
        throw std::runtime_error("DOCX: cannot open the archive");
    }
    // Entries dated by the document (or 1980-01-01, the zip epoch), never by the request.
    auto mtime = static_cast<std::time_t>(doc.issued_at.value_or(315532800));
    for (const auto& [name, content] : parts) {
        auto* src = zip_source_buffer(archive, content.data(), content.size(), 0);
        zip_int64_t index = src ? zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
        if (index < 0 || zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), mtime, 0) < 0) {
            if (index < 0)
                zip_source_free(src);
            zip_discard(archive);
            zip_source_free(buffer);
            throw std::runtime_error("DOCX: cannot add " + name);
        }
    }
    if (zip_close(archive) < 0) {
        zip_discard(archive);
        zip_source_free(buffer);
        throw std::runtime_error("DOCX: cannot write the archive");
    }
    std::string out;
    zip_stat_t st;
    if (zip_source_stat(buffer, &st) == 0 && zip_source_open(buffer) == 0) {
        out.resize(st.size);
        auto n = zip_source_read(buffer, out.data(), st.size);
        out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
        zip_source_close(buffer);
    }
    zip_source_free(buffer);
    if (out.empty())
        throw std::runtime_error("DOCX: empty archive");
    return out;
}

} // namespace sanaksme::render
