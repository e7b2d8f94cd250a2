// The attendance-change rule of domain/attendance_change.hpp.
#include "domain/attendance_change.hpp"

namespace sanaksme::domain {

attendance_verdict judge(const attendance_change& c)
{
    bool held = c.meeting_status == "held";
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

} // namespace sanaksme::domain
