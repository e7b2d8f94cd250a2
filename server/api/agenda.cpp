// /api/v1/meetings/{id}/agenda, /api/v1/meetings/{id}/agenda/order, /api/v1/agenda/{item_id}
#include "api/common.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "domain/agenda.hpp"
#include "domain/time.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"

namespace sanaksme::api {

namespace {

const http::schema item_schema{
    {
        {.name = "position", .type = http::field_type::integer, .min = 1, .max = 10000},
        {.name = "title", .type = http::field_type::text, .required = true, .nullable = false,
         .max_length = domain::agenda_title_max},
        {.name = "description", .type = http::field_type::long_text, .max_length = 10000},
        {.name = "kind", .type = http::field_type::choice, .nullable = false, .default_value = "presentation",
         .choices = {domain::agenda_item_kinds.begin(), domain::agenda_item_kinds.end()}},
        {.name = "presenter_person_id", .type = http::field_type::integer, .min = 1},
        {.name = "presenter_name", .type = http::field_type::text, .max_length = domain::presenter_name_max},
        {.name = "presenter_organization_id", .type = http::field_type::integer, .min = 1},
        {.name = "duration_minutes", .type = http::field_type::integer, .nullable = false, .default_value = 0,
         .min = 0, .max = domain::item_minutes_max},
        {.name = "standing", .type = http::field_type::boolean, .nullable = false, .default_value = false},
    },
    {"id", "meeting_id", "planned_start", "planned_end", "presenter", "version", "created_at", "updated_at"}};

// The agenda of a meeting as the API shows it, with planned times from the meeting start.
json render_agenda(store::connection& conn, const json& meeting_row)
{
    auto rows = store::agenda_rows(conn, meeting_row["id"].get<std::int64_t>());
    std::vector<int> durations;
    for (const auto& r : rows)
        durations.push_back(r["duration_minutes"].get<int>());
    auto starts = domain::planned_starts(meeting_row["starts_at"].get<std::int64_t>(), durations);
    const auto* zone = domain::find_zone(meeting_row["timezone"].get<std::string>());
    json items = json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        json item = rows[i];
        item["planned_start"] = domain::format_rfc3339(starts[i], zone);
        item["planned_end"] = domain::format_rfc3339(starts[i] + durations[i] * 60, zone);
        item["presenter"] = (item["presenter_name"].is_null() && item["person_name"].is_null() &&
                             item["organization_name"].is_null())
                                ? json()
                                : json{{"name", item["presenter_name"].is_null() ? item["person_name"] : item["presenter_name"]},
                                       {"organization", item["organization_name"]}};
        item.erase("person_name");
        item.erase("organization_name");
        item["standing"] = item["standing"].get<std::int64_t>() != 0;
        item["created_at"] = domain::format_rfc3339_utc(item["created_at"].get<std::int64_t>());
        item["updated_at"] = domain::format_rfc3339_utc(item["updated_at"].get<std::int64_t>());
        items.push_back(std::move(item));
    }
    return items;
}

// The agenda must fit the meeting (domain::require_agenda_fits): 422, the transaction rolls back.
void check_fits(store::connection& conn, const json& meeting_row)
{
    if (!meeting_row["ends_at"].is_number_integer())
        return;
    domain::require_agenda_fits(meeting_row["starts_at"].get<std::int64_t>(), meeting_row["ends_at"].get<std::int64_t>(),
                                store::planned_agenda_minutes(conn, meeting_row["id"].get<std::int64_t>()),
                                domain::find_zone(meeting_row["timezone"].get<std::string>()));
}

std::pair<json, std::int64_t> one_item(store::connection& conn, std::int64_t item_id)
{
    auto row = store::find_agenda_row(conn, item_id);
    if (!row)
        throw http::not_found("No agenda item has the id " + std::to_string(item_id) + ".");
    auto meeting = store::load_meeting_row(conn, (*row)["meeting_id"].get<std::int64_t>());
    for (auto& item : render_agenda(conn, meeting))
        if (item["id"] == item_id) {
            auto version = item["version"].get<std::int64_t>();
            item.erase("version");
            return {item, version};
        }
    throw http::not_found("No agenda item has the id " + std::to_string(item_id) + ".");
}

void check_presenter(store::connection& conn, const json& item)
{
    std::vector<http::field_error> errors;
    if (item["presenter_person_id"].is_number_integer() &&
        !store::find_person(conn, item["presenter_person_id"].get<std::int64_t>()))
        errors.push_back({"presenter_person_id", "is not a known person"});
    if (item["presenter_organization_id"].is_number_integer() &&
        !store::find_organization(conn, item["presenter_organization_id"].get<std::int64_t>()))
        errors.push_back({"presenter_organization_id", "is not a known organization"});
    http::throw_if_any(errors);
}

// Writes positions 1..n in the given order, touching only items whose position changes.
void renumber(store::connection& conn, const std::vector<std::int64_t>& ids, const json& current)
{
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto want = static_cast<std::int64_t>(i + 1);
        for (const auto& item : current)
            if (item["id"] == ids[i] && item["position"] != want)
                store::set_agenda_position(conn, ids[i], want);
    }
}

