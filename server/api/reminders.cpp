// /api/v1/meetings/{id}/reminders (and /cancel), /api/v1/outbox, /api/v1/outbox/{id} (and /cancel),
// /api/v1/outbox/{id}/message.eml
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/minutes_view.hpp"
#include "api/meeting_view.hpp"
#include "api/paging.hpp"
#include "auth/links.hpp"
#include "domain/error.hpp"
#include "domain/meeting.hpp"
#include "domain/time.hpp"
#include "mail/compose.hpp"
#include "render/mime_rewrite.hpp"
#include "store/meetings.hpp"
#include "store/outbox.hpp"

namespace sanaksme::api {

namespace {

// Signed links act for the person they were sent to: only the coordinator sees them usable
// (an organizer could otherwise unsubscribe or answer for anyone).
bool sees_signed_links(const http::context& c) { return c.user().at_least(auth::role::coordinator); }

json redacted_entry(json entry)
{
    for (auto& [key, value] : entry.items())
        if (value.is_string())
            value = auth::redact_signed_links(value.get<std::string>());
    return entry;
}

} // namespace

http::response create_reminders(http::context& c)
{
    auto meeting_id = c.id();
    http::schema s{{{.name = "kind", .type = http::field_type::choice, .required = true, .nullable = false,
                     .choices = {"invitation", "reminder", "rsvp_nudge", "minutes"}},
                    {.name = "test_to", .type = http::field_type::email}},
                   {}};
    auto req = http::merge_for_create(http::body_object(c), s);
    bool dry_run = http::query_bool(c, "dry_run").value_or(false);
    auto settings = mail::settings_from(c.env.settings, c.env.link_keys.secrets());
    std::optional<std::string> test_to;
    if (req["test_to"].is_string())
        test_to = req["test_to"].get<std::string>();
    if (dry_run) {
        // A preview writes nothing: who would get what, and the first message as it would go.
        auto r = c.env.db.read([&](store::connection& conn) {
            auto meeting = store::load_meeting_row(conn, meeting_id);
            return mail::generate(conn, meeting, {req["kind"].get<std::string>(), "", test_to, true}, settings);
        });
        auto body = r.to_json();
        body["dry_run"] = true;
        body["first_message"] = r.first_message.empty()           ? json()
                                : sees_signed_links(c)            ? json(r.first_message)
                                                                  : json(render::rewrite_message_text(r.first_message, auth::redact_signed_links));
        if (!sees_signed_links(c))
            for (auto& item : body["planned"])
                item = redacted_entry(std::move(item));
        return http::json_response(200, body);
    }
    auto result = c.env.db.write([&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, meeting_id);
        if (!domain::sends_mail(domain::stored_meeting_status(meeting["status"].get_ref<const std::string&>())) && !test_to)
            throw domain::conflict("The meeting is a draft; schedule it first (or send a test with test_to).");
        mail::generate_request g{.kind = req["kind"].get<std::string>(), .test_to = test_to};
        if (g.kind == "minutes") // the PDF goes with it, as when the minutes are circulated
            g.attachment = mail::minutes_pdf_attachment;
        auto r = mail::generate(conn, meeting, g, settings);
        auto body = r.to_json();
        body.erase("planned");
        store::audit(conn, actor_of(c), "reminders", "meeting", meeting_id, nullptr, {{"request", req}, {"result", body}});
        return body;
    });
    c.env.mail.messages_queued();
    return http::json_response(result["created"].get<int>() > 0 ? 201 : 200, result);
}

http::response cancel_reminders(http::context& c)
{
    auto meeting_id = c.id();
    http::schema s{{{.name = "kind", .type = http::field_type::choice,
                     .choices = {"invitation", "cancellation", "reminder", "rsvp_nudge", "minutes"}}},
                   {}};
    auto req = http::merge_for_create(http::body_object(c), s);
    std::optional<std::string> kind;
    if (req["kind"].is_string())
        kind = req["kind"].get<std::string>();
    auto cancelled = c.env.db.write([&](store::connection& conn) {
        store::load_meeting_row(conn, meeting_id); // 404 for an unknown meeting
        auto n = store::cancel_pending_messages(conn, meeting_id, kind);
        if (n > 0)
            store::audit(conn, actor_of(c), "cancel_messages", "meeting", meeting_id, nullptr,
                         {{"kind", kind ? json(*kind) : json()}, {"cancelled", n}});
        return n;
    });
    return http::json_response(200, {{"cancelled", cancelled}});
}

