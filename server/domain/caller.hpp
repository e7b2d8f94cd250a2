#pragma once
// Who acts (a token or a web account, as plain facts) and the rules of what their role and
// organization let them do; they throw domain::forbidden.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanaksme::domain {

// In the order and with the values of auth::role, which the API and the web pages convert from.
enum class caller_role { member = 1, organizer = 2, coordinator = 3 };

struct caller {
    caller_role role = caller_role::member;
    std::optional<std::int64_t> organization_id; // members only
    std::string organization_name;               // members only
    bool organization_active = true;             // members: false once their organization is deactivated

    bool at_least(caller_role r) const { return static_cast<int>(role) >= static_cast<int>(r); }
};

// Members act for their own organization only; organizers and coordinators for anyone.
bool acts_for(const caller& who, std::int64_t organization_id);
// Throws forbidden when the caller does not act for the organization.
void require_own_organization(const caller& who, std::int64_t organization_id);
// Organizations and their people are the coordinator's and, its own, a member's to edit;
// organizers read them.
void require_organization_editor(const caller& who, std::int64_t organization_id);
// Organizers and coordinators see everyone's personal data; a member its own organization's.
bool sees_personal_data_of(const caller& who, std::int64_t organization_id);
// A deactivated organization's members still read, but no longer write.
bool may_write(const caller& who);
void require_may_write(const caller& who);

} // namespace sanaksme::domain
