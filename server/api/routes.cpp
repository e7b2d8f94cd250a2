// The route table: every path the server answers, its handler, the least role it needs, and
// whether its answers may come from the response cache or hold personal data.
#include "api/dispatch.hpp"
#include "api/handlers.hpp"

namespace sanaksme::api {

const http::router& routes()
{
    using http::access;
    using http::cached;
    using http::personal;
    using v = http::verb;
    static const http::router table({
        {v::get, "/healthz", healthz, access::open},
        {v::get, "/metrics", metrics, access::open},
        {v::get, "/api/v1/openapi.json", openapi, access::open},
        {v::get, "/api/docs", api_docs, access::open},
        {v::get, "/api/docs/redoc.standalone.js", api_docs_script, access::open},
        {v::get, "/readyz", readyz, access::open},

        {v::get, "/api/v1/organizations", list_organizations, access::member},
        {v::post, "/api/v1/organizations", create_organization, access::coordinator},
        {v::get, "/api/v1/organizations/{id}", get_organization, access::member},
        {v::patch, "/api/v1/organizations/{id}", patch_organization, access::member},
        {v::delete_, "/api/v1/organizations/{id}", delete_organization, access::coordinator},
        {v::get, "/api/v1/organizations/{id}/people", list_people, access::member, personal},
        {v::post, "/api/v1/organizations/{id}/people", create_person, access::member, personal},

        {v::get, "/api/v1/people/{id}", get_person, access::member, personal},
        {v::patch, "/api/v1/people/{id}", patch_person, access::member, personal},
        {v::delete_, "/api/v1/people/{id}", delete_person, access::member, personal},
        {v::get, "/api/v1/people/{id}/export", export_person, access::member, personal},

        {v::get, "/api/v1/meetings", list_meetings, access::member},
        {v::post, "/api/v1/meetings", create_meeting, access::organizer},
        {v::get, "/api/v1/meetings/{id}", get_meeting, access::member, cached},
        {v::patch, "/api/v1/meetings/{id}", patch_meeting, access::organizer},
        {v::delete_, "/api/v1/meetings/{id}", delete_meeting, access::organizer},

        {v::get, "/api/v1/meetings/{id}/agenda", list_agenda, access::member},
        {v::post, "/api/v1/meetings/{id}/agenda", create_agenda_item, access::organizer},
        {v::post, "/api/v1/meetings/{id}/agenda/order", reorder_agenda, access::organizer},
        {v::get, "/api/v1/agenda/{item_id}", get_agenda_item, access::member},
        {v::patch, "/api/v1/agenda/{item_id}", patch_agenda_item, access::organizer},
        {v::delete_, "/api/v1/agenda/{item_id}", delete_agenda_item, access::organizer},

        {v::get, "/api/v1/meetings/{id}/invitations", list_invitations, access::member, personal},
        {v::post, "/api/v1/meetings/{id}/invitations", create_invitations, access::organizer, personal},
        {v::get, "/api/v1/meetings/{id}/rsvps", list_rsvps, access::member, personal},
        {v::put, "/api/v1/meetings/{id}/rsvps/{person_id}", put_rsvp, access::member, personal},
        {v::delete_, "/api/v1/meetings/{id}/rsvps/{person_id}", delete_rsvp, access::member, personal},
        {v::get, "/api/v1/meetings/{id}/attendance", get_attendance, access::member, personal},
        {v::post, "/api/v1/meetings/{id}/attendance", add_walk_in, access::organizer, personal},
        {v::put, "/api/v1/meetings/{id}/attendance/{person_id}", put_attendance, access::member, personal},
        {v::delete_, "/api/v1/meetings/{id}/attendance/{person_id}", delete_attendance, access::member, personal},
        {v::put, "/api/v1/meetings/{id}/excusals/{organization_id}", put_excusal, access::organizer},
        {v::delete_, "/api/v1/meetings/{id}/excusals/{organization_id}", delete_excusal, access::organizer},
        {v::get, "/api/v1/reports/participation", participation_report, access::organizer, personal},

        {v::get, "/api/v1/meetings/{id}/minutes", get_minutes, access::member, personal},
        {v::put, "/api/v1/meetings/{id}/minutes", put_minutes, access::organizer, personal},
        {v::get, "/api/v1/meetings/{id}/minutes/versions", list_minutes_versions, access::member, personal},
        {v::post, "/api/v1/meetings/{id}/minutes/approve", approve_minutes, access::coordinator, personal},
        {v::get, "/api/v1/meetings/{id}/minutes.md", minutes_export, access::member, personal},
        {v::get, "/api/v1/meetings/{id}/minutes.html", minutes_export, access::member, personal},
        {v::get, "/api/v1/meetings/{id}/minutes.txt", minutes_export, access::member, personal},
        {v::get, "/api/v1/meetings/{id}/minutes.pdf", minutes_export, access::member, personal},
        {v::get, "/api/v1/meetings/{id}/minutes.docx", minutes_export, access::member, personal},
        {v::get, "/api/v1/meetings/{id}/attendance.csv", attendance_csv, access::member, personal},
        {v::get, "/api/v1/meetings/{id}/calendar.ics", meeting_calendar, access::open},
        {v::get, "/api/v1/calendar.ics", calendar_feed, access::open},
        {v::get, "/api/v1/calendar/{signed}/meetings.ics", personal_calendar, access::open, personal},
        {v::get, "/api/v1/reports/participation.csv", participation_csv, access::organizer, personal},
        {v::get, "/api/v1/reports/participation.svg", participation_svg, access::organizer, personal},

        {v::post, "/api/v1/meetings/{id}/reminders", create_reminders, access::organizer, personal},
        {v::get, "/api/v1/outbox", list_outbox, access::organizer, personal},
        {v::post, "/api/v1/meetings/{id}/reminders/cancel", cancel_reminders, access::organizer, personal},
        {v::get, "/api/v1/outbox/{id}", get_outbox_entry, access::organizer, personal},
        {v::post, "/api/v1/outbox/{id}/cancel", cancel_outbox_entry, access::organizer, personal},
        {v::get, "/api/v1/outbox/{id}/message.eml", get_outbox_message, access::organizer, personal},

        {v::get, "/rsvp/{signed}", rsvp_page, access::open, personal},
        {v::post, "/rsvp/{signed}", rsvp_submit, access::open, personal},
        {v::get, "/checkin/{signed}", checkin_page, access::open, personal},
        {v::post, "/checkin/{signed}", checkin_submit, access::open, personal},
        {v::get, "/unsubscribe/{signed}", unsubscribe_page, access::open, personal},
        {v::post, "/unsubscribe/{signed}", unsubscribe_submit, access::open, personal},
        {v::get, "/minutes/{signed}", minutes_page, access::open, personal},
        {v::get, "/minutes/{signed}/{file}", minutes_pdf_page, access::open, personal},

        {v::get, "/api/v1/tokens", list_tokens, access::coordinator, personal},
        {v::post, "/api/v1/tokens", create_token, access::coordinator, personal},
        {v::get, "/api/v1/tokens/{id}", get_token, access::coordinator, personal},
        {v::delete_, "/api/v1/tokens/{id}", delete_token, access::coordinator, personal},

        {v::get, "/api/v1/audit", list_audit, access::coordinator, personal},
    });
    return table;
}

} // namespace sanaksme::api
