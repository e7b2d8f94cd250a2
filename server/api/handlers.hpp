#pragma once
// Every route handler, grouped by the file that holds it. The table is in api/routes.cpp. A handler
// returning http::reply may hand its write to the group commit (http::deferred).
#include "http/message.hpp"

namespace sanaksme::api {

// organizations.cpp
http::response list_organizations(http::context&);
http::response create_organization(http::context&);
http::response get_organization(http::context&);
http::response patch_organization(http::context&);
http::response delete_organization(http::context&);
// people.cpp
http::response list_people(http::context&);
http::response create_person(http::context&);
http::response get_person(http::context&);
http::response patch_person(http::context&);
http::response delete_person(http::context&);
http::response export_person(http::context&);
// meetings.cpp
http::response list_meetings(http::context&);
http::response create_meeting(http::context&);
http::response get_meeting(http::context&);
http::response patch_meeting(http::context&);
http::response delete_meeting(http::context&);
// agenda.cpp
http::response list_agenda(http::context&);
http::response create_agenda_item(http::context&);
http::response reorder_agenda(http::context&);
http::response get_agenda_item(http::context&);
http::response patch_agenda_item(http::context&);
http::response delete_agenda_item(http::context&);
// papers.cpp
http::response list_meeting_papers(http::context&);
http::response create_meeting_paper(http::context&);
http::response list_agenda_papers(http::context&);
http::response create_agenda_paper(http::context&);
http::response get_paper(http::context&);
http::response patch_paper(http::context&);
http::response delete_paper(http::context&);
http::response paper_file(http::context&);
// tokens.cpp
http::response list_tokens(http::context&);
http::response create_token(http::context&);
http::response get_token(http::context&);
http::response delete_token(http::context&);
// operations.cpp
http::response healthz(http::context&);
http::response readyz(http::context&);
http::response metrics(http::context&);
http::response openapi(http::context&);
http::response api_docs(http::context&);
http::response api_docs_script(http::context&);
http::response list_audit(http::context&);

} // namespace sanaksme::api

namespace sanaksme::api {
// invitations.cpp
http::response list_invitations(http::context&);
http::reply create_invitations(http::context&);
http::response list_rsvps(http::context&);
http::reply put_rsvp(http::context&);
http::reply delete_rsvp(http::context&);
// attendance.cpp
http::response get_attendance(http::context&);
http::reply put_attendance(http::context&);
http::reply delete_attendance(http::context&);
http::response add_walk_in(http::context&);
http::reply put_excusal(http::context&);
http::reply delete_excusal(http::context&);
http::response participation_report(http::context&);
} // namespace sanaksme::api

namespace sanaksme::api {
// reminders.cpp
http::response create_reminders(http::context&);
http::response cancel_reminders(http::context&);
http::response cancel_outbox_entry(http::context&);
http::response list_outbox(http::context&);
http::response get_outbox_entry(http::context&);
http::response get_outbox_message(http::context&);
// pages.cpp
http::response rsvp_page(http::context&);
http::reply rsvp_submit(http::context&);
http::response checkin_page(http::context&);
http::reply checkin_submit(http::context&);
http::response next_meeting(http::context&);
http::response list_review_items(http::context&);
http::response online_page(http::context&);
http::reply online_submit(http::context&);
http::response unsubscribe_page(http::context&);
http::response unsubscribe_submit(http::context&);
http::response minutes_page(http::context&);
http::response minutes_pdf_page(http::context&);
} // namespace sanaksme::api

namespace sanaksme::api {
// minutes.cpp
http::response get_minutes(http::context&);
http::response put_minutes(http::context&);
http::response list_minutes_versions(http::context&);
http::response approve_minutes(http::context&);
http::response minutes_export(http::context&);
http::response attendance_csv(http::context&);
http::response participation_csv(http::context&);
http::response participation_svg(http::context&);
} // namespace sanaksme::api

namespace sanaksme::api {
// calendars.cpp
http::response meeting_calendar(http::context&);
http::response calendar_feed(http::context&);
http::response personal_calendar(http::context&);
} // namespace sanaksme::api

namespace sanaksme::api {
// decisions.cpp
http::response list_meeting_decisions(http::context&);
http::response create_decision(http::context&);
http::response get_decision(http::context&);
http::response patch_decision(http::context&);
http::response put_decision_vote(http::context&);
http::response close_decision(http::context&);
http::response list_decisions(http::context&);
http::response decisions_csv(http::context&);
// calendar_counters.cpp
http::response list_calendar_counters(http::context&);
// webhooks.cpp
http::response list_webhooks(http::context&);
http::response create_webhook(http::context&);
http::response get_webhook(http::context&);
http::response patch_webhook(http::context&);
http::response delete_webhook(http::context&);
http::response list_webhook_deliveries(http::context&);
http::response redeliver_webhook(http::context&);
} // namespace sanaksme::api
