#pragma once
// The web interface's route table (web/routes.cpp): pages for people, outside /api/. Dispatch
// looks here when the API's table has no route for a path.
#include "http/router.hpp"
#include "store/database.hpp"
#include "web/page.hpp"

namespace sanaksme::web {

const http::router& routes();

// The least role of each page, for the page × role test and the table itself.
struct page_route {
    http::verb method;
    std::string_view pattern;
    need who;
};
const std::vector<page_route>& pages();

// Page handlers, by file.
using page_fn = http::response (*)(http::context&, reader&);
// signin.cpp
http::response home(http::context&, reader&);
http::response signin_form(http::context&, reader&);
http::response signin_request(http::context&, reader&);
http::response signin_confirm(http::context&, reader&);
http::response signin_consume(http::context&, reader&);
http::response signout(http::context&, reader&);
// desk.cpp
http::response desk_start(http::context&, reader&);
http::response desk(http::context&, reader&);
http::response desk_live(http::context&, reader&);
http::response desk_check_in(http::context&, reader&);
http::response desk_walk_in(http::context&, reader&);
http::response desk_substitute(http::context&, reader&);
// representative.cpp
http::response representative_home(http::context&, reader&);
http::response answer_for_person(http::context&, reader&);
http::response substitute_for_person(http::context&, reader&);
http::response approved_minutes_download(http::context&, reader&);
// meetings.cpp
http::response meetings_list(http::context&, reader&);
http::response meeting_new(http::context&, reader&);
http::response meeting_create(http::context&, reader&);
http::response meeting_page(http::context&, reader&);
http::response meeting_edit(http::context&, reader&);
http::response meeting_update(http::context&, reader&);
http::response meeting_status(http::context&, reader&);
http::response meeting_next(http::context&, reader&); // series.cpp
// A meeting page's data (details, agenda with planned times, answers by organization).
json meeting_page_data(store::connection& conn, const reader& r, const json& meeting_row);
// agenda.cpp
http::response agenda_add(http::context&, reader&);
http::response agenda_move(http::context&, reader&);
// papers.cpp: a meeting's papers on its page (upload; open with ?paper=N; remove with the form's paper_id)
http::response paper_upload(http::context&, reader&);
http::response paper_open(http::context&, reader&);
http::response paper_remove(http::context&, reader&);
json meeting_papers_data(store::connection& conn, std::int64_t meeting_id);
// The papers of the meeting `who` may read (a member: public and members', no drafts), with links.
json readable_papers_data(store::connection& conn, std::int64_t meeting_id, const domain::caller& who);
// mail.cpp
http::response mail_page(http::context&, reader&);
http::response mail_send(http::context&, reader&);
http::response mail_invite(http::context&, reader&);
http::response mail_cancel(http::context&, reader&);
// organizations.cpp
http::response organizations_list(http::context&, reader&);
http::response organization_new(http::context&, reader&);
http::response organization_create(http::context&, reader&);
http::response organization_edit(http::context&, reader&);
http::response organization_update(http::context&, reader&);
http::response organization_deactivate(http::context&, reader&);
http::response organization_add_person(http::context&, reader&);
// minutes.cpp
http::response minutes_editor(http::context&, reader&);
http::response minutes_save(http::context&, reader&);
http::response minutes_approve(http::context&, reader&);
http::response minutes_download(http::context&, reader&);
http::response attendance_download(http::context&, reader&);
// imports.cpp
http::response people_import_form(http::context&, reader&);
http::response people_import(http::context&, reader&);
// decisions.cpp
http::response decisions_page(http::context&, reader&);
http::response decision_add(http::context&, reader&);
http::response decision_vote(http::context&, reader&);
http::response decision_close(http::context&, reader&);
http::response decision_follow_up(http::context&, reader&);
http::response decisions_register(http::context&, reader&);
http::response decisions_download(http::context&, reader&);
// reports.cpp
http::response participation_page(http::context&, reader&);
http::response participation_download_csv(http::context&, reader&);
http::response participation_download_svg(http::context&, reader&);
http::response audit_page(http::context&, reader&);
// tokens.cpp
http::response tokens_page(http::context&, reader&);
http::response token_create(http::context&, reader&);
http::response token_revoke(http::context&, reader&);
// accounts.cpp
http::response accounts_page(http::context&, reader&);
http::response account_create(http::context&, reader&);
http::response account_role(http::context&, reader&);
http::response account_remove(http::context&, reader&);
http::response account_sign_out(http::context&, reader&);
// A role's name for people (coordinator, organizer, representative) in `lang`.
std::string role_name(std::string_view lang, std::string_view role);
// An RFC 3339 instant as a date and time in Riga, in `lang`; "" for null.
std::string when(std::string_view lang, const json& rfc3339);
// roll_call.cpp
http::response roll_call_page(http::context&, reader&);
// webhooks.cpp
http::response webhooks_page(http::context&, reader&);
http::response webhook_create(http::context&, reader&);
http::response webhook_toggle(http::context&, reader&);
http::response webhook_delete(http::context&, reader&);
http::response webhook_page(http::context&, reader&);
http::response webhook_redeliver(http::context&, reader&);
// people.cpp
http::response people_list(http::context&, reader&);
http::response person_create(http::context&, reader&);
http::response person_update(http::context&, reader&);
http::response person_erase(http::context&, reader&);
// static.cpp (no reader: the same bytes for everyone)
http::response static_file(http::context&);

} // namespace sanaksme::web
