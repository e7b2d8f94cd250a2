#pragma once
// The audit log: who changed what, when, with the values before and after.
#include "store/database.hpp"

#include <optional>
#include <string_view>

namespace sanaksme::store {

struct actor {
    std::optional<std::int64_t> token_id;
    std::string name;
    std::string role;
};

// Both also mark the actor's token used (store::mark_token_used): every write by a token is a use.
void audit(connection& c, const actor& who, std::string_view action, std::string_view resource,
           std::optional<std::int64_t> id, const json& before, const json& after);
// The same with the values already written as JSON text (null: none), for the hot write paths
// that send the same text as their answer.
void audit_text(connection& c, const actor& who, std::string_view action, std::string_view resource,
                std::optional<std::int64_t> id, const std::optional<std::string>& before,
                const std::optional<std::string>& after);

// GDPR: the erased person's values leave the log too; the fact of the change stays.
void audit_forget(connection& c, std::string_view resource, std::int64_t id);

json audit_page(connection& c, const json& filters, std::optional<std::int64_t> before_id, int limit);

} // namespace sanaksme::store
