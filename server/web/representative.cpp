// The representative's start page (/ for a member account): the organization's upcoming
// meetings with an answer per invited person (POST /meetings/{id}/answers, the API's RSVP rules:
// invitation, deadline, capacity), and its people with their contact data, language and consent.
#include "handler_env.hpp"
#include "api/common.hpp"
#include "auth/principal.hpp"
#include "domain/caller.hpp"
#include "domain/dates.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/answers.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"
#include "store/web_dashboard.hpp"
#include "web/i18n.hpp"
#include "web/meeting_facts.hpp"
#include "web/routes.hpp"

namespace sanaksme::web {

namespace {

constexpr int shown_meetings = 5;
constexpr int shown_people = 200;

json answer_choices(std::string_view lang, const json& current)
{
    json out = json::array();
    for (const char* r : {"yes", "no", "maybe"})
        out.push_back({{"value", r}, {"label", tr(lang, r)}, {"selected", current == r}});
    return out;
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
            for (const auto& p : store::organization_answers(conn, id, org))
                people.push_back({{"id", p["person_id"]}, {"name", p["name"]},
                                  {"answer", p["response"].is_string() ? tr(r.lang, p["response"].get<std::string>().c_str())
                                                                       : tr(r.lang, "no answer")},
                                  {"answered", p["response"].is_string()}, {"choices", answer_choices(r.lang, p["response"])}});
            block["people"] = people;
            block["action"] = "/meetings/" + std::to_string(id) + "/answers";
            meetings.push_back(block);
        }
        data["meetings"] = meetings;
        data["no_meetings"] = meetings.empty();
        json people = json::array();
        for (const auto& p : store::list_people(conn, org, 0, shown_people))
            if (!p["erased"].get<bool>())
                people.push_back({{"name", p["name"]}, {"email", p["email"]}, {"language", p["language"]},
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
    std::int64_t person_id = 0;
    try {
        person_id = std::stoll(form_value(c, "person_id").value_or(""));
    } catch (...) {
        throw domain::invalid(tr(r.lang, "Choose a person."));
    }
    store::actor who{std::nullopt, r.account->name + " (web)", r.account->role};
    domain::caller caller{static_cast<domain::caller_role>(auth::role_from(r.account->role).value_or(auth::role::member)),
                          r.account->organization_id, r.account->organization_name, r.account->organization_active};
    c.env.db.write([&](store::connection& conn) {
        auto facts = store::load_answer_facts(conn, meeting_id, person_id);
        // A representative answers for their own organization's people only.
        if (!domain::acts_for(caller, facts.person.organization_id))
            throw domain::forbidden(tr(r.lang, "You answer for your own organization's people only."));
        auto result = store::record_rsvp(conn, who, facts, *response, std::nullopt);
        api::tell_promoted(c, conn, meeting_id, result.promoted);
    });
    return see_other("/?saved=1");
}

} // namespace sanaksme::web
