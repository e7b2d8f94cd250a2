// /api/v1/meetings/{id}/decisions, /api/v1/decisions/{id}, /decisions/{id}/votes/{organization_id},
// /decisions/{id}/close, /api/v1/decisions (the register) and /decisions.csv: parse, authorize,
// and run api/decision_ops in one write.
#include "api/common.hpp"
#include "api/decision_ops.hpp"
#include "api/handlers.hpp"
#include "api/minutes_view.hpp"
#include "api/paging.hpp"
#include "domain/decision.hpp"
#include "render/csv.hpp"
#include "store/decisions.hpp"
#include "store/meetings.hpp"

#include <limits>
#include <span>

namespace sanaksme::api {

namespace {

std::vector<std::string_view> names_of(std::span<const std::string_view> names) { return {names.begin(), names.end()}; }

const http::schema decision_schema{
    {
        {.name = "agenda_item_id", .type = http::field_type::integer, .required = true, .nullable = false, .min = 1},
        {.name = "text", .type = http::field_type::long_text, .required = true, .nullable = false,
         .max_length = domain::decision_text_max},
        {.name = "rule", .type = http::field_type::choice, .nullable = false, .default_value = "consensus",
         .choices = names_of(domain::decision_rule_names)},
        {.name = "state", .type = http::field_type::choice, .nullable = false, .default_value = "open",
         .choices = names_of(domain::follow_up_state_names)},
    },
    {"id", "meeting_id", "meeting_title", "meeting_starts_at", "agenda_item_title", "status", "votes", "result",
     "closed_at", "created_at", "updated_at"}};

const http::schema vote_schema{
    {{.name = "vote", .type = http::field_type::choice, .required = true, .nullable = false,
      .choices = names_of(domain::vote_choice_names)}},
    {}};

decision_input input_of(const json& merged)
{
    return {merged["agenda_item_id"].get<std::int64_t>(), merged["text"].get<std::string>(), merged["rule"].get<std::string>()};
}

http::response current(store::connection& conn, std::int64_t id, unsigned status = 200)
{
    auto [body, version] = decision_view(conn, id);
    return resource_response(status, body, id, version);
}

struct register_page {
    json rows;
    std::optional<json> next;
};

register_page read_register(http::context& c, store::connection& conn, int limit_override = 0)
{
    auto p = http::parse_page(c);
    store::decision_filter f{http::query_instant(c, "from"), http::query_instant(c, "to"),
                             http::query_choice(c, "state", domain::follow_up_state_names), std::nullopt};
    auto [after_start, after] = after_start_and_id(p);
    auto limit = limit_override ? limit_override : p.limit;
    register_page out{store::list_decision_rows(conn, f, after_start, after, limit + 1), std::nullopt};
    if (static_cast<int>(out.rows.size()) > limit) {
        out.rows.erase(out.rows.end() - 1);
        out.next = json::array({out.rows.back()["meeting_starts_at"], out.rows.back()["id"]});
    }
    return out;
}

std::string cell(const json& v)
{
    if (v.is_null())
        return "";
    return v.is_string() ? v.get<std::string>() : v.dump();
}

} // namespace

http::response list_meeting_decisions(http::context& c)
{
    auto id = c.id();
    auto items = c.env.db.read([&](store::connection& conn) {
        store::load_meeting_row(conn, id);
        return meeting_decisions(conn, id);
    });
    return http::json_response(200, http::list_body(std::move(items), std::nullopt));
}

http::response create_decision(http::context& c)
{
    auto meeting_id = c.id();
    auto body = http::body_object(c);
    if (body.contains("state"))
        throw http::unprocessable_field("state", "the follow-up begins once the vote is closed (PATCH the decision then)");
    auto merged = http::merge_for_create(body, decision_schema);
    return create_once(c, [&](store::connection& conn) {
        auto id = add_decision(conn, actor_of(c), meeting_id, input_of(merged));
        return current(conn, id, 201).header("Location", "/api/v1/decisions/" + std::to_string(id));
    });
}

http::response get_decision(http::context& c)
{
    auto id = c.id();
    return c.env.db.read([&](store::connection& conn) { return current(conn, id); });
}

http::response patch_decision(http::context& c)
{
    auto id = c.id();
    auto body = http::body_object(c);
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = decision_view(conn, id);
        http::check_if_match(c, http::etag(id, version));
        auto merged = http::merge_for_patch(http::project(before, decision_schema), body, decision_schema);
        bool edits = body.contains("agenda_item_id") || body.contains("text") || body.contains("rule");
        if (edits)
            edit_decision(conn, actor_of(c), id, input_of(merged));
        if (body.contains("state"))
            set_follow_up(conn, actor_of(c), id, merged["state"].get<std::string>());
        return current(conn, id);
    });
}

http::response put_decision_vote(http::context& c)
{
    auto id = c.id();
    auto organization_id = c.id("organization_id");
    auto vote = http::merge_for_create(http::body_object(c), vote_schema)["vote"].get<std::string>();
    auto caller = caller_of(c.user());
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = decision_view(conn, id);
        if (!caller.at_least(domain::caller_role::organizer))
            domain::require_own_organization(caller, organization_id);
        http::check_if_match(c, http::etag(id, version));
        cast_vote(conn, caller, actor_of(c), id, organization_id, vote);
        return current(conn, id);
    });
}

http::response close_decision(http::context& c)
{
    auto id = c.id();
    // No body, or an empty object: the close takes nothing from the client.
    if (!c.req.body().empty() && !http::body_object(c).empty())
        throw http::unprocessable_field("body", "the close takes no fields: send no body or {}");
    return c.env.db.write([&](store::connection& conn) {
        auto [before, version] = decision_view(conn, id);
        http::check_if_match(c, http::etag(id, version));
        commit_close(conn, actor_of(c), id);
        return current(conn, id);
    });
}

http::response list_decisions(http::context& c)
{
    return c.env.db.read([&](store::connection& conn) {
        auto page = read_register(c, conn);
        json items = json::array();
        for (const auto& row : page.rows)
            items.push_back(decision_json(conn, row));
        return http::json_response(200, http::list_body(std::move(items), page.next));
    });
}

http::response decisions_csv(http::context& c)
{
    std::string out(render::utf8_bom);
    out += render::csv_row({"id", "meeting_id", "meeting_title", "meeting_starts_at", "agenda_item", "text", "rule",
                            "status", "outcome", "for", "against", "abstained", "present", "members", "quorum", "state"});
    c.env.db.read([&](store::connection& conn) {
        // The whole register in one sheet: no cursor, at most the largest page times ten.
        for (const auto& row : read_register(c, conn, 5000).rows) {
            auto d = decision_json(conn, row);
            const auto& r = d["result"];
            auto figure = [&](const char* key) { return r.is_object() ? cell(r[key]) : std::string(); };
            out += render::csv_row({cell(d["id"]), cell(d["meeting_id"]), cell(d["meeting_title"]), cell(d["meeting_starts_at"]),
                                    cell(d["agenda_item_title"]), cell(d["text"]), cell(d["rule"]), cell(d["status"]),
                                    figure("outcome"), figure("for"), figure("against"), figure("abstained"),
                                    figure("present"), figure("members"), figure("quorum"), cell(d["state"])});
        }
        return 0;
    });
    return export_response("text/csv; charset=utf-8; header=present", std::move(out), "decisions.csv");
}

} // namespace sanaksme::api
