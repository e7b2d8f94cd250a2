#pragma once
// The mail worker: a thread that generates due reminders (the schedule) and delivers pending
// messages with exponential back-off. `send-reminders` runs the same two steps once.
#include "mail/compose.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace sanaksme {
class app;
}

namespace sanaksme::mail {

// Generates what is due now: invitations (and updates, cancellations) of scheduled meetings,
// reminders N days before, an RSVP nudge 2 days before the deadline.
json run_schedule(app& a, std::int64_t now, bool dry_run);
// Sends due pending messages; returns how many were sent. Without an SMTP URL, sends nothing.
int deliver_due(app& a, std::int64_t now);

class worker {
public:
    explicit worker(app& a);
    ~worker();
    void start();
    void stop();
    void poke(); // something was queued: deliver now rather than at the next tick

private:
    void loop();
    app& app_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false, poked_ = false;
};

} // namespace sanaksme::mail
