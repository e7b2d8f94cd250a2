#include "mail/compose.hpp"

#include "config.hpp"
#include "auth/links.hpp"
#include "auth/reply_tag.hpp"
#include "auth/secrets.hpp"
#include "domain/address.hpp"
#include "domain/dates.hpp"
#include "render/ical.hpp"
#include "render/templates.hpp"
#include "store/meetings.hpp"
#include "store/papers.hpp"

#include <boost/url/parse.hpp>

#include <map>

namespace sanaksme::mail {

namespace {


domain::instant meeting_end(const json& m)
{
    return m["ends_at"].is_number_integer() ? m["ends_at"].get<std::int64_t>() : m["starts_at"].get<std::int64_t>() + 7200;
}

std::string host_of(const std::string& url)
{
    auto u = boost::urls::parse_absolute_uri(url);
    return u && !u->host().empty() ? std::string(u->host()) : "sanaksme.local";
}

std::string venue_text(const json& m)
{
    std::string v = m["venue_name"].is_string() ? m["venue_name"].get<std::string>() : "";
    if (m["venue_address"].is_string())
        v += (v.empty() ? "" : ", ") + m["venue_address"].get<std::string>();
    return v;
}

// What every recipient's message of one language shares: the meeting, its agenda, its dates.
json meeting_data(store::connection& c, const json& m, const std::string& lang, const compose_settings& s)
{
    const auto* zone = domain::find_zone(m["timezone"].get<std::string>());
    auto start = m["starts_at"].get<std::int64_t>();
    json agenda = json::array();
    for (const auto& item : store::agenda_rows(c, m["id"].get<std::int64_t>())) {
        std::string presenter = item["presenter_name"].is_string()   ? item["presenter_name"].get<std::string>()
                                : item["person_name"].is_string()    ? item["person_name"].get<std::string>()
                                                                     : "";
        if (item["organization_name"].is_string())
            presenter += (presenter.empty() ? "" : ", ") + item["organization_name"].get<std::string>();
        agenda.push_back({{"time", domain::clock_time(lang, start, zone)}, {"title", item["title"]}, {"presenter", presenter}});
        start += item["duration_minutes"].get<std::int64_t>() * 60;
    }
    // The papers a member may read (drafts stay out); each recipient's link is signed in template_data.
    json papers = json::array();
    for (const auto& p : store::meeting_papers(c, m["id"].get<std::int64_t>()))
        if (p["visibility"] != "organizers")
            papers.push_back({{"id", p["id"]}, {"title", p["title"]}});
    return {{"title", m["title"]},
            {"date", domain::long_date(lang, m["starts_at"].get<std::int64_t>(), zone)},
            {"when", domain::long_date_time(lang, m["starts_at"].get<std::int64_t>(), zone)},
            {"venue", venue_text(m)},
            {"online_url", m["online_url"]},
            {"description", m["description"]},
            {"agenda", agenda},
            {"has_agenda", !agenda.empty()},
            {"papers", papers},
            {"has_papers", !papers.empty()},
            {"deadline", m["rsvp_deadline"].is_number_integer()
                             ? json(domain::long_date_time(lang, m["rsvp_deadline"].get<std::int64_t>(), zone))
                             : json()},
            {"updated", m["sequence"].get<std::int64_t>() > 0},
            {"cancelled", m["status"] == "cancelled"},
            {"organizer", s.from.name.empty() ? s.from.address : s.from.name}};
}

// The shared part plus what is one person's own: the name, the answer and the signed links.
json template_data(json shared, const json& m, const std::string& lang, const std::string& name, const json& response,
                   std::int64_t person_id, const compose_settings& s)
{
    const auto& words = render::strings(lang);
    shared["name"] = name;
    shared["response"] = response.is_string() ? words.value("response_" + response.get<std::string>(), "") : "";
    shared["rsvp_url"] = rsvp_link(s, m, person_id);
    shared["checkin_url"] = checkin_link(s, m, person_id);
    shared["online_join_url"] = m["online_url"].is_string() ? json(online_link(s, m, person_id)) : json();
    shared["unsubscribe_url"] = unsubscribe_link(s, person_id);
    shared["calendar_url"] = calendar_link(s, person_id);
    shared["minutes_url"] = minutes_link(s, m, person_id);
    for (auto& p : shared["papers"])
        p["url"] = paper_link(s, m, p["id"].get<std::int64_t>(), person_id);
    return shared;
}

} // namespace

json generate_result::to_json() const
{
    return {{"created", created},
            {"duplicates", duplicates},
            {"skipped_no_email", skipped_no_email},
            {"skipped_no_consent", skipped_no_consent},
            {"skipped_recent", skipped_recent},
            {"planned", planned}};
}

render::mailbox parse_mailbox(const std::string& text)
{
    auto lt = text.find('<'), gt = text.rfind('>');
    if (lt == std::string::npos || gt == std::string::npos || gt < lt)
        return {"", text};
    auto name = text.substr(0, lt);
    while (!name.empty() && (name.back() == ' ' || name.back() == '"'))
        name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '"'))
        name.erase(0, 1);
    return {name, text.substr(lt + 1, gt - lt - 1)};
}

