// The pages a person opens from an email, with no login: GET/POST /rsvp/{signed},
// /checkin/{signed}, /unsubscribe/{signed}. A GET never changes anything (mail scanners open
// links); only the page's button, a POST, does.
#include "api/attendance_view.hpp"
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "auth/links.hpp"
#include "domain/dates.hpp"
#include "render/templates.hpp"
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
};

http::response page(unsigned status, const std::string& lang, json data)
{
    const auto& words = render::strings(lang);
    data["when_label"] = words["when"];
    data["where_label"] = words["where"];
    data["current_label"] = words["rsvp_current"];
    data["has_buttons"] = data.contains("buttons") && !data["buttons"].empty();
    auto r = http::text_response(status, "text/html; charset=utf-8", render::render_template(lang, "page.html", data));
    // The link is the credential: keep it out of other sites' Referer (and out of caches: the
    // route table marks these pages personal).
    r.header("Referrer-Policy", "no-referrer").header("X-Frame-Options", "DENY");
    return r;
}

http::response link_problem(const std::string& lang, auth::link_error e)
{
    const auto& words = render::strings(lang);
    bool expired = e == auth::link_error::expired;
    return page(expired ? 410 : 400, lang, {{"heading", words[expired ? "link_expired" : "link_invalid"]}});
}