std::vector<std::int64_t> ids_of(const json& items)
{
    std::vector<std::int64_t> ids;
    for (const auto& i : items)
        ids.push_back(i["id"].get<std::int64_t>());
    return ids;
}

} // namespace

http::response list_agenda(http::context& c)
{
    auto id = c.id();
    auto items = c.env.db.read([&](store::connection& conn) { return render_agenda(conn, store::load_meeting_row(conn, id)); });
    for (auto& i : items)
        i.erase("version");
    return http::json_response(200, http::list_body(std::move(items), std::nullopt));
}

http::response create_agenda_item(http::context& c)
{
    auto meeting_id = c.id();
    auto item = http::merge_for_create(http::body_object(c), item_schema);
    return create_once(c, [&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, meeting_id);
        check_presenter(conn, item);
        auto current = store::agenda_rows(conn, meeting_id);
        domain::require_room_for_item(current.size());
        auto n = static_cast<std::int64_t>(current.size());
        auto position = item["position"].is_null() ? n + 1 : std::min(item["position"].get<std::int64_t>(), n + 1);
        json row = item;
        row["meeting_id"] = meeting_id;
        row["position"] = n + 1;
        auto id = store::insert_agenda_item(conn, row);
        auto order = ids_of(current);
        order.insert(order.begin() + (position - 1), id);
        current.push_back({{"id", id}, {"position", n + 1}});
        renumber(conn, order, current);
        check_fits(conn, meeting);
        auto [created, version] = one_item(conn, id);
        store::audit(conn, actor_of(c), "create", "agenda_item", id, nullptr, created);
        return resource_response(201, created, id, version).header("Location", "/api/v1/agenda/" + std::to_string(id));
    });
}

http::response get_agenda_item(http::context& c)
{
    auto id = c.id("item_id");
    auto [item, version] = c.env.db.read([&](store::connection& conn) { return one_item(conn, id); });
    return resource_response(200, item, id, version);
}

http::response patch_agenda_item(http::context& c)
{
    auto id = c.id("item_id");
    auto body = http::body_object(c);
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = one_item(conn, id);
        http::check_if_match(c, http::etag(id, version));
        auto merged = http::merge_for_patch(http::project(before, item_schema), body, item_schema);
        check_presenter(conn, merged);
        store::update_agenda_item(conn, id, merged);
        if (body.contains("position") && !body["position"].is_null()) {
            auto current = store::agenda_rows(conn, before["meeting_id"].get<std::int64_t>());
            auto order = ids_of(current);
            order.erase(std::find(order.begin(), order.end(), id));
            auto pos = std::min<std::int64_t>(body["position"].get<std::int64_t>(), order.size() + 1);
            order.insert(order.begin() + (pos - 1), id);
            renumber(conn, order, current);
        }
        check_fits(conn, store::load_meeting_row(conn, before["meeting_id"].get<std::int64_t>()));
        auto [after, new_version] = one_item(conn, id);
        store::audit(conn, actor_of(c), "update", "agenda_item", id, before, after);
        return resource_response(200, after, id, new_version);
    });
}

http::response delete_agenda_item(http::context& c)
{
    auto id = c.id("item_id");
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = one_item(conn, id);
        http::check_if_match(c, http::etag(id, version));
        store::delete_agenda_item(conn, id);
        auto current = store::agenda_rows(conn, before["meeting_id"].get<std::int64_t>());
        renumber(conn, ids_of(current), current);
        store::audit(conn, actor_of(c), "delete", "agenda_item", id, before, nullptr);
        return http::no_content();
    });
}

http::response reorder_agenda(http::context& c)
{
    auto meeting_id = c.id();
    auto body = http::body_object(c);
    http::schema s{{{.name = "item_ids", .type = http::field_type::id_list, .required = true, .nullable = false}}, {}};
    auto req = http::merge_for_create(body, s);
    return c.env.db.write([&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, meeting_id);
        auto current = store::agenda_rows(conn, meeting_id);
        auto want = req["item_ids"].get<std::vector<std::int64_t>>();
        auto have = ids_of(current);
        auto sorted_want = want, sorted_have = have;
        std::sort(sorted_want.begin(), sorted_want.end());
        std::sort(sorted_have.begin(), sorted_have.end());
        if (sorted_want != sorted_have)
            throw http::unprocessable_field("item_ids", "must list every agenda item of this meeting exactly once");
        renumber(conn, want, current);
        auto items = render_agenda(conn, meeting);
        store::audit(conn, actor_of(c), "reorder", "agenda", meeting_id, json(have), json(want));
        for (auto& i : items)
            i.erase("version");
        return http::json_response(200, http::list_body(std::move(items), std::nullopt));
    });
}

} // namespace sanaksme::api
