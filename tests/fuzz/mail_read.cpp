// The readers of mail that comes back (render/mail_read): any bytes give a bounded set of leaf
// parts with lower-case types, and the calendar and delivery status readers normalize what they return.
#include "fuzz_check.hpp"
#include "render/mail_read.hpp"

#include <cctype>
#include <string>

namespace {

bool no_upper(const std::string& s)
{
    for (unsigned char c : s)
        if (std::isupper(c))
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    std::string message(reinterpret_cast<const char*>(data), size);
    auto m = sanaksme::render::read_message(message);
    FUZZ_CHECK(m.parts.size() <= 64);
    FUZZ_CHECK(no_upper(m.type) && no_upper(m.report_type));
    for (const auto& p : m.parts) {
        FUZZ_CHECK(no_upper(p.type));
        FUZZ_CHECK(p.body.size() <= message.size());
    }
    // The readers on the whole input too, as a part's body may be anything.
    if (auto a = sanaksme::render::read_calendar_answer(message)) {
        FUZZ_CHECK(!a->method.empty());
        for (const auto& at : a->attendees)
            FUZZ_CHECK(no_upper(at.email));
    }
    for (const auto& d : sanaksme::render::read_delivery_status(message)) {
        FUZZ_CHECK(!d.action.empty() && !d.status.empty() && no_upper(d.action) && no_upper(d.final_recipient));
        FUZZ_CHECK(d.status.find(' ') == std::string::npos);
    }
    return 0;
}