compose_settings settings_from(const config& cfg, std::vector<std::string> secrets)
{
    auto url = cfg.public_url;
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    auto from = parse_mailbox(cfg.mail_from);
    auto reply_to = cfg.reply_to.empty() ? from : parse_mailbox(cfg.reply_to);
    for (auto* box : {&from, &reply_to})
        box->address = domain::ascii_address(box->address).value_or(box->address);
    if (reply_to.name.empty())
        reply_to.name = from.name;
    return {url, from, reply_to, std::move(secrets), cfg.reminder_gap_hours * 3600LL, cfg.reply_domain};
}

std::string rsvp_link(const compose_settings& s, const json& m, std::int64_t person_id)
{
    auth::link_claims c{auth::link_purpose::rsvp, m["id"].get<std::int64_t>(), person_id, meeting_end(m) + 86400};
    return s.public_url + "/rsvp/" + auth::sign_link(c, s.secrets.front());
}

std::string checkin_link(const compose_settings& s, const json& m, std::int64_t person_id)
{
    auth::link_claims c{auth::link_purpose::checkin, m["id"].get<std::int64_t>(), person_id, meeting_end(m) + 86400};
    return s.public_url + "/checkin/" + auth::sign_link(c, s.secrets.front());
}

std::string online_link(const compose_settings& s, const json& m, std::int64_t person_id)
{
    auth::link_claims c{auth::link_purpose::online, m["id"].get<std::int64_t>(), person_id, meeting_end(m) + 86400};
    return s.public_url + "/online/" + auth::sign_link(c, s.secrets.front());
}

std::string unsubscribe_link(const compose_settings& s, std::int64_t person_id)
{
    auth::link_claims c{auth::link_purpose::unsubscribe, 0, person_id, domain::now() + 365 * 86400};
    return s.public_url + "/unsubscribe/" + auth::sign_link(c, s.secrets.front());
}

std::string minutes_link(const compose_settings& s, const json& m, std::int64_t person_id)
{
    auth::link_claims c{auth::link_purpose::minutes, m["id"].get<std::int64_t>(), person_id, domain::now() + minutes_link_days * 86400};
    return s.public_url + "/minutes/" + auth::sign_link(c, s.secrets.front());
}

std::string paper_link(const compose_settings& s, const json& m, std::int64_t paper_id, std::int64_t person_id)
{
    auth::link_claims c{auth::link_purpose::paper, m["id"].get<std::int64_t>(), person_id, domain::now() + minutes_link_days * 86400};
    return s.public_url + "/api/v1/papers/" + std::to_string(paper_id) + "/file?link=" + auth::sign_link(c, s.secrets.front());
}

std::string calendar_link(const compose_settings& s, std::int64_t person_id)
{
    auth::link_claims c{auth::link_purpose::calendar, 0, person_id, domain::now() + 365 * 86400};
    return s.public_url + "/api/v1/calendar/" + auth::sign_link(c, s.secrets.front()) + "/meetings.ics";
}

