// The CSV escaper: every cell reads back, through an RFC 4180 parser, as exactly what was
// written (a formula cell with its neutralising apostrophe), and rows never break early.
#include "fuzz_check.hpp"
#include "render/csv.hpp"

#include <string>
#include <vector>

namespace {

// RFC 4180, strict: returns the rows, or nothing when the text is not well formed.
bool parse(const std::string& text, std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::string> row;
    std::string cell;
    std::size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        if (text[i] == '"') {
            ++i;
            while (true) {
                if (i >= text.size())
                    return false;
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                cell += text[i++];
            }
        } else {
            while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                if (text[i] == '"')
                    return false;
                cell += text[i++];
            }
        }
        any = true;
        if (i < text.size() && text[i] == ',') {
            row.push_back(std::move(cell));
            cell.clear();
            ++i;
        } else if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') {
            row.push_back(std::move(cell));
            cell.clear();
            rows.push_back(std::move(row));
            row.clear();
            any = false;
            i += 2;
        } else if (i < text.size()) {
            return false; // a bare CR or LF outside quotes
        }
    }
    return !any; // every row ended with CRLF
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    // Cells separated by 0xFF bytes in the input.
    std::vector<std::string> cells(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0xFF)
            cells.emplace_back();
        else
            cells.back() += static_cast<char>(data[i]);
    }
    auto text = sanaksme::render::csv_row(cells);
    std::vector<std::vector<std::string>> rows;
    FUZZ_CHECK(parse(text, rows));
    FUZZ_CHECK(rows.size() == 1);
    FUZZ_CHECK(rows[0].size() == cells.size());
    for (std::size_t k = 0; k < cells.size(); ++k) {
        const auto& in = cells[k];
        const auto& out = rows[0][k];
        auto first = in.find_first_not_of(" \t\r\n");
        bool formula = (first != std::string::npos && std::string("=+-@").find(in[first]) != std::string::npos) ||
                       (!in.empty() && std::string("\t\r").find(in[0]) != std::string::npos);
        FUZZ_CHECK(out == (formula ? "'" + in : in));
        // Nothing a spreadsheet would evaluate starts a cell.
        FUZZ_CHECK(out.empty() || std::string("=+-@\t\r").find(out[0]) == std::string::npos);
    }
    return 0;
}
