// The attendance-change rule of domain/attendance_change.hpp.
#include "domain/attendance_change.hpp"

#include "domain/error.hpp"
#include "domain/meeting.hpp"

#include <string>

namespace sanaksme::domain {

attendance_verdict judge(const attendance_change& c)
{
    bool held = c.meeting_status == to_string(meeting_status::held);
    bool organizer = c.by == attendance_editor::organizer;
    if (held && !organizer)
        return attendance_verdict::organizers_only;
    if (c.minutes_approved)
        return attendance_verdict::frozen;
    if (c.before_meeting_day)
        return attendance_verdict::too_early;
    if (!organizer && !c.on_meeting_day)
        return attendance_verdict::not_meeting_day;
    if (held && !c.has_reason)
        return attendance_verdict::reason_required;
    return attendance_verdict::allowed;
}

void require_attendance_change(const attendance_request& r)
{
    const auto* zone = find_zone(r.timezone);
    auto day = local_date(r.starts_at, zone);
    auto today = local_date(r.now, zone);
    auto at_day = r.at ? std::optional<std::string>(local_date(*r.at, zone)) : std::nullopt;
    bool on_day = today == day && (!at_day || *at_day == day);
    bool early = r.arrival && (today < day || (at_day && *at_day < day));
    bool link = r.by == attendance_editor::own_link;
    std::string zone_name(r.timezone);
    switch (judge({r.by, r.meeting_status, r.minutes_approved, on_day, r.has_reason, early})) {
    case attendance_verdict::allowed:
        return;
    case attendance_verdict::too_early:
        throw conflict("Check-in opens on the meeting day (" + day + ", " + zone_name + ").");
    case attendance_verdict::organizers_only:
        if (link)
            throw conflict("The meeting is held; ask the organizers to record your attendance.");
        throw forbidden("The meeting is held: its attendance is corrected by an organizer or the coordinator only.");
    case attendance_verdict::frozen:
        throw conflict("The minutes of this meeting are approved; its attendance can no longer change.");
    case attendance_verdict::reason_required:
        throw invalid_field("reason", "is required to change the attendance of a held meeting; it is kept in the audit log");
    case attendance_verdict::not_meeting_day:
        if (link)
            throw conflict("Check-in opens on the meeting day (" + day + ").");
        throw forbidden("A member token checks people in on the meeting day only (" + day + ", " + zone_name +
                        "), at a time of that day; ask an organizer.");
    }
}

} // namespace sanaksme::domain
