#include "render/documents.hpp"

#include "embedded.hpp"
#include "render/templates.hpp"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <zip.h>

#include <memory>
#include <stdexcept>

namespace sanaksme::render {

namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length)
{
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// 2000-01-01T12:00:00Z: the time of every DOCX entry and PDF.
constexpr time_t fixed_mtime = 946728000;
constexpr const char* fixed_date = "2000-01-01T12:00:00Z";

// A4 in points, with 2 cm margins.
constexpr double page_width = 595.28, page_height = 841.89, margin = 56.7;

} // namespace

std::string pdf_document(const std::string& title, const std::vector<paragraph>& paragraphs)
{
    std::string out;
    auto* surface = cairo_pdf_surface_create_for_stream(append, &out, page_width, page_height);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Sanāksme");
    // Cairo stamps the render time unless told otherwise: the same document must give the same bytes.
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, fixed_date);
    auto* cr = cairo_create(surface);
    double y = margin;
    for (const auto& p : paragraphs) {
        auto* layout = pango_cairo_create_layout(cr);
        auto font = p.style == "Title" ? "DejaVu Sans Bold 15" : p.style == "Heading1" ? "DejaVu Sans Bold 12" : "DejaVu Sans 10";
        auto* desc = pango_font_description_from_string(font);
        pango_layout_set_font_description(layout, desc);
        pango_font_description_free(desc);
        pango_layout_set_width(layout, static_cast<int>((page_width - 2 * margin) * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(layout, p.text.c_str(), static_cast<int>(p.text.size()));
        int w = 0, h = 0;
        pango_layout_get_pixel_size(layout, &w, &h);
        double before = p.style.empty() ? 2 : 10;
        if (y + before + h > page_height - margin && y > margin) {
            cairo_show_page(cr);
            y = margin;
        }
        y += y > margin ? before : 0;
        cairo_move_to(cr, margin, y);
        pango_cairo_show_layout(cr, layout);
        y += h + 2;
        g_object_unref(layout);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    auto status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(status));
    return out;
}

std::string docx_document(const std::string& title, const std::string& lang, const std::vector<paragraph>& paragraphs)
{
    nlohmann::json ps = nlohmann::json::array();
    for (const auto& p : paragraphs)
        ps.push_back({{"text", p.text}, {"style", p.style}});
    // The .html suffix selects XML-safe escaping in render_template.
    std::vector<std::pair<std::string, std::string>> parts{
        {"[Content_Types].xml", std::string(*embedded::find("templates/docx/content_types.xml"))},
        {"_rels/.rels", std::string(*embedded::find("templates/docx/rels.xml"))},
        {"word/_rels/document.xml.rels", std::string(*embedded::find("templates/docx/document_rels.xml"))},
        {"word/styles.xml", std::string(*embedded::find("templates/docx/styles.xml"))},
        {"word/document.xml", render_template("docx", "document.xml", {{"paragraphs", ps}})},
        {"docProps/core.xml", render_template("docx", "core.xml", {{"title", title}, {"lang", lang}})},
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
    for (const auto& [name, content] : parts) {
        auto* src = zip_source_buffer(archive, content.data(), content.size(), 0);
        zip_int64_t index = src ? zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
        // A fixed time in every entry: the same document gives the same bytes (approved minutes
        // must), not a file stamped with the second it was rendered.
        if (index < 0 || zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), fixed_mtime, 0) < 0) {
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
