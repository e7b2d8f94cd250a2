#include "mail/smtp.hpp"

#include "domain/address.hpp"

#include <curl/curl.h>

#include <cstring>

namespace sanaksme::mail {

namespace {

struct reader {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t read_chunk(char* buffer, std::size_t size, std::size_t count, void* userp)
{
    auto* r = static_cast<reader*>(userp);
    auto n = std::min(size * count, r->data->size() - r->offset);
    std::memcpy(buffer, r->data->data() + r->offset, n);
    r->offset += n;
    return n;
}

bool has_address(const std::string& mailbox)
{
    auto lt = mailbox.find('<'), gt = mailbox.rfind('>');
    auto address = lt != std::string::npos && gt != std::string::npos && gt > lt ? mailbox.substr(lt + 1, gt - lt - 1) : mailbox;
    auto at = address.find('@');
    return at != std::string::npos && at > 0 && at + 1 < address.size() && address.find(' ') == std::string::npos &&
           domain::ascii_address(address);
}

} // namespace

std::optional<std::string> mail_config_problem(const mail_config& c)
{
    if (!c.reply_to.empty() && !has_address(c.reply_to))
        return "--reply-to has no email address that can go out (\"Name <address>\", ASCII before the @): " + c.reply_to;
    if (c.smtp_url.empty())
        return std::nullopt; // mail stays pending until a relay is set: nothing is sent wrong
    if (!c.smtp_url.starts_with("smtp://") && !c.smtp_url.starts_with("smtps://"))
        return "--smtp-url must begin with smtp:// or smtps://.";
    if (!has_address(c.mail_from))
        return "--smtp-url is set but --mail-from has no email address that can go out (ASCII before the @): " + c.mail_from;
    if (c.public_url.empty() || c.public_url == default_public_url)
        return "--smtp-url is set but --public-url is not: the links in emails would point at " +
               std::string(default_public_url) + ".";
    if (!c.public_url.starts_with("http://") && !c.public_url.starts_with("https://"))
        return "--public-url must begin with https:// (or http://): " + c.public_url;
    return std::nullopt;
}

std::vector<std::string> mail_config_warnings(const mail_config& c)
{
    std::vector<std::string> out;
    if (c.public_url.empty() || c.public_url == default_public_url)
        out.push_back("--public-url is not set: links in emails point at " + std::string(default_public_url) + ".");
    else if (!c.public_url.starts_with("https://"))
        out.push_back("--public-url is not https://: one-click unsubscribe (RFC 8058) and signed links expect HTTPS.");
    return out;
}

std::optional<std::string> send_smtp(const smtp_settings& s, const std::string& to, const std::string& message,
                                     const std::string& envelope_from)
{
    CURL* curl = curl_easy_init();
    if (!curl)
        return "libcurl could not start";
    reader r{&message};
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    auto from = "<" + (envelope_from.empty() ? s.from_address : envelope_from) + ">";
    curl_easy_setopt(curl, CURLOPT_URL, s.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_chunk);
    curl_easy_setopt(curl, CURLOPT_READDATA, &r);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    if (!s.user.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
        // Credentials only over TLS: STARTTLS is required when a password is configured.
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    } else {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    auto rc = curl_easy_perform(curl);
    std::optional<std::string> error;
    if (rc != CURLE_OK)
        error = std::string("SMTP: ") + curl_easy_strerror(rc);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    return error;
}

} // namespace sanaksme::mail
