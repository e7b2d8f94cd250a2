#pragma once
// GDPR: everything stored about one person, and forgetting stored answers that held it.
#include "store/database.hpp"

namespace sanaksme::store {

json person_export(connection& c, std::int64_t person_id);
void forget_idempotent_answers(connection& c, const std::string& path);

} // namespace sanaksme::store
