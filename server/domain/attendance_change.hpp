#pragma once
// Who may change a meeting's attendance (check-ins, their undoing, walk-ins, excusals), and when. No I/O.
#include "domain/time.hpp"

#include <optional>
#include <string_view>

namespace sanaksme::domain {

enum class attendance_editor {
    member,    // a member token, for its own organization's people
    organizer, // an organizer or coordinator token
    own_link,  // a person's own signed check-in link
};

struct attendance_change {
    attendance_editor by = attendance_editor::member;
    std::string_view meeting_status; // draft, scheduled, held, cancelled
    bool minutes_approved = false;
    bool on_meeting_day = false; // today, and the check-in time when one is given, are the meeting's local date
    bool has_reason = false;     // a non-blank reason came with the change
    bool before_meeting_day = false; // an arrival (check-in, walk-in) dated before the meeting's local date
};

enum class attendance_verdict {
    allowed,
    organizers_only, // the meeting is held: its attendance is the organizers' to correct
    frozen,          // the minutes are approved: attendance is part of them
    reason_required, // a correction of a held meeting says why (it is audited)
    not_meeting_day, // members and links check in on the meeting day only
    too_early,       // nobody arrives before the meeting day: check-in opens that day
};

attendance_verdict judge(const attendance_change& c);

// One change of attendance as it arrives: judged against the meeting's local date.
struct attendance_request {
    attendance_editor by = attendance_editor::member;
    std::string_view meeting_status;
    bool minutes_approved = false;
    instant starts_at = 0;
    std::string_view timezone;
    bool has_reason = false;
    instant now = 0;
    std::optional<instant> at; // the check-in time the caller gave
    bool arrival = false;      // a check-in or walk-in, never before the meeting day, whoever records it
};
// Throws unless judge() allows the change: forbidden (403), conflict (409) or invalid (422, the
// reason field), worded for the one who asked (an own link is told to ask the organizers).
void require_attendance_change(const attendance_request& r);

} // namespace sanaksme::domain
