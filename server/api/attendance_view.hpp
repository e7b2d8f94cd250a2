#pragma once
// The attendance answer of a meeting: people present, the summary, and the roll-call by
// organization. Used by GET /attendance, reports and minutes.
#include "domain/time.hpp"
#include "http/message.hpp"
#include "store/attendance.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"

namespace sanaksme::api {

http::json attendance_view(store::connection& conn, const http::json& meeting_row);
// The roll-call's organizations (attendance_view's "organizations") as `c` may see them: a member
// token does not see other organizations' excuse reasons.
void hide_others_notes(const http::context& c, http::json& organizations);

// The participation report (?from=&to=) as data: per meeting and per organization.
http::json participation_data(http::context& c);

// The rules of an answer, shared by the API and the one-click pages: the meeting must take
// answers, the person's organization must be invited, the deadline and capacity hold (409).
// Records the answer in the audit log as `who`; returns the stored answer (JSON text) and
// whether it is new.
std::pair<std::string, bool> record_rsvp(store::connection& conn, const store::actor& who,
                                         const store::meeting_rules& m, const store::person_ref& person,
                                         std::string response, std::optional<std::string> note);
// A stored answer as the API shows it: as a JSON object, and as the same bytes written directly
// (the RSVP write path sends it and logs it, inside the write batch).
http::json rsvp_json(const date::time_zone* zone, const store::rsvp& r);
std::string rsvp_text(const date::time_zone* zone, const store::rsvp& r);
// The meeting and the person of an answer, typed (404 when absent, 409 when erased).
store::meeting_rules load_meeting_rules(store::connection& conn, std::int64_t id);
store::person_ref load_person_ref(store::connection& conn, std::int64_t id);
// Checks a person in from their own signed link (the one-click page): scheduled meetings on the
// meeting day only, since a held meeting's attendance is the organizers' to correct (409
// otherwise). Audited as `who` when new; returns the record and whether it is new.
std::pair<http::json, bool> record_check_in(store::connection& conn, const store::actor& who,
                                            const store::meeting_rules& m, const store::person_ref& person,
                                            std::int64_t at);

} // namespace sanaksme::api
