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

} // namespace sanaksme::domain
