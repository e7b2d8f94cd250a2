// RFC 4180 reading for imports: quotes, escaped quotes, line breaks in cells, CRLF, BOM, ';'.
#include "render/csv.hpp"
#include "render/csv_read.hpp"

#include <catch2/catch.hpp>

using sanaksme::render::csv_syntax_error;
using sanaksme::render::read_csv;
using rows = std::vector<std::vector<std::string>>;

TEST_CASE("CSV cells are read as RFC 4180 writes them", "[csv][unit]")
{
    CHECK(read_csv("name,email\r\nAgita Misāne,agita@example.lv\r\n") ==
          rows{{"name", "email"}, {"Agita Misāne", "agita@example.lv"}});
    CHECK(read_csv("a,b\nc,d") == rows{{"a", "b"}, {"c", "d"}}); // LF, no line break at the end
    CHECK(read_csv("\"Biedrība „Drošā māja”, Rīga\",\"say \"\"hi\"\"\"\n") ==
          rows{{"Biedrība „Drošā māja”, Rīga", "say \"hi\""}});
    CHECK(read_csv("\"two\nlines\",x\n") == rows{{"two\nlines", "x"}});
    CHECK(read_csv("a,,\n") == rows{{"a", "", ""}});
    CHECK(read_csv("\"\",b\n") == rows{{"", "b"}});
    CHECK(read_csv("a\n\n\r\nb\n") == rows{{"a"}, {"b"}}); // blank lines are not rows
    CHECK(read_csv("").empty());
}

TEST_CASE("CSV from a spreadsheet: a byte-order mark and semicolons", "[csv][unit]")
{
    CHECK(read_csv(std::string(sanaksme::render::utf8_bom) + "name;email\nA, B;a@b.lv\n") ==
          rows{{"name", "email"}, {"A, B", "a@b.lv"}});
    // What the writer writes, the reader reads back.
    auto written = std::string(sanaksme::render::utf8_bom) + sanaksme::render::csv_row({"x,y", "q\"r", "line\nbreak"});
    CHECK(read_csv(written) == rows{{"x,y", "q\"r", "line\nbreak"}});
}

TEST_CASE("text that is not CSV names its line", "[csv][unit]")
{
    auto line_of = [](std::string_view text) {
        try {
            read_csv(text);
        } catch (const csv_syntax_error& e) {
            return e.line;
        }
        return std::size_t{0};
    };
    CHECK(line_of("a,b\n\"open,c\nd\n") == 2);
    CHECK(line_of("a,b\nc,d\"e\n") == 2);
    CHECK(line_of("\"a\"b,c\n") == 1);
    CHECK(line_of("a,b\n") == 0);
}

TEST_CASE("an uploaded file is UTF-8 or refused", "[csv][unit]")
{
    using sanaksme::render::valid_utf8;
    CHECK(valid_utf8("Jānis Bērziņš;Организация;😀"));
    CHECK(valid_utf8(""));
    CHECK_FALSE(valid_utf8("J\xe2nis"));            // Windows-1257 "ā"
    CHECK_FALSE(valid_utf8("\xc4"));                // cut short
    CHECK_FALSE(valid_utf8("\xc0\xaf"));            // overlong "/"
    CHECK_FALSE(valid_utf8("\xed\xa0\x80"));        // a surrogate
    CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));    // past U+10FFFF
    CHECK_FALSE(valid_utf8("\xff"));
}
