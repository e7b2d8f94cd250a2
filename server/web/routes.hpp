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
// representative.cpp
http::response representative_home(http::context&, reader&);
http::response answer_for_person(http::context&, reader&);
// meetings.cpp
http::response meetings_list(http::context&, reader&);
http::response meeting_new(http::context&, reader&);
http::response meeting_create(http::context&, reader&);
http::response meeting_page(http::context&, reader&);
http::response meeting_edit(http::context&, reader&);
http::response meeting_update(http::context&, reader&);
http::response meeting_status(http::context&, reader&);
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
// static.cpp (no reader: the same bytes for everyone)
http::response static_file(http::context&);

} // namespace sanaksme::web
