// The answer rules of domain/rsvp.hpp.
#include "domain/rsvp.hpp"

#include "domain/error.hpp"

#include <algorithm>
#include <string>

namespace sanaksme::domain {

std::optional<rsvp_response> parse_rsvp_response(std::string_view text)
{
    for (std::size_t i = 0; i < rsvp_response_names.size(); ++i)
        if (rsvp_response_names[i] == text)
            return static_cast<rsvp_response>(i);
    return std::nullopt;
}

std::string_view to_string(rsvp_response r) { return rsvp_response_names[static_cast<std::size_t>(r)]; }

void require_not_erased(bool erased)
{
    if (erased)
        throw conflict("This person's data was erased.");
}

bool joins_invitations(bool person_invited, bool organization_invited)
{
    if (person_invited)
        return false;
    if (!organization_invited)
        throw conflict("This person's organization is not invited to the meeting.");
    return true;
}

void require_before_deadline(std::optional<instant> deadline, const date::time_zone* zone, instant now, rsvp_change change)
{
    if (!deadline || now <= *deadline)
        return;
    auto text = "The RSVP deadline (" + format_rfc3339(*deadline, zone) + ") has passed";
    throw conflict(change == rsvp_change::answer ? text + "; ask the organizers to change your answer." : text + ".");
}

bool takes_place(rsvp_response to, std::optional<rsvp_response> before)
{
    return to == rsvp_response::yes && before != rsvp_response::yes;
}

void require_free_place(std::int64_t capacity, std::int64_t taken)
{
    if (taken >= capacity)
        throw conflict("The meeting is full: all " + std::to_string(capacity) +
                       " places are taken. Answer 'maybe' to be told if one frees up.");
}

void require_free_seat(std::optional<std::int64_t> seats, std::int64_t organization_taken)
{
    if (seats && organization_taken >= *seats)
        throw conflict("This organization already has " + std::to_string(organization_taken) + " of its " +
                       std::to_string(*seats) + " seats at the meeting; another representative can come only if one "
                       "of them answers 'no'.");
}

place_verdict place_for_yes(std::optional<std::int64_t> capacity, std::int64_t taken, bool waitlist)
{
    if (!capacity || taken < *capacity)
        return place_verdict::take;
    if (waitlist)
        return place_verdict::wait;
    require_free_place(*capacity, taken);
    return place_verdict::take; // not reached: require_free_place throws on a full meeting
}

std::int64_t places_to_fill(std::optional<std::int64_t> capacity, std::int64_t taken, bool waitlist, std::int64_t waiting)
{
    if (!capacity || !waitlist || taken >= *capacity)
        return 0;
    return std::min(*capacity - taken, waiting);
}

} // namespace sanaksme::domain
