#pragma once
// The mail worker: a thread that generates due reminders (the schedule) and delivers pending
// messages with exponential back-off, each rendered as it goes. `send-reminders` runs the same
// two steps once.
#include "domain/time.hpp"
#include "mail/compose.hpp"
#include "mail/smtp.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace sanaksme::mail {

// What the worker needs of the server: the database, its mail settings and a clock.
struct mail_context {
    store::database& db;
    std::function<compose_settings()> settings; // read for each run: the link keys may rotate
    smtp_settings smtp;                          // no URL: nothing is sent
    attachment_source attachments;               // the minutes' PDF of a "minutes available" email
    std::vector<int> reminder_days{7, 1};
    int retry_seconds = 60, max_attempts = 6, interval_seconds = 30;
    bool scheduler = true;
    std::function<std::int64_t()> clock = [] { return domain::now(); };
};

// Generates what is due now: invitations (and updates, cancellations) of scheduled meetings,
// reminders N days before, an RSVP nudge 2 days before the deadline.
json run_schedule(mail_context& m, std::int64_t now, bool dry_run);
// Sends due pending messages; returns how many were sent. Without an SMTP URL, sends nothing.
int deliver_due(mail_context& m, std::int64_t now);

class worker {
public:
    explicit worker(mail_context m);
    ~worker();
    void start();
    void stop();
    void poke(); // something was queued: deliver now rather than at the next tick

private:
    void loop();
    mail_context mail_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false, poked_ = false;
};

} // namespace sanaksme::mail
