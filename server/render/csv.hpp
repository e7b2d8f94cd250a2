#pragma once
// RFC 4180 CSV with a UTF-8 byte-order mark (spreadsheets then read Latvian text right).
#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::render {

// One cell: quoted when needed; a cell a spreadsheet would run as a formula (= + - @, tab, CR)
// is neutralised with a leading apostrophe.
std::string csv_cell(std::string_view value);
std::string csv_row(const std::vector<std::string>& cells); // ends with CRLF
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

} // namespace sanaksme::render
