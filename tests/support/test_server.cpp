#include "support/test_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace sanaksme::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

std::string reply::header(const std::string& name) const
{
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

std::string temp_dir()
{
    std::string tmpl = (std::filesystem::temp_directory_path() / "sanaksme-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
        throw std::runtime_error("mkdtemp failed");
    return tmpl;
}

namespace {

// Starts `program` (default: the sanaksme binary) with stdout on a pipe; returns pid and the read end.
std::pair<int, int> spawn(const std::vector<std::string>& args, bool quiet_stderr, std::string program = SANAKSME_BINARY)
{
    int fds[2];
    if (pipe(fds) != 0)
        throw std::runtime_error("pipe failed");
    int pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        // SANAKSME_TEST_STDERR=FILE: a test that reads what the server logs gets it there.
        if (const char* log = std::getenv("SANAKSME_TEST_STDERR")) {
            FILE* f = std::fopen(log, "a");
            dup2(fileno(f), 2);
        } else if (quiet_stderr) {
            FILE* devnull = std::fopen("/dev/null", "w");
            dup2(fileno(devnull), 2);
        }
        std::vector<char*> argv;
        std::string bin = program;
        argv.push_back(bin.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    close(fds[1]);
    return {pid, fds[0]};
}

std::string read_all(int fd)
{
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        out.append(buf, static_cast<std::size_t>(n));
    return out;
}

// One whole line from a child's stdout (without the newline); empty when it ends or times out.
std::string read_line(int fd, int timeout_ms)
{
    std::string line;
    pollfd p{fd, POLLIN, 0};
    while (true) {
        if (poll(&p, 1, timeout_ms) <= 0)
            return {};
        char c;
        if (read(fd, &c, 1) != 1)
            return {};
        if (c == '\n')
            return line;
        line += c;
    }
}

} // namespace

std::pair<int, std::string> run_program(const std::string& program, const std::vector<std::string>& args)
{
    auto [pid, fd] = spawn(args, std::getenv("SANAKSME_TEST_LOG") == nullptr, program);
    auto out = read_all(fd);
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

unsigned short free_port()
{
    asio::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

smtp_sink::smtp_sink()
{
    dir_ = temp_dir() + "/mail";
    port_ = free_port();
    auto [pid, fd] = spawn({std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/smtp_sink.py", std::to_string(port_), dir_},
                           true, "/usr/bin/python3");
    pid_ = pid;
    std::string line = read_line(fd, 10000);
    close(fd);
    if (line != "ready")
        throw std::runtime_error("the SMTP sink did not start (is python3-aiosmtpd installed?)");
}

smtp_sink::~smtp_sink()
{
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(dir_).parent_path(), ec);
}

std::size_t smtp_sink::count() const
{
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_, ec))
        n += e.path().extension() == ".eml";
    return n;
}

json smtp_sink::wait_for(std::size_t n, int timeout_ms) const
{
    for (int waited = 0; count() < n && waited < timeout_ms; waited += 50)
        usleep(50 * 1000);
    auto [code, out] = run_program("/usr/bin/python3", {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_mail.py", dir_});
    if (code != 0)
        throw std::runtime_error("read_mail.py failed");
    return json::parse(out);
}

// Every answer a test receives is checked against the OpenAPI document the server serves, by
// tests/support/py/openapi_check.py (JSON Schema 2020-12, python3-jsonschema), one process per
// test binary. A failure fails the running test; answers read on other threads are reported by
// the main thread's next request (Catch2's assertions are not thread-safe).
class contract_checker {
public:
    static contract_checker& instance()
    {
        static contract_checker c;
        return c;
    }

    bool started() const { return pid_ > 0; }

    void start(const std::string& document)
    {
        auto dir = temp_dir();
        auto path = dir + "/openapi.json";
        std::ofstream(path, std::ios::binary) << document;
        int to_child[2], from_child[2];
        if (pipe(to_child) != 0 || pipe(from_child) != 0)
            throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ == 0) {
            dup2(to_child[0], 0);
            dup2(from_child[1], 1);
            for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]})
                close(fd);
            std::string py = "/usr/bin/python3";
            std::string script = std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/openapi_check.py";
            char* argv[] = {py.data(), script.data(), path.data(), nullptr};
            execv(py.c_str(), argv);
            _exit(127);
        }
        close(to_child[0]);
        close(from_child[1]);
        in_ = fdopen(to_child[1], "w");
        out_ = fdopen(from_child[0], "r");
    }

    void check(const std::string& method, const std::string& target, const reply& r)
    {
        json line = {{"method", method}, {"target", target}, {"status", r.status},
                     {"content_type", r.header("content-type")}, {"body", r.body}};
        std::vector<std::string> failures;
        {
            std::lock_guard lock(mutex_);
            auto text = line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
            std::fwrite(text.data(), 1, text.size(), in_);
            std::fflush(in_);
            std::string answer;
            char buf[4096];
            while (std::fgets(buf, sizeof buf, out_)) {
                answer += buf;
                if (!answer.empty() && answer.back() == '\n')
                    break;
            }
            if (answer.empty())
                throw std::runtime_error("openapi_check.py stopped");
            auto result = json::parse(answer);
            for (const auto& e : result["errors"])
                pending_.push_back(e.get<std::string>());
            if (std::this_thread::get_id() == main_thread_)
                failures.swap(pending_);
        }
        for (const auto& f : failures)
            FAIL_CHECK("the answer does not match the served OpenAPI document: " << f);
    }

private:
    contract_checker() = default;
    int pid_ = -1;
    FILE* in_ = nullptr;
    FILE* out_ = nullptr;
    std::mutex mutex_;
    std::vector<std::string> pending_;
    std::thread::id main_thread_ = std::this_thread::get_id();
};

// Constructed during static initialisation, so on the main thread.
[[maybe_unused]] const contract_checker& contract_checker_on_main = contract_checker::instance();

std::pair<int, std::string> run_cli(const std::vector<std::string>& args)
{
    auto [pid, fd] = spawn(args, true);
    auto out = read_all(fd);
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

test_server::test_server(std::vector<std::string> extra_args, bool demo, const std::string& copy_of)
{
    dir_ = temp_dir();
    db_ = dir_ + "/test.db";
    if (!copy_of.empty())
        std::filesystem::copy_file(copy_of, db_);
    if (demo && run_cli({"demo", "--db", db_}).first != 0)
        throw std::runtime_error("sanaksme demo failed");
    auto [code, out] = run_cli({"token", "create", "--db", db_, "--role", "coordinator", "--name", "Test coordinator"});
    if (code != 0)
        throw std::runtime_error("sanaksme token create failed");
    coordinator_ = out.substr(0, out.find('\n'));
    serve_args_ = {"serve", "--db", db_, "--listen", "127.0.0.1:0", "--threads", "4", "--quiet"};
    serve_args_.insert(serve_args_.end(), extra_args.begin(), extra_args.end());
    start_serving();
}

void test_server::crash_and_restart()
{
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    start_serving();
}

void test_server::start_serving()
{
    auto [pid, fd] = spawn(serve_args_, std::getenv("SANAKSME_TEST_LOG") == nullptr);
    pid_ = pid;
    // The first line on stdout is "listening on http://127.0.0.1:PORT".
    std::string line = read_line(fd, 10000);
    close(fd);
    if (line.find(':') == std::string::npos)
        throw std::runtime_error("the server did not start");
    port_ = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
}

test_server::~test_server()
{
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

int test_server::stop()
{
    if (pid_ <= 0)
        return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    // A server that does not stop is a failure of this test, not a suite that hangs until the
    // CI's limit: after 30 s it is killed and the test fails with the tail of its log.
    bool stopped = false;
    for (int waited = 0; waited < 30000 && !stopped; waited += 20) {
        stopped = waitpid(pid_, &status, WNOHANG) == pid_;
        if (!stopped)
            usleep(20 * 1000);
    }
    if (!stopped) {
        // Where its threads wait, for whoever reads the failure.
        std::string where;
        std::error_code ec;
        for (const auto& t : std::filesystem::directory_iterator("/proc/" + std::to_string(pid_) + "/task", ec)) {
            std::ifstream w(t.path() / "wchan"), st(t.path() / "stat");
            std::string wchan, stat;
            std::getline(w, wchan);
            std::getline(st, stat);
            where += "\n  thread " + t.path().filename().string() + ": " + wchan + " | " + stat.substr(0, 60);
        }
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        pid_ = -1;
        FAIL_CHECK("the server did not stop within 30 s of SIGTERM; its threads waited in:" + where);
        return -1;
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

reply test_server::raw_body(const std::string& method, const std::string& target, const std::string& body,
                            const std::string& content_type, const std::string& token,
                            std::map<std::string, std::string> headers)
{
    auto r = exchange(method, target, body, content_type, token, std::move(headers));
    check_contract(method, target, r);
    return r;
}

reply test_server::exchange(const std::string& method, const std::string& target, const std::string& body,
                            const std::string& content_type, const std::string& token,
                            std::map<std::string, std::string> headers)
{
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    if (!token.empty())
        req.set(bhttp::field::authorization, "Bearer " + token);
    if (!content_type.empty())
        req.set(bhttp::field::content_type, content_type);
    for (const auto& [k, v] : headers)
        req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == "HEAD")
        parser.skip(true);
    bhttp::read(stream, buffer, parser);
    auto res = parser.release();
    reply r;
    r.status = res.result_int();
    r.body = res.body();
    for (const auto& f : res) {
        std::string name(f.name_string());
        for (auto& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        r.headers[name] = std::string(f.value());
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return r;
}

reply test_server::request(const std::string& method, const std::string& target, const std::optional<json>& body,
                           const std::string& token, std::map<std::string, std::string> headers)
{
    return raw_body(method, target, body ? body->dump() : "", body ? "application/json" : "", token, std::move(headers));
}

void test_server::check_contract(const std::string& method, const std::string& target, const reply& r)
{
    auto& checker = contract_checker::instance();
    if (!checker.started()) {
        auto doc = exchange("GET", "/api/v1/openapi.json", "", "", coordinator_, {});
        if (doc.status != 200)
            throw std::runtime_error("the server did not serve its OpenAPI document");
        checker.start(doc.body);
    }
    checker.check(method, target, r);
}

std::string test_server::raw(const std::string& bytes, int wait_ms)
{
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    asio::write(s, asio::buffer(bytes));
    std::string out;
    pollfd p{s.native_handle(), POLLIN, 0};
    char buf[4096];
    while (poll(&p, 1, wait_ms) > 0) {
        beast::error_code ec;
        auto n = s.read_some(asio::buffer(buf), ec);
        if (ec || n == 0)
            break;
        out.append(buf, n);
    }
    return out;
}

std::string test_server::token(const std::string& role, const std::string& name, std::optional<std::int64_t> org)
{
    json body = {{"role", role}, {"name", name}};
    if (org)
        body["organization_id"] = *org;
    auto r = post("/api/v1/tokens", body, coordinator_);
    if (r.status != 201)
        throw std::runtime_error("token create failed: " + r.body);
    return r.j()["token"].get<std::string>();
}

} // namespace sanaksme::test
