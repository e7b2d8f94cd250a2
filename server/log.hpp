#pragma once
// One JSON object per line on stderr. Callers never pass tokens, secrets or signed links.
#include <nlohmann/json.hpp>

namespace sanaksme::log {

void event(const nlohmann::json& fields);
// The access log: one line per request, unless --quiet.
void request(const nlohmann::json& fields);
bool requests_logged(); // false under --quiet: callers skip building the line
void set_quiet(bool quiet);

} // namespace sanaksme::log
