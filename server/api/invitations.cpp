// /api/v1/meetings/{id}/invitations, /rsvps and /rsvps/{person_id}: who is invited, and their answers.
#include "api/common.hpp"
#include "api/invitations.hpp"
#include "api/handlers.hpp"
#include "api/meeting_view.hpp"
#include "api/paging.hpp"
#include "domain/meeting.hpp"
#include "domain/rsvp.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "render/templates.hpp"
#include "store/answers.hpp"
#include "store/meetings.hpp"

namespace sanaksme::api {

namespace {

std::string local(const json& meeting_row, const json& t)
{
    return domain::format_rfc3339(t.get<std::int64_t>(), domain::find_zone(meeting_row["timezone"].get<std::string>()));
}

json rsvp_json(const json& meeting_row, const json& row)
{
    json r = row;
    r["responded_at"] = local(meeting_row, row["responded_at"]);
    return r;
}

const http::schema rsvp_schema{
    {
        {.name = "response", .type = http::field_type::choice, .required = true, .nullable = false,
         .choices = {domain::rsvp_response_names.begin(), domain::rsvp_response_names.end()}},
        {.name = "note", .type = http::field_type::long_text, .max_length = 2000},
        {.name = "substitute", .type = http::field_type::object, .nested = nullptr},
    },
    {"meeting_id", "person_id", "responded_at"}};

const http::schema& rsvp_schema_with_substitute()
{
    static const http::schema s = [] {
        auto copy = rsvp_schema;
        copy.fields[2].nested = &person_fields();
        return copy;
    }();
    return s;
}

std::optional<std::string> optional_text(const json& j)
{
    return j.is_string() ? std::optional<std::string>(j.get<std::string>()) : std::nullopt;
}

} // namespace

http::response list_invitations(http::context& c)
{
    auto meeting_id = c.id();
    auto p = http::parse_page(c);
    auto [meeting, rows] = c.env.db.read([&](store::connection& conn) {
        auto m = store::load_meeting_row(conn, meeting_id);
        return std::pair{m, store::invitation_page(conn, meeting_id, after_id(p), p.limit + 1)};
    });
    json items = json::array();
    for (auto r : rows) {
        r["invited_at"] = local(meeting, r["invited_at"]);
        if (r["responded_at"].is_number_integer())
            r["responded_at"] = local(meeting, r["responded_at"]);
        r["checked_in"] = r["checked_in"].get<std::int64_t>() != 0;
        if (!sees_personal_data_of(c, r["organization_id"].get<std::int64_t>()))
            r["note"] = nullptr; // who is coming, not why
        items.push_back(std::move(r));
    }
    return http::json_response(200, finish_page(std::move(items), p.limit,
                                                [](const json& i) { return json::array({i["person_id"]}); }));
}

json record_invitations(store::connection& conn, const store::actor& who, std::int64_t meeting_id, const json& request)
{
    auto meeting = store::load_meeting_row(conn, meeting_id);
    domain::require_invitations_open(domain::stored_meeting_status(meeting["status"].get_ref<const std::string&>()));
    auto list = [&request](const char* name) { // absent from the web's {}, null when not sent to the API
        auto it = request.find(name);
        return it != request.end() && it->is_array() ? *it : json::array();
    };
    const json org_ids = list("organization_ids"), person_ids = list("person_ids");
    json people = json::array();
    std::vector<http::field_error> errors;
    bool explicit_list = request.value("organization_ids", json()).is_array() || request.value("person_ids", json()).is_array();
    if (!explicit_list)
        people = store::default_invitees(conn);
    std::vector<std::int64_t> orgs;
    for (const auto& id : org_ids) {
        auto oid = id.get<std::int64_t>();
        if (!store::find_organization(conn, oid)) {
            errors.push_back({"organization_ids", "holds " + std::to_string(oid) + ", not a known organization"});
            continue;
        }
        orgs.push_back(oid);
        for (auto& p : store::people_of_organization(conn, oid))
            people.push_back(p);
    }
    for (const auto& id : person_ids) {
        auto person = store::find_person(conn, id.get<std::int64_t>());
        if (!person || (*person)["erased"].get<bool>()) {
            errors.push_back({"person_ids", "holds " + std::to_string(id.get<std::int64_t>()) + ", not a known person"});
            continue;
        }
        people.push_back({{"person_id", (*person)["id"]}, {"organization_id", (*person)["organization_id"]}});
    }
    http::throw_if_any(errors); // the transaction rolls back: nothing is invited
    if (!explicit_list)
        for (auto oid : store::active_member_organizations(conn))
            orgs.push_back(oid);
    for (auto oid : orgs)
        store::invite_organization(conn, meeting_id, oid);
    std::int64_t added = 0;
    for (const auto& p : people)
        added += store::invite_person(conn, meeting_id, p["person_id"].get<std::int64_t>(),
                                      p["organization_id"].get<std::int64_t>());
    json result = {{"invited", added}, {"already_invited", static_cast<std::int64_t>(people.size()) - added},
                   {"organizations", orgs.size()}};
    store::audit(conn, who, "invite", "meeting", meeting_id, nullptr, {{"request", request}, {"result", result}});
    return result;
}

http::reply create_invitations(http::context& c)
{
    auto meeting_id = c.id();
    http::schema s{{{.name = "organization_ids", .type = http::field_type::id_list},
                    {.name = "person_ids", .type = http::field_type::id_list}},
                   {}};
    auto req = http::merge_for_create(c.req.body().empty() ? json::object() : http::body_object(c), s);
    return http::deferred([&c, meeting_id, req = std::move(req)](store::connection& conn) {
        auto result = record_invitations(conn, actor_of(c), meeting_id, req);
        return http::json_response(result["invited"].get<std::int64_t>() > 0 ? 201 : 200, result);
    });
}

http::response list_rsvps(http::context& c)
{
    auto meeting_id = c.id();
    auto p = http::parse_page(c);
    auto body = c.env.db.read([&](store::connection& conn) {
        auto meeting = store::load_meeting_row(conn, meeting_id);
        json items = json::array();
        for (const auto& r : store::rsvp_page(conn, meeting_id, after_id(p), p.limit + 1)) {
            items.push_back(rsvp_json(meeting, r));
            if (!sees_personal_data_of(c, r["organization_id"].get<std::int64_t>()))
                items.back()["note"] = nullptr; // who is coming, not why
        }
        auto out = finish_page(std::move(items), p.limit, [](const json& i) { return json::array({i["person_id"]}); });
        out["counts"] = store::rsvp_counts(conn, meeting_id);
        if (meeting["capacity"].is_number_integer())
            out["capacity"] = meeting["capacity"];
        out["waitlist"] = json::array();
        for (auto w : store::waitlist_rows(conn, meeting_id)) {
            w["joined_at"] = local(meeting, w["joined_at"]);
            out["waitlist"].push_back(std::move(w));
        }
        return out;
    });
    return http::json_response(200, body);
}

http::reply put_rsvp(http::context& c)
{
    auto meeting_id = c.id(), person_id = c.id("person_id");
    auto body = http::body_object(c);
    auto req = http::merge_for_create(body, rsvp_schema_with_substitute());
    return http::deferred([&c, meeting_id, person_id, req = std::move(req)](store::connection& conn) {
        auto f = store::load_answer_facts(conn, meeting_id, person_id);
        require_own_organization(c, f.person.organization_id);
        auto response = *domain::parse_rsvp_response(req["response"].get_ref<const std::string&>());
        if (!req["substitute"].is_object()) {
            auto result = store::record_rsvp(conn, actor_of(c), f, response, optional_text(req["note"]));
            tell_promoted(c, conn, meeting_id, result.promoted);
            return http::text_response(result.created ? 201 : 200, std::string(http::json_type), std::move(result.body));
        }
        // The invitee cannot come and names who comes instead: a new representative of the
        // same organization, invited and answering 'yes' (or the given answer) at once.
        const auto& person = f.person;
        require_organization_editor(c, person.organization_id);
        domain::require_answers_open(domain::stored_meeting_status(f.meeting.status)); // before the fields, as always
        json sub = http::merge_for_create(req["substitute"], http::schema{person_fields(), {}});
        check_person(sub);
        // Each note goes to its own person, in the meeting's language: the invitee keeps the note
        // they sent (or one naming who comes instead), the substitute's names whom they replace.
        auto lang = store::load_meeting_row(conn, meeting_id)["language"].get<std::string>();
        auto own_note = optional_text(req["note"]);
        if (!own_note)
            own_note = render::render_line(lang, "substitute_note.txt", {{"name", sub["name"]}});
        auto done = store::record_substitute(conn, actor_of(c), f, response, sub, own_note,
                                             render::render_line(lang, "substitute_for.txt", {{"name", person.name}}));
        const auto* zone = domain::find_zone(f.meeting.timezone);
        auto own = store::rsvp_json(zone, done.own);
        auto sub_answer = store::rsvp_json(zone, done.substitute);
        json out = own;
        out["substitute"] = sub_answer;
        return http::json_response(200, out);
    });
}

http::reply delete_rsvp(http::context& c)
{
    auto meeting_id = c.id(), person_id = c.id("person_id");
    return http::deferred([&c, meeting_id, person_id](store::connection& conn) {
        auto f = store::load_answer_facts(conn, meeting_id, person_id);
        require_own_organization(c, f.person.organization_id);
        tell_promoted(c, conn, meeting_id, store::withdraw_rsvp(conn, actor_of(c), f));
        return http::no_content();
    });
}

} // namespace sanaksme::api
