// The pages a person opens from an email, with no login: GET/POST /rsvp/{signed},
// /checkin/{signed}, /online/{signed}, /unsubscribe/{signed}; GET /minutes/{signed} and its PDF. A GET never changes anything (mail scanners open
// links); only the page's button, a POST, does.
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/minutes_view.hpp"
#include "auth/links.hpp"
#include "mail/compose.hpp"
#include "domain/dates.hpp"
#include "render/templates.hpp"
#include "store/answers.hpp"
#include "store/attendance.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

namespace sanaksme::api {

namespace {

struct page_context {
    std::string lang = "lv";
    json meeting_row;
    json person;
    std::string organization_name;
    json site; // the platform's name and contact, on every page
};

// Who the pages speak for: the platform's name and where to write (--reply-to, else --mail-from).
json site_of(const http::context& c)
{
    auto s = mail::settings_from(c.env.settings, {});
    return {{"name", s.reply_to.name.empty() ? s.reply_to.address : s.reply_to.name}, {"contact", s.reply_to.address}};
}

http::response page(unsigned status, const page_context& pc, json data)
{
    const auto& lang = pc.lang;
    const auto& words = render::strings(lang);
    if (pc.site.is_object()) {
        data["site_name"] = pc.site["name"];
        data["site_contact"] = pc.site["contact"];
    }
    data["contact_label"] = words["contact"];
    data["when_label"] = words["when"];
    data["where_label"] = words["where"];
    if (!data.contains("current_label"))
        data["current_label"] = words["rsvp_current"];
    data["for_label"] = words["answer_for"];
    data["deadline_label"] = words["rsvp_deadline"];
    if (pc.person.is_object() && pc.person["name"].is_string())
        data["for"] = pc.person["name"].get<std::string>() +
                      (pc.organization_name.empty() ? "" : " (" + pc.organization_name + ")");
    data["has_buttons"] = data.contains("buttons") && !data["buttons"].empty();
    auto r = http::text_response(status, "text/html; charset=utf-8", render::render_template(lang, "page.html", data));
    // The link is the credential: keep it out of other sites' Referer (and out of caches: the
    // route table marks these pages personal).
    r.header("Referrer-Policy", "no-referrer").header("X-Frame-Options", "DENY");
    return r;
}

http::response link_problem(const http::context& c, auth::link_error e)
{
    page_context pc;
    pc.site = site_of(c);
    const auto& words = render::strings(pc.lang);
    bool expired = e == auth::link_error::expired;
    return page(expired ? 410 : 400, pc, {{"heading", words[expired ? "link_expired" : "link_invalid"]}});
}

// A page after a POST: 303 to the page itself, so a refresh shows it and does not post again.
http::response see_page(const std::string& path)
{
    auto r = http::text_response(303, "text/plain; charset=utf-8", "");
    r.header("Location", path + "?saved=1");
    r.header("Referrer-Policy", "no-referrer");
    return r;
}

json meeting_block(const page_context& pc);

// A link from a test send acts for nobody: the page says so, and shows the meeting it was about.
http::response test_link_page(http::context& c, const auth::link_claims& claims)
{
    page_context pc;
    pc.site = site_of(c);
    if (claims.meeting_id != 0)
        if (auto m = c.env.db.read([&](store::connection& conn) { return store::find_meeting_row(conn, claims.meeting_id); })) {
            pc.meeting_row = *m;
            pc.lang = render::pick_language({(*m)["language"]});
        }
    const auto& words = render::strings(pc.lang);
    json data = {{"heading", words["test_link_heading"]}, {"message", words["test_link"]}};
    if (pc.meeting_row.is_object())
        data["meeting"] = meeting_block(pc);
    return page(200, pc, data);
}

// Verifies the signed link and loads what it points at; a problem page otherwise.
std::variant<page_context, http::response> open_link(http::context& c, auth::link_purpose purpose)
{
    auto result = auth::verify_link(c.param("signed"), purpose, c.env.link_keys.secrets(), domain::now());
    if (!result.claims)
        return link_problem(c, result.error);
    if (result.claims->person_id == 0)
        return test_link_page(c, *result.claims);
    return c.env.db.read([&](store::connection& conn) -> std::variant<page_context, http::response> {
        page_context pc;
        pc.site = site_of(c);
        auto person = store::find_person(conn, result.claims->person_id);
        if (!person || (*person)["erased"].get<bool>())
            return link_problem(c, auth::link_error::bad_signature);
        pc.person = *person;
        auto org = store::find_organization(conn, (*person)["organization_id"].get<std::int64_t>());
        if (org && (*org)["name"].is_string())
            pc.organization_name = (*org)["name"].get<std::string>();
        json meeting_lang;
        if (purpose != auth::link_purpose::unsubscribe) {
            auto m = store::find_meeting_row(conn, result.claims->meeting_id);
            if (!m)
                return link_problem(c, auth::link_error::bad_signature);
            pc.meeting_row = *m;
            meeting_lang = (*m)["language"];
        }
        pc.lang = render::pick_language({(*person)["language"], org ? (*org)["language"] : json(), meeting_lang});
        return pc;
    });
}

json meeting_block(const page_context& pc)
{
    const auto& m = pc.meeting_row;
    const auto* zone = domain::find_zone(m["timezone"].get<std::string>());
    std::string venue = m["venue_name"].is_string() ? m["venue_name"].get<std::string>() : "";
    if (m["venue_address"].is_string())
        venue += (venue.empty() ? "" : ", ") + m["venue_address"].get<std::string>();
    return {{"title", m["title"]}, {"when", domain::long_date_time(pc.lang, m["starts_at"].get<std::int64_t>(), zone)},
            {"venue", venue}};
}

// application/x-www-form-urlencoded fields of a POST.
std::optional<std::string> form_value(const http::context& c, std::string_view name) { return c.form_value(name); }

store::actor link_actor(const page_context& pc)
{
    auto name = pc.person["name"].is_string() ? pc.person["name"].get<std::string>() : "person";
    return {std::nullopt, name + " (signed link)", "person"};
}

constexpr std::size_t max_note_octets = 2000; // as PUT /rsvps allows

std::string trimmed(const std::string& s)
{
    auto b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

json rsvp_buttons(const json& words)
{
    return json::array({{{"name", "response"}, {"value", "yes"}, {"label", words["button_yes"]}},
                        {{"name", "response"}, {"value", "no"}, {"label", words["button_no"]}},
                        {{"name", "response"}, {"value", "maybe"}, {"label", words["button_maybe"]}}});
}

// The RSVP page's form: the answer's buttons with a note and a substitute, and the deadline.
json rsvp_form(const page_context& pc, const json& words)
{
    const auto& m = pc.meeting_row;
    json data = {{"heading", words["rsvp_heading"]}, {"meeting", meeting_block(pc)}, {"buttons", rsvp_buttons(words)},
                 {"rsvp_fields", true}, {"note_label", words["note_label"]}, {"substitute_label", words["substitute_label"]},
                 {"note_hint", words["note_hint"]}};
    if (m["rsvp_deadline"].is_number_integer())
        data["deadline"] = domain::long_date_time(pc.lang, m["rsvp_deadline"].get<std::int64_t>(),
                                                  domain::find_zone(m["timezone"].get<std::string>()));
    return data;
}

std::string refusal_text(const json& words, const http::api_error& e)
{
    return words["refused"].get<std::string>() + ": " + e.what();
}

// How a refused one-click write answers: the same page, with the reason (the write is undone).
http::refusal_fn refusal_page(const page_context& pc, const json& data)
{
    return [pc, data](const http::api_error& e) {
        auto d = data;
        d["error"] = refusal_text(render::strings(pc.lang), e);
        return page(e.status(), pc, d);
    };
}

bool meeting_day(const json& m)
{
    const auto* zone = domain::find_zone(m["timezone"].get<std::string>());
    return domain::local_date(domain::now(), zone) == domain::local_date(m["starts_at"].get<std::int64_t>(), zone);
}

// Opens the signed link (or answers with the problem page) and runs the page with its words.
template <class F>
auto on_link(http::context& c, auth::link_purpose purpose, F&& page_fn) -> std::invoke_result_t<F&, page_context&, const json&>
{
    auto opened = open_link(c, purpose);
    if (auto* r = std::get_if<http::response>(&opened))
        return *r;
    auto& pc = std::get<page_context>(opened);
    return page_fn(pc, render::strings(pc.lang));
}

// The minutes document of the link's meeting in the person's language, or the page saying none yet.
std::variant<json, http::response> minutes_of(http::context& c, const page_context& pc, const json& words)
{
    auto doc = c.env.db.read([&](store::connection& conn) { return readable_minutes(conn, pc.meeting_row, pc.lang); });
    if (!doc)
        return page(404, pc, {{"heading", words["minutes_heading"]}, {"meeting", meeting_block(pc)},
                                   {"message", words["minutes_not_ready"]}});
    return *doc;
}

} // namespace

http::response minutes_page(http::context& c)
{
    return on_link(c, auth::link_purpose::minutes, [&](page_context& pc, const json& words) {
        auto doc = minutes_of(c, pc, words);
        if (auto* r = std::get_if<http::response>(&doc))
            return *r;
        auto& d = std::get<json>(doc);
        d["pdf_url"] = c.param("signed") + "/" + minutes_pdf_name(pc.meeting_row, pc.lang);
        d["pdf_label"] = words["minutes_pdf"];
        auto r = http::text_response(200, "text/html; charset=utf-8", minutes_html(d));
        r.header("Referrer-Policy", "no-referrer").header("X-Frame-Options", "DENY");
        return r;
    });
}

http::response minutes_pdf_page(http::context& c)
{
    return on_link(c, auth::link_purpose::minutes, [&](page_context& pc, const json& words) {
        auto name = minutes_pdf_name(pc.meeting_row, pc.lang);
        if (c.param("file") != name)
            return page(404, pc, {{"heading", words["minutes_heading"]}, {"meeting", meeting_block(pc)},
                                       {"message", words["minutes_not_ready"]}});
        auto doc = minutes_of(c, pc, words);
        if (auto* r = std::get_if<http::response>(&doc))
            return *r;
        auto r = http::text_response(200, "application/pdf", minutes_pdf(std::get<json>(doc)));
        r.header("Content-Disposition", "inline; filename=\"" + name + "\"");
        r.header("Referrer-Policy", "no-referrer");
        return r;
    });
}

http::response rsvp_page(http::context& c)
{
    return on_link(c, auth::link_purpose::rsvp, [&](page_context& pc, const json& words) {
        auto current = c.env.db.read([&](store::connection& conn) {
            return store::find_rsvp(conn, pc.meeting_row["id"].get<std::int64_t>(), pc.person["id"].get<std::int64_t>());
        });
        json data = rsvp_form(pc, words);
        data["message"] = c.query_value("saved") && current ? words["rsvp_saved"] : words["rsvp_prompt"];
        if (current) {
            data["current"] = words["response_" + current->response];
            data["current_note"] = current->note ? json(*current->note) : json();
        }
        return page(200, pc, data);
    });
}

http::reply rsvp_submit(http::context& c)
{
    return on_link(c, auth::link_purpose::rsvp, [&](page_context& pc, const json& words) -> http::reply {
        auto response = form_value(c, "response");
        auto note = form_value(c, "note").value_or(""), substitute = form_value(c, "substitute").value_or("");
        json data = rsvp_form(pc, words);
        data["note"] = note;
        data["substitute"] = substitute;
        if (!response || (*response != "yes" && *response != "no" && *response != "maybe")) {
            data["error"] = words["rsvp_prompt"];
            return page(422, pc, data);
        }
        // The substitute is kept with the note, as the organizers read it.
        auto text = trimmed(note);
        if (!trimmed(substitute).empty())
            text += (text.empty() ? "" : "\n") + words["substitute_note"].get<std::string>() + trimmed(substitute);
        if (text.size() > max_note_octets) {
            data["error"] = words["note_too_long"];
            return page(422, pc, data);
        }
        auto saved = text.empty() ? std::nullopt : std::optional<std::string>(text);
        // The answer leaves after the group commit that holds it; the io thread does not wait.
        return http::deferred(
            [&c, path = "/rsvp/" + std::string(c.param("signed")), pc, answer = *response, saved](store::connection& conn) {
                auto facts = store::load_answer_facts(conn, pc.meeting_row["id"].get<std::int64_t>(),
                                                      pc.person["id"].get<std::int64_t>());
                auto result = store::record_rsvp(conn, link_actor(pc), facts, *domain::parse_rsvp_response(answer), saved);
                tell_promoted(c, conn, facts.meeting.id, result.promoted);
                return see_page(path);
            },
            refusal_page(pc, data));
    });
}

http::response checkin_page(http::context& c)
{
    return on_link(c, auth::link_purpose::checkin, [&](page_context& pc, const json& words) {
        json data = {{"heading", words["checkin_heading"]}, {"meeting", meeting_block(pc)}};
        auto done = c.env.db.read([&](store::connection& conn) {
            return store::find_check_in(conn, pc.meeting_row["id"].get<std::int64_t>(), pc.person["id"].get<std::int64_t>());
        });
        if (done) { // the time instead of the button again
            const auto* zone = domain::find_zone(pc.meeting_row["timezone"].get<std::string>());
            if (c.query_value("saved"))
                data["message"] = words["checkin_saved"];
            data["current"] = words["checkin_already"].get<std::string>() +
                              domain::clock_time(pc.lang, (*done)["checked_in_at"].get<std::int64_t>(), zone) + ".";
            data["current_label"] = words["checkin_heading"];
            return page(200, pc, data);
        }
        if (!meeting_day(pc.meeting_row)) {
            data["message"] = words["checkin_not_today"];
            return page(200, pc, data);
        }
        data["message"] = words["checkin_prompt"];
        data["buttons"] = json::array({{{"name", "checkin"}, {"value", "1"}, {"label", words["button_checkin"]}}});
        return page(200, pc, data);
    });
}

http::reply checkin_submit(http::context& c)
{
    return on_link(c, auth::link_purpose::checkin, [&](page_context& pc, const json& words) -> http::reply {
        json data = {{"heading", words["checkin_heading"]}, {"meeting", meeting_block(pc)}};
        if (!meeting_day(pc.meeting_row)) {
            data["error"] = words["checkin_not_today"];
            return page(409, pc, data);
        }
        return http::deferred(
            [path = "/checkin/" + std::string(c.param("signed")), pc](store::connection& conn) {
                store::record_own_check_in(conn, link_actor(pc), pc.meeting_row["id"].get<std::int64_t>(),
                                           pc.person["id"].get<std::int64_t>(), domain::now(), "in_person");
                return see_page(path);
            },
            refusal_page(pc, data));
    });
}

// The "join online" link: the GET shows a button (mail scanners open links); its POST records
// online attendance for the day and sends the browser on to the call.
http::response online_page(http::context& c)
{
    return on_link(c, auth::link_purpose::online, [&](page_context& pc, const json& words) {
        json data = {{"heading", words["online_heading"]}, {"meeting", meeting_block(pc)}};
        if (!pc.meeting_row["online_url"].is_string())
            data["message"] = words["online_none"];
        else if (!meeting_day(pc.meeting_row))
            data["message"] = words["online_not_today"];
        else {
            data["message"] = words["online_prompt"];
            data["buttons"] = json::array({{{"name", "join"}, {"value", "1"}, {"label", words["button_online"]}}});
        }
        return page(200, pc, data);
    });
}

http::reply online_submit(http::context& c)
{
    return on_link(c, auth::link_purpose::online, [&](page_context& pc, const json& words) -> http::reply {
        json data = {{"heading", words["online_heading"]}, {"meeting", meeting_block(pc)}};
        if (!pc.meeting_row["online_url"].is_string()) {
            data["error"] = words["online_none"];
            return page(404, pc, data);
        }
        if (!meeting_day(pc.meeting_row)) {
            data["error"] = words["online_not_today"];
            return page(409, pc, data);
        }
        return http::deferred(
            [pc](store::connection& conn) {
                store::record_own_check_in(conn, link_actor(pc), pc.meeting_row["id"].get<std::int64_t>(),
                                           pc.person["id"].get<std::int64_t>(), domain::now(), "online");
                auto r = http::text_response(303, "text/plain; charset=utf-8", "");
                r.header("Location", pc.meeting_row["online_url"].get<std::string>());
                r.header("Referrer-Policy", "no-referrer");
                return r;
            },
            refusal_page(pc, data));
    });
}

http::response unsubscribe_page(http::context& c)
{
    return on_link(c, auth::link_purpose::unsubscribe, [&](page_context& pc, const json& words) {
        if (!pc.person["email_consent"].get<bool>())
            return page(200, pc, {{"heading", words["unsubscribe_heading"]}, {"message", words["unsubscribe_saved"]}});
        return page(200, pc,
                    {{"heading", words["unsubscribe_heading"]}, {"message", words["unsubscribe_prompt"]},
                     {"buttons", json::array({{{"name", "unsubscribe"}, {"value", "1"}, {"label", words["button_unsubscribe"]}}})}});
    });
}

http::response unsubscribe_submit(http::context& c)
{
    // RFC 8058 one-click (body "List-Unsubscribe=One-Click") and the page's button both land here.
    return on_link(c, auth::link_purpose::unsubscribe, [&](page_context& pc, const json& words) {
        c.env.db.write([&](store::connection& conn) {
            auto id = pc.person["id"].get<std::int64_t>();
            auto before = *store::find_person(conn, id);
            if (!before["email_consent"].get<bool>())
                return;
            auto after = http::project(before, http::schema{person_fields(), {}});
            after["email_consent"] = false;
            store::update_person(conn, id, after);
            store::audit(conn, link_actor(pc), "unsubscribe", "person", id, {{"email_consent", true}}, {{"email_consent", false}});
        });
        // RFC 8058 senders expect the answer itself; a person's button gets the page again (303).
        if (form_value(c, "List-Unsubscribe") == "One-Click")
            return page(200, pc, {{"heading", words["unsubscribe_heading"]}, {"message", words["unsubscribe_saved"]}});
        return see_page("/unsubscribe/" + std::string(c.param("signed")));
    });
}

} // namespace sanaksme::api