namespace {

// Who a message is for, as it is rendered.
struct recipient {
    std::int64_t person_id = 0; // 0: a test send, whose links act for nobody
    std::string name, address;
    json response;
};

// A test shows the first invitee's message by the sending rule (or, with none, one to the
// test address itself in the meeting's language).
json first_test_recipient(store::connection& c, const std::string& kind, const json& m, const std::string& test_to)
{
    auto meeting_id = m["id"].get<std::int64_t>();
    json first = {{"name", test_to}, {"language", m["language"]}, {"org_language", nullptr}, {"response", nullptr}};
    for (const auto& p : store::meeting_recipients(c, meeting_id))
        if (domain::may_send(kind, meeting_id, p["response"].is_string() ? std::optional(p["response"].get<std::string>()) : std::nullopt,
                             {}, domain::now(), 0) != domain::send_verdict::not_wanted) {
            first = p;
            break;
        }
    first["person_id"] = 0;
    first["email"] = test_to;
    first["email_consent"] = 1;
    return first;
}

std::string template_kind(const std::string& kind) { return kind == "cancellation" ? "invitation" : kind; }

// One message of `kind` about meeting `m` to `p`, as it goes at `now` (without the files it carries).
render::message compose_message(store::connection& c, const json& m, const std::string& kind, const std::string& lang,
                                const recipient& p, const std::string& message_id, std::int64_t now, const compose_settings& s,
                                const std::string& reply_address = {})
{
    auto meeting_id = m["id"].get<std::int64_t>();
    bool cancelled = kind == "cancellation" || m["status"] == "cancelled";
    auto data = template_data(meeting_data(c, m, lang, s), m, lang, p.name, p.response, p.person_id, s);
    data["cancelled"] = cancelled;
    auto tk = template_kind(kind);
    render::message msg;
    msg.from = s.from;
    msg.reply_to = s.reply_to;
    msg.to = {p.name, p.address};
    msg.subject = render::render_template(lang, tk + ".subject", data);
    msg.text = render::render_template(lang, tk + ".txt", data);
    msg.html = render::render_template(lang, tk + ".html", data);
    msg.date = now;
    msg.message_id = message_id;
    auto unsubscribe = data["unsubscribe_url"].get<std::string>();
    msg.extra_headers = {{"List-Unsubscribe", "<" + unsubscribe + ">"}, {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
    if (tk == "invitation") {
        auto host = host_of(s.public_url);
        render::ical_event e;
        e.uid = render::event_uid(meeting_id, m["calendar_uid"].is_string() ? std::optional(m["calendar_uid"].get<std::string>()) : std::nullopt, host);
        e.sequence = static_cast<int>(m["sequence"].get<std::int64_t>());
        e.starts_at = m["starts_at"].get<std::int64_t>();
        e.ends_at = meeting_end(m);
        e.timezone = m["timezone"].get<std::string>();
        e.summary = m["title"].get<std::string>();
        e.description = m["description"].is_string() ? m["description"].get<std::string>() : "";
        e.location = venue_text(m);
        e.url = m["online_url"].is_string() ? m["online_url"].get<std::string>() : "";
        e.cancelled = cancelled;
        e.organizer_name = s.reply_to.name;
        // Calendar answers (iMIP REPLY) go to the ORGANIZER: the message's own reply address when set.
        e.organizer_email = reply_address.empty() ? s.reply_to.address : reply_address;
        e.attendees = {{p.name, p.address}};
        msg.calendar_method = cancelled ? "CANCEL" : "REQUEST";
        msg.calendar = render::calendar({e}, msg.calendar_method, now);
        // Typed as the alternative part is: clients that read only attachments see an invitation too.
        msg.attachments.push_back({"invite.ics", "text/calendar; method=" + msg.calendar_method + "; charset=utf-8", msg.calendar});
    }
    return msg;
}

} // namespace

message_renderer::message_renderer(compose_settings s, attachment_source attachments)
    : settings_(std::move(s)), attachments_(std::move(attachments))
{
}

rendered_message message_renderer::render(store::connection& c, const json& f, std::int64_t now)
{
    if (f["stored_message"].is_string()) // queued before messages were rendered at send time
        return {f["subject"].get<std::string>(), f["stored_message"].get<std::string>(), {}};
    auto m = f["meeting_id"].is_number_integer() ? store::find_meeting_row(c, f["meeting_id"].get<std::int64_t>()) : std::nullopt;
    if (!m)
        throw std::runtime_error("the meeting of this message was deleted");
    auto kind = f["kind"].get<std::string>();
    auto lang = f["language"].get<std::string>();
    recipient p{0, "", f["to_address"].get<std::string>(), nullptr};
    if (f["test"].get<std::int64_t>() != 0) {
        auto first = first_test_recipient(c, kind, *m, p.address);
        p.name = first["name"].is_string() ? first["name"].get<std::string>() : "";
        p.response = first["response"];
    } else {
        p.person_id = f["person_id"].get<std::int64_t>();
        p.name = f["person_name"].is_string() ? f["person_name"].get<std::string>() : "";
        p.response = f["response"];
    }
    std::string reply_address;
    if (!settings_.reply_domain.empty() && p.person_id != 0)
        reply_address = auth::reply_address({f["id"].get<std::int64_t>(), p.person_id}, settings_.secrets.front(),
                                            settings_.reply_domain);
    auto msg = compose_message(c, *m, kind, lang, p, f["message_id"].get<std::string>(), now, settings_, reply_address);
    if (f["attachment"] == minutes_pdf_attachment && attachments_) {
        auto key = std::make_pair((*m)["id"].get<std::int64_t>(), lang);
        auto made = made_.find(key);
        if (made == made_.end())
            made = made_.emplace(key, attachments_(c, *m, lang)).first;
        if (made->second)
            msg.attachments.push_back(*made->second);
    }
    return {msg.subject, render::build_message(msg, msg.message_id), reply_address};
}

generate_result generate(store::connection& c, const json& m, const generate_request& r, const compose_settings& s)
{
    generate_result out;
    auto meeting_id = m["id"].get<std::int64_t>();
    bool cancelled = m["status"] == "cancelled";
    // An invitation to a cancelled meeting is its cancellation notice (METHOD:CANCEL).
    auto kind = (r.kind == "invitation" && cancelled) ? std::string("cancellation") : r.kind;
    auto recipients = r.test_to ? json::array({first_test_recipient(c, kind, m, *r.test_to)})
                                : store::meeting_recipients(c, meeting_id);
    auto host = host_of(s.public_url);
    auto now = domain::now();
    // Manual runs and the schedule share this ledger: the burst rule weighs both.
    store::ledger_map own;
    auto& ledger = r.ledger ? *r.ledger : (own = store::recent_messages(c, meeting_id, now - s.reminder_gap_seconds));
    std::map<std::string, json> shared; // by language: what the subject is made of
    for (const auto& p : recipients) {
        if (r.only_person && p["person_id"].get<std::int64_t>() != *r.only_person)
            continue;
        auto verdict = r.test_to ? domain::send_verdict::send
                                 : domain::may_send(kind, meeting_id,
                                                    p["response"].is_string() ? std::optional(p["response"].get<std::string>())
                                                                              : std::nullopt,
                                                    ledger[p["person_id"].get<std::int64_t>()], now, s.reminder_gap_seconds);
        if (verdict == domain::send_verdict::not_wanted)
            continue;
        // An address stored before non-ASCII local parts were refused cannot be delivered: no email.
        auto address = p["email"].is_string() ? domain::ascii_address(p["email"].get<std::string>()) : std::nullopt;
        if (!address) {
            ++out.skipped_no_email;
            continue;
        }
        if (p["email_consent"].get<std::int64_t>() == 0) {
            ++out.skipped_no_consent;
            continue;
        }
        auto person_id = p["person_id"].get<std::int64_t>();
        std::string key;
        if (!r.test_to) {
            key = kind + "|" + std::to_string(meeting_id) + "|" + std::to_string(person_id) + "|" +
                  std::to_string(m["sequence"].get<std::int64_t>()) + "|" + r.label;
            if (store::message_queued(c, key)) {
                ++out.duplicates;
                continue;
            }
        }
        if (verdict == domain::send_verdict::too_soon) {
            ++out.skipped_recent;
            continue;
        }
        auto lang = render::pick_language({p["language"], p["org_language"], m["language"]});
        auto name = p["name"].is_string() ? p["name"].get<std::string>() : "";
        auto common = shared.find(lang);
        if (common == shared.end()) {
            auto data = meeting_data(c, m, lang, s);
            data["cancelled"] = cancelled;
            common = shared.emplace(lang, std::move(data)).first;
        }
        auto subject = render::render_template(lang, template_kind(kind) + ".subject", common->second);
        auto message_id = kind + "." + std::to_string(meeting_id) + "." + std::to_string(person_id) + "." +
                          auth::random_base64url(9) + "@" + host;
        out.planned.push_back({{"kind", kind}, {"to", *address}, {"language", lang}, {"subject", subject}});
        if (r.dry_run) {
            if (out.created++ == 0)
                out.first_message = render::build_message(
                    compose_message(c, m, kind, lang, {person_id, name, *address, p["response"]}, message_id, now, s), message_id);
            if (!r.test_to)
                ledger[person_id].push_back({kind, meeting_id, now});
            continue;
        }
        store::queued_message q{meeting_id, r.test_to ? std::nullopt : std::optional<std::int64_t>(person_id), kind, key,
                                *address, lang, subject, message_id, m["sequence"].get<std::int64_t>(), r.attachment,
                                r.test_to.has_value()};
        if (store::queue_message(c, q)) {
            ++out.created;
            ledger[person_id].push_back({kind, meeting_id, now});
        }
        else
            ++out.duplicates;
    }
    return out;
}

void queue_promotion_notices(store::connection& c, std::int64_t meeting_id, const std::vector<std::int64_t>& person_ids,
                             const compose_settings& s)
{
    if (person_ids.empty())
        return;
    auto m = store::load_meeting_row(c, meeting_id);
    for (auto id : person_ids) {
        // The label tells promotions of one person apart (they may leave the line and join again).
        generate_request r{"waitlist_promoted", "p" + std::to_string(domain::now()), std::nullopt, false};
        r.only_person = id;
        generate(c, m, r, s);
    }
}

} // namespace sanaksme::mail
