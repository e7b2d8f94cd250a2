// The iCalendar line folder and escaper: physical lines of at most 75 octets, CRLF endings,
// continuation lines that begin with one space, no UTF-8 character split across lines, and
// unfolding gives back the line. Escaped text holds no raw line break.
#include "fuzz_check.hpp"
#include "render/ical.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    std::string line(reinterpret_cast<const char*>(data), size);
    auto escaped = sanaksme::render::ical_escape(line);
    FUZZ_CHECK(escaped.find('\n') == std::string::npos && escaped.find('\r') == std::string::npos);

    // Fold the escaped text, as the calendar writer does with a property's value.
    auto folded = sanaksme::render::fold_line("SUMMARY:" + escaped);
    FUZZ_CHECK(folded.size() >= 2 && folded.compare(folded.size() - 2, 2, "\r\n") == 0);
    std::string unfolded;
    bool utf8 = sanaksme::fuzz::valid_utf8(reinterpret_cast<const unsigned char*>(escaped.data()), escaped.size());
    std::size_t start = 0;
    bool first = true;
    while (start < folded.size()) {
        auto end = folded.find("\r\n", start);
        FUZZ_CHECK(end != std::string::npos);
        auto physical = folded.substr(start, end - start);
        FUZZ_CHECK(physical.size() <= 75);
        FUZZ_CHECK(!physical.empty());
        if (!first)
            FUZZ_CHECK(physical[0] == ' ');
        auto content = first ? physical : physical.substr(1);
        if (utf8) // each physical line is whole characters
            FUZZ_CHECK(sanaksme::fuzz::valid_utf8(reinterpret_cast<const unsigned char*>(content.data()), content.size()));
        unfolded += content;
        first = false;
        start = end + 2;
    }
    FUZZ_CHECK(unfolded == "SUMMARY:" + escaped);
    return 0;
}
