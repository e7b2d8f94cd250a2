#pragma once
// A streaming multipart/form-data reader (RFC 7578, RFC 2046 §5.1): bytes in, any number of
// pieces at a time; parts' heads and data out through callbacks, never a whole body in memory.
// Strict: a part needs Content-Disposition: form-data with a name, heads are bounded, and the
// body must end with the closing delimiter. Anything else is a 400 (http::api_error).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sanaksme::http {

// The boundary parameter of a multipart/form-data Content-Type; nullopt for another type or none.
std::optional<std::string> multipart_boundary(std::string_view content_type);

struct part_head {
    std::string name;
    std::optional<std::string> filename;
    std::string content_type; // empty when the part has none (text/plain, RFC 7578 §4.4)
};

class multipart_sink {
public:
    virtual ~multipart_sink() = default;
    virtual void on_part(const part_head& head) = 0;
    virtual void on_data(std::string_view bytes) = 0;
    virtual void on_part_end() = 0;
};

class multipart_reader {
public:
    static constexpr std::size_t max_head_bytes = 8 * 1024;
    static constexpr std::size_t max_preamble_bytes = 1024;
    static constexpr std::size_t max_parts = 16;

    multipart_reader(std::string_view boundary, multipart_sink& sink);
    void feed(std::string_view bytes);
    // The body ended: throws unless the closing delimiter was seen.
    void finish();
    bool done() const { return state_ == state::epilogue; }

private:
    enum class state { preamble, after_delimiter, head, data, epilogue };
    void step();
    void parse_head(std::string_view block);

    std::string delimiter_; // CRLF "--" boundary
    multipart_sink& sink_;
    std::string buf_;
    std::size_t preamble_seen_ = 0;
    std::size_t parts_ = 0;
    state state_ = state::preamble;
};

} // namespace sanaksme::http
