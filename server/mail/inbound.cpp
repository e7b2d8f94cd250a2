// What each message delivered to the reply addresses changes (mail/inbound.hpp).
#include "mail/inbound.hpp"

#include "auth/reply_tag.hpp"
#include "domain/error.hpp"
#include "domain/mail_returns.hpp"
#include "log.hpp"
#include "render/mail_read.hpp"
#include "store/answers.hpp"
#include "store/mail_returns.hpp"

namespace sanaksme::mail {

namespace {

enum class message_kind { other, calendar_reply, calendar_counter, delivery_report };

struct understood {
    message_kind kind = message_kind::other;
    render::calendar_answer calendar;
    domain::bounce_kind bounce = domain::bounce_kind::none;
    std::string status;
};

understood understand(const std::string& message)
{
    understood u;
    auto m = render::read_message(message);
    if (m.type == "multipart/report" && m.report_type == "delivery-status") {
        u.kind = message_kind::delivery_report;
        for (const auto& p : m.parts)
            if (p.type == "message/delivery-status" || p.type == "message/global-delivery-status")
                for (const auto& d : render::read_delivery_status(p.body))
                    if (auto b = domain::classify_bounce(d.action, d.status); b > u.bounce) {
                        u.bounce = b;
                        u.status = d.status;
                    }
        return u;
    }
    // Outlook sends the answer as the text/calendar alternative, Gmail also as invite.ics, some
    // clients only as an application/ics attachment.
    for (const auto& p : m.parts)
        if (p.type == "text/calendar" || p.type == "application/ics")
            if (auto a = render::read_calendar_answer(p.body); a && (a->method == "REPLY" || a->method == "COUNTER")) {
                u.kind = a->method == "REPLY" ? message_kind::calendar_reply : message_kind::calendar_counter;
                u.calendar = std::move(*a);
                return u;
            }
    return u;
}

std::optional<domain::rsvp_response> answer_of(const render::calendar_answer& a)
{
    for (const auto& at : a.attendees)
        if (auto r = domain::rsvp_from_partstat(at.partstat))
            return r;
    return std::nullopt;
}

const inbound_reply taken{250, "2.0.0 taken"};

// What one tagged message does; nullopt: it goes on to the contact address.
std::optional<inbound_reply> apply(inbound_context& ctx, const auth::reply_claims& claims, const understood& u)
{
    if (u.kind == message_kind::other)
        return std::nullopt;
    auto now = ctx.clock();
    return ctx.db.write([&](store::connection& c) -> std::optional<inbound_reply> {
        auto target = store::find_reply_target(c, claims.outbox_id, claims.person_id);
        if (!target || target->erased) {
            // The message or the person is gone (erased): nothing is left to change.
            ctx.metrics.mail_returned("stale");
            return taken;
        }
        if (u.kind == message_kind::delivery_report) {
            if (u.bounce == domain::bounce_kind::none) {
                ctx.metrics.mail_returned("report_ignored");
                return taken;
            }
            bool suppressed = store::record_bounce(c, target->person_id, u.bounce, u.status, now);
            ctx.metrics.mail_returned(u.bounce == domain::bounce_kind::hard ? "bounce_hard" : "bounce_soft");
            log::event({{"event", "mail_bounce"}, {"outbox_id", target->outbox_id}, {"person_id", target->person_id},
                        {"status", u.status}, {"suppressed", suppressed}});
            return taken;
        }
        if (!target->meeting_id)
            return std::nullopt;
        if (u.kind == message_kind::calendar_counter) {
            store::insert_calendar_counter(c, {*target->meeting_id, target->person_id, target->outbox_id, now,
                                               u.calendar.dtstart, u.calendar.dtend, u.calendar.comment});
            ctx.metrics.mail_returned("counter");
            return taken;
        }
        auto response = answer_of(u.calendar);
        if (!response)
            return std::nullopt; // NEEDS-ACTION, DELEGATED: for a person to read
        // The same rules as PUT rsvps (deadline, capacity, answers open); a refusal goes on to the
        // contact, so someone reads what the calendar could not do. Undone alone: a savepoint.
        try {
            c.exec("SAVEPOINT calendar_reply");
            auto facts = store::load_answer_facts(c, *target->meeting_id, target->person_id);
            store::actor who{std::nullopt, target->person_name + " (calendar reply)", "person"};
            store::record_rsvp(c, who, facts, *response, std::nullopt);
            c.exec("RELEASE calendar_reply");
        } catch (const domain::error& e) {
            c.exec("ROLLBACK TO calendar_reply");
            c.exec("RELEASE calendar_reply");
            ctx.metrics.mail_returned("reply_refused");
            log::event({{"event", "calendar_reply_refused"}, {"outbox_id", target->outbox_id}, {"detail", e.what()}});
            return std::nullopt;
        }
        ctx.metrics.mail_returned(std::string("reply_") + std::string(domain::to_string(*response)));
        return taken;
    });
}

} // namespace

std::optional<inbound_reply> check_recipient(const inbound_context& ctx, const std::string& address)
{
    if (auth::verify_reply_address(address, ctx.reply_domain, ctx.secrets()).state == auth::reply_tag_state::forged)
        return inbound_reply{550, "5.7.1 this reply address is not one of ours"};
    return std::nullopt;
}

std::vector<inbound_reply> deliver_inbound(inbound_context& ctx, const std::vector<std::string>& recipients,
                                           const std::string& message)
{
    auto u = understand(message);
    auto secrets = ctx.secrets();
    std::vector<std::optional<inbound_reply>> out;
    bool forward = false;
    for (const auto& r : recipients) {
        auto tag = auth::verify_reply_address(r, ctx.reply_domain, secrets);
        std::optional<inbound_reply> done;
        if (tag.state == auth::reply_tag_state::forged)
            done = inbound_reply{550, "5.7.1 this reply address is not one of ours"};
        else if (tag.state == auth::reply_tag_state::valid)
            done = apply(ctx, tag.claims, u);
        forward = forward || !done;
        out.push_back(done);
    }
    // Once for all recipients that want it: the contact gets one copy.
    inbound_reply forwarded{250, "2.1.5 passed on"};
    if (forward) {
        auto error = ctx.relay.url.empty() ? std::optional<std::string>("no SMTP relay configured")
                                           : send_smtp(ctx.relay, ctx.contact_address, message);
        if (error) {
            log::event({{"event", "mail_forward_failed"}, {"error", *error}});
            forwarded = {451, "4.4.0 cannot pass the message on now; try again later"};
        } else {
            ctx.metrics.mail_returned("forwarded");
        }
    }
    std::vector<inbound_reply> replies;
    for (auto& o : out)
        replies.push_back(o ? *o : forwarded);
    return replies;
}

} // namespace sanaksme::mail
