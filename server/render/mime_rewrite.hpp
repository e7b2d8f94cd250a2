#pragma once
// Edits the text of a stored RFC 5322 message without breaking it: header fields, and the decoded
// content of every leaf part, re-encoded in the part's own transfer encoding (base64,
// quoted-printable or none). The outbox shows its messages this way with signed links redacted.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sanaksme::render {

using text_edit = std::function<std::string(std::string_view)>;

// Parts the edit leaves as they were keep their bytes; so does a part whose encoding is not
// understood.
std::string rewrite_message_text(std::string_view message, const text_edit& edit);

std::string quoted_printable_decode(std::string_view encoded);
// Lines of at most 76 characters, soft breaks "=" CRLF, line breaks of the text kept as CRLF.
std::string quoted_printable_encode(std::string_view text);
// Standard base64 (RFC 2045): whitespace between characters is skipped. False on anything else.
bool base64_decode(std::string_view encoded, std::string& out);

// The pieces of reading an entity, shared with render/mail_read: its header block and body,
// a header field's unfolded value by name, and a parameter of a Content-Type value.
struct mime_entity {
    std::string_view head, body;
};
mime_entity split_mime_entity(std::string_view text);
std::optional<std::string> mime_header(std::string_view head, std::string_view name);
std::optional<std::string> mime_parameter(const std::string& value, std::string_view name);

} // namespace sanaksme::render
