#pragma once
// RFC 5545 calendars: events with TZID and the zone's VTIMEZONE, lines folded at 75 octets.
#include "domain/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sanaksme::render {

// A meeting's UID: the random one given at its creation, or for a meeting made before UIDs were
// stored, the one its calendars already carry ("meeting-<id>@host").
std::string event_uid(std::int64_t meeting_id, const std::optional<std::string>& stored, const std::string& host);

struct ical_attendee {
    std::string name;
    std::string email;
};

struct ical_event {
    std::string uid;
    int sequence = 0;
    domain::instant starts_at = 0;
    domain::instant ends_at = 0;
    std::string timezone; // IANA
    std::string summary;
    std::string description;
    std::string location;
    std::string url;
    bool cancelled = false;
    std::string organizer_name, organizer_email;
    std::vector<ical_attendee> attendees;
};

// method: "REQUEST", "CANCEL" or "PUBLISH" (feeds). dtstamp: when the calendar was made.
std::string calendar(const std::vector<ical_event>& events, const std::string& method, domain::instant dtstamp);

// Pieces, exposed for tests and fuzzing.
std::string ical_escape(std::string_view text);
std::string fold_line(std::string_view line); // CRLF-terminated, continuation lines begin with a space

} // namespace sanaksme::render
