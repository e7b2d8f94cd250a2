// /api/v1/meetings and /api/v1/meetings/{id}
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/paging.hpp"
#include "domain/meeting.hpp"
#include "domain/time.hpp"
#include "store/answers.hpp"
#include "store/meetings.hpp"

#include <array>

namespace sanaksme::api {

namespace {

const std::vector<http::field> venue_fields{
    {.name = "name", .type = http::field_type::text, .max_length = domain::venue_name_max},
    {.name = "address", .type = http::field_type::text, .max_length = domain::venue_address_max},
};

const http::schema meeting_schema{
    {
        {.name = "title", .type = http::field_type::text, .required = true, .nullable = false,
         .max_length = domain::meeting_title_max},
        {.name = "series", .type = http::field_type::text, .max_length = domain::meeting_series_max},
        {.name = "number", .type = http::field_type::integer, .min = 1, .max = domain::meeting_count_max},
        {.name = "starts_at", .type = http::field_type::instant, .required = true, .nullable = false},
        {.name = "ends_at", .type = http::field_type::instant},
        {.name = "timezone", .type = http::field_type::timezone, .nullable = false, .default_value = "Europe/Riga"},
        {.name = "venue", .type = http::field_type::object, .nested = &venue_fields},
        {.name = "online_url", .type = http::field_type::url, .max_length = domain::online_url_max},
        {.name = "status", .type = http::field_type::choice, .nullable = false, .default_value = domain::meeting_status_names[0],
         .choices = {domain::meeting_status_names.begin(), domain::meeting_status_names.end()}},
        {.name = "rsvp_deadline", .type = http::field_type::instant},
        {.name = "capacity", .type = http::field_type::integer, .min = 1, .max = domain::meeting_count_max},
        {.name = "quorum", .type = http::field_type::integer, .min = 0, .max = domain::meeting_count_max},
        {.name = "language", .type = http::field_type::language, .nullable = false, .default_value = "lv"},
        {.name = "description", .type = http::field_type::long_text, .max_length = domain::meeting_description_max},
        {.name = "waitlist", .type = http::field_type::boolean, .nullable = false, .default_value = false},
        {.name = "seats_per_organization", .type = http::field_type::integer, .min = 1, .max = domain::meeting_count_max},
    },
    {"id", "sequence", "version", "created_at", "updated_at", "previous_meeting_id"}};

std::optional<std::int64_t> instant_of(const json& v)
{
    return v.is_string() ? domain::parse_rfc3339(v.get<std::string>()) : std::nullopt;
}

json nullable(std::optional<std::int64_t> v) { return v ? json(*v) : json(); }

// The rules of a meeting's times (domain::require_meeting_times), then the row the store writes.
json to_row(const json& m)
{
    auto starts = instant_of(m["starts_at"]);
    auto ends = instant_of(m["ends_at"]);
    auto deadline = instant_of(m["rsvp_deadline"]);
    domain::require_meeting_times({*starts, ends, deadline});
    json row = m;
    row["starts_at"] = *starts;
    row["ends_at"] = nullable(ends);
    row["rsvp_deadline"] = nullable(deadline);
    const json& venue = m["venue"];
    row["venue_name"] = venue.is_object() ? venue.value("name", json()) : json();
    row["venue_address"] = venue.is_object() ? venue.value("address", json()) : json();
    row.erase("venue");
    return row;
}

constexpr std::array<const char*, 3> time_fields{"starts_at", "ends_at", "rsvp_deadline"};

// Times typed without an offset ("2026-12-03T10:00:00") are wall-clock times in the meeting's
// zone: each is resolved there and given its offset before validation; one the clocks skip or
// pass twice at a DST change is refused. `zone_name` is the body's timezone, else the meeting's.
void resolve_local_times(json& body, const std::string& zone_name)
{
    const auto* zone = domain::find_zone(zone_name);
    std::vector<http::field_error> errors;
    for (const char* f : time_fields) {
        if (!body.contains(f) || !body[f].is_string())
            continue;
        auto r = domain::parse_local_time(body[f].get<std::string>(), zone);
        using kind = domain::local_time_result::kind;
        if (r.outcome == kind::ok)
            body[f] = domain::format_rfc3339(r.at, zone);
        else if (r.outcome == kind::nonexistent)
            errors.push_back({f, "does not exist in " + zone_name + ": the clocks skip that hour; give an offset"});
        else if (r.outcome == kind::ambiguous)
            errors.push_back({f, "happens twice in " + zone_name + " as the clocks go back; give an offset, "
                                 "e.g. +03:00 or +02:00"});
    }
    http::throw_if_any(errors);
}

std::string zone_in(const json& body, const std::string& fallback)
{
    return body.contains("timezone") && body["timezone"].is_string() ? body["timezone"].get<std::string>() : fallback;
}

// A meeting that becomes scheduled with nobody invited invites the member organizations.
void invite_by_default(const http::context& c, store::connection& conn, std::int64_t id)
{
    if (auto n = store::invite_members_if_none(conn, id))
        store::audit(conn, actor_of(c), "invite", "meeting", id, nullptr, {{"invited", n}, {"default", true}});
}

} // namespace

json render_meeting(const json& row)
{
    const auto* zone = domain::find_zone(row["timezone"].get<std::string>());
    auto local = [&](const json& v) { return v.is_number_integer() ? json(domain::format_rfc3339(v.get<std::int64_t>(), zone)) : json(); };
    json m = row;
    m["starts_at"] = local(row["starts_at"]);
    m["ends_at"] = local(row["ends_at"]);
    m["rsvp_deadline"] = local(row["rsvp_deadline"]);
    m["venue"] = (row["venue_name"].is_null() && row["venue_address"].is_null())
                     ? json()
                     : json{{"name", row["venue_name"]}, {"address", row["venue_address"]}};
    m.erase("venue_name");
    m.erase("venue_address");
    m.erase("version");
    m.erase("calendar_uid");
    m["waitlist"] = row["waitlist"].is_number_integer() && row["waitlist"].get<std::int64_t>() != 0;
    m["created_at"] = domain::format_rfc3339_utc(row["created_at"].get<std::int64_t>());
    m["updated_at"] = domain::format_rfc3339_utc(row["updated_at"].get<std::int64_t>());
    return m;
}

http::response list_meetings(http::context& c)
{
    auto p = http::parse_page(c);
    auto status = http::query_choice(c, "status", domain::meeting_status_names);
    store::meeting_filter f{http::query_instant(c, "from"), http::query_instant(c, "to"), status, c.query_value("series")};
    auto after = after_start_and_id(p);
    auto rows = c.env.db.read(
        [&](store::connection& conn) { return store::list_meeting_rows(conn, f, after.first, after.second, p.limit + 1); });
    std::optional<json> next;
    if (static_cast<int>(rows.size()) > p.limit) {
        rows.erase(rows.end() - 1);
        next = json::array({rows.back()["starts_at"], rows.back()["id"]});
    }
    json items = json::array();
    for (const auto& r : rows)
        items.push_back(render_meeting(r));
    return http::json_response(200, http::list_body(std::move(items), next));
}

http::response create_meeting(http::context& c)
{
    auto body = http::body_object(c);
    resolve_local_times(body, zone_in(body, "Europe/Riga"));
    auto row = to_row(http::merge_for_create(body, meeting_schema));
    return create_once(c, [&](store::connection& conn) {
        auto id = store::insert_meeting(conn, row);
        auto stored = store::load_meeting_row(conn, id);
        auto created = render_meeting(stored);
        store::audit(conn, actor_of(c), "create", "meeting", id, nullptr, created);
        if (row["status"] == domain::to_string(domain::meeting_status::scheduled))
            invite_by_default(c, conn, id);
        return resource_response(201, created, id, stored["version"].get<std::int64_t>())
            .header("Location", "/api/v1/meetings/" + std::to_string(id));
    });
}

http::response get_meeting(http::context& c)
{
    auto id = c.id();
    auto row = c.env.db.read([&](store::connection& conn) { return store::load_meeting_row(conn, id); });
    return resource_response(200, render_meeting(row), id, row["version"].get<std::int64_t>());
}

http::response patch_meeting(http::context& c)
{
    auto id = c.id();
    auto body = http::body_object(c);
    return c.env.db.write([&](store::connection& conn) {
        auto before_row = store::load_meeting_row(conn, id);
        http::check_if_match(c, http::etag(id, before_row["version"].get<std::int64_t>()));
        auto before = render_meeting(before_row);
        auto local = body;
        resolve_local_times(local, zone_in(body, before["timezone"].get<std::string>()));
        auto merged = http::merge_for_patch(http::project(before, meeting_schema), local, meeting_schema);
        auto from = domain::stored_meeting_status(before["status"].get_ref<const std::string&>());
        auto to = *domain::parse_meeting_status(merged["status"].get_ref<const std::string&>());
        domain::require_status_change(from, to);
        auto row = to_row(merged);
        // Calendar programs replace an event only when its SEQUENCE grows.
        bool moved = row["starts_at"] != before_row["starts_at"] || row["ends_at"] != before_row["ends_at"] ||
                     row["timezone"] != before_row["timezone"] || row["venue_name"] != before_row["venue_name"] ||
                     row["venue_address"] != before_row["venue_address"] ||
                     row["online_url"] != before_row["online_url"] || (to == domain::meeting_status::cancelled && from != to);
        store::update_meeting(conn, id, row, moved);
        auto after_row = store::load_meeting_row(conn, id);
        auto after = render_meeting(after_row);
        store::audit(conn, actor_of(c), "update", "meeting", id, before, after);
        if (to == domain::meeting_status::scheduled && from != to)
            invite_by_default(c, conn, id);
        // More places (a larger capacity) go to the waiting list, in order.
        if (auto rules = store::find_meeting_rules(conn, id); rules && rules->waitlist)
            tell_promoted(c, conn, id, store::promote_waitlisted(conn, actor_of(c), *rules));
        return resource_response(200, after, id, after_row["version"].get<std::int64_t>());
    });
}

http::response delete_meeting(http::context& c)
{
    auto id = c.id();
    return c.env.db.write([&](store::connection& conn) {
        auto row = store::load_meeting_row(conn, id);
        http::check_if_match(c, http::etag(id, row["version"].get<std::int64_t>()));
        if (store::meeting_has_records(conn, id))
            throw domain::conflict("This meeting has invitations, answers or attendance; cancel it instead "
                                 "(PATCH status to cancelled) so its records stay.");
        store::delete_meeting(conn, id);
        store::audit(conn, actor_of(c), "delete", "meeting", id, render_meeting(row), nullptr);
        return http::no_content();
    });
}

} // namespace sanaksme::api