http::response cancel_outbox_entry(http::context& c)
{
    auto id = c.id();
    // No body, or an empty JSON object: a body is read (and refused when malformed) before anything else.
    http::merge_for_create(c.req.body().empty() ? json::object() : http::body_object(c), http::schema{{}, {}});
    auto e = c.env.db.write([&](store::connection& conn) {
        auto before = store::outbox_entry(conn, id);
        if (!before)
            throw http::not_found("No message has the id " + std::to_string(id) + ".");
        if (!store::cancel_pending_message(conn, id))
            throw http::conflict("Only a pending message can be cancelled; this one is " +
                                 (*before)["status"].get<std::string>() + ".");
        store::audit(conn, actor_of(c), "cancel", "outbox", id, {{"status", "pending"}}, {{"status", "cancelled"}});
        return *store::outbox_entry(conn, id);
    });
    return http::json_response(200, sees_signed_links(c) ? e : redacted_entry(std::move(e)));
}

http::response list_outbox(http::context& c)
{
    auto p = http::parse_page(c);
    auto status = http::query_choice(c, "status", {"pending", "sent", "failed", "suppressed", "cancelled"});
    auto kind = http::query_choice(c, "kind", {"invitation", "cancellation", "reminder", "rsvp_nudge", "minutes",
                                               "waitlist_promoted"});
    auto meeting = http::query_int(c, "meeting_id");
    json filters = {{"meeting_id", meeting ? json(*meeting) : json()}, {"status", status ? json(*status) : json()},
                    {"kind", kind ? json(*kind) : json()}};
    auto items = c.env.db.read([&](store::connection& conn) { return store::outbox_entries(conn, filters, after_id(p), p.limit + 1); });
    if (!sees_signed_links(c))
        for (auto& item : items)
            item = redacted_entry(std::move(item));
    return http::json_response(200, finish_page(std::move(items), p.limit, id_key));
}

http::response get_outbox_entry(http::context& c)
{
    auto id = c.id();
    auto e = c.env.db.read([&](store::connection& conn) { return store::outbox_entry(conn, id); });
    if (!e)
        throw http::not_found("No message has the id " + std::to_string(id) + ".");
    return http::json_response(200, sees_signed_links(c) ? *e : redacted_entry(std::move(*e)));
}

http::response get_outbox_message(http::context& c)
{
    auto id = c.id();
    // What went out; a message not sent (yet) is rendered now, as it would go from this server.
    mail::message_renderer renderer(mail::settings_from(c.env.settings, c.env.link_keys.secrets()),
                                    [](store::connection& conn, const json& meeting, const std::string& lang) {
                                        return minutes_attachment(conn, meeting)(lang);
                                    });
    bool signin = false; // a one-time sign-in link is for its owner alone, not even the coordinator
    auto m = c.env.db.read([&](store::connection& conn) -> std::optional<std::string> {
        auto entry = store::outbox_entry(conn, id);
        signin = entry && (*entry)["kind"] == "signin";
        if (auto kept = store::kept_message(conn, id))
            return kept;
        auto facts = store::message_facts(conn, id);
        if (!facts)
            return std::nullopt;
        if ((*facts)["meeting_id"].is_null())
            throw http::not_found("Message " + std::to_string(id) + " was never sent and its meeting is deleted: there is no message to show.");
        return renderer.render(conn, *facts, domain::now()).bytes;
    });
    if (!m)
        throw http::not_found("No message has the id " + std::to_string(id) + ".");
    auto r = http::text_response(200, "message/rfc822",
                                 sees_signed_links(c) && !signin ? std::move(*m)
                                                                 : render::rewrite_message_text(*m, auth::redact_signed_links));
    r.header("Content-Disposition", "attachment; filename=\"message-" + std::to_string(id) + ".eml\"");
    return r;
}

} // namespace sanaksme::api
