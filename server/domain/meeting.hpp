#pragma once
// A meeting's lifecycle: its statuses, which change of status is allowed, and what each status
// lets happen (answers, invitations, check-in). No I/O.
#include "domain/error.hpp"
#include "domain/time.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sanaksme::domain {

enum class meeting_status { draft, scheduled, held, cancelled };

// The statuses as the API spells them, in the enum's order (request schemas, query filters).
inline constexpr std::array<std::string_view, 4> meeting_status_names{"draft", "scheduled", "held", "cancelled"};

std::optional<meeting_status> parse_meeting_status(std::string_view text);
std::string_view to_string(meeting_status s);
// A status read back from the database, which holds only the four names.
meeting_status stored_meeting_status(std::string_view text);

// draft → scheduled → held; draft or scheduled → cancelled. Held and cancelled are final: a held
// meeting's records are the minutes' basis, and a cancelled one was announced as such.
std::vector<meeting_status> next_statuses(meeting_status from);
// Staying in the same status is no change, so always allowed.
bool status_change_allowed(meeting_status from, meeting_status to);
// Throws conflict naming the statuses the meeting may move to, when `to` is not one of them.
void require_status_change(meeting_status from, meeting_status to);

// Answers (RSVPs) are taken while the meeting is draft or scheduled.
bool takes_answers(meeting_status s);
// Invitations are sent while the meeting is draft or scheduled.
bool takes_invitations(meeting_status s);
// Mail about a meeting goes out once it is scheduled: a draft sends none (the API still sends a test).
bool sends_mail(meeting_status s);
// People check in to a scheduled meeting, and late records go to a held one.
bool takes_check_ins(meeting_status s);
// Each throws conflict ("The meeting is held; answers are closed.") when the status says no.
void require_answers_open(meeting_status s);
void require_invitations_open(meeting_status s);
void require_check_in_open(meeting_status s);

// A meeting's fields as the API's schema and the web form limit them.
inline constexpr std::size_t meeting_title_max = 300;
inline constexpr std::size_t meeting_series_max = 200;
inline constexpr std::size_t venue_name_max = 300;
inline constexpr std::size_t venue_address_max = 500;
inline constexpr std::size_t online_url_max = 2000;
inline constexpr std::size_t meeting_description_max = 20000;
inline constexpr std::int64_t meeting_count_max = 100000; // number, capacity, quorum

// The times of a meeting that are checked against each other.
struct meeting_times {
    instant starts_at = 0;
    std::optional<instant> ends_at, rsvp_deadline;
};
// The end is after the start and the answer deadline not after it: field errors named by the
// API's fields (ends_at, rsvp_deadline); empty when the times agree.
std::vector<field_error> meeting_time_errors(const meeting_times& t);
// Throws invalid with those field errors.
void require_meeting_times(const meeting_times& t);

} // namespace sanaksme::domain
