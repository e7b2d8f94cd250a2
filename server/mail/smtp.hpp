#pragma once
// Delivery of one raw RFC 5322 message over SMTP with libcurl (STARTTLS when offered, smtps://).
#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace sanaksme::mail {

struct smtp_settings {
    std::string url; // smtp://host:port or smtps://host:port
    std::string user, password;
    std::string from_address;
};

// What the mail settings mean for the people who get the mail (pure; words for operators).
struct mail_config {
    std::string smtp_url, mail_from, reply_to, public_url;
};
inline constexpr std::string_view default_public_url = "http://127.0.0.1:8080";
// Why mail cannot work as configured (a reason for /readyz), or nothing.
std::optional<std::string> mail_config_problem(const mail_config& c);
// What an operator should know at start although mail may work (links over http://, the default URL).
std::vector<std::string> mail_config_warnings(const mail_config& c);

// Empty on success; the reason otherwise (never holds the password). The envelope sender is
// `envelope_from` when given (the message's reply address, where bounces come back), else s.from_address.
std::optional<std::string> send_smtp(const smtp_settings& s, const std::string& to, const std::string& message,
                                     const std::string& envelope_from = {});

} // namespace sanaksme::mail
