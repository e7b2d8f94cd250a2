#pragma once
// Reading RFC 4180 CSV (for imports): quoted cells with "" and line breaks inside, CRLF or LF,
// a UTF-8 byte-order mark ignored, semicolons as the separator when the header row uses them.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::render {

// A text that is not CSV: `line` is the 1-based line where reading stopped.
struct csv_syntax_error : std::runtime_error {
    csv_syntax_error(std::size_t line_number, const std::string& what) : std::runtime_error(what), line(line_number) {}
    std::size_t line;
};

// The rows of `text`, each a list of cells; blank lines are skipped. Throws csv_syntax_error on a
// quote left open or a quote inside an unquoted cell.
std::vector<std::vector<std::string>> read_csv(std::string_view text);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF):
// an uploaded file in another encoding is refused rather than imported as mojibake.
bool valid_utf8(std::string_view text);

} // namespace sanaksme::render
