// The route table: every path the server answers, its handler, the least role it needs, whether
// its answers may come from the response cache or hold personal data, and how it writes:
//   reads        a read snapshot only
//   blocking     db.write: the handler waits for its commit (edits that are rare and check much)
//   create_once  a blocking creation that an Idempotency-Key makes safe to retry
//   group_commit http::deferred: the job joins the next batch and the io thread moves on; the
//                meeting-day writes (answers, check-ins and their undoing, apologies, invitations)
// The router refuses a handler whose type does not fit its style (http::deferred needs http::reply).
#include "api/dispatch.hpp"
#include "api/handlers.hpp"

namespace sanaksme::api {

const http::router& routes()
{
    using http::access;
    using http::cached;
    using http::personal;
    using v = http::verb;
    constexpr auto reads = http::writes::none;
    constexpr auto blocking = http::writes::blocking;
    constexpr auto create_once = http::writes::create_once;
    constexpr auto group_commit = http::writes::group_commit;
    constexpr auto plain = http::plain;
    static const http::router table({
        {v::get, "/healthz", healthz, access::open, plain, reads},
        {v::get, "/metrics", metrics, access::open, plain, reads},
        {v::get, "/api/v1/openapi.json", openapi, access::open, plain, reads},
        {v::get, "/api/docs", api_docs, access::open, plain, reads},
        {v::get, "/api/docs/redoc.standalone.js", api_docs_script, access::open, plain, reads},
        {v::get, "/readyz", readyz, access::open, plain, blocking},

        {v::get, "/api/v1/organizations", list_organizations, access::member, plain, reads},
        {v::post, "/api/v1/organizations", create_organization, access::coordinator, plain, create_once},
        {v::get, "/api/v1/organizations/{id}", get_organization, access::member, plain, reads},
        {v::patch, "/api/v1/organizations/{id}", patch_organization, access::member, plain, blocking},
        {v::delete_, "/api/v1/organizations/{id}", delete_organization, access::coordinator, plain, blocking},
        {v::get, "/api/v1/organizations/{id}/people", list_people, access::member, personal, reads},
        {v::post, "/api/v1/organizations/{id}/people", create_person, access::member, personal, create_once},

        {v::get, "/api/v1/people/{id}", get_person, access::member, personal, reads},
        {v::patch, "/api/v1/people/{id}", patch_person, access::member, personal, blocking},
        {v::delete_, "/api/v1/people/{id}", delete_person, access::member, personal, blocking},
        {v::get, "/api/v1/people/{id}/export", export_person, access::member, personal, reads},

        {v::get, "/api/v1/meetings", list_meetings, access::member, plain, reads},
        {v::post, "/api/v1/meetings", create_meeting, access::organizer, plain, create_once},
        {v::get, "/api/v1/meetings/{id}", get_meeting, access::member, cached, reads},
        {v::patch, "/api/v1/meetings/{id}", patch_meeting, access::organizer, plain, blocking},
        {v::delete_, "/api/v1/meetings/{id}", delete_meeting, access::organizer, plain, blocking},
        {v::post, "/api/v1/meetings/{id}/next", next_meeting, access::organizer, plain, create_once},
        {v::get, "/api/v1/meetings/{id}/review", list_review_items, access::member, plain, reads},

        {v::get, "/api/v1/meetings/{id}/agenda", list_agenda, access::member, plain, reads},
        {v::post, "/api/v1/meetings/{id}/agenda", create_agenda_item, access::organizer, plain, create_once},
        {v::post, "/api/v1/meetings/{id}/agenda/order", reorder_agenda, access::organizer, plain, blocking},
        {v::get, "/api/v1/agenda/{item_id}", get_agenda_item, access::member, plain, reads},
        {v::patch, "/api/v1/agenda/{item_id}", patch_agenda_item, access::organizer, plain, blocking},
        {v::delete_, "/api/v1/agenda/{item_id}", delete_agenda_item, access::organizer, plain, blocking},
        {v::get, "/api/v1/meetings/{id}/papers", list_meeting_papers, access::member, plain, reads},
        {v::post, "/api/v1/meetings/{id}/papers", create_meeting_paper, access::organizer, plain, blocking},
        {v::get, "/api/v1/agenda/{item_id}/papers", list_agenda_papers, access::member, plain, reads},
        {v::post, "/api/v1/agenda/{item_id}/papers", create_agenda_paper, access::organizer, plain, blocking},
        {v::get, "/api/v1/papers/{id}", get_paper, access::member, plain, reads},
        {v::patch, "/api/v1/papers/{id}", patch_paper, access::organizer, plain, blocking},
        {v::delete_, "/api/v1/papers/{id}", delete_paper, access::organizer, plain, blocking},
        {v::get, "/api/v1/papers/{id}/file", paper_file, access::open, plain, reads},

        {v::get, "/api/v1/meetings/{id}/invitations", list_invitations, access::member, personal, reads},
        {v::post, "/api/v1/meetings/{id}/invitations", create_invitations, access::organizer, personal, group_commit},
        {v::get, "/api/v1/meetings/{id}/rsvps", list_rsvps, access::member, personal, reads},
        {v::put, "/api/v1/meetings/{id}/rsvps/{person_id}", put_rsvp, access::member, personal, group_commit},
        {v::delete_, "/api/v1/meetings/{id}/rsvps/{person_id}", delete_rsvp, access::member, personal, group_commit},
        {v::get, "/api/v1/meetings/{id}/calendar-counters", list_calendar_counters, access::organizer, personal, reads},
        {v::get, "/api/v1/meetings/{id}/attendance", get_attendance, access::member, personal, reads},
        {v::post, "/api/v1/meetings/{id}/attendance", add_walk_in, access::organizer, personal, create_once},
        {v::put, "/api/v1/meetings/{id}/attendance/{person_id}", put_attendance, access::member, personal, group_commit},
        {v::delete_, "/api/v1/meetings/{id}/attendance/{person_id}", delete_attendance, access::member, personal, group_commit},
        {v::put, "/api/v1/meetings/{id}/excusals/{organization_id}", put_excusal, access::organizer, plain, group_commit},
        {v::delete_, "/api/v1/meetings/{id}/excusals/{organization_id}", delete_excusal, access::organizer, plain, group_commit},
        {v::get, "/api/v1/reports/participation", participation_report, access::organizer, personal, reads},

        {v::get, "/api/v1/meetings/{id}/minutes", get_minutes, access::member, personal, reads},
        {v::put, "/api/v1/meetings/{id}/minutes", put_minutes, access::organizer, personal, blocking},
        {v::get, "/api/v1/meetings/{id}/minutes/versions", list_minutes_versions, access::member, personal, reads},
        {v::post, "/api/v1/meetings/{id}/minutes/approve", approve_minutes, access::coordinator, personal, blocking},
        {v::get, "/api/v1/meetings/{id}/minutes.md", minutes_export, access::member, personal, reads},
        {v::get, "/api/v1/meetings/{id}/minutes.html", minutes_export, access::member, personal, reads},
        {v::get, "/api/v1/meetings/{id}/minutes.txt", minutes_export, access::member, personal, reads},
        {v::get, "/api/v1/meetings/{id}/minutes.pdf", minutes_export, access::member, personal, reads},
        {v::get, "/api/v1/meetings/{id}/minutes.docx", minutes_export, access::member, personal, reads},
        {v::get, "/api/v1/meetings/{id}/attendance.csv", attendance_csv, access::member, personal, reads},
        {v::get, "/api/v1/meetings/{id}/calendar.ics", meeting_calendar, access::open, plain, reads},
        {v::get, "/api/v1/calendar.ics", calendar_feed, access::open, plain, reads},
        {v::get, "/api/v1/calendar/{signed}/meetings.ics", personal_calendar, access::open, personal, reads},
        {v::get, "/api/v1/reports/participation.csv", participation_csv, access::organizer, personal, reads},
        {v::get, "/api/v1/reports/participation.svg", participation_svg, access::organizer, personal, reads},

        {v::get, "/api/v1/meetings/{id}/decisions", list_meeting_decisions, access::member, plain, reads},
        {v::post, "/api/v1/meetings/{id}/decisions", create_decision, access::organizer, plain, create_once},
        {v::get, "/api/v1/decisions", list_decisions, access::member, plain, reads},
        {v::get, "/api/v1/decisions.csv", decisions_csv, access::member, plain, reads},
        {v::get, "/api/v1/decisions/{id}", get_decision, access::member, plain, reads},
        {v::patch, "/api/v1/decisions/{id}", patch_decision, access::organizer, plain, blocking},
        {v::put, "/api/v1/decisions/{id}/votes/{organization_id}", put_decision_vote, access::member, plain, blocking},
        {v::post, "/api/v1/decisions/{id}/close", close_decision, access::organizer, plain, blocking},

        {v::post, "/api/v1/meetings/{id}/reminders", create_reminders, access::organizer, personal, blocking},
        {v::get, "/api/v1/outbox", list_outbox, access::organizer, personal, reads},
        {v::post, "/api/v1/meetings/{id}/reminders/cancel", cancel_reminders, access::organizer, personal, blocking},
        {v::get, "/api/v1/outbox/{id}", get_outbox_entry, access::organizer, personal, reads},
        {v::post, "/api/v1/outbox/{id}/cancel", cancel_outbox_entry, access::organizer, personal, blocking},
        {v::get, "/api/v1/outbox/{id}/message.eml", get_outbox_message, access::organizer, personal, reads},

        {v::get, "/rsvp/{signed}", rsvp_page, access::open, personal, reads},
        {v::post, "/rsvp/{signed}", rsvp_submit, access::open, personal, group_commit},
        {v::get, "/checkin/{signed}", checkin_page, access::open, personal, reads},
        {v::post, "/checkin/{signed}", checkin_submit, access::open, personal, group_commit},
        {v::get, "/online/{signed}", online_page, access::open, personal, reads},
        {v::post, "/online/{signed}", online_submit, access::open, personal, group_commit},
        {v::get, "/unsubscribe/{signed}", unsubscribe_page, access::open, personal, reads},
        {v::post, "/unsubscribe/{signed}", unsubscribe_submit, access::open, personal, blocking},
        {v::get, "/minutes/{signed}", minutes_page, access::open, personal, reads},
        {v::get, "/minutes/{signed}/{file}", minutes_pdf_page, access::open, personal, reads},

        {v::get, "/api/v1/tokens", list_tokens, access::coordinator, personal, reads},
        {v::post, "/api/v1/tokens", create_token, access::coordinator, personal, create_once},
        {v::get, "/api/v1/tokens/{id}", get_token, access::coordinator, personal, reads},
        {v::delete_, "/api/v1/tokens/{id}", delete_token, access::coordinator, personal, blocking},

        {v::get, "/api/v1/audit", list_audit, access::coordinator, personal, reads},

        {v::get, "/api/v1/webhooks", list_webhooks, access::coordinator, personal, reads},
        {v::post, "/api/v1/webhooks", create_webhook, access::coordinator, personal, create_once},
        {v::get, "/api/v1/webhooks/{id}", get_webhook, access::coordinator, personal, reads},
        {v::patch, "/api/v1/webhooks/{id}", patch_webhook, access::coordinator, personal, blocking},
        {v::delete_, "/api/v1/webhooks/{id}", delete_webhook, access::coordinator, personal, blocking},
        {v::get, "/api/v1/webhooks/{id}/deliveries", list_webhook_deliveries, access::coordinator, personal, reads},
        {v::post, "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", redeliver_webhook, access::coordinator, personal, blocking},
    });
    return table;
}

} // namespace sanaksme::api
