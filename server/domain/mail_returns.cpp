// The rules of mail that comes back (domain/mail_returns.hpp).
#include "domain/mail_returns.hpp"

namespace sanaksme::domain {

std::optional<rsvp_response> rsvp_from_partstat(std::string_view partstat)
{
    if (partstat == "ACCEPTED")
        return rsvp_response::yes;
    if (partstat == "DECLINED")
        return rsvp_response::no;
    if (partstat == "TENTATIVE")
        return rsvp_response::maybe;
    return std::nullopt;
}

bounce_kind classify_bounce(std::string_view action, std::string_view status)
{
    // Status is class "." subject "." detail; the class alone says permanent or transient.
    bool well_formed = status.size() >= 5 && status[1] == '.';
    if (!well_formed || action == "delivered" || action == "relayed" || action == "expanded")
        return bounce_kind::none;
    if (action == "failed")
        return status[0] == '5' ? bounce_kind::hard : status[0] == '4' ? bounce_kind::soft : bounce_kind::none;
    if (action == "delayed")
        return status[0] == '4' || status[0] == '5' ? bounce_kind::soft : bounce_kind::none;
    return bounce_kind::none;
}

bool address_suppressed(bounce_kind latest, int soft_bounces_so_far)
{
    if (latest == bounce_kind::hard)
        return true;
    return latest == bounce_kind::soft && soft_bounces_so_far + 1 >= soft_bounce_limit;
}

} // namespace sanaksme::domain
