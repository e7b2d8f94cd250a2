#pragma once
// Whether a due message may still go: the facts of store::message_facts weighed at send time.
#include "store/database.hpp"

#include <optional>
#include <string>

namespace sanaksme::mail {

using store::json;

// Why a due message must not go out now, if it must not: the person was erased, withdrew consent,
// has another address than the one it was queued for or one that bounced, or answered since (a nudge to someone who
// answered, a reminder to a "no"); the meeting was cancelled or deleted; a newer invitation of the
// person's is queued or sent.
std::optional<std::string> suppression_reason(const json& facts);

} // namespace sanaksme::mail
