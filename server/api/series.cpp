// POST /api/v1/meetings/{id}/next and GET /api/v1/meetings/{id}/review: the next meeting of a
// series in one step (number + 1, the same place, zone, invitees and standing agenda items), and
// what it reviews (the open action items; decisions in follow-up once they are recorded).
#include "api/common.hpp"
#include "api/decision_ops.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/minutes_view.hpp"
#include "api/series.hpp"
#include "domain/meeting.hpp"
#include "domain/series.hpp"
#include "store/meetings.hpp"
#include "store/series.hpp"

namespace sanaksme::api {

namespace {

std::optional<std::int64_t> int_of(const json& v)
{
    return v.is_number_integer() ? std::optional(v.get<std::int64_t>()) : std::nullopt;
}

std::optional<std::int64_t> instant_of(const json& v)
{
    return v.is_string() ? domain::parse_rfc3339(v.get<std::string>()) : std::nullopt;
}

json nullable(std::optional<std::int64_t> v) { return v ? json(*v) : json(); }

// The new meeting's row: the source's place, zone, language, limits and series; a start given or
// next_meeting_weeks later; end and deadline at the same distance from the start; a draft.
json next_row(const json& src, const json& req)
{
    const auto* zone = domain::find_zone(src["timezone"].get<std::string>());
    auto old_start = src["starts_at"].get<std::int64_t>();
    auto start = instant_of(req["starts_at"]).value_or(domain::weeks_later(old_start, zone, domain::next_meeting_weeks));
    auto ends = req["ends_at"].is_string() ? instant_of(req["ends_at"]) : domain::keep_distance(int_of(src["ends_at"]), old_start, start);
    auto deadline = domain::keep_distance(int_of(src["rsvp_deadline"]), old_start, start);
    domain::require_meeting_times({start, ends, deadline});
    auto number = domain::next_number(int_of(src["number"]));
    json row = src;
    for (const char* k : {"id", "sequence", "version", "created_at", "updated_at", "calendar_uid"})
        row.erase(k);
    row["title"] = req["title"].is_string() ? req["title"].get<std::string>()
                                            : domain::next_title(src["title"].get<std::string>(), int_of(src["number"]), number);
    row["number"] = number;
    row["starts_at"] = start;
    row["ends_at"] = nullable(ends);
    row["rsvp_deadline"] = nullable(deadline);
    row["status"] = domain::to_string(domain::meeting_status::draft);
    row["description"] = nullptr;
    row["previous_meeting_id"] = src["id"];
    return row;
}

// What the next meeting reviews, stored with it: the action items still open after the source,
// and the adopted decisions of the series still in follow-up (not done) by the new meeting's start.
std::int64_t carry_review_items(store::connection& conn, const json& src, std::int64_t to)
{
    std::int64_t position = 0;
    for (const auto& a : action_items_open_after(conn, src))
        store::add_review_item(conn, to, {"action_item", a.text, a.owner, a.due, std::nullopt, a.from_meeting_id, std::nullopt},
                               ++position);
    for (const auto& d : decisions_in_follow_up(conn, store::load_meeting_row(conn, to)))
        store::add_review_item(conn, to,
                               {"decision", d["text"].get<std::string>(), std::nullopt, std::nullopt, d["state"].get<std::string>(),
                                d["meeting_id"].get<std::int64_t>(), d["id"].get<std::int64_t>()},
                               ++position);
    return position;
}

json render_review_items(store::connection& conn, std::int64_t meeting_id)
{
    json items = json::array();
    for (auto r : store::review_items(conn, meeting_id))
        items.push_back(std::move(r));
    return items;
}

} // namespace

planned_meeting plan_next_meeting(store::connection& conn, const store::actor& who, std::int64_t source_id, const json& req)
{
    auto src = store::load_meeting_row(conn, source_id);
    auto new_id = store::insert_meeting(conn, next_row(src, req));
    auto invited = store::copy_invitations(conn, source_id, new_id);
    auto standing = store::copy_standing_agenda(conn, source_id, new_id);
    auto reviewed = carry_review_items(conn, src, new_id);
    auto stored = store::load_meeting_row(conn, new_id);
    auto created = render_meeting(stored);
    store::audit(conn, who, "create", "meeting", new_id, nullptr, created);
    store::audit(conn, who, "next", "meeting", source_id, nullptr,
                 {{"meeting_id", new_id}, {"invited", invited}, {"standing_items", standing}, {"review_items", reviewed}});
    json body = created;
    body["people_invited"] = invited;
    body["standing_items"] = standing;
    body["review_items"] = render_review_items(conn, new_id);
    return {new_id, stored["version"].get<std::int64_t>(), std::move(body)};
}

http::response next_meeting(http::context& c)
{
    auto id = c.id();
    static const http::schema s{{{.name = "starts_at", .type = http::field_type::instant},
                                 {.name = "ends_at", .type = http::field_type::instant},
                                 {.name = "title", .type = http::field_type::text, .nullable = false,
                                  .max_length = domain::meeting_title_max}},
                                {}};
    auto req = http::merge_for_create(c.req.body().empty() ? json::object() : http::body_object(c), s);
    return create_once(c, [&](store::connection& conn) {
        auto planned = plan_next_meeting(conn, actor_of(c), id, req);
        return resource_response(201, planned.body, planned.id, planned.version)
            .header("Location", "/api/v1/meetings/" + std::to_string(planned.id));
    });
}

http::response list_review_items(http::context& c)
{
    auto id = c.id();
    auto items = c.env.db.read([&](store::connection& conn) {
        store::load_meeting_row(conn, id);
        return render_review_items(conn, id);
    });
    return http::json_response(200, http::list_body(std::move(items), std::nullopt));
}

} // namespace sanaksme::api
