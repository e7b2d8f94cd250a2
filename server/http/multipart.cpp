// The multipart/form-data state machine: preamble, delimiter, head, data, …, closing delimiter.
#include "http/multipart.hpp"

#include "http/api_error.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>

namespace sanaksme::http {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The parameters after the first ';' of a header value: name=token or name="quoted".
// Returns nullopt on a malformed list.
std::optional<std::vector<std::pair<std::string, std::string>>> parameters(std::string_view value)
{
    std::vector<std::pair<std::string, std::string>> out;
    auto semi = value.find(';');
    if (semi == std::string_view::npos)
        return out;
    auto rest = value.substr(semi + 1);
    while (true) {
        rest = trim(rest);
        if (rest.empty())
            return out;
        auto eq = rest.find('=');
        if (eq == std::string_view::npos)
            return std::nullopt;
        std::string name(trim(rest.substr(0, eq)));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        rest = trim(rest.substr(eq + 1));
        std::string v;
        if (!rest.empty() && rest.front() == '"') {
            std::size_t i = 1;
            for (; i < rest.size() && rest[i] != '"'; ++i) {
                if (rest[i] == '\\' && i + 1 < rest.size())
                    ++i;
                v += rest[i];
            }
            if (i >= rest.size())
                return std::nullopt;
            rest.remove_prefix(i + 1);
            rest = trim(rest);
            if (!rest.empty() && rest.front() != ';')
                return std::nullopt;
        } else {
            auto end = rest.find(';');
            v = std::string(trim(rest.substr(0, end)));
            rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
        }
        if (name.empty())
            return std::nullopt;
        out.emplace_back(std::move(name), std::move(v));
        if (!rest.empty())
            rest.remove_prefix(1); // the ';'
    }
}

api_error malformed(std::string detail) { return bad_request("The multipart/form-data body is malformed: " + detail); }

} // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type)
{
    auto type = trim(content_type.substr(0, content_type.find(';')));
    if (!boost::beast::iequals(type, "multipart/form-data"))
        return std::nullopt;
    auto params = parameters(content_type);
    if (!params)
        return std::nullopt;
    for (const auto& [k, v] : *params)
        // RFC 2046 §5.1.1: 1 to 70 characters, not ending in a space.
        if (k == "boundary" && !v.empty() && v.size() <= 70 && v.back() != ' ' &&
            std::none_of(v.begin(), v.end(), [](unsigned char c) { return c < 0x20 || c > 0x7E; }))
            return v;
    return std::nullopt;
}

multipart_reader::multipart_reader(std::string_view boundary, multipart_sink& sink)
    : delimiter_("\r\n--" + std::string(boundary)), sink_(sink)
{
    buf_ = "\r\n"; // the first delimiter has no CRLF before it when there is no preamble
}

void multipart_reader::feed(std::string_view bytes)
{
    if (state_ == state::epilogue)
        return; // RFC 2046: the epilogue is ignored
    buf_.append(bytes);
    step();
}

void multipart_reader::finish()
{
    if (state_ != state::epilogue)
        throw malformed("it ends before its closing boundary.");
}

void multipart_reader::step()
{
    std::size_t pos = 0; // of buf_ consumed
    while (true) {
        std::string_view rest(buf_.data() + pos, buf_.size() - pos);
        if (state_ == state::preamble || state_ == state::data) {
            auto at = rest.find(delimiter_);
            auto keep = delimiter_.size() - 1; // a delimiter may begin in the last bytes
            auto usable = at != std::string_view::npos ? at : (rest.size() > keep ? rest.size() - keep : 0);
            if (state_ == state::data) {
                if (usable > 0)
                    sink_.on_data(rest.substr(0, usable));
            } else if ((preamble_seen_ += usable) > max_preamble_bytes) {
                throw malformed("no boundary where the body begins.");
            }
            pos += usable;
            if (at == std::string_view::npos)
                break;
            if (state_ == state::data)
                sink_.on_part_end();
            pos += delimiter_.size();
            state_ = state::after_delimiter;
        } else if (state_ == state::after_delimiter) {
            if (rest.size() < 2)
                break;
            if (rest.starts_with("--")) {
                state_ = state::epilogue;
                pos = buf_.size();
                break;
            }
            if (!rest.starts_with("\r\n"))
                throw malformed("a boundary is followed by something other than a line break.");
            pos += 2;
            if (++parts_ > max_parts)
                throw malformed("more than " + std::to_string(max_parts) + " parts.");
            state_ = state::head;
        } else if (state_ == state::head) {
            auto end = rest.find("\r\n\r\n");
            // A part with no header lines at all is refused below (it has no name).
            if (rest.starts_with("\r\n"))
                end = 0;
            if (end == std::string_view::npos) {
                // The blank line may be arriving still: refused only once it cannot end in time.
                if (rest.size() > max_head_bytes + 3)
                    throw malformed("a part's headers are longer than " + std::to_string(max_head_bytes) + " bytes.");
                break;
            }
            if (end > max_head_bytes)
                throw malformed("a part's headers are longer than " + std::to_string(max_head_bytes) + " bytes.");
            parse_head(rest.substr(0, end));
            pos += end + (end == 0 ? 2 : 4);
            state_ = state::data;
        } else {
            pos = buf_.size();
            break;
        }
    }
    buf_.erase(0, pos);
}

void multipart_reader::parse_head(std::string_view block)
{
    part_head head;
    bool disposition = false;
    while (!block.empty()) {
        auto eol = block.find("\r\n");
        auto line = block.substr(0, eol);
        block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            throw malformed("a part's header line has no name.");
        auto name = line.substr(0, colon);
        auto value = trim(line.substr(colon + 1));
        if (boost::beast::iequals(name, "Content-Disposition")) {
            if (disposition)
                throw malformed("a part has two Content-Disposition headers.");
            disposition = true;
            if (!boost::beast::iequals(trim(value.substr(0, value.find(';'))), "form-data"))
                throw malformed("a part's Content-Disposition is not form-data.");
            auto params = parameters(value);
            if (!params)
                throw malformed("a part's Content-Disposition has malformed parameters.");
            bool named = false;
            for (auto& [k, v] : *params) {
                if (k == "name")
                    head.name = std::move(v), named = true;
                else if (k == "filename")
                    head.filename = std::move(v);
            }
            if (!named || head.name.empty())
                throw malformed("a part has no name.");
        } else if (boost::beast::iequals(name, "Content-Type")) {
            head.content_type = std::string(value);
        }
        // Other part headers (Content-Transfer-Encoding is deprecated by RFC 7578 §4.7) are ignored.
    }
    if (!disposition)
        throw malformed("a part has no Content-Disposition.");
    sink_.on_part(head);
}

} // namespace sanaksme::http
