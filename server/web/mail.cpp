// A meeting's mail page: invite the member organizations, preview who gets what (the API's dry
// run: mail::generate with dry_run), send, and the meeting's outbox with status and cancel.
// The rules are the API's: invitations are for draft or scheduled meetings and a draft sends no
// mail (domain/meeting), said here in the reader's language.
#include "api/invitations.hpp"
#include "api/meeting_view.hpp"
#include "handler_env.hpp"
#include "auth/links.hpp"
#include "domain/error.hpp"
#include "domain/meeting.hpp"
#include "mail/compose.hpp"
#include "store/attendance.hpp"
#include "store/meetings.hpp"
#include "store/outbox.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

#include <array>

namespace sanaksme::web {

namespace {

constexpr int shown_messages = 300;
constexpr std::array<const char*, 4> kinds{"invitation", "reminder", "rsvp_nudge", "minutes"};

std::string mail_path(std::int64_t id, std::string_view query = "") { return "/meetings/" + std::to_string(id) + "/mail" + std::string(query); }

std::string kind_of(std::optional<std::string> asked, std::string_view lang)
{
    auto k = asked.value_or("");
    for (const char* known : kinds)
        if (k == known)
            return k;
    throw domain::invalid(tr(lang, "Choose what to send."));
}

const char* kind_label(std::string_view k)
{
    return k == "invitation" ? "Invitation" : k == "reminder" ? "Reminder" : k == "rsvp_nudge" ? "Nudge to answer" : k == "minutes" ? "Minutes" : "Sign-in link";
}

const char* status_label(std::string_view s)
{
    return s == "pending" ? "waiting" : s == "sent" ? "sent" : s == "failed" ? "failed" : s == "suppressed" ? "not sent" : "cancelled";
}

} // namespace

http::response mail_page(http::context& c, reader& r)
{
    auto id = c.id();
    auto lang = r.lang;
    auto preview = c.query_value("preview");
    json data = {{"title", tr(lang, "Invitations and reminders")}, {"back", "/meetings/" + std::to_string(id)},
                 {"action", mail_path(id)}, {"invite_action", mail_path(id, "/invite")},
                 {"cancel_action", mail_path(id, "/cancel")}};
    auto settings = mail::settings_from(c.env.settings, c.env.link_keys.secrets());
    c.env.db.read([&](store::connection& conn) {
        auto m = store::load_meeting_row(conn, id);
        data["meeting"] = m["title"];
        data["draft"] = !domain::sends_mail(domain::stored_meeting_status(m["status"].get_ref<const std::string&>()));
        std::string chosen = preview ? kind_of(preview, lang) : "invitation";
        json options = json::array();
        for (const char* k : kinds)
            options.push_back({{"value", k}, {"label", tr(lang, kind_label(k))}, {"selected", chosen == k}});
        data["kinds"] = options;
        if (preview) {
            auto g = mail::generate(conn, m, {chosen, "", std::nullopt, true}, settings);
            json planned = json::array();
            for (const auto& p : g.planned)
                planned.push_back({{"to", auth::redact_signed_links(p.value("to", ""))}, {"language", p.value("language", "")},
                                   {"subject", auth::redact_signed_links(p.value("subject", ""))}});
            data["preview"] = {{"kind", chosen}, {"kind_label", tr(lang, kind_label(chosen))}, {"planned", planned},
                               {"count", sayn(lang, "{{n}} message would go:", "{{n}} messages would go:", g.created, {{"n", g.created}})},
                               {"none", g.created == 0},
                               {"skipped", say(lang, "Not sent: {{dup}} already queued, {{noemail}} without an address, {{noconsent}} without consent, {{recent}} mailed very recently.",
                                               {{"dup", g.duplicates}, {"noemail", g.skipped_no_email}, {"noconsent", g.skipped_no_consent},
                                                {"recent", g.skipped_recent}})}};
        }
        json outbox = json::array();
        for (const auto& e : store::outbox_entries(conn, {{"meeting_id", id}, {"status", nullptr}, {"kind", nullptr}}, 0, shown_messages)) {
            auto status = e["status"].get<std::string>();
            outbox.push_back({{"id", e["id"]}, {"kind", tr(lang, kind_label(e["kind"].get<std::string>()))}, {"to", e["to_address"]},
                              {"subject", auth::redact_signed_links(e["subject"].get<std::string>())},
                              {"status", tr(lang, status_label(status))}, {"pending", status == "pending"},
                              {"failed", status == "failed"}, {"error", e["last_error"]}});
        }
        data["outbox"] = outbox;
        data["no_outbox"] = outbox.empty();
    });
    if (auto sent = c.query_value("sent"))
        data["notice"] = say(lang, "{{n}} messages queued; they go out within a minute.", {{"n", *sent}});
    if (auto invited = c.query_value("invited"))
        data["notice"] = say(lang, "{{n}} people newly invited.", {{"n", *invited}});
    if (c.query_value("cancelled"))
        data["notice"] = tr(lang, "The message is cancelled.");
    return html(200, c, r, "mail", data);
}

http::response mail_send(http::context& c, reader& r)
{
    auto id = c.id();
    auto kind = kind_of(form_value(c, "kind"), r.lang);
    auto settings = mail::settings_from(c.env.settings, c.env.link_keys.secrets());
    auto who = actor_of(r);
    auto created = c.env.db.write([&](store::connection& conn) {
        auto m = store::load_meeting_row(conn, id);
        if (!domain::sends_mail(domain::stored_meeting_status(m["status"].get_ref<const std::string&>())))
            throw domain::conflict(tr(r.lang, "The meeting is a draft: schedule it before sending mail."));
        mail::generate_request g{.kind = kind};
        if (kind == "minutes") // the PDF goes with it, as when the minutes are circulated
            g.attachment = mail::minutes_pdf_attachment;
        auto result = mail::generate(conn, m, g, settings);
        auto body = result.to_json();
        body.erase("planned");
        store::audit(conn, who, "reminders", "meeting", id, nullptr, {{"request", {{"kind", kind}}}, {"result", body}});
        return result.created;
    });
    return see_other(mail_path(id, "?sent=" + std::to_string(created)));
}

http::response mail_invite(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    auto added = c.env.db.write([&](store::connection& conn) {
        auto m = store::load_meeting_row(conn, id);
        if (!domain::takes_invitations(domain::stored_meeting_status(m["status"].get_ref<const std::string&>())))
            throw domain::conflict(tr(r.lang, "Invitations are for draft or scheduled meetings."));
        return api::record_invitations(conn, who, id, json::object())["invited"].get<std::int64_t>();
    });
    return see_other(mail_path(id, "?invited=" + std::to_string(added)));
}

http::response mail_cancel(http::context& c, reader& r)
{
    auto id = c.id();
    auto text = form_value(c, "outbox_id").value_or("");
    std::int64_t message = 0;
    try {
        message = std::stoll(text);
    } catch (...) {
        throw domain::invalid(tr(r.lang, "Choose a message."));
    }
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto before = store::outbox_entry(conn, message);
        if (!before || (*before)["meeting_id"] != id)
            throw domain::not_found(tr(r.lang, "There is no such message."));
        if (!store::cancel_pending_message(conn, message))
            throw domain::conflict(tr(r.lang, "Only a message still waiting can be cancelled."));
        store::audit(conn, who, "cancel", "outbox", message, {{"status", "pending"}}, {{"status", "cancelled"}});
    });
    return see_other(mail_path(id, "?cancelled=1"));
}

} // namespace sanaksme::web
