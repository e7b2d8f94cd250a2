// The rules of what a caller's role and organization let them do.
#include "domain/caller.hpp"

#include "domain/error.hpp"

namespace sanaksme::domain {

bool acts_for(const caller& who, std::int64_t organization_id)
{
    return who.role != caller_role::member || who.organization_id == organization_id;
}

void require_own_organization(const caller& who, std::int64_t organization_id)
{
    if (!acts_for(who, organization_id))
        throw forbidden("A member token acts only for its own organization.");
}

void require_organization_editor(const caller& who, std::int64_t organization_id)
{
    if (who.role == caller_role::organizer)
        throw forbidden("Organizers read organizations and people; the coordinator or the organization itself "
                        "edits them.");
    require_own_organization(who, organization_id);
}

bool sees_personal_data_of(const caller& who, std::int64_t organization_id)
{
    return who.at_least(caller_role::organizer) || who.organization_id == organization_id;
}

bool may_write(const caller& who) { return who.organization_active; }

void require_may_write(const caller& who)
{
    if (!may_write(who))
        throw forbidden("The organization '" + who.organization_name +
                        "' is deactivated: its tokens may still read, but no longer write.");
}

} // namespace sanaksme::domain
