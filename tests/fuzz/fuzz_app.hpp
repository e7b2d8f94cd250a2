#pragma once
// What the fuzz targets that go through dispatch share: a real app on a fresh database in a
// temporary directory (removed at exit) with a coordinator token, and one request's answer.
#include "web/routes.hpp"
#include "api/dispatch.hpp"
#include "app.hpp"
#include "auth/secrets.hpp"
#include "log.hpp"
#include "store/tokens.hpp"

#include <cstdlib>
#include <filesystem>
#include <future>
#include <string>

namespace sanaksme::fuzz {

inline std::string& temporary_dir()
{
    static std::string dir;
    return dir;
}

// The app, made once; `coordinator_token` is a valid coordinator's bearer token.
inline app& fuzz_app(const std::string& coordinator_token)
{
    char dir[] = "/tmp/sanaksme-fuzz-XXXXXX";
    if (!mkdtemp(dir))
        std::abort();
    temporary_dir() = dir;
    std::atexit([] {
        std::error_code ec;
        std::filesystem::remove_all(temporary_dir(), ec);
    });
    config cfg;
    cfg.db_path = std::string(dir) + "/fuzz.db";
    log::set_quiet(true);
    auto* the_app = new app(cfg); // lives as long as the process
    the_app->pages = &web::routes();
    the_app->db.write([&](store::connection& c) {
        store::insert_token(c, "fuzz", "coordinator", std::nullopt, auth::sha256_hex(coordinator_token));
    });
    return *the_app;
}

// The answer's bytes as the connection would write them.
inline http::wire_answer dispatch_once(app& a, http::beast_request req)
{
    std::promise<http::wire_answer> answered;
    auto result = answered.get_future();
    // Without an executor, a write job runs at once on this thread, before dispatch returns.
    api::dispatch(a, std::move(req), {}, [&](api::answer_fn build) { answered.set_value(build(false)); });
    return result.get();
}

} // namespace sanaksme::fuzz
