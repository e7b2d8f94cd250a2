// RFC 4180 reading, one pass over the bytes (UTF-8 passes through untouched).
#include "render/csv_read.hpp"

#include "render/csv.hpp"

namespace sanaksme::render {

namespace {

// Spreadsheets set to Latvian or Russian save with ';': the first line decides, outside quotes.
char separator_of(std::string_view text)
{
    bool quoted = false;
    std::size_t commas = 0, semicolons = 0;
    for (char ch : text) {
        if (ch == '"')
            quoted = !quoted;
        else if (!quoted && (ch == '\n' || ch == '\r'))
            break;
        else if (!quoted && ch == ',')
            ++commas;
        else if (!quoted && ch == ';')
            ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
}

bool blank(const std::vector<std::string>& row) { return row.size() == 1 && row[0].empty(); }

} // namespace

std::vector<std::vector<std::string>> read_csv(std::string_view text)
{
    if (text.starts_with(utf8_bom))
        text.remove_prefix(utf8_bom.size());
    const char sep = separator_of(text);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    std::size_t line = 1, opened_at = 0;
    bool quoted = false, was_quoted = false;
    auto end_row = [&] {
        row.push_back(std::move(cell));
        cell.clear();
        was_quoted = false;
        if (!blank(row))
            rows.push_back(std::move(row));
        row.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (ch == '"') {
                quoted = false;
            } else {
                if (ch == '\n')
                    ++line;
                cell += ch;
            }
            continue;
        }
        if (ch == '"') {
            if (!cell.empty() || was_quoted)
                throw csv_syntax_error(line, "a quote inside an unquoted cell");
            quoted = was_quoted = true;
            opened_at = line;
        } else if (ch == sep) {
            row.push_back(std::move(cell));
            cell.clear();
            was_quoted = false;
        } else if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            end_row();
            ++line;
        } else if (was_quoted) {
            throw csv_syntax_error(line, "text after a quoted cell's closing quote");
        } else {
            cell += ch;
        }
    }
    if (quoted)
        throw csv_syntax_error(opened_at, "a quote opened and never closed");
    if (!cell.empty() || !row.empty() || was_quoted)
        end_row();
    return rows;
}

bool valid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        auto b = static_cast<unsigned char>(text[i]);
        std::size_t n = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : 4;
        if (n == 4 || i + n >= text.size())
            return false;
        char32_t cp = n == 0 ? b : b & (0x3F >> n);
        for (std::size_t k = 1; k <= n; ++k) {
            auto c = static_cast<unsigned char>(text[i + k]);
            if ((c & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        static constexpr char32_t least[] = {0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

} // namespace sanaksme::render
