// The document model as a PDF (cairo, pango): over 400 lines as the page breaker and its line boxes go together.
#include "render/documents.hpp"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <stdexcept>

namespace sanaksme::render {

namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length)
{
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// A4 in points, 2 cm side margins; the running header above the body, the page number below it.
constexpr double page_width = 595.28, page_height = 841.89, margin = 56.7, text_width = page_width - 2 * margin;
constexpr double body_top = 72, body_bottom = page_height - 64, header_y = 36, header_rule_y = 52, footer_y = page_height - 44;

struct rgb {
    double r, g, b;
};
constexpr rgb ink{0.08, 0.08, 0.08}, grey{0.38, 0.38, 0.38}, navy{0.06, 0.2, 0.38}, rule_grey{0.7, 0.7, 0.7},
    shade{0.93, 0.94, 0.96};

struct style_spec {
    const char* font;
    double before, after, indent; // points
    PangoAlignment align;
    rgb colour;
    bool keep_with_next = false; // never the last thing on a page
    bool rule_below = false, rule_above = false;
};

const style_spec& spec_of(const std::string& style)
{
    static const std::map<std::string, style_spec, std::less<>> specs{
        {"", {"DejaVu Serif 10.5", 0, 6, 0, PANGO_ALIGN_LEFT, ink}},
        {"Title", {"DejaVu Sans Bold 16", 0, 6, 0, PANGO_ALIGN_CENTER, navy, true}},
        {"Subtitle", {"DejaVu Sans 10", 0, 2, 0, PANGO_ALIGN_CENTER, grey, true}},
        {"Heading1", {"DejaVu Sans Bold 12.5", 18, 8, 0, PANGO_ALIGN_LEFT, navy, true, true}},
        {"Heading2", {"DejaVu Sans Bold 10.5", 10, 2, 0, PANGO_ALIGN_LEFT, ink, true}},
        {"Meta", {"DejaVu Sans 9", 0, 5, 0, PANGO_ALIGN_LEFT, grey, true}},
        {"Item", {"DejaVu Serif 10.5", 0, 3, 14, PANGO_ALIGN_LEFT, ink}},
        {"Approval", {"DejaVu Sans 10.5", 28, 4, 0, PANGO_ALIGN_LEFT, ink, false, false, true}},
    };
    auto it = specs.find(style);
    return it == specs.end() ? specs.at("") : it->second;
}

struct layout_deleter {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using layout_ptr = std::unique_ptr<PangoLayout, layout_deleter>;

// One line of a laid-out paragraph: where its origin sits from the layout's left edge, its
// height and its baseline from its top.
struct line_box {
    PangoLayoutLine* line;
    double x, height, baseline;
};

std::vector<line_box> lines_of(PangoLayout* layout)
{
    std::vector<line_box> out;
    auto* it = pango_layout_get_iter(layout);
    do {
        PangoRectangle in_layout, in_line;
        pango_layout_iter_get_line_extents(it, nullptr, &in_layout);
        auto* line = pango_layout_iter_get_line_readonly(it);
        pango_layout_line_get_extents(line, nullptr, &in_line);
        int top = 0, bottom = 0;
        pango_layout_iter_get_line_yrange(it, &top, &bottom);
        out.push_back({line, double(in_layout.x - in_line.x) / PANGO_SCALE, double(bottom - top) / PANGO_SCALE,
                       double(pango_layout_iter_get_baseline(it) - top) / PANGO_SCALE});
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return out;
}

double height_of(const std::vector<line_box>& lines, std::size_t from, std::size_t to)
{
    double h = 0;
    for (auto i = from; i < to && i < lines.size(); ++i)
        h += lines[i].height;
    return h;
}

struct text_op {
    PangoLayoutLine* line;
    double x, baseline;
    rgb colour;
};
struct rule_op {
    double x1, y1, x2, y2, width;
    rgb colour;
};
struct fill_op {
    double x, y, w, h;
    rgb colour;
};
struct page_ops {
    std::vector<fill_op> fills;
    std::vector<rule_op> rules;
    std::vector<text_op> texts;
};
struct outline_entry {
    std::string text;
    int page;
    double y;
};

// Lays the blocks out on pages first (so that every page can say how many there are), keeping
// the layouts whose lines the pages show. A paragraph breaks between any two of its lines, a
// table between rows or, for a row taller than a page, between the lines of its cells.
class page_layout {
public:
    explicit page_layout(PangoContext* context) : context_(context) { new_page(); }

    void add(const std::vector<block>& blocks)
    {
        std::vector<prepared> items;
        for (const auto& b : blocks)
            items.push_back(std::visit([&](const auto& x) { return prepare(x); }, b));
        // What must fit below a block's start for it to begin on this page: a heading takes its
        // follower's start along, a paragraph its first two lines, a table its header and first row.
        std::vector<double> need(items.size() + 1, 0);
        for (auto k = items.size(); k-- > 0;) {
            const auto& it = items[k];
            if (it.grid)
                need[k] = 6 + it.header_height + (it.rows.empty() ? 0 : std::min(row_height(it.rows[0]), 40.0));
            else if (it.spec->keep_with_next)
                need[k] = std::min(it.spec->before + height_of(it.lines, 0, it.lines.size()) + need[k + 1],
                                   (body_bottom - body_top) / 2);
            else
                need[k] = it.spec->before + height_of(it.lines, 0, 2);
        }
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (y_ + need[k] > body_bottom && !at_top())
                new_page();
            if (items[k].grid)
                place_table(items[k]);
            else
                place_paragraph(items[k]);
        }
    }

    std::vector<page_ops>& pages() { return pages_; }
    const std::vector<outline_entry>& outline() const { return outline_; }

private:
    static constexpr double pad_x = 4, pad_y = 3;
    using cell = std::vector<line_box>;

    struct prepared {
        const style_spec* spec = nullptr;
        const paragraph* source = nullptr;
        std::vector<line_box> lines;
        const render::table* grid = nullptr; // set for a table
        std::vector<double> x, w; // column edges and widths
        std::vector<cell> header;
        double header_height = 0;
        std::vector<std::vector<cell>> rows;
    };

    static double row_height(const std::vector<cell>& row)
    {
        double h = 0;
        for (const auto& c : row)
            h = std::max(h, height_of(c, 0, c.size()));
        return h + 2 * pad_y;
    }

    prepared prepare(const paragraph& p)
    {
        prepared out;
        out.source = &p;
        out.spec = &spec_of(p.style);
        out.lines = lines_of(make_layout(out.spec->font, text_width - out.spec->indent,
                                         p.label.empty() ? p.text : p.label + " " + p.text, p.label.size(), *out.spec));
        return out;
    }

    prepared prepare(const table& t)
    {
        prepared out;
        out.grid = &t;
        double total = 0;
        for (auto share : t.widths)
            total += share;
        out.x.push_back(margin);
        for (auto share : t.widths) {
            out.w.push_back(text_width * share / total);
            out.x.push_back(out.x.back() + out.w.back());
        }
        auto cells = [&](const std::vector<std::string>& texts, const char* font) {
            std::vector<cell> row;
            for (std::size_t c = 0; c < out.w.size(); ++c)
                row.push_back(lines_of(make_layout(font, out.w[c] - 2 * pad_x, c < texts.size() ? texts[c] : "", 0, spec_of("Meta"))));
            return row;
        };
        out.header = cells(t.header, "DejaVu Sans Bold 9");
        out.header_height = row_height(out.header);
        for (const auto& r : t.rows)
            out.rows.push_back(cells(r, "DejaVu Sans 9"));
        return out;
    }

    void place_paragraph(const prepared& p)
    {
        const auto& st = *p.spec;
        if (!at_top())
            y_ += st.before + (st.rule_above ? 10 : 0);
        if (st.rule_above)
            page().rules.push_back({margin, y_ - 8, margin + text_width * 0.4, y_ - 8, 0.6, rule_grey});
        if (p.source->style == "Heading1")
            outline_.push_back({p.source->text, static_cast<int>(pages_.size()), y_});
        for (const auto& l : p.lines) {
            if (y_ + l.height > body_bottom && !at_top())
                new_page();
            page().texts.push_back({l.line, margin + st.indent + l.x, y_ + l.baseline, st.colour});
            y_ += l.height;
        }
        if (st.rule_below) {
            page().rules.push_back({margin, y_ + 2, margin + text_width, y_ + 2, 0.8, st.colour});
            y_ += 4;
        }
        y_ += st.after;
    }

    void place_row(const prepared& t, const std::vector<cell>& row, const std::vector<std::size_t>& from,
                   const std::vector<std::size_t>& to, rgb colour)
    {
        for (std::size_t c = 0; c < row.size(); ++c) {
            double cy = y_ + pad_y;
            for (auto i = from[c]; i < to[c]; ++i) {
                page().texts.push_back({row[c][i].line, t.x[c] + pad_x + row[c][i].x, cy + row[c][i].baseline, colour});
                cy += row[c][i].height;
            }
        }
    }

    void place_header(const prepared& t)
    {
        page().fills.push_back({margin, y_, text_width, t.header_height, shade});
        page().rules.push_back({margin, y_, margin + text_width, y_, 1.0, ink});
        std::vector<std::size_t> from(t.header.size(), 0), to;
        for (const auto& c : t.header)
            to.push_back(c.size());
        place_row(t, t.header, from, to, ink);
        y_ += t.header_height;
        page().rules.push_back({margin, y_, margin + text_width, y_, 0.6, ink});
    }

    void place_table(const prepared& t)
    {
        if (!at_top())
            y_ += 6;
        place_header(t);
        for (std::size_t k = 0; k < t.rows.size(); ++k) {
            const auto& row = t.rows[k];
            // A row that fits on a page is never split; a taller one breaks between lines.
            if (y_ + row_height(row) > body_bottom && row_height(row) <= body_bottom - body_top - t.header_height) {
                new_page();
                place_header(t);
            }
            std::vector<std::size_t> next(row.size(), 0);
            for (;;) {
                double room = body_bottom - y_ - 2 * pad_y, segment = 0;
                bool fresh = y_ <= body_top + t.header_height + 0.01, done = true;
                std::vector<std::size_t> upto(row.size());
                for (std::size_t c = 0; c < row.size(); ++c) {
                    auto i = next[c];
                    double h = 0;
                    // On a fresh page a line always goes, however tall: nothing waits forever.
                    while (i < row[c].size() && (h + row[c][i].height <= room || (fresh && i == next[c])))
                        h += row[c][i++].height;
                    upto[c] = i;
                    segment = std::max(segment, h);
                    done = done && i == row[c].size();
                }
                if (k % 2 == 1)
                    page().fills.push_back({margin, y_, text_width, segment + 2 * pad_y, shade});
                place_row(t, row, next, upto, ink);
                y_ += segment + 2 * pad_y;
                page().rules.push_back({margin, y_, margin + text_width, y_, 0.3, rule_grey});
                next = upto;
                if (done)
                    break;
                new_page();
                place_header(t);
            }
        }
        page().rules.push_back({margin, y_, margin + text_width, y_, 1.0, ink});
        y_ += 10;
    }

    bool at_top() const { return y_ <= body_top; }
    page_ops& page() { return pages_.back(); }
    void new_page()
    {
        pages_.emplace_back();
        y_ = body_top;
    }

    PangoLayout* make_layout(const char* font, double width, const std::string& text, std::size_t bold_bytes, const style_spec& st)
    {
        layout_ptr layout(pango_layout_new(context_));
        auto* desc = pango_font_description_from_string(font);
        pango_layout_set_font_description(layout.get(), desc);
        pango_font_description_free(desc);
        pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout.get(), st.align);
        if (st.indent > 0) // a hanging indent: the bullet stands out to the left
            pango_layout_set_indent(layout.get(), static_cast<int>(-10 * PANGO_SCALE));
        pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
        if (bold_bytes > 0) {
            auto* attrs = pango_attr_list_new();
            auto* bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            bold->start_index = 0;
            bold->end_index = static_cast<guint>(bold_bytes);
            pango_attr_list_insert(attrs, bold);
            pango_layout_set_attributes(layout.get(), attrs);
            pango_attr_list_unref(attrs);
        }
        layouts_.push_back(std::move(layout));
        return layouts_.back().get();
    }

    PangoContext* context_;
    std::vector<layout_ptr> layouts_; // the pages show lines of these
    std::vector<page_ops> pages_;
    std::vector<outline_entry> outline_;
    double y_ = body_top;
};

void show_text(cairo_t* cr, PangoContext* context, const std::string& text, double x, double y, double width,
               PangoAlignment align)
{
    layout_ptr layout(pango_layout_new(context));
    auto* desc = pango_font_description_from_string("DejaVu Sans 8");
    pango_layout_set_font_description(layout.get(), desc);
    pango_font_description_free(desc);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
    cairo_set_source_rgb(cr, grey.r, grey.g, grey.b);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout.get());
}

