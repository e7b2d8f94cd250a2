#include "domain/attendance.hpp"

#include <set>

namespace sanaksme::domain {

namespace {
bool online_counts_setting = true; // written only before threads start (set_online_counts_for_quorum)
}

void set_online_counts_for_quorum(bool counts) { online_counts_setting = counts; }
bool online_counts_for_quorum() { return online_counts_setting; }

const char* to_string(roll_status s)
{
    switch (s) {
    case roll_status::present: return "present";
    case roll_status::excused: return "excused";
    case roll_status::absent: return "absent";
    }
    return "absent";
}

attendance_summary summarize(const std::vector<present_entry>& present,
                             const std::vector<organization_fact>& organizations, std::optional<std::int64_t> quorum,
                             bool online_counts)
{
    attendance_summary s;
    s.online_counts_for_quorum = online_counts;
    std::set<std::int64_t> people, orgs_present, orgs_in_room;
    for (const auto& p : present) {
        if (p.person_id) {
            if (!people.insert(*p.person_id).second)
                continue; // each person once
        } else {
            ++s.guests_present;
        }
        ++s.people_present;
        ++(p.online ? s.people_online : s.people_in_person);
        if (p.organization_id) {
            orgs_present.insert(*p.organization_id);
            if (!p.online)
                orgs_in_room.insert(*p.organization_id);
        }
    }
    s.organizations_present = static_cast<std::int64_t>(orgs_present.size());
    for (const auto& o : organizations) {
        bool is_member = o.membership_then == "member" && o.active_then;
        bool here = orgs_present.count(o.id) > 0;
        if (is_member) {
            ++s.member_organizations;
            if (here)
                ++s.member_organizations_present;
            if (orgs_in_room.count(o.id) > 0)
                ++s.member_organizations_present_in_person;
            else if (o.apologised)
                ++s.member_organizations_excused;
        }
        if (is_member || o.invited || here)
            s.roll_call.push_back({o.id, here ? roll_status::present
                                             : o.apologised ? roll_status::excused
                                                            : roll_status::absent});
    }
    s.quorum = quorum ? *quorum : s.member_organizations / 2 + 1;
    s.quorum_met = (online_counts ? s.member_organizations_present : s.member_organizations_present_in_person) >= s.quorum;
    return s;
}

} // namespace sanaksme::domain
