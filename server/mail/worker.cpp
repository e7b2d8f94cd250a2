// The schedule and the delivery loop of the mail worker.
#include "mail/worker.hpp"

#include "log.hpp"
#include "mail/suppression.hpp"
#include "store/audit.hpp"
#include "store/meetings.hpp"

namespace sanaksme::mail {

json run_schedule(mail_context& mc, std::int64_t now, bool dry_run)
{
    auto settings = mc.settings();
    json report = json::array();
    // A meeting whose end has passed and that has attendance took place: it shows as held.
    if (!dry_run)
        mc.db.write([&](store::connection& c) {
            for (auto id : store::mark_held_meetings(c, now))
                store::audit(c, {std::nullopt, "scheduler", "system"}, "update", "meeting", id, {{"status", "scheduled"}},
                             {{"status", "held"}});
        });
    auto ids = mc.db.read([&](store::connection& c) { return store::upcoming_meeting_ids(c, now); });
    for (auto id : ids) {
        // One transaction per meeting: a failure in one does not hold back the others.
        mc.db.write([&](store::connection& c) {
            auto m = store::find_meeting_row(c, id);
            if (!m)
                return;
            // One ledger for the meeting's runs: a dry run holds back what the real one would.
            auto ledger = store::recent_messages(c, id, now - settings.reminder_gap_seconds);
            auto run = [&](const std::string& kind, const std::string& label) {
                auto r = generate(c, *m, {.kind = kind, .label = label, .dry_run = dry_run, .ledger = &ledger}, settings);
                if (r.created > 0)
                    report.push_back({{"meeting_id", id}, {"kind", kind}, {"label", label}, {"result", r.to_json()}});
            };
            run("invitation", "");
            if ((*m)["status"] != "scheduled")
                return;
            auto starts = (*m)["starts_at"].get<std::int64_t>();
            for (int days : mc.reminder_days)
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

int deliver_due(mail_context& mc, std::int64_t now)
{
    if (mc.smtp.url.empty())
        return 0;
    int sent = 0;
    auto due = mc.db.read([&](store::connection& c) { return store::due_message_ids(c, now, 100); });
    if (due.empty())
        return 0;
    // Rendered with the settings of this run; the PDFs are made once per meeting and language.
    message_renderer renderer(mc.settings(), mc.attachments);
    for (auto id : due) {
        // Checked and claimed in one write, right before sending: an unsubscribe, answer or cancel
        // that commits before the claim stops the message, one after it finds it on its way.
        std::optional<std::string> reason;
        auto facts = mc.db.write([&](store::connection& c) -> std::optional<json> {
            auto f = store::message_facts(c, id);
            if (!f || (*f)["status"] != "pending")
                return std::nullopt; // cancelled or sent meanwhile
            if ((reason = suppression_reason(*f))) {
                store::mark_suppressed(c, id, *reason);
                return std::nullopt;
            }
            store::claim_for_sending(c, id);
            return f;
        });
        if (reason)
            log::event({{"event", "mail_suppressed"}, {"outbox_id", id}, {"reason", *reason}});
        if (!facts)
            continue;
        std::optional<rendered_message> message;
        std::optional<std::string> error;
        try {
            message = mc.db.read([&](store::connection& c) { return renderer.render(c, *facts, mc.clock()); });
        } catch (const std::exception& e) {
            error = std::string("render: ") + e.what();
        }
        if (message)
            error = send_smtp(mc.smtp, (*facts)["to_address"].get<std::string>(), message->bytes, message->envelope_from);
        mc.db.write([&](store::connection& c) {
            if (!error) {
                store::mark_sent(c, id, mc.clock(), message->subject, message->bytes);
                return;
            }
            auto attempts = (*facts)["attempts"].get<std::int64_t>() + 1;
            std::optional<std::int64_t> retry;
            if (attempts < mc.max_attempts)
                retry = mc.clock() + mc.retry_seconds * (1LL << std::min<std::int64_t>(attempts - 1, 20));
            store::mark_attempt_failed(c, id, *error, retry);
        });
        if (error)
            log::event({{"event", "mail_failed"}, {"outbox_id", id}, {"error", *error}});
        else
            ++sent;
    }
    return sent;
}

worker::worker(mail_context m) : mail_(std::move(m)) {}

worker::~worker() { stop(); }

void worker::start()
{
    // A claim left by a stop in the middle of a send: the message goes again rather than never.
    mail_.db.write([](store::connection& c) { store::release_claims(c); });
    thread_ = std::thread([this] { loop(); });
}

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
            auto now = mail_.clock();
            if (mail_.scheduler)
                run_schedule(mail_, now, false);
            deliver_due(mail_, now);
        } catch (const std::exception& e) {
            log::event({{"event", "mail_worker_error"}, {"message", e.what()}});
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::seconds(mail_.interval_seconds), [this] { return stopping_ || poked_; });
        if (stopping_)
            return;
        poked_ = false;
    }
}

} // namespace sanaksme::mail
