#pragma once
// The rules of an answer (RSVP): who may answer (invited, or of an invited organization), until
// when (the deadline), and whether a place is left (capacity). No I/O.
#include "domain/time.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sanaksme::domain {

enum class rsvp_response { yes, no, maybe };

// The answers as the API spells them, in the enum's order.
inline constexpr std::array<std::string_view, 3> rsvp_response_names{"yes", "no", "maybe"};
std::optional<rsvp_response> parse_rsvp_response(std::string_view text);
std::string_view to_string(rsvp_response r);

// An erased person's data is gone: nobody answers or checks in for them (conflict).
void require_not_erased(bool erased);

// A person answers when invited, or when their organization is invited: then they are added
// to the invitation list (a member may send someone else). True when they must be added;
// conflict when neither is invited.
bool joins_invitations(bool person_invited, bool organization_invited);

// Answers (`answer`) and their withdrawal (`withdraw`) end once the deadline has passed
// (conflict naming the deadline in the meeting's zone).
enum class rsvp_change { answer, withdraw };
void require_before_deadline(std::optional<instant> deadline, const date::time_zone* zone, instant now, rsvp_change change);

// Whether the answer takes one of the places: a yes from someone whose answer was not yes.
bool takes_place(rsvp_response to, std::optional<rsvp_response> before);
// Conflict when all `capacity` places are taken.
void require_free_place(std::int64_t capacity, std::int64_t taken);

// Seats: at most `seats` yes answers from one organization (conflict naming the cap when
// `organization_taken` has reached it); no cap when empty.
void require_free_seat(std::optional<std::int64_t> seats, std::int64_t organization_taken);

// The waiting list: a yes that takes a place is stored (`take`) while one is free; on a full
// meeting with a waiting list it waits in line (`wait`); else it is refused (require_free_place).
enum class place_verdict { take, wait };
place_verdict place_for_yes(std::optional<std::int64_t> capacity, std::int64_t taken, bool waitlist);
// How many of the `waiting` are promoted now that `taken` of `capacity` places are taken, in the
// order they joined; none without a waiting list or a capacity.
std::int64_t places_to_fill(std::optional<std::int64_t> capacity, std::int64_t taken, bool waitlist, std::int64_t waiting);

} // namespace sanaksme::domain
