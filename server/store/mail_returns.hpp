#pragma once
// What mail that comes back changes: the message and person a reply address names, a person's
// bounces, and calendar counter-proposals kept for the organizer.
#include "domain/mail_returns.hpp"
#include "store/database.hpp"

#include <optional>
#include <string>

namespace sanaksme::store {

// The message a signed reply address names, if it exists and was for that person.
struct reply_target {
    std::int64_t outbox_id = 0, person_id = 0;
    std::optional<std::int64_t> meeting_id;
    std::string person_name;
    bool erased = false;
};
std::optional<reply_target> find_reply_target(connection& c, std::int64_t outbox_id, std::int64_t person_id);

// Counts a bounce of the person's address under domain::address_suppressed; true when this one
// suppressed the address (it was not suppressed before).
bool record_bounce(connection& c, std::int64_t person_id, domain::bounce_kind kind, const std::string& status,
                   std::int64_t now);

struct calendar_counter {
    std::int64_t meeting_id = 0, person_id = 0, outbox_id = 0, received_at = 0;
    std::string proposed_start, proposed_end, comment;
};
std::int64_t insert_calendar_counter(connection& c, const calendar_counter& k);
// A meeting's counter-proposals, oldest first, with the person's name.
json calendar_counters(connection& c, std::int64_t meeting_id);

} // namespace sanaksme::store
