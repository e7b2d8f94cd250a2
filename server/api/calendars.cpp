// /api/v1/meetings/{id}/calendar.ics, /api/v1/calendar.ics (public: title, time and place) and
// /api/v1/calendar/{signed}/meetings.ics (one person's: with the description and the online link)
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "auth/links.hpp"
#include "domain/time.hpp"
#include "render/ical.hpp"
#include "store/calendars.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"

#include <boost/url/parse.hpp>

namespace sanaksme::api {

namespace {

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : ""; }

// What a public calendar shows of a meeting: anyone may read it, so no call link (it admits
// people to the meeting) and no description; a personal feed adds them.
render::ical_event event_of(const json& m, const std::string& host, bool personal)
{
    render::ical_event e;
    e.uid = render::event_uid(m["id"].get<std::int64_t>(),
                              m.contains("calendar_uid") && m["calendar_uid"].is_string() ? std::optional(m["calendar_uid"].get<std::string>()) : std::nullopt,
                              host);
    e.sequence = static_cast<int>(m["sequence"].get<std::int64_t>());
    e.starts_at = m["starts_at"].get<std::int64_t>();
    e.ends_at = m["ends_at"].is_number_integer() ? m["ends_at"].get<std::int64_t>() : e.starts_at + 7200;
    e.timezone = m["timezone"].get<std::string>();
    e.summary = m["title"].get<std::string>();
    e.location = text_of(m["venue_name"]);
    if (m["venue_address"].is_string())
        e.location += (e.location.empty() ? "" : ", ") + m["venue_address"].get<std::string>();
    if (personal) {
        e.description = text_of(m["description"]);
        e.url = text_of(m["online_url"]);
    }
    e.cancelled = m["status"] == "cancelled";
    return e;
}

std::string public_host(const http::context& c)
{
    auto u = boost::urls::parse_absolute_uri(c.env.settings.public_url);
    return u && !u->host().empty() ? std::string(u->host()) : "sanaksme.local";
}

http::response calendar_response(std::string ics, const std::string& filename)
{
    auto r = http::text_response(200, "text/calendar; charset=utf-8", std::move(ics));
    r.header("Content-Disposition", "inline; filename=\"" + filename + "\"");
    return r;
}

// Held and cancelled meetings stay in the feeds for a year.
std::int64_t feed_since() { return domain::now() - 365 * 86400; }

} // namespace

http::response meeting_calendar(http::context& c)
{
    auto id = c.id();
    auto row = c.env.db.read([&](store::connection& conn) { return store::load_meeting_row(conn, id); });
    if (row["status"] == "draft")
        throw http::not_found("No meeting has the id " + std::to_string(id) + ".");
    auto ics = render::calendar({event_of(row, public_host(c), false)}, "PUBLISH", domain::now());
    return calendar_response(std::move(ics), "meeting-" + std::to_string(id) + ".ics");
}

http::response calendar_feed(http::context& c)
{
    auto rows = c.env.db.read([&](store::connection& conn) { return store::feed_meetings(conn, feed_since()); });
    std::vector<render::ical_event> events;
    auto host = public_host(c);
    for (const auto& r : rows)
        events.push_back(event_of(r, host, false));
    return calendar_response(render::calendar(events, "PUBLISH", domain::now()), "sanaksme.ics");
}

http::response personal_calendar(http::context& c)
{
    auto link = auth::verify_link(c.param("signed"), auth::link_purpose::calendar, c.env.link_keys.secrets(), domain::now());
    if (!link.claims) {
        if (link.error == auth::link_error::expired)
            throw http::api_error(410, "Gone", "This calendar link has expired; the next invitation brings a new one.");
        throw http::bad_request("This is not a valid calendar link.");
    }
    auto person_id = link.claims->person_id;
    auto rows = c.env.db.read([&](store::connection& conn) {
        auto person = store::find_person(conn, person_id);
        if (!person || (*person)["erased"].get<bool>())
            throw http::not_found("No calendar is kept at this address.");
        return store::personal_meetings(conn, person_id, feed_since());
    });
    std::vector<render::ical_event> events;
    auto host = public_host(c);
    for (const auto& r : rows)
        events.push_back(event_of(r, host, true));
    auto r = calendar_response(render::calendar(events, "PUBLISH", domain::now()), "meetings.ics");
    // The link is the credential and the feed holds the call links: no shared cache keeps it.
    r.header("Cache-Control", "private, no-store").header("Referrer-Policy", "no-referrer");
    return r;
}

} // namespace sanaksme::api
