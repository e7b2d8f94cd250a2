// The minutes body a client sends (PUT /minutes): its shape checked by http::schema, item by item
// for the lists, then the agenda items and the next meeting it names checked against the records.
#include "api/minutes_body.hpp"

#include "http/validate.hpp"
#include "store/meetings.hpp"

#include <set>

namespace sanaksme::api {

namespace {

constexpr std::size_t max_list_items = 500;
constexpr std::size_t max_decisions = 100;
constexpr std::size_t max_decision_length = 5000;

const std::vector<http::field> next_meeting_fields{
    {.name = "meeting_id", .type = http::field_type::integer, .nullable = false},
    {.name = "date", .type = http::field_type::date, .nullable = false},
    {.name = "place", .type = http::field_type::long_text, .max_length = 500},
    {.name = "topic", .type = http::field_type::long_text, .max_length = 2000},
};

// The body's own fields; its lists `items` and `action_items` are checked item by item below.
const http::schema minutes_schema{
    {
        {.name = "summary", .type = http::field_type::long_text, .max_length = 50000},
        {.name = "next_meeting", .type = http::field_type::object, .nested = &next_meeting_fields},
        {.name = "status", .type = http::field_type::choice, .nullable = false, .default_value = "draft",
         .choices = {"draft", "circulated"}},
    },
    {"meeting_id", "version", "approved_by", "approved_at", "updated_at", "attendance", "agenda", "open_action_items",
     "decisions", "decisions_in_follow_up"}};

// One of `items`, without its list of decisions (strings, checked on their own).
const http::schema item_schema{
    {
        {.name = "agenda_item_id", .type = http::field_type::integer, .required = true, .nullable = false},
        {.name = "notes", .type = http::field_type::long_text, .max_length = 50000},
    },
    {}};

const http::schema action_item_schema{
    {
        {.name = "text", .type = http::field_type::long_text, .required = true, .nullable = false, .max_length = 5000},
        {.name = "owner", .type = http::field_type::long_text, .max_length = 300},
        {.name = "due", .type = http::field_type::date},
        {.name = "done", .type = http::field_type::boolean, .nullable = false},
        {.name = "from_meeting_id", .type = http::field_type::integer},
    },
    {}};

const std::vector<std::string_view> list_fields{"items", "action_items"};
const http::field decision_field{.name = "decisions", .type = http::field_type::long_text, .required = true,
                                 .nullable = false, .max_length = max_decision_length};
const http::schema decision_schema{{decision_field}, {}};

// Checks `obj` against `s` (all but the `lists` it names), its errors named under `prefix`.
void check_object(const json& obj, const http::schema& s, const std::vector<std::string_view>& lists, const std::string& prefix,
                  std::vector<http::field_error>& errors)
{
    json own = obj;
    for (auto name : lists)
        own.erase(std::string(name));
    std::vector<http::field_error> found, missing;
    http::check_fields(own, s, found);
    http::check_required(own, s, missing);
    for (auto& e : missing)
        if (!own.contains(e.field)) // a null one is named by check_fields already
            found.push_back(std::move(e));
    for (auto& e : found)
        errors.push_back({prefix + e.field, std::move(e.message)});
}

// `field` must be an array of at most `max` objects; returns whether it is one (then checks each).
bool list_of_objects(const json& req, const std::string& field, std::size_t max, std::vector<http::field_error>& errors)
{
    if (!req.contains(field))
        return false;
    if (!req[field].is_array() || req[field].size() > max) {
        errors.push_back({field, "must be an array of at most " + std::to_string(max) + " items"});
        return false;
    }
    for (std::size_t i = 0; i < req[field].size(); ++i)
        if (!req[field][i].is_object())
            errors.push_back({field + "[" + std::to_string(i) + "]", "must be an object"});
    return true;
}

} // namespace

json empty_minutes_body() { return {{"summary", nullptr}, {"items", json::array()}, {"action_items", json::array()}, {"next_meeting", nullptr}}; }

// The minutes body a client may send: its shape by the schemas, then what only the records can say
// (the agenda items and the next meeting it names).
json checked_minutes_body(store::connection& conn, std::int64_t meeting_id, const json& req)
{
    std::vector<http::field_error> errors;
    check_object(req, minutes_schema, list_fields, "", errors);
    json body = empty_minutes_body();
    if (req.contains("summary"))
        body["summary"] = req["summary"];
    std::set<std::int64_t> agenda_ids;
    for (const auto& row : store::agenda_rows(conn, meeting_id))
        agenda_ids.insert(row["id"].get<std::int64_t>());
    if (list_of_objects(req, "items", max_list_items, errors))
        for (std::size_t i = 0; i < req["items"].size(); ++i) {
            const auto& it = req["items"][i];
            if (!it.is_object())
                continue;
            auto f = "items[" + std::to_string(i) + "]";
            check_object(it, item_schema, {"decisions"}, f + ".", errors);
            const auto& id = it.value("agenda_item_id", json());
            if (id.is_number_integer() && !agenda_ids.count(id.get<std::int64_t>()))
                errors.push_back({f + ".agenda_item_id", "must be an agenda item of this meeting"});
            const auto& d = it.value("decisions", json::array());
            if (!d.is_array() || d.size() > max_decisions)
                errors.push_back({f + ".decisions", "must be an array of at most " + std::to_string(max_decisions) + " strings"});
            else
                for (const auto& s : d)
                    check_object({{"decisions", s}}, decision_schema, {}, f + ".", errors);
            body["items"].push_back({{"agenda_item_id", it.value("agenda_item_id", json())},
                                     {"notes", it.value("notes", json())},
                                     {"decisions", d.is_array() ? d : json::array()}});
        }
    if (list_of_objects(req, "action_items", max_list_items, errors))
        for (std::size_t i = 0; i < req["action_items"].size(); ++i) {
            const auto& a = req["action_items"][i];
            if (!a.is_object())
                continue;
            check_object(a, action_item_schema, {}, "action_items[" + std::to_string(i) + "].", errors);
            body["action_items"].push_back({{"text", a.value("text", json())}, {"owner", a.value("owner", json())},
                                            {"due", a.value("due", json())}, {"done", a.value("done", json(false))},
                                            {"from_meeting_id", a.value("from_meeting_id", json())}});
        }
    const auto& next = req.value("next_meeting", json());
    if (next.is_object()) {
        const auto& id = next.value("meeting_id", json());
        if (id.is_number_integer() && !store::find_meeting_row(conn, id.get<std::int64_t>()))
            errors.push_back({"next_meeting.meeting_id", "is not a known meeting"});
        body["next_meeting"] = next;
    }
    http::throw_if_any(errors);
    return body;
}

} // namespace sanaksme::api
