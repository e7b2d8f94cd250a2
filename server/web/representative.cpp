// The representative's start page (/ for a member account): the organization's upcoming
// meetings with an answer per invited person (POST /meetings/{id}/answers, the API's RSVP rules:
// invitation, deadline, capacity), with a reason (a "no" with one is an apology) or a substitute
// (POST /meetings/{id}/substitutes, store::record_substitute as PUT …/rsvps/{person_id} does);
// past meetings with their approved minutes (GET /minutes?meeting=ID&format=pdf, approved only);
// the papers of both that members may read (public and members', /meetings/{id}/papers?paper=N);
// and its people with their contact data, language and consent.
#include "api/handlers.hpp"
#include "handler_env.hpp"
#include "api/common.hpp"
#include "auth/principal.hpp"
#include "domain/caller.hpp"
#include "domain/dates.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "render/templates.hpp"
#include "store/answers.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"
#include "store/web_dashboard.hpp"
#include "store/web_people.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/meeting_facts.hpp"
#include "web/person_form.hpp"
#include "web/routes.hpp"

#include <array>

namespace sanaksme::web {

namespace {

constexpr int shown_meetings = 5;
constexpr int shown_people = 200;
constexpr int shown_past = 10;
constexpr std::size_t note_max = 2000; // as PUT …/rsvps/{person_id} allows
constexpr std::array<std::string_view, 5> minutes_formats{"pdf", "docx", "html", "md", "txt"};

json answer_choices(std::string_view lang, const json& current)
{
    json out = json::array();
    for (const char* r : {"yes", "no", "maybe"})
        out.push_back({{"value", r}, {"label", tr(lang, r)}, {"selected", current == r}});
    return out;
}

std::int64_t chosen_person(const http::context& c, const reader& r)
{
    auto id = id_named(form_value(c, "person_id"));
    if (!id)
        throw domain::invalid(tr(r.lang, "Choose a person."));
    return *id;
}

// The reason typed with an answer: none when empty.
std::optional<std::string> reason_of(const http::context& c, const reader& r)
{
    auto note = trimmed(form_value(c, "note").value_or(""));
    if (note.size() > note_max)
        throw domain::invalid(tr(r.lang, "The reason is at most 2000 characters."));
    return note.empty() ? std::nullopt : std::optional(note);
}

// The answer's facts when the reader answers for this person (their own organization's, or the coordinator).
store::answer_facts facts_for(store::connection& conn, const reader& r, std::int64_t meeting_id, std::int64_t person_id)
{
    auto facts = store::load_answer_facts(conn, meeting_id, person_id);
    if (!domain::acts_for(caller_of(r), facts.person.organization_id))
        throw domain::forbidden(tr(r.lang, "You answer for your own organization's people only."));
    return facts;
}

} // namespace

http::response representative_home(http::context& c, reader& r)
{
    auto org = *r.account->organization_id;
    json data = {{"title", r.account->organization_name}, {"organization", r.account->organization_name},
                 {"name", r.account->name}, {"saved", c.query_value("saved").has_value()}};
    c.env.db.read([&](store::connection& conn) {
        json meetings = json::array();
        for (const auto& row : store::upcoming_meetings_of(conn, org, domain::now() - 24 * 3600, shown_meetings)) {
            auto id = row["id"].get<std::int64_t>();
            auto m = *store::find_meeting_row(conn, id);
            json block = meeting_block(r.lang, m);
            if (m["rsvp_deadline"].is_number_integer())
                block["deadline"] = domain::long_date_time(r.lang, m["rsvp_deadline"].get<std::int64_t>(),
                                                           domain::find_zone(m["timezone"].get<std::string>()));
            json people = json::array();
            for (const auto& p : store::organization_answers(conn, id, org)) {
                // A yes past capacity waits in line: it says where, and "yes" stays chosen.
                bool waiting = p["waitlist_position"].is_number_integer();
                auto response = waiting ? json("yes") : p["response"];
                people.push_back({{"id", p["person_id"]}, {"name", p["name"]}, {"note", p["note"]},
                                  {"answer", waiting ? say(r.lang, "on the waiting list, position {{n}}", {{"n", p["waitlist_position"]}})
                                             : response.is_string() ? tr(r.lang, response.get<std::string>().c_str())
                                                                    : tr(r.lang, "no answer")},
                                  {"answered", response.is_string()}, {"choices", answer_choices(r.lang, response)}});
            }
            block["people"] = people;
            block["action"] = "/meetings/" + std::to_string(id) + "/answers";
            block["substitute_action"] = "/meetings/" + std::to_string(id) + "/substitutes";
            block["papers"] = readable_papers_data(conn, id, caller_of(r));
            block["has_papers"] = !block["papers"].empty();
            meetings.push_back(block);
        }
        data["meetings"] = meetings;
        data["no_meetings"] = meetings.empty();
        json past = json::array();
        for (const auto& row : store::approved_minutes_of(conn, org, domain::now(), shown_past)) {
            auto id = std::to_string(row["id"].get<std::int64_t>());
            json block = meeting_block(r.lang, *store::find_meeting_row(conn, row["id"].get<std::int64_t>()));
            json files = json::array();
            for (auto [format, label] : {std::pair{"pdf", "PDF"}, {"docx", "Word (DOCX)"}, {"html", "HTML"}})
                files.push_back({{"label", label}, {"href", "/minutes?meeting=" + id + "&format=" + format}});
            block["files"] = files;
            block["papers"] = readable_papers_data(conn, row["id"].get<std::int64_t>(), caller_of(r));
            block["has_papers"] = !block["papers"].empty();
            past.push_back(block);
        }
        data["past"] = past;
        data["no_past"] = past.empty();
        json people = json::array();
        for (const auto& p : store::list_people(conn, org, 0, shown_people))
            if (!p["erased"].get<bool>())
                people.push_back({{"name", p["name"]}, {"email", p["email"]}, {"email_bounced", p["email_bounced"]}, {"language", p["language"]},
                                  {"consent", tr(r.lang, p["email_consent"].get<bool>() ? "yes" : "no")}});
        data["people"] = people;
    });
    return html(200, c, r, "representative", data);
}

http::response answer_for_person(http::context& c, reader& r)
{
    auto meeting_id = c.id();
    auto response = domain::parse_rsvp_response(form_value(c, "response").value_or(""));
    if (!response)
        throw domain::invalid(tr(r.lang, "Choose yes, no or maybe."));
    auto person_id = chosen_person(c, r);
    auto note = reason_of(c, r);
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto result = store::record_rsvp(conn, who, facts_for(conn, r, meeting_id, person_id), *response, note);
        api::tell_promoted(c, conn, meeting_id, result.promoted);
    });
    return see_other("/?saved=1");
}

