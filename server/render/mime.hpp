#pragma once
// RFC 5322 / MIME messages: RFC 2047 encoded words for non-ASCII headers, base64 bodies,
// multipart/mixed { multipart/alternative { text, html, calendar }, attachment }.
#include "domain/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::render {

struct mailbox {
    std::string name;
    std::string address;
};

struct attachment {
    std::string filename;
    std::string content_type; // e.g. "application/ics"
    std::string content;
};

struct message {
    mailbox from, to, reply_to;
    std::string subject;
    std::string message_id; // without <>
    domain::instant date = 0;
    std::string text, html;
    std::string calendar;        // empty: no calendar part
    std::string calendar_method; // REQUEST, CANCEL
    std::vector<std::pair<std::string, std::string>> extra_headers; // List-Unsubscribe, …
    std::vector<attachment> attachments;
};

std::string build_message(const message& m, std::string_view boundary_seed);

// Encoded words of at most 75 characters, never splitting a UTF-8 character; ASCII text stays as is.
std::string encode_header_text(std::string_view text);
std::string format_mailbox(const mailbox& m);
// CR, LF and NUL removed: nothing a user typed can start a new header.
std::string header_safe(std::string_view text);
std::string rfc5322_date(domain::instant t);
std::string base64_lines(std::string_view data); // 76-character lines, CRLF

} // namespace sanaksme::render
