#pragma once
// The server's settings (command line and environment), below every layer that reads them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sanaksme {

struct config {
    std::string db_path;
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 2;
    std::size_t body_limit = 1 << 20;
    std::size_t header_limit = 16 * 1024;
    int read_timeout_seconds = 30;
    std::size_t max_connections = 4096;
    bool metrics_public = true;
    bool online_counts_for_quorum = true; // an organization present only online counts toward the quorum
    std::string public_url = "http://127.0.0.1:8080"; // mail::default_public_url
    std::string smtp_url, smtp_user, smtp_password, mail_from = "Sanāksme <no-reply@localhost.localdomain>";
    std::string reply_to; // the platform's contact, "Name <address>"; empty: replies go to mail_from
    int mail_retry_seconds = 60; // first retry; doubles each time
    int mail_max_attempts = 6;
    int mail_interval_seconds = 30;
    bool scheduler = true;
    std::vector<int> reminder_days{7, 1};
    int reminder_gap_hours = 24; // no reminder or nudge this soon after a person's invitation or last reminder
    std::string link_key_file; // empty: <db_path>.key
    // Mail that comes back: the LMTP listener (HOST:PORT or a unix socket path; empty: off) and
    // the domain of the per-message reply addresses (empty: mail goes out as without them).
    std::string lmtp_listen, reply_domain;
    std::size_t lmtp_max_message_bytes = 5 << 20;
    int lmtp_idle_timeout_seconds = 300;
    std::uint64_t ready_min_free_mb = 64; // /readyz fails with less free disk than this
    // Webhooks (mail/webhooks.hpp): the first retry's wait (doubling), one attempt's limit,
    // how long failures go on before a delivery is given up and its subscription disabled.
    std::int64_t webhook_retry_base_ms = 5000;
    int webhook_timeout_ms = 10000;
    std::int64_t webhook_give_up_seconds = 24 * 3600;
    int webhook_poll_ms = 500;
    int webhook_max_in_flight = 16;
    std::string papers_dir;                     // empty: <db_path>.papers
    std::size_t upload_limit = 25 * 1024 * 1024; // largest upload body (papers), in bytes
};

} // namespace sanaksme
