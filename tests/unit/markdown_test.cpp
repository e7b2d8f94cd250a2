// markdown_escape: a backslash exactly where CommonMark would read user text as markup.
#include "render/templates.hpp"

#include <catch2/catch.hpp>

using sanaksme::render::markdown_escape;

TEST_CASE("text with no markup in it is left as typed", "[markdown][unit]")
{
    for (const std::string s : {"10.00–12.30", "snake_case_vārds", "C# un F#", "tēma #1", "#1 prioritāte", "2 * 3 = 6", "a = b",
                                "x > y", "3<4", "a < b", "-5 grādi", "+371 67 000 000", "1-2-3", "[1] atsauce", "(see [1])",
                                "C:\\Users\\anna", "AT&T un R&D.", "&", "a ~ b", "100 %", "e-pasts: a@b.example", "1.5 miljoni",
                                "2017.gadā", "Nr. 5", "= 5", "--help", "Pirmā rindkopa.\n\nOtrā rindkopa."})
        CHECK(markdown_escape(s) == s);
}

TEST_CASE("markup at the start of a line is escaped once, at the marker", "[markdown][unit]")
{
    CHECK(markdown_escape("# Virsraksts") == "\\# Virsraksts");
    CHECK(markdown_escape("###### seši") == "\\###### seši");
    CHECK(markdown_escape("####### septiņi") == "####### septiņi"); // not a heading
    CHECK(markdown_escape("> citāts") == "\\> citāts");
    CHECK(markdown_escape("- punkts") == "\\- punkts");
    CHECK(markdown_escape("+ punkts") == "\\+ punkts");
    CHECK(markdown_escape("* punkts") == "\\* punkts");
    CHECK(markdown_escape("-") == "\\-");
    CHECK(markdown_escape("1) punkts") == "1\\) punkts");
    CHECK(markdown_escape("2017. gada 21. septembrī") == "2017\\. gada 21. septembrī");
    CHECK(markdown_escape("1234567890. nav saraksts") == "1234567890. nav saraksts"); // ten digits: no list
    CHECK(markdown_escape("teksts\n===") == "teksts\n\\===");
    CHECK(markdown_escape("teksts\n---") == "teksts\n\\---");
    CHECK(markdown_escape("- - -") == "\\- - -");
    CHECK(markdown_escape("___") == "\\_\\_\\_");
    CHECK(markdown_escape("~~~") == "\\~\\~\\~");
    CHECK(markdown_escape("a\n  - b") == "a\n  \\- b");
    CHECK(markdown_escape("a\n    kods") == "a\nkods"); // indentation would make a code block
    CHECK(markdown_escape("a\n\tkods") == "a\nkods");
}

TEST_CASE("inline markup is escaped where it could open or close", "[markdown][unit]")
{
    CHECK(markdown_escape("_slīpi_") == "\\_slīpi\\_");
    CHECK(markdown_escape("vārds_") == "vārds\\_"); // the template goes on after the text
    CHECK(markdown_escape("a*b*c") == "a\\*b\\*c");
    CHECK(markdown_escape("a ** b") == "a ** b");
    CHECK(markdown_escape("**trekni**") == "\\*\\*trekni\\*\\*");
    CHECK(markdown_escape("~~nē~~") == "\\~\\~nē\\~\\~");
    CHECK(markdown_escape("`kods`") == "\\`kods\\`");
    CHECK(markdown_escape("a | b") == "a \\| b");
    CHECK(markdown_escape("<b>") == "\\<b>");
    CHECK(markdown_escape("</b> <!-- x --> <?x?>") == "\\</b> \\<!-- x --> \\<?x?>");
    CHECK(markdown_escape("<https://x.example>") == "\\<https://x.example>");
    CHECK(markdown_escape("[a](b)") == "[a\\](b)");
    CHECK(markdown_escape("[a][b]") == "[a\\][b\\]");
    CHECK(markdown_escape("[a]: b") == "[a\\]: b");
    CHECK(markdown_escape("![x](y.png)") == "![x\\](y.png)");
    CHECK(markdown_escape("&copy; &#169; &#xA9; &amp") == "\\&copy; \\&#169; \\&#xA9; \\&amp");
    CHECK(markdown_escape("R&D") == "R\\&D"); // a template may go on with a semicolon
    CHECK(markdown_escape("a\\*b") == "a\\\\\\*b");
    CHECK(markdown_escape("beigās\\") == "beigās\\\\");
    CHECK(markdown_escape("a\\\nb") == "a\\\\\nb");
    CHECK(markdown_escape("Jautājumi #") == "Jautājumi \\#");
    CHECK(markdown_escape("Jautājumi ##  ") == "Jautājumi \\##  ");
}
