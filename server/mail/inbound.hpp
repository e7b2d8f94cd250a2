#pragma once
// Mail that comes back through LMTP to the reply addresses: a calendar answer becomes the
// person's RSVP, a counter-proposal is kept for the organizer, a delivery status notification
// marks the address, and anything else goes on to the platform's contact address untouched.
#include "http/metrics.hpp"
#include "mail/smtp.hpp"
#include "store/database.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sanaksme::mail {

// One LMTP answer: "250 2.1.5 ..." is {250, "2.1.5 ..."}.
struct inbound_reply {
    int code = 250;
    std::string text;
};

struct inbound_context {
    store::database& db;
    std::function<std::vector<std::string>()> secrets; // the link keys, newest first
    std::string reply_domain;
    smtp_settings relay;         // forwarding; no URL: other mail is deferred (451) until there is one
    std::string contact_address; // where other mail goes
    http::metrics& metrics;
    std::function<std::int64_t()> clock;
};

// At RCPT TO: a reply+ address of the reply domain whose tag does not verify is refused (550);
// every other address is taken.
std::optional<inbound_reply> check_recipient(const inbound_context& ctx, const std::string& address);

// After DATA: one answer per recipient, in their order. Blocks on the database and the relay:
// call it off the io threads.
std::vector<inbound_reply> deliver_inbound(inbound_context& ctx, const std::vector<std::string>& recipients,
                                           const std::string& message);

} // namespace sanaksme::mail
