// Redoc's standalone bundle (see CMakeLists.txt), built into the binary with the assembler's
// .incbin: a megabyte as a C++ array initialiser would take the compiler minutes.
#include "api/docs_bundle.hpp"

asm(".section .rodata\n"
    ".global sanaksme_redoc_js_begin\n"
    ".hidden sanaksme_redoc_js_begin\n"
    ".global sanaksme_redoc_js_end\n"
    ".hidden sanaksme_redoc_js_end\n"
    ".balign 16\n"
    "sanaksme_redoc_js_begin:\n"
    ".incbin \"" SANAKSME_REDOC_JS_PATH "\"\n"
    "sanaksme_redoc_js_end:\n"
    ".previous\n");

extern "C" const char sanaksme_redoc_js_begin[];
extern "C" const char sanaksme_redoc_js_end[];

namespace sanaksme::api {

std::string_view redoc_bundle() { return {sanaksme_redoc_js_begin, static_cast<std::size_t>(sanaksme_redoc_js_end - sanaksme_redoc_js_begin)}; }

} // namespace sanaksme::api
