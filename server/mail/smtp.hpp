#pragma once
// Delivery of one raw RFC 5322 message over SMTP with libcurl (STARTTLS when offered, smtps://).
#include <optional>
#include <string>

namespace sanaksme::mail {

struct smtp_settings {
    std::string url; // smtp://host:port or smtps://host:port
    std::string user, password;
    std::string from_address;
};

// Empty on success; the reason otherwise (never holds the password).
std::optional<std::string> send_smtp(const smtp_settings& s, const std::string& to, const std::string& message);

} // namespace sanaksme::mail
