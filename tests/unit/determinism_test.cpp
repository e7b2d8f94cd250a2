#include "render/documents.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace sanaksme::render;

TEST_CASE("the same document renders to the same PDF and DOCX bytes at another time", "[documents][unit]")
{
    std::vector<paragraph> body{{"Protokols", "Title"}, {"Darba kārtība", "Heading1"}, {"Piedalījās 19 pārstāvji.", ""}};
    auto pdf = pdf_document("Protokols", body);
    auto docx = docx_document("Protokols", "lv", body);
    // ZIP stamps entries to 2 s: a render 2.1 s later would carry another time if it took the clock.
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    CHECK(pdf_document("Protokols", body) == pdf);
    CHECK(docx_document("Protokols", "lv", body) == docx);
}