// "2017-09-21T07:00:00Z"
std::string iso_date(std::int64_t unix_seconds)
{
    auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

} // namespace

std::string pdf_document(const document& doc, const page_label_fn& page_label)
{
    std::string out;
    auto* surface = cairo_pdf_surface_create_for_stream(append, &out, page_width, page_height);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Sanāksme");
    if (doc.issued_at) {
        auto date = iso_date(*doc.issued_at);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
    }
    auto* cr = cairo_create(surface);
    auto* context = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(context, 72); // font sizes in points, as the page is measured
    {
        page_layout pages(context);
        pages.add(doc.blocks);
        auto count = static_cast<int>(pages.pages().size());
        for (int n = 0; n < count; ++n) {
            const auto& p = pages.pages()[static_cast<std::size_t>(n)];
            for (const auto& f : p.fills) {
                cairo_set_source_rgb(cr, f.colour.r, f.colour.g, f.colour.b);
                cairo_rectangle(cr, f.x, f.y, f.w, f.h);
                cairo_fill(cr);
            }
            for (const auto& r : p.rules) {
                cairo_set_source_rgb(cr, r.colour.r, r.colour.g, r.colour.b);
                cairo_set_line_width(cr, r.width);
                cairo_move_to(cr, r.x1, r.y1);
                cairo_line_to(cr, r.x2, r.y2);
                cairo_stroke(cr);
            }
            for (const auto& t : p.texts) {
                cairo_set_source_rgb(cr, t.colour.r, t.colour.g, t.colour.b);
                cairo_move_to(cr, t.x, t.baseline);
                pango_cairo_show_layout_line(cr, t.line);
            }
            // The running header: the platform on the left, the meeting on the right; the page's number below.
            show_text(cr, context, doc.header_left, margin, header_y, text_width / 2 - 6, PANGO_ALIGN_LEFT);
            show_text(cr, context, doc.header_right, margin + text_width / 2 + 6, header_y, text_width / 2 - 6, PANGO_ALIGN_RIGHT);
            cairo_set_source_rgb(cr, rule_grey.r, rule_grey.g, rule_grey.b);
            cairo_set_line_width(cr, 0.5);
            cairo_move_to(cr, margin, header_rule_y);
            cairo_line_to(cr, margin + text_width, header_rule_y);
            cairo_stroke(cr);
            show_text(cr, context, page_label(n + 1, count), margin, footer_y, text_width, PANGO_ALIGN_CENTER);
            cairo_show_page(cr);
        }
        for (const auto& o : pages.outline()) {
            auto link = "page=" + std::to_string(o.page) + " pos=[" + std::to_string(margin) + " " + std::to_string(o.y) + "]";
            cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT, o.text.c_str(), link.c_str(),
                                          static_cast<cairo_pdf_outline_flags_t>(0));
        }
    }
    g_object_unref(context);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    auto status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(status));
    return out;
}

} // namespace sanaksme::render
