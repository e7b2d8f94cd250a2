#pragma once
// A real `sanaksme serve` on 127.0.0.1:0 with a fresh temporary database, and an HTTP client
// for it. The server is stopped with SIGTERM and reaped in the destructor.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sanaksme::test {

using json = nlohmann::json;

struct reply {
    unsigned status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;

    json j() const { return json::parse(body); }
    std::string header(const std::string& name) const;
};

// Runs `sanaksme ARGS…` to completion; returns its exit code and stdout.
std::pair<int, std::string> run_cli(const std::vector<std::string>& args);
std::pair<int, std::string> run_program(const std::string& program, const std::vector<std::string>& args);
std::string temp_dir();
unsigned short free_port();

// A real SMTP server (aiosmtpd) on loopback; messages are read back with Python's email parser
// and icalendar (tests/support/py/read_mail.py).
class smtp_sink {
public:
    smtp_sink();
    ~smtp_sink();
    smtp_sink(const smtp_sink&) = delete;
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    std::size_t count() const;
    // Waits until at least n messages arrived (or the timeout), then returns all of them parsed.
    json wait_for(std::size_t n, int timeout_ms = 10000) const;

private:
    std::string dir_;
    unsigned short port_ = 0;
    int pid_ = -1;
};

class test_server {
public:
    // With `demo`, the database is written by `sanaksme demo` first; with `copy_of`, it starts
    // as a copy of that file.
    explicit test_server(std::vector<std::string> extra_args = {}, bool demo = false, const std::string& copy_of = "");
    ~test_server();
    test_server(const test_server&) = delete;

    unsigned short port() const { return port_; }
    const std::string& db() const { return db_; }
    const std::string& coordinator() const { return coordinator_; }

    reply request(const std::string& method, const std::string& target, const std::optional<json>& body = std::nullopt,
                  const std::string& token = "", std::map<std::string, std::string> headers = {});
    reply get(const std::string& target, const std::string& token) { return request("GET", target, std::nullopt, token); }
    reply post(const std::string& target, const json& body, const std::string& token) { return request("POST", target, body, token); }
    reply put(const std::string& target, const json& body, const std::string& token) { return request("PUT", target, body, token); }
    reply patch(const std::string& target, const json& body, const std::string& token) { return request("PATCH", target, body, token); }
    reply del(const std::string& target, const std::string& token) { return request("DELETE", target, std::nullopt, token); }
    // A request with a body sent as is (any bytes, any content type).
    reply raw_body(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& content_type, const std::string& token,
                   std::map<std::string, std::string> headers = {});
    // Checks an answer against the served OpenAPI document (raw_body does it for every answer;
    // call it for answers read another way).
    void check_contract(const std::string& method, const std::string& target, const reply& r);
    // Bytes written to a fresh connection; returns what came back before the server closed it.
    std::string raw(const std::string& bytes, int wait_ms = 3000);

    // A new token through the API (coordinator); returns the secret.
    std::string token(const std::string& role, const std::string& name, std::optional<std::int64_t> org = std::nullopt);
    // An organizer token, made once per server.
    const std::string& organizer_token()
    {
        if (organizer_.empty())
            organizer_ = token("organizer", "Test organizer");
        return organizer_;
    }
    // Sends SIGTERM and returns the exit status.
    int stop();
    // `kill -9`, then `serve` again on the same database with the same arguments (a new port).
    void crash_and_restart();

private:
    // One request and its answer, unchecked.
    reply exchange(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& content_type, const std::string& token, std::map<std::string, std::string> headers);

    void start_serving();

    std::string dir_, db_, coordinator_, organizer_;
    std::vector<std::string> serve_args_;
    unsigned short port_ = 0;
    int pid_ = -1;
};

} // namespace sanaksme::test
