#pragma once
// The schema: schema/NNNN_*.sql compiled into the binary, applied in order on open.
#include "store/connection.hpp"

#include <optional>
#include <string>

namespace sanaksme::store {

// Applies schema/NNNN_*.sql newer than PRAGMA user_version, each in its own transaction.
// Returns how many were applied.
int migrate(connection& c);
// The number of the newest migration this binary holds: the schema version it needs.
int latest_migration();
// Why the schema is not the one this binary migrates to, or nullopt.
std::optional<std::string> schema_problem(connection& c);

} // namespace sanaksme::store