// The invitee cannot come: the substitute named becomes a person of the organization answering
// yes, and the invitee answers no, as PUT /api/v1/meetings/{id}/rsvps/{person_id} with `substitute`.
http::response substitute_for_person(http::context& c, reader& r)
{
    auto meeting_id = c.id();
    auto person_id = chosen_person(c, r);
    auto substitute = person_form_or_refusal(c, r.lang);
    auto note = reason_of(c, r);
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto facts = facts_for(conn, r, meeting_id, person_id);
        // Naming a substitute creates a person: the organization's editors only (not organizers).
        if (caller_of(r).role == domain::caller_role::organizer)
            throw domain::forbidden(tr(r.lang, "Organizers read people; the coordinator or the organization itself edits them."));
        domain::require_organization_editor(caller_of(r), facts.person.organization_id);
        auto lang = store::load_meeting_row(conn, meeting_id)["language"].get<std::string>();
        if (!note)
            note = render::render_line(lang, "substitute_note.txt", {{"name", substitute["name"]}});
        store::record_substitute(conn, who, facts, domain::rsvp_response::yes, substitute, note,
                                 render::render_line(lang, "substitute_for.txt", {{"name", facts.person.name}}));
    });
    return see_other("/?saved=1");
}

// Approved minutes only: a draft or circulated text is the organizers' until it is approved.
http::response approved_minutes_download(http::context& c, reader& r)
{
    if (!c.query_value("meeting"))
        return see_other("/"); // the list of past meetings is the start page
    auto meeting_id = id_named(c.query_value("meeting"));
    auto format = c.query_value("format").value_or("pdf");
    if (!meeting_id || std::find(minutes_formats.begin(), minutes_formats.end(), format) == minutes_formats.end())
        throw domain::not_found(tr(r.lang, "There are no such minutes."));
    if (!c.env.db.read([&](store::connection& conn) { return store::minutes_approved(conn, *meeting_id); }))
        throw domain::not_found(tr(r.lang, "The minutes of this meeting are not approved yet."));
    // The export of the organizers' download (api::minutes_export), of the approved snapshot.
    c.path = "/meetings/" + std::to_string(*meeting_id) + "/minutes." + format;
    c.params = {{"id", std::to_string(*meeting_id)}};
    return api::minutes_export(c);
}

} // namespace sanaksme::web
