#pragma once
// A meeting as the web pages show it: when and where in the reader's language, and the
// attendance counter sentence ("19 representatives · 16 of 25 member organizations · quorum 13
// reached"), from the same summary as GET /attendance.
#include "http/message.hpp"
#include "store/database.hpp"

#include <string>

namespace sanaksme::web {

using http::json;

// {id, title, when, venue, status}
json meeting_block(std::string_view lang, const json& meeting_row);
// The attendance view (api::attendance_view) with `counter` (the sentence) and `quorum_met`.
json attendance_facts(store::connection& conn, std::string_view lang, const json& meeting_row);
std::string counter_sentence(std::string_view lang, const json& summary);

} // namespace sanaksme::web
