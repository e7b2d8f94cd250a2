// /healthz, /readyz, /metrics, /api/v1/openapi.json, /api/docs, /api/v1/audit
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/docs_bundle.hpp"
#include "embedded.hpp"
#include "mail/smtp.hpp"
#include "store/webhooks.hpp"

namespace sanaksme::api {

// Liveness: the process answers. Whether it can do its work is /readyz's question.
http::response healthz(http::context&) { return http::json_response(200, {{"status", "ok"}}); }

// Readiness: the server can write, and mail it sends would reach people with working links. Not
// on a hot path: it waits for one write batch.
http::response readyz(http::context& c)
{
    const auto& cfg = c.env.settings;
    auto problem = mail::mail_config_problem({cfg.smtp_url, cfg.mail_from, cfg.reply_to, cfg.public_url});
    if (!problem)
        problem = store::storage_problem(c.env.db.path(), cfg.ready_min_free_mb << 20);
    if (!problem) {
        try {
            // An empty job on the server's own writer: its batch begins a write transaction and
            // ends it, in turn with every other write (a connection of its own would starve).
            c.env.db.write([](store::connection&) {});
            problem = c.env.db.read([](store::connection& conn) { return store::schema_problem(conn); });
        } catch (const std::exception& e) {
            problem = "A write transaction cannot begin: " + std::string(e.what()) + ".";
        }
    }
    if (problem)
        throw http::api_error(503, "Service Unavailable", *problem);
    return http::json_response(200, {{"status", "ok"}});
}

http::response metrics(http::context& c)
{
    if (!c.env.settings.metrics_public && !(c.who && c.who->at_least(auth::role::coordinator)))
        throw http::unauthorized("Metrics need a coordinator token on this server.");
    auto text = c.env.metrics.render();
    auto counter = [&](const char* name, const char* help, std::uint64_t value) {
        text += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " +
                std::to_string(value) + "\n";
    };
    counter("sanaksme_db_commits_total", "Group commits of write batches (one sync each).", c.env.db.commits());
    counter("sanaksme_db_write_jobs_total", "Write jobs committed or refused; divided by commits, the batch size.",
            c.env.db.jobs());
    counter("sanaksme_db_checkpoints_total", "WAL checkpoints, run on their own thread.", c.env.db.checkpoints());
    counter("sanaksme_db_corruption_total", "Statements ended by a corrupt database page (the first is logged with its cause).",
            store::corruptions_found());
    auto hooks = c.env.db.read([](store::connection& conn) { return store::count_webhook_deliveries(conn); });
    text += "# HELP sanaksme_webhook_deliveries Webhook deliveries by state (failed: given up after retries).\n"
            "# TYPE sanaksme_webhook_deliveries gauge\n";
    for (auto [state, n] : {std::pair{"delivered", hooks.delivered}, {"pending", hooks.pending}, {"failed", hooks.failed}})
        text += std::string("sanaksme_webhook_deliveries{state=\"") + state + "\"} " + std::to_string(n) + "\n";
    counter("sanaksme_webhook_failed_attempts_total", "Webhook attempts answered with no 2xx, or not at all.",
            static_cast<std::uint64_t>(hooks.failed_attempts));
    return http::text_response(200, "text/plain; version=0.0.4; charset=utf-8", text);
}

// The reference page for integrators: the served document rendered by Redoc, from this server
// alone. Redoc styles itself with inline <style> and parses in a blob: worker.
http::response api_docs(http::context&)
{
    static const auto page = embedded::find("templates/docs/api.html");
    auto r = http::text_response(200, "text/html; charset=utf-8", std::string(*page));
    r.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
                                        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    r.header("X-Content-Type-Options", "nosniff");
    return r;
}

http::response api_docs_script(http::context&)
{
    auto r = http::text_response(200, "text/javascript; charset=utf-8", std::string(redoc_bundle()));
    r.header("Cache-Control", "public, max-age=86400");
    r.header("X-Content-Type-Options", "nosniff");
    return r;
}

http::response openapi(http::context&)
{
    static const auto doc = embedded::find("openapi.json");
    return http::text_response(200, std::string(http::json_type), std::string(doc.value_or("{}")));
}

http::response list_audit(http::context& c)
{
    auto p = http::parse_page(c);
    std::optional<std::int64_t> before;
    if (p.after) {
        if (!(*p.after)[0].is_number_integer())
            throw http::bad_request("cursor is not one this server gave out.");
        before = (*p.after)[0].get<std::int64_t>();
    }
    auto opt = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(); };
    auto str = [](const std::optional<std::string>& v) { return v ? json(*v) : json(); };
    json filters = {{"resource", str(c.query_value("resource"))}, {"resource_id", opt(http::query_int(c, "resource_id"))},
                    {"from", opt(http::query_instant(c, "from"))}, {"to", opt(http::query_instant(c, "to"))},
                    {"action", str(c.query_value("action"))}};
    auto items = c.env.db.read([&](store::connection& conn) { return store::audit_page(conn, filters, before, p.limit + 1); });
    std::optional<json> next;
    if (static_cast<int>(items.size()) > p.limit) {
        items.erase(items.end() - 1);
        next = json::array({items.back()["id"]});
    }
    return http::json_response(200, http::list_body(std::move(items), next));
}

} // namespace sanaksme::api
