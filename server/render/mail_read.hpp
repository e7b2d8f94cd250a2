#pragma once
// Reads mail that comes back (render/mime_rewrite's pieces): the leaf parts of a MIME message,
// an iCalendar answer (RFC 5546 REPLY or COUNTER) and a delivery status report (RFC 3464).
// Strict and bounded: nesting, part count and sizes are limited; what is not understood is absent.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanaksme::render {

struct mail_part {
    std::string type;   // "text/calendar", lower case
    std::string method; // the Content-Type's method parameter, upper case (may be empty)
    std::string body;   // transfer encoding undone
};

struct read_mail {
    std::string type;        // the top entity's type, lower case
    std::string report_type; // multipart/report's report-type, lower case
    std::vector<mail_part> parts; // leaves in order; message/* parts are leaves, never opened
};

read_mail read_message(std::string_view message);

struct calendar_answer {
    std::string method; // REPLY, COUNTER, …, upper case
    std::string uid;
    struct attendee {
        std::string email;    // from mailto:, lower case
        std::string partstat; // upper case
    };
    std::vector<attendee> attendees;
    std::string dtstart, dtend, comment; // as written (a COUNTER's proposal)
};

// The first VEVENT of a calendar, with its METHOD; nothing when it has none.
std::optional<calendar_answer> read_calendar_answer(std::string_view ics);

struct delivery_status {
    std::string final_recipient; // the address, lower case
    std::string action;          // failed, delayed, delivered, relayed, expanded (lower case)
    std::string status;          // e.g. "5.1.1"
};

// The per-recipient fields of a message/delivery-status body.
std::vector<delivery_status> read_delivery_status(std::string_view body);

} // namespace sanaksme::render
