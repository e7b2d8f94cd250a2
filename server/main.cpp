// sanaksme: serve, migrate, demo, token create, login-link, send-reminders, backup.
#include "api/dispatch.hpp"
#include "api/minutes_view.hpp"
#include "app.hpp"
#include "auth/secrets.hpp"
#include "demo.hpp"
#include "domain/time.hpp"
#include "log.hpp"
#include "mail/inbound.hpp"
#include "mail/smtp.hpp"
#include "mail/webhooks.hpp"
#include "mail/worker.hpp"
#include "net/lmtp.hpp"
#include "net/server.hpp"
#include "store/audit.hpp"
#include "store/organizations.hpp"
#include "store/papers.hpp"
#include "store/database.hpp"
#include "store/tokens.hpp"
#include "store/web_sessions.hpp"
#include "web/routes.hpp"
#include "web/signin.hpp"

#include <CLI/CLI.hpp>

#include <malloc.h>

#include <filesystem>
#include <iostream>

using namespace sanaksme;

namespace {

std::pair<std::string, unsigned short> split_listen(const std::string& listen)
{
    auto colon = listen.rfind(':');
    if (colon == std::string::npos)
        throw CLI::ValidationError("--listen", "must be HOST:PORT, e.g. 127.0.0.1:8080");
    auto host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535)
        throw CLI::ValidationError("--listen", "port must be 0 to 65535");
    return {host, static_cast<unsigned short>(port)};
}

// The narrow part of the app the mail worker uses.
mail::mail_context mail_context_of(app& a)
{
    const auto& cfg = a.cfg;
    return {.db = a.db,
            .settings = [&a] { return mail::settings_from(a.cfg, a.link_keys.secrets()); },
            .smtp = {cfg.smtp_url, cfg.smtp_user, cfg.smtp_password, mail::parse_mailbox(cfg.mail_from).address},
            .attachments = [](store::connection& c, const nlohmann::json& meeting, const std::string& lang) {
                return api::minutes_attachment(c, meeting)(lang);
            },
            .reminder_days = cfg.reminder_days,
            .retry_seconds = cfg.mail_retry_seconds,
            .max_attempts = cfg.mail_max_attempts,
            .interval_seconds = cfg.mail_interval_seconds,
            .scheduler = cfg.scheduler};
}