// Verifies the signed link and loads what it points at; a problem page otherwise.
std::variant<page_context, http::response> open_link(http::context& c, auth::link_purpose purpose)
{
    auto result = auth::verify_link(c.param("signed"), purpose, c.app.link_keys.secrets(), domain::now());
    if (!result.claims)
        return link_problem("lv", result.error);
    return c.app.db.read([&](store::connection& conn) -> std::variant<page_context, http::response> {
        page_context pc;
        auto person = store::find_person(conn, result.claims->person_id);
        if (!person || (*person)["erased"].get<bool>())
            return link_problem("lv", auth::link_error::bad_signature);
        pc.person = *person;
        auto org = store::find_organization(conn, (*person)["organization_id"].get<std::int64_t>());
        json meeting_lang;
        if (purpose != auth::link_purpose::unsubscribe) {
            auto m = store::find_meeting_row(conn, result.claims->meeting_id);
            if (!m)
                return link_problem("lv", auth::link_error::bad_signature);
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
std::optional<std::string> form_value(const http::context& c, std::string_view name)
{
    auto parsed = boost::urls::parse_query(c.req.body());
    if (!parsed)
        return std::nullopt;
    // Forms encode a space as +.
    for (auto p : boost::urls::params_view(*parsed, boost::urls::encoding_opts(true)))
        if (p.key == name && p.has_value)
            return std::string(p.value);
    return std::nullopt;
}

store::actor link_actor(const page_context& pc)
{
    auto name = pc.person["name"].is_string() ? pc.person["name"].get<std::string>() : "person";
    return {std::nullopt, name + " (signed link)", "person"};
}

json rsvp_buttons(const json& words)
{
    return json::array({{{"name", "response"}, {"value", "yes"}, {"label", words["button_yes"]}},
                        {{"name", "response"}, {"value", "no"}, {"label", words["button_no"]}},
                        {{"name", "response"}, {"value", "maybe"}, {"label", words["button_maybe"]}}});
}

std::string refusal_text(const json& words, const http::api_error& e)
{
    return words["refused"].get<std::string>() + ": " + e.what();
}

// How a refused one-click write answers: the same page, with the reason (the write is undone).
http::refusal_fn refusal_page(const page_context& pc, const json& data)
{
    return [lang = pc.lang, data](const http::api_error& e) {
        auto d = data;
        d["error"] = refusal_text(render::strings(lang), e);
        return page(e.status(), lang, d);
    };
}

bool meeting_day(const json& m)
{
    const auto* zone = domain::find_zone(m["timezone"].get<std::string>());
    return domain::local_date(domain::now(), zone) == domain::local_date(m["starts_at"].get<std::int64_t>(), zone);
}

// Opens the signed link (or answers with the problem page) and runs the page with its words.
template <class F>
http::response on_link(http::context& c, auth::link_purpose purpose, F&& page_fn)
{
    auto opened = open_link(c, purpose);
    if (auto* r = std::get_if<http::response>(&opened))
        return *r;
    auto& pc = std::get<page_context>(opened);
    return page_fn(pc, render::strings(pc.lang));
}

} // namespace

http::response rsvp_page(http::context& c)
{
    return on_link(c, auth::link_purpose::rsvp, [&](page_context& pc, const json& words) {
        auto current = c.app.db.read([&](store::connection& conn) {
            return store::find_rsvp(conn, pc.meeting_row["id"].get<std::int64_t>(), pc.person["id"].get<std::int64_t>());
        });
        json data = {{"heading", words["rsvp_heading"]}, {"meeting", meeting_block(pc)}, {"message", words["rsvp_prompt"]},
                     {"buttons", rsvp_buttons(words)}};
        if (current)
            data["current"] = words["response_" + current->response];
        return page(200, pc.lang, data);
    });
}

http::response rsvp_submit(http::context& c)
{
    return on_link(c, auth::link_purpose::rsvp, [&](page_context& pc, const json& words) {
        auto response = form_value(c, "response");
        json data = {{"heading", words["rsvp_heading"]}, {"meeting", meeting_block(pc)}};
        if (!response || (*response != "yes" && *response != "no" && *response != "maybe")) {
            data["error"] = words["rsvp_prompt"];
            data["buttons"] = rsvp_buttons(words);
            return page(422, pc.lang, data);
        }
        // The answer leaves after the group commit that holds it; the io thread does not wait.
        return http::deferred(
            [pc, words = &words, data, answer = *response](store::connection& conn) mutable {
                auto meeting = load_meeting_rules(conn, pc.meeting_row["id"].get<std::int64_t>());
                auto person = load_person_ref(conn, pc.person["id"].get<std::int64_t>());
                record_rsvp(conn, link_actor(pc), meeting, person, answer, std::nullopt);
                data["message"] = (*words)["rsvp_saved"];
                data["current"] = (*words)["response_" + answer];
                return page(200, pc.lang, data);
            },
            refusal_page(pc, data));
    });
}

http::response checkin_page(http::context& c)
{
    return on_link(c, auth::link_purpose::checkin, [&](page_context& pc, const json& words) {
        json data = {{"heading", words["checkin_heading"]}, {"meeting", meeting_block(pc)}};
        if (!meeting_day(pc.meeting_row)) {
            data["message"] = words["checkin_not_today"];
            return page(200, pc.lang, data);
        }
        data["message"] = words["checkin_prompt"];
        data["buttons"] = json::array({{{"name", "checkin"}, {"value", "1"}, {"label", words["button_checkin"]}}});
        return page(200, pc.lang, data);
    });
}

http::response checkin_submit(http::context& c)
{
    return on_link(c, auth::link_purpose::checkin, [&](page_context& pc, const json& words) {
        json data = {{"heading", words["checkin_heading"]}, {"meeting", meeting_block(pc)}};
        if (!meeting_day(pc.meeting_row)) {
            data["error"] = words["checkin_not_today"];
            return page(409, pc.lang, data);
        }
        return http::deferred(
            [pc, words = &words, data](store::connection& conn) mutable {
                auto meeting = load_meeting_rules(conn, pc.meeting_row["id"].get<std::int64_t>());
                auto person = load_person_ref(conn, pc.person["id"].get<std::int64_t>());
                record_check_in(conn, link_actor(pc), meeting, person, domain::now());
                data["message"] = (*words)["checkin_saved"];
                return page(200, pc.lang, data);
            },
            refusal_page(pc, data));
    });
}

http::response unsubscribe_page(http::context& c)
{
    return on_link(c, auth::link_purpose::unsubscribe, [&](page_context& pc, const json& words) {
        return page(200, pc.lang,
                    {{"heading", words["unsubscribe_heading"]}, {"message", words["unsubscribe_prompt"]},
                     {"buttons", json::array({{{"name", "unsubscribe"}, {"value", "1"}, {"label", words["button_unsubscribe"]}}})}});
    });
}

http::response unsubscribe_submit(http::context& c)
{
    // RFC 8058 one-click (body "List-Unsubscribe=One-Click") and the page's button both land here.
    return on_link(c, auth::link_purpose::unsubscribe, [&](page_context& pc, const json& words) {
        c.app.db.write([&](store::connection& conn) {
            auto id = pc.person["id"].get<std::int64_t>();
            auto before = *store::find_person(conn, id);
            if (!before["email_consent"].get<bool>())
                return;
            auto after = http::project(before, http::schema{person_fields(), {}});
            after["email_consent"] = false;
            store::update_person(conn, id, after);
            store::audit(conn, link_actor(pc), "unsubscribe", "person", id, {{"email_consent", true}}, {{"email_consent", false}});
        });
        return page(200, pc.lang, {{"heading", words["unsubscribe_heading"]}, {"message", words["unsubscribe_saved"]}});
    });
}

} // namespace sanaksme::api
