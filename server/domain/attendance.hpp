#pragma once
// The attendance summary and the roll-call by organization, from plain facts. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sanaksme::domain {

struct present_entry {
    std::optional<std::int64_t> person_id;       // empty for a walk-in guest
    std::optional<std::int64_t> organization_id; // the registered organization, if any
    bool online = false;                         // joined the call rather than the room
};

struct organization_fact {
    std::int64_t id = 0;
    std::string name;
    std::string membership_then; // membership on the meeting's date ('member', 'observer', 'guest')
    bool active_then = true;
    bool invited = false;
    bool apologised = false; // an RSVP 'no' from its people, or excused by an organizer
};

enum class roll_status { present, excused, absent };

struct roll_entry {
    std::int64_t organization_id;
    roll_status status;
};

struct attendance_summary {
    std::int64_t people_present = 0;
    std::int64_t guests_present = 0;
    std::int64_t organizations_present = 0;
    std::int64_t member_organizations_present = 0;
    std::int64_t member_organizations = 0;
    std::int64_t member_organizations_excused = 0;
    std::int64_t quorum = 0;
    bool quorum_met = false;
    // The split of people_present (walk-in guests are in the room), and the member organizations
    // with someone in the room; without online_counts the quorum is weighed on these.
    std::int64_t people_in_person = 0;
    std::int64_t people_online = 0;
    std::int64_t member_organizations_present_in_person = 0;
    bool online_counts_for_quorum = true;
    // Organizations on the roll-call: every member organization on the date, every invited one,
    // and every one with someone present; in the order of `organizations`.
    std::vector<roll_entry> roll_call;
};

// The platform's rule whether online attendance counts toward the quorum (--online-counts-for-quorum):
// set once when the application starts, before any thread reads it; summarize's default.
void set_online_counts_for_quorum(bool counts);
bool online_counts_for_quorum();

// `quorum`: the meeting's own figure; without one, a simple majority of member organizations.
// `online_counts`: whether an organization present only online counts toward the quorum (a
// platform setting); it is present on the roll-call either way.
attendance_summary summarize(const std::vector<present_entry>& present,
                             const std::vector<organization_fact>& organizations, std::optional<std::int64_t> quorum,
                             bool online_counts = online_counts_for_quorum());

const char* to_string(roll_status s);


} // namespace sanaksme::domain