int serve(config cfg, const std::string& listen)
{
    auto [host, port] = split_listen(listen);
    cfg.host = host;
    app a(cfg);
    a.pages = &web::routes();
    a.link_keys.secrets(); // the key file is made at first start, so every link signed later verifies
    mail::worker mailer(mail_context_of(a));
    a.poke_mail = [&mailer] { mailer.poke(); };
    net::limits lim{cfg.body_limit, cfg.header_limit, std::chrono::seconds(cfg.read_timeout_seconds), cfg.max_connections,
                    api::upload_spool(a.cfg), cfg.upload_limit};
    net::server srv(host, port, lim,
                    [&a](http::beast_request&& req, http::spooled_body&& body, net::respond done) {
                        api::dispatch(a, std::move(req), std::move(body), std::move(done));
                    },
                    a.metrics);
    // Write batches run on the io threads: the thread that drains the queue also answers, with no
    // hand-off to a writer thread and back (two wake-ups per request on two cores).
    a.db.set_executor([&srv](std::function<void()> f) { srv.post(std::move(f)); });
    // Mail that comes back (off unless --lmtp-listen): on the same io threads, handled on its own thread.
    auto settings = mail::settings_from(cfg, {});
    mail::inbound_context inbound{.db = a.db,
                                  .secrets = [&a] { return a.link_keys.secrets(); },
                                  .reply_domain = cfg.reply_domain,
                                  .relay = {cfg.smtp_url, cfg.smtp_user, cfg.smtp_password, settings.from.address},
                                  .contact_address = settings.reply_to.address,
                                  .metrics = a.metrics,
                                  .clock = [] { return domain::now(); }};
    std::unique_ptr<net::lmtp_listener> lmtp;
    if (!cfg.lmtp_listen.empty()) {
        net::lmtp_limits ll;
        ll.message_bytes = cfg.lmtp_max_message_bytes;
        ll.idle_timeout = std::chrono::seconds(cfg.lmtp_idle_timeout_seconds);
        auto as_reply = [](const mail::inbound_reply& r) { return net::lmtp_reply{r.code, r.text}; };
        net::lmtp_handler handler{
            .check_recipient = [&inbound, as_reply](const std::string& rcpt) -> std::optional<net::lmtp_reply> {
                if (auto r = mail::check_recipient(inbound, rcpt))
                    return as_reply(*r);
                return std::nullopt;
            },
            .deliver = [&inbound, as_reply](const std::vector<std::string>& rcpts, const std::string& message) {
                std::vector<net::lmtp_reply> out;
                for (const auto& r : mail::deliver_inbound(inbound, rcpts, message))
                    out.push_back(as_reply(r));
                return out;
            }};
        auto hostname = cfg.reply_domain.empty() ? std::string("localhost") : cfg.reply_domain;
        lmtp = std::make_unique<net::lmtp_listener>(srv.context(), cfg.lmtp_listen, ll, std::move(handler), hostname);
        srv.on_stop([&lmtp] { lmtp->stop(); });
        lmtp->start();
    }
    // The first line on stdout names the address, so scripts and tests can find an ephemeral port.
    std::cout << "listening on http://" << host << ":" << srv.port() << std::endl;
    log::event({{"event", "listening"}, {"host", host}, {"port", srv.port()}, {"threads", cfg.threads}, {"db", cfg.db_path}});
    if (lmtp)
        log::event({{"event", "lmtp_listening"}, {"address", lmtp->address()}, {"reply_domain", cfg.reply_domain}});
    mail::mail_config mc{cfg.smtp_url, cfg.mail_from, cfg.reply_to, cfg.public_url};
    for (const auto& w : mail::mail_config_warnings(mc))
        log::event({{"event", "mail_config_warning"}, {"detail", w}});
    if (cfg.reply_domain.empty() != cfg.lmtp_listen.empty())
        log::event({{"event", "mail_config_warning"},
                    {"detail", "--reply-domain and --lmtp-listen work together: reply addresses are read only by this server's LMTP listener"}});
    if (auto p = mail::mail_config_problem(mc))
        log::event({{"event", "mail_config_problem"}, {"detail", *p}});
    mailer.start();
    mail::webhook_worker hooks(a.db, {.public_url = cfg.public_url,
                                      .max_in_flight = cfg.webhook_max_in_flight,
                                      .timeout_ms = cfg.webhook_timeout_ms,
                                      .retry_base_ms = cfg.webhook_retry_base_ms,
                                      .give_up_ms = cfg.webhook_give_up_seconds * 1000,
                                      .poll_ms = cfg.webhook_poll_ms,
                                      .from = mail::parse_mailbox(cfg.mail_from),
                                      .contact = mail::parse_mailbox(cfg.reply_to.empty() ? cfg.mail_from : cfg.reply_to)});
    hooks.start();
    srv.run(cfg.threads);
    hooks.stop();
    // Writes still queued are committed on this thread before the server's io_context goes away:
    // their completions post to it (and are dropped with it, unsent). Batches take jobs in order,
    // so an empty write returns once every earlier one is committed.
    a.db.set_executor(nullptr);
    a.db.write([](store::connection&) {});
    mailer.stop();
    log::event({{"event", "stopped"}});
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // glibc hands freed memory back to the kernel as soon as a thread's heap has 128 KB spare;
    // a write batch allocates and frees that much, so every batch paid for
    // madvise, TLB shoot-downs and fresh page faults (a third of its time under load). Keep up
    // to 4 MB per heap instead: resident memory stays far below the 64 MB budget.
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    store::install_error_log();
    CLI::App cli{"Sanāksme: meetings, RSVPs, attendance and minutes for a dialogue platform"};
    cli.require_subcommand(1);
    cli.set_config("--config", "", "a TOML/INI file with the same options as the flags");
    config cfg;
    std::string listen = "127.0.0.1:8080";

    auto add_db = [&](CLI::App* sub) {
        sub->add_option("--db", cfg.db_path, "SQLite database file")->required()->envname("SANAKSME_DB");
    };
    auto add_keys = [&](CLI::App* sub) {
        sub->add_option("--link-key-file", cfg.link_key_file,
                        "file of the keys that sign personal links (made 0600 at first use; default: the database path + .key)")
            ->envname("SANAKSME_LINK_KEY_FILE");
    };

    auto add_papers = [&](CLI::App* sub) {
        sub->add_option("--papers-dir", cfg.papers_dir, "directory of the papers' files (default: the database path + .papers)")
            ->envname("SANAKSME_PAPERS_DIR");
    };

    auto add_mail = [&](CLI::App* sub) {
        sub->add_option("--public-url", cfg.public_url, "base of links put into emails")
            ->envname("SANAKSME_PUBLIC_URL")->capture_default_str();
        sub->add_option("--smtp-url", cfg.smtp_url, "smtp://host:port or smtps://; without it mail stays pending")
            ->envname("SANAKSME_SMTP_URL");
        sub->add_option("--smtp-user", cfg.smtp_user)->envname("SANAKSME_SMTP_USER");
        sub->add_option("--smtp-password", cfg.smtp_password)->envname("SANAKSME_SMTP_PASSWORD");
        sub->add_option("--mail-from", cfg.mail_from, "From of emails (and Reply-To without --reply-to), \"Name <address>\"")
            ->envname("SANAKSME_MAIL_FROM")->capture_default_str();
        sub->add_option("--reply-to", cfg.reply_to,
                        "the platform's contact, \"Name <address>\": Reply-To of emails and the calendar ORGANIZER")
            ->envname("SANAKSME_REPLY_TO");
        sub->add_option("--reply-domain", cfg.reply_domain,
                        "domain of per-message reply addresses (reply+TAG@DOMAIN): envelope sender and calendar ORGANIZER, delivered back over LMTP")
            ->envname("SANAKSME_REPLY_DOMAIN");
        sub->add_option("--mail-retry-seconds", cfg.mail_retry_seconds, "first retry after a failed send; doubles")
            ->envname("SANAKSME_MAIL_RETRY_SECONDS")->check(CLI::Range(1, 86400))->capture_default_str();
        sub->add_option("--mail-max-attempts", cfg.mail_max_attempts, "attempts before a message is failed")
            ->envname("SANAKSME_MAIL_MAX_ATTEMPTS")->check(CLI::Range(1, 100))->capture_default_str();
        sub->add_option("--reminder-days", cfg.reminder_days, "reminders this many days before a meeting")
            ->envname("SANAKSME_REMINDER_DAYS")->delimiter(',')->capture_default_str();
        sub->add_option("--reminder-gap-hours", cfg.reminder_gap_hours,
                        "no reminder or nudge within this many hours of the person's invitation or last reminder")
            ->envname("SANAKSME_REMINDER_GAP_HOURS")->check(CLI::Range(0, 168))->capture_default_str();
    };

    auto* serve_cmd = cli.add_subcommand("serve", "serve the HTTP API");
    add_db(serve_cmd);
    add_keys(serve_cmd);
    add_papers(serve_cmd);
    serve_cmd->add_option("--listen", listen, "address:port to listen on (port 0 picks a free one)")
        ->envname("SANAKSME_LISTEN")->capture_default_str();
    serve_cmd->add_option("--threads", cfg.threads, "worker threads")->envname("SANAKSME_THREADS")
        ->check(CLI::Range(1, 256))->capture_default_str();
    serve_cmd->add_option("--body-limit", cfg.body_limit, "largest request body in bytes")
        ->envname("SANAKSME_BODY_LIMIT")->capture_default_str();
    serve_cmd->add_option("--upload-limit", cfg.upload_limit, "largest upload (a paper's multipart body) in bytes")
        ->envname("SANAKSME_UPLOAD_LIMIT")->capture_default_str();
    serve_cmd->add_option("--header-limit", cfg.header_limit, "largest request header block in bytes")
        ->envname("SANAKSME_HEADER_LIMIT")->capture_default_str();
    serve_cmd->add_option("--read-timeout", cfg.read_timeout_seconds,
                          "seconds a request's headers (or an idle keep-alive connection) may take")
        ->envname("SANAKSME_READ_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
    serve_cmd->add_option("--max-connections", cfg.max_connections, "open connections before new ones get 503")
        ->envname("SANAKSME_MAX_CONNECTIONS")->capture_default_str();
    serve_cmd->add_option("--metrics-public", cfg.metrics_public, "serve /metrics without a token")
        ->envname("SANAKSME_METRICS_PUBLIC")->capture_default_str();
    serve_cmd->add_option("--online-counts-for-quorum", cfg.online_counts_for_quorum,
                          "an organization present only online counts toward the quorum")
        ->envname("SANAKSME_ONLINE_COUNTS_FOR_QUORUM")->capture_default_str();
    add_mail(serve_cmd);
    serve_cmd->add_option("--lmtp-listen", cfg.lmtp_listen,
                          "LMTP listener for mail that comes back (calendar answers, bounces): HOST:PORT or a unix socket path; off when empty")
        ->envname("SANAKSME_LMTP_LISTEN");
    serve_cmd->add_option("--lmtp-max-message-bytes", cfg.lmtp_max_message_bytes, "largest message the LMTP listener takes")
        ->envname("SANAKSME_LMTP_MAX_MESSAGE_BYTES")->check(CLI::Range(1024, 1 << 30))->capture_default_str();
    serve_cmd->add_option("--lmtp-idle-timeout", cfg.lmtp_idle_timeout_seconds, "seconds an LMTP client may stay silent")
        ->envname("SANAKSME_LMTP_IDLE_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
    serve_cmd->add_option("--mail-interval", cfg.mail_interval_seconds, "seconds between scheduler runs")
        ->envname("SANAKSME_MAIL_INTERVAL")->check(CLI::Range(1, 3600))->capture_default_str();
    serve_cmd->add_option("--scheduler", cfg.scheduler, "generate due invitations and reminders on their own")
        ->envname("SANAKSME_SCHEDULER")->capture_default_str();
    serve_cmd->add_option("--ready-min-free-mb", cfg.ready_min_free_mb, "/readyz fails with less free disk space than this")
        ->envname("SANAKSME_READY_MIN_FREE_MB")->capture_default_str();
    serve_cmd->add_option("--webhook-retry-base-ms", cfg.webhook_retry_base_ms, "first retry of a failed webhook delivery; doubles, at most an hour")
        ->envname("SANAKSME_WEBHOOK_RETRY_BASE_MS")->check(CLI::Range(1, 3600000))->capture_default_str();
    serve_cmd->add_option("--webhook-timeout-ms", cfg.webhook_timeout_ms, "longest webhook attempt")
        ->envname("SANAKSME_WEBHOOK_TIMEOUT_MS")->check(CLI::Range(100, 600000))->capture_default_str();
    serve_cmd->add_option("--webhook-give-up-seconds", cfg.webhook_give_up_seconds,
                          "failing webhook deliveries are given up, and their subscription disabled, after this long")
        ->envname("SANAKSME_WEBHOOK_GIVE_UP_SECONDS")->check(CLI::Range(1, 30 * 86400))->capture_default_str();
    serve_cmd->add_option("--webhook-poll-ms", cfg.webhook_poll_ms, "how often the webhook worker looks for queued events")
        ->envname("SANAKSME_WEBHOOK_POLL_MS")->check(CLI::Range(10, 60000))->capture_default_str();
    serve_cmd->add_option("--webhook-max-in-flight", cfg.webhook_max_in_flight, "webhook deliveries sent at once")
        ->envname("SANAKSME_WEBHOOK_MAX_IN_FLIGHT")->check(CLI::Range(1, 256))->capture_default_str();
    bool quiet = false;
    serve_cmd->add_flag("--quiet", quiet, "no access log");

    auto* migrate_cmd = cli.add_subcommand("migrate", "apply schema migrations (idempotent)");
    add_db(migrate_cmd);
    add_keys(migrate_cmd);

    auto* demo_cmd = cli.add_subcommand("demo", "write a fresh database holding the seed's fifth meeting");
    add_db(demo_cmd);
    add_papers(demo_cmd);
    bool force = false;
    demo_cmd->add_flag("--force", force, "replace the file if it exists");

    auto* token_cmd = cli.add_subcommand("token", "manage API tokens");
    token_cmd->require_subcommand(1);
    auto* token_create = token_cmd->add_subcommand("create", "create a token and print it alone on stdout");
    add_db(token_create);
    std::string role, name;
    std::optional<std::int64_t> organization;
    token_create->add_option("--role", role)->required()->check(CLI::IsMember({"coordinator", "organizer", "member"}));
    token_create->add_option("--name", name)->required();
    token_create->add_option("--organization", organization, "organization id (member tokens)");

    auto* login_cmd = cli.add_subcommand("login-link", "print a one-time sign-in URL for the web pages (15 minutes, single use)");
    add_db(login_cmd);
    add_keys(login_cmd);
    login_cmd->add_option("--public-url", cfg.public_url, "base of the URL")->envname("SANAKSME_PUBLIC_URL")->capture_default_str();
    std::string login_email, login_role = "coordinator";
    login_cmd->add_option("--email", login_email, "the account's address")->required();
    login_cmd->add_option("--role", login_role, "role of a new account (an address no account has yet)")
        ->check(CLI::IsMember({"coordinator", "organizer", "member"}))->capture_default_str();
    std::optional<std::int64_t> login_organization;
    login_cmd->add_option("--organization", login_organization, "organization id (a new member account: its representative)");
    login_cmd->add_option("--name", name, "name of a new account (default: the address)");

    auto* remind_cmd = cli.add_subcommand("send-reminders", "generate and send due reminders once");
    add_db(remind_cmd);
    add_keys(remind_cmd);
    add_mail(remind_cmd);
    bool dry_run = false;
    remind_cmd->add_flag("--dry-run", dry_run, "show what would be sent");

    auto* secret_cmd = cli.add_subcommand("rotate-link-secret", "new key for signed links; links signed before stay valid until the next rotation");
    add_db(secret_cmd);
    add_keys(secret_cmd);

    auto* backup_cmd = cli.add_subcommand("backup", "consistent online copy of the database");
    add_db(backup_cmd);
    add_papers(backup_cmd);
    add_keys(backup_cmd);
    std::string target;
    backup_cmd->add_option("--to", target, "file to write")->required();
    bool with_keys = false;
    backup_cmd->add_flag("--with-keys", with_keys, "also copy the link key file, to FILE.key (mode 0600)");

    CLI11_PARSE(cli, argc, argv);

    try {
        if (serve_cmd->parsed()) {
            log::set_quiet(quiet);
            return serve(cfg, listen);
        }
        if (migrate_cmd->parsed()) {
            int n = 0;
            {
                store::connection c(cfg.db_path, true, 5000);
                n = store::migrate(c);
            }
            store::database db(cfg.db_path);
            auth::link_keys keys(auth::link_key_path(cfg.db_path, cfg.link_key_file));
            move_link_keys_out(db, keys);
            std::cout << "applied " << n << " migration(s); schema is current\n";
            return 0;
        }
        if (demo_cmd->parsed()) {
            if (std::filesystem::exists(cfg.db_path)) {
                if (!force) {
                    std::cerr << cfg.db_path << " exists; use --force to replace it\n";
                    return 1;
                }
                for (auto suffix : {"", "-wal", "-shm"})
                    std::filesystem::remove(cfg.db_path + suffix);
            }
            store::database db(cfg.db_path);
            demo::write(db, store::papers_directory(cfg.db_path, cfg.papers_dir));
            std::cout << "demo database written to " << cfg.db_path << "\n";
            return 0;
        }
        if (token_create->parsed()) {
            if ((role == "member") != organization.has_value()) {
                std::cerr << "--organization is required for member tokens and only for them\n";
                return 2;
            }
            store::database db(cfg.db_path);
            auto secret = auth::new_token();
            db.write([&](store::connection& c) {
                if (organization && !store::find_organization(c, *organization))
                    throw std::runtime_error("no organization has the id " + std::to_string(*organization));
                auto id = store::insert_token(c, name, role, organization, auth::sha256_hex(secret));
                store::audit(c, {std::nullopt, "command line", "cli"}, "create", "token", id, nullptr,
                             *store::find_token(c, id));
            });
            std::cout << secret << "\n";
            return 0;
        }
        if (login_cmd->parsed()) {
            if ((login_role == "member") != login_organization.has_value()) {
                std::cerr << "--organization is required for member accounts and only for them\n";
                return 2;
            }
            app a(cfg);
            auto url = a.db.write([&](store::connection& c) {
                auto now = domain::now();
                auto account = store::find_web_account_by_email(c, login_email);
                std::int64_t id = account ? account->id : 0;
                if (!account) {
                    id = store::insert_web_account(c, login_email, name.empty() ? login_email : name, login_role,
                                                    login_organization, now);
                    store::audit(c, {std::nullopt, "command line", "cli"}, "create", "web_account", id, nullptr,
                                 {{"email", login_email}, {"role", login_role}});
                    std::cerr << "new " << login_role << " account for " << login_email << "\n";
                }
                return web::new_signin_link(c, id, cfg.public_url, a.link_keys.secrets().front(), now);
            });
            std::cout << url << "\n";
            return 0;
        }
        if (remind_cmd->parsed()) {
            app a(cfg);
            auto mc = mail_context_of(a);
            auto report = mail::run_schedule(mc, domain::now(), dry_run);
            int sent = dry_run ? 0 : mail::deliver_due(mc, domain::now());
            std::cout << nlohmann::json{{"dry_run", dry_run}, {"generated", report}, {"sent", sent}}.dump(2) << "\n";
            return 0;
        }
        if (secret_cmd->parsed()) {
            store::database db(cfg.db_path);
            auth::link_keys keys(auth::link_key_path(cfg.db_path, cfg.link_key_file));
            move_link_keys_out(db, keys);
            keys.rotate();
            std::cout << "link secret rotated; links signed with the previous one stay valid until the next rotation\n";
            return 0;
        }
        if (backup_cmd->parsed()) {
            store::database db(cfg.db_path);
            auto key_target = target + ".key";
            for (const auto& f : with_keys ? std::vector{target, key_target} : std::vector{target})
                if (std::filesystem::exists(f)) {
                    std::cerr << f << " exists; choose a new file\n";
                    return 1;
                }
            // The copy must not hold the keys: a database written before the key file gives them up first.
            auth::link_keys keys(auth::link_key_path(cfg.db_path, cfg.link_key_file));
            move_link_keys_out(db, keys);
            db.backup_to(target);
            // The files of the papers the copy names: they are written before their rows commit
            // and never change, so the copy's rows all find theirs.
            if (auto hashes = store::paper_hashes_in(target); !hashes.empty())
                store::copy_paper_files(store::papers_directory(cfg.db_path, cfg.papers_dir), target + ".papers", hashes);
            std::cout << "backup written to " << target << "\n";
            if (with_keys) {
                std::string content;
                for (const auto& k : keys.secrets())
                    content += k + "\n";
                if (!auth::create_private_file(key_target, content))
                    throw std::runtime_error(key_target + " exists; choose a new file");
                std::cout << "link keys written to " << key_target << "\n";
            }
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "sanaksme: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
