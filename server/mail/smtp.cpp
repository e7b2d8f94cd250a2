#include "mail/smtp.hpp"

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

} // namespace

std::optional<std::string> send_smtp(const smtp_settings& s, const std::string& to, const std::string& message)
{
    CURL* curl = curl_easy_init();
    if (!curl)
        return "libcurl could not start";
    reader r{&message};
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    auto from = "<" + s.from_address + ">";
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
