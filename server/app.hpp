#pragma once
// Everything a handler may reach: configuration, the database, metrics.
#include "http/metrics.hpp"
#include "store/database.hpp"

#include <cstddef>
#include <string>

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
    std::string public_url = "http://127.0.0.1:8080";
    std::string smtp_url, smtp_user, smtp_password, mail_from = "Sanāksme <no-reply@localhost>";
};

class app {
public:
    explicit app(config c) : cfg(std::move(c)), db(cfg.db_path) {}
    config cfg;
    store::database db;
    http::metrics metrics;
};

} // namespace sanaksme
