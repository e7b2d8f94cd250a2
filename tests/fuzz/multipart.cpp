// The streaming multipart/form-data reader: any bytes either parse or are refused with a 400,
// never anything else; and the outcome (the parts' heads and data, or the refusal) is the same
// whether the body comes whole or in pieces of any size (the first byte picks the size).
#include "fuzz_check.hpp"
#include "http/api_error.hpp"
#include "http/multipart.hpp"

#include <string>
#include <vector>

namespace {

struct record : sanaksme::http::multipart_sink {
    std::string log;
    void on_part(const sanaksme::http::part_head& h) override
    {
        log += "[part " + h.name + "|" + (h.filename ? *h.filename : "-") + "|" + h.content_type + "]";
    }
    void on_data(std::string_view b) override { log.append(b); }
    void on_part_end() override { log += "[end]"; }
};

std::string outcome(std::string_view body, std::size_t piece)
{
    record r;
    sanaksme::http::multipart_reader reader("b0undary", r);
    try {
        for (std::size_t i = 0; i < body.size(); i += piece)
            reader.feed(body.substr(i, piece));
        reader.finish();
        return r.log + "[done]";
    } catch (const sanaksme::http::api_error& e) {
        FUZZ_CHECK(e.status() == 400);
        return "refused";
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    if (size == 0)
        return 0;
    std::size_t piece = data[0] % 17 + 1;
    std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    FUZZ_CHECK(outcome(body, body.size() + 1) == outcome(body, piece));
    return 0;
}
