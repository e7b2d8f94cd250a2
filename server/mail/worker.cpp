#include "mail/worker.hpp"

#include "app.hpp"
#include "domain/time.hpp"
#include "log.hpp"
#include "mail/outbox.hpp"
#include "mail/smtp.hpp"
#include "store/audit.hpp"
#include "store/meetings.hpp"

namespace sanaksme::mail {

namespace {

constexpr std::string_view upcoming_sql =
    "SELECT id FROM meetings WHERE status IN ('scheduled', 'cancelled') AND starts_at > :now ORDER BY starts_at";

} // namespace

json run_schedule(app& a, std::int64_t now, bool dry_run)
{
    auto settings = settings_from(a.cfg, a.link_keys.secrets());
    json report = json::array();
    // A meeting whose end has passed and that has attendance took place: it shows as held.
    if (!dry_run)
        a.db.write([&](store::connection& c) {
            for (auto id : store::mark_held_meetings(c, now))
                store::audit(c, {std::nullopt, "scheduler", "system"}, "update", "meeting", id, {{"status", "scheduled"}},
                             {{"status", "held"}});
        });
    auto ids = a.db.read([&](store::connection& c) { return store::query_all(c, upcoming_sql, {{"now", now}}); });
    for (const auto& row : ids) {
        auto id = row["id"].get<std::int64_t>();
        // One transaction per meeting: a failure in one does not hold back the others.
        a.db.write([&](store::connection& c) {
            auto m = store::find_meeting_row(c, id);
            if (!m)
                return;
            // One ledger for the meeting's runs: a dry run holds back what the real one would.
            auto ledger = recent_messages(c, id, now - settings.reminder_gap_seconds);
            auto run = [&](const std::string& kind, const std::string& label) {
                auto r = generate(c, *m, {.kind = kind, .label = label, .dry_run = dry_run, .ledger = &ledger}, settings);
                if (r.created > 0)
                    report.push_back({{"meeting_id", id}, {"kind", kind}, {"label", label}, {"result", r.to_json()}});
            };
            run("invitation", "");
            if ((*m)["status"] != "scheduled")
                return;
            auto starts = (*m)["starts_at"].get<std::int64_t>();
            for (int days : a.cfg.reminder_days)
                if (now >= starts - days * 86400LL)
                    run("reminder", std::to_string(days) + "d");
            if ((*m)["rsvp_deadline"].is_number_integer()) {
                auto deadline = (*m)["rsvp_deadline"].get<std::int64_t>();
                if (now >= deadline - 2 * 86400 && now < deadline)
                    run("rsvp_nudge", "auto");
            }
        });
    }
    return report;
}

int deliver_due(app& a, std::int64_t now)
{
    if (a.cfg.smtp_url.empty())
        return 0;
    smtp_settings smtp{a.cfg.smtp_url, a.cfg.smtp_user, a.cfg.smtp_password, parse_mailbox(a.cfg.mail_from).address};
    int sent = 0;
    auto due = a.db.read([&](store::connection& c) { return due_messages(c, now, 100); });
    for (const auto& listed : due) {
        auto id = listed["id"].get<std::int64_t>();
        // Read again right before sending: a batch of a hundred takes seconds, and consent,
        // answers and cancels that land meanwhile must count.
        auto fresh = a.db.read([&](store::connection& c) { return due_message(c, id); });
        if (!fresh)
            continue; // cancelled or sent meanwhile
        const auto& m = *fresh;
        if (auto reason = suppression_reason(m)) {
            a.db.write([&](store::connection& c) { mark_suppressed(c, id, *reason); });
            log::event({{"event", "mail_suppressed"}, {"outbox_id", id}, {"reason", *reason}});
            continue;
        }
        auto error = send_smtp(smtp, m["to_address"].get<std::string>(), m["message"].get<std::string>());
        a.db.write([&](store::connection& c) {
            if (!error) {
                mark_sent(c, id, domain::now());
                return;
            }
            auto attempts = m["attempts"].get<std::int64_t>() + 1;
            std::optional<std::int64_t> retry;
            if (attempts < a.cfg.mail_max_attempts)
                retry = domain::now() + a.cfg.mail_retry_seconds * (1LL << std::min<std::int64_t>(attempts - 1, 20));
            mark_attempt_failed(c, id, *error, retry);
        });
        if (error)
            log::event({{"event", "mail_failed"}, {"outbox_id", id}, {"error", *error}});
        else
            ++sent;
    }
    return sent;
}

worker::worker(app& a) : app_(a) {}

worker::~worker() { stop(); }

void worker::start() { thread_ = std::thread([this] { loop(); }); }

void worker::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void worker::poke()
{
    {
        std::lock_guard lock(mutex_);
        poked_ = true;
    }
    wake_.notify_all();
}

void worker::loop()
{
    while (true) {
        try {
            auto now = domain::now();
            if (app_.cfg.scheduler)
                run_schedule(app_, now, false);
            deliver_due(app_, now);
        } catch (const std::exception& e) {
            log::event({{"event", "mail_worker_error"}, {"message", e.what()}});
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::seconds(app_.cfg.mail_interval_seconds), [this] { return stopping_ || poked_; });
        if (stopping_)
            return;
        poked_ = false;
    }
}

} // namespace sanaksme::mail
