#include "render/csv.hpp"

namespace sanaksme::render {

std::string csv_cell(std::string_view value)
{
    std::string v(value);
    // Spreadsheets skip leading blanks before a formula (" =1+1", "\t@SUM(…)"): look past them.
    auto first = v.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && std::string_view("=+-@").find(v[first]) != std::string_view::npos)
        v.insert(v.begin(), '\'');
    else if (!v.empty() && (v[0] == '\t' || v[0] == '\r'))
        v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos)
        return v;
    std::string out = "\"";
    for (char c : v)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_row(const std::vector<std::string>& cells)
{
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i)
        out += (i ? "," : "") + csv_cell(cells[i]);
    return out + "\r\n";
}

} // namespace sanaksme::render
