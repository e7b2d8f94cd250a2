#include "render/documents.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace sanaksme::render;

TEST_CASE("an issued document renders to the same PDF and DOCX bytes at another time", "[documents][unit]")
{
    document doc{.title = "Protokols", .lang = "lv", .header_left = "NVO Dialoga platforma", .header_right = "Piektā tikšanās",
                 .blocks = {paragraph{"Protokols", "Title"}, paragraph{"Darba kārtība", "Heading1"},
                            paragraph{"Piedalījās 19 pārstāvji."}},
                 .issued_at = 1506000000};
    auto label = [](int page, int pages) { return std::to_string(page) + ". lpp. no " + std::to_string(pages); };
    auto pdf = pdf_document(doc, label);
    auto docx = docx_document(doc, label);
    // ZIP stamps entries to 2 s and PDFs to 1 s: a render 2.1 s later differs if it takes the clock.
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    CHECK(pdf_document(doc, label) == pdf);
    CHECK(docx_document(doc, label) == docx);
}
