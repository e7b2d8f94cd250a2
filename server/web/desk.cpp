// The check-in desk of a meeting: search a name (a GET form; the script filters as you type),
// one large button per person (check in, or undo), walk-in guests, and the live counter
// (GET …/desk.json, polled twice a second by the script; a reload shows it without). The rules
// are the API's: domain::judge for an organizer, store::check_in, the same audit entries.
// Substitutes: a person of an absent representative's organization, found by name (or, by the
// coordinator, added), invited and checked in for that organization; undone like anyone.
#include "handler_env.hpp"
#include "domain/attendance_change.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/attendance.hpp"
#include "store/audit.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"
#include "store/web_dashboard.hpp"
#include "store/web_people.hpp"
#include "web/facts_cache.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/meeting_facts.hpp"
#include "web/person_form.hpp"
#include "web/routes.hpp"

#include <boost/url/url.hpp>

#include <limits>
#include <map>

namespace sanaksme::web {

namespace {

constexpr std::size_t max_shown = 300;     // people listed at once; a search narrows the rest
constexpr std::size_t max_name_octets = 200; // as POST /attendance allows

std::string desk_path(std::int64_t meeting_id, const std::string& q)
{
    boost::urls::url u("/meetings/" + std::to_string(meeting_id) + "/desk");
    if (!q.empty())
        u.params().append({"q", q});
    return std::string(u.buffer());
}

json load_meeting(store::connection& conn, std::int64_t id)
{
    auto m = store::find_meeting_row(conn, id);
    if (!m)
        throw domain::not_found("No meeting has the id " + std::to_string(id) + ".");
    return *m;
}

// Why the desk may not change this meeting's attendance now, in the reader's words; "" when it may.
std::string desk_refusal(std::string_view lang, const store::attendance_state& m)
{
    using domain::attendance_verdict;
    if (m.status != "scheduled" && m.status != "held")
        return tr(lang, "Check-in is for scheduled or held meetings.");
    const auto* zone = domain::find_zone(m.timezone);
    auto day = domain::local_date(m.starts_at, zone), today = domain::local_date(domain::now(), zone);
    switch (domain::judge({domain::attendance_editor::organizer, m.status, m.minutes_approved, today == day, false, today < day})) {
    case attendance_verdict::allowed: return "";
    case attendance_verdict::too_early: return tr(lang, "Check-in opens on the meeting day.");
    case attendance_verdict::frozen: return tr(lang, "The minutes of this meeting are approved; its attendance can no longer change.");
    case attendance_verdict::reason_required:
        return tr(lang, "The meeting is held: a correction of its attendance needs a reason, through the API.");
    default: return tr(lang, "The attendance of this meeting cannot change now.");
    }
}

store::attendance_state desk_state(store::connection& conn, std::int64_t meeting_id, std::string_view lang)
{
    auto m = store::find_attendance_state(conn, meeting_id);
    if (!m)
        throw domain::not_found(tr(lang, "There is no such meeting."));
    if (auto why = desk_refusal(lang, *m); !why.empty())
        throw domain::conflict(why);
    return *m;
}

// Checks the person in now, audited as the API's check-in is.
void check_in_now(store::connection& conn, const store::actor& who, const store::attendance_state& m, std::int64_t person_id,
                  std::int64_t organization_id, std::string_view mode = "in_person")
{
    store::check_in(conn, m.id, person_id, organization_id, domain::now(), {mode, "desk"});
    auto row = *store::find_check_in(conn, m.id, person_id);
    row.erase("id");
    row["checked_in_at"] = domain::format_rfc3339(row["checked_in_at"].get<std::int64_t>(), domain::find_zone(m.timezone));
    store::audit(conn, who, "check_in", "meeting", m.id, nullptr, row);
}

// The live counter of desk.json and the desk page: {counter, present (person ids), quorum_met},
// made once per commit for all the desks that poll it.
std::shared_ptr<const json> live_facts(http::context& c, const reader& r, std::int64_t id)
{
    auto lang = std::string(r.lang);
    return cached_facts(c.env.db, "desk-live:" + std::to_string(id) + ":" + lang, false, [id, lang](store::connection& conn) {
        auto facts = attendance_facts(conn, lang, load_meeting(conn, id));
        json present = json::array();
        for (const auto& item : facts["items"])
            if (item["person_id"].is_number_integer())
                present.push_back(item["person_id"]);
        return json{{"counter", facts["counter"]}, {"present", present}, {"quorum_met", facts["summary"]["quorum_met"]}};
    });
}

// Everyone invited, with a folded search key, and the invited organizations by name (whom a
// substitute may stand for); made once per commit.
std::shared_ptr<const json> desk_list(http::context& c, std::int64_t id)
{
    return cached_facts(c.env.db, "desk-people:" + std::to_string(id), false, [id](store::connection& conn) {
        json people = json::array();
        std::map<std::string, std::int64_t> organizations;
        for (auto& p : store::desk_people(conn, id)) {
            auto label = p["name"].is_string() ? p["name"].get<std::string>() : "";
            auto org = p["organization_name"].is_string() ? p["organization_name"].get<std::string>() : "";
            organizations.emplace(org, p["organization_id"].get<std::int64_t>());
            people.push_back({{"id", p["person_id"]}, {"name", label}, {"organization", org},
                              {"in", p["checked_in"].get<std::int64_t>() != 0}, {"key", folded(label + " " + org)}});
        }
        json orgs = json::array();
        for (const auto& [name, org_id] : organizations)
            orgs.push_back({{"id", org_id}, {"name", name}});
        return json{{"people", std::move(people)}, {"organizations", std::move(orgs)}};
    });
}

} // namespace

http::response desk_start(http::context& c, reader& r)
{
    auto m = c.env.db.read([&](store::connection& conn) {
        auto next = store::next_meeting(conn, domain::now() - 24 * 3600);
        return next ? next : store::last_held_meeting(conn);
    });
    if (!m)
        return refusal(404, c, r, tr(r.lang, "No meeting is planned yet."));
    return see_other(desk_path((*m)["id"].get<std::int64_t>(), ""));
}

http::response desk(http::context& c, reader& r)
{
    auto id = c.id();
    auto q = c.query_value("q").value_or("");
    auto key = folded(q);
    json data;
    c.env.db.read([&](store::connection& conn) {
        auto m = load_meeting(conn, id);
        data = {{"title", tr(r.lang, "Check-in desk")}, {"meeting", meeting_block(r.lang, m)},
                {"q", q}, {"live", "/meetings/" + std::to_string(id) + "/desk.json"},
                {"action", "/meetings/" + std::to_string(id) + "/desk"},
                {"guests_action", "/meetings/" + std::to_string(id) + "/desk/guests"}};
        if (auto state = store::find_attendance_state(conn, id))
            data["closed"] = desk_refusal(r.lang, *state);
    });
    data["counter"] = (*live_facts(c, r, id))["counter"];
    auto invited = desk_list(c, id);
    json people = json::array();
    std::size_t matched = 0;
    for (const auto& p : (*invited)["people"]) {
        if (!key.empty() && p["key"].get_ref<const std::string&>().find(key) == std::string::npos)
            continue;
        if (++matched > max_shown)
            continue;
        bool in = p["in"].get<bool>();
        people.push_back({{"id", p["id"]}, {"name", p["name"]}, {"organization", p["organization"]}, {"in", in},
                          {"do", in ? "out" : "in"}});
    }
    data["people"] = std::move(people);
    data["none"] = data["people"].empty();
    data["organizations"] = (*invited)["organizations"];
    data["substitutes_action"] = "/meetings/" + std::to_string(id) + "/desk/substitutes";
    if (matched > max_shown)
        data["more"] = say(r.lang, "{{n}} more: type a few letters of a name to find them.", {{"n", matched - max_shown}});
    data["saved"] = c.query_value("saved").has_value();
    return html(200, c, r, "desk", data);
}

http::response desk_live(http::context& c, reader& r)
{
    auto res = http::json_response(200, *live_facts(c, r, c.id()));
    res.personal = true;
    return res;
}

http::response desk_check_in(http::context& c, reader& r)
{
    auto id = c.id();
    auto person_text = form_value(c, "person_id").value_or("");
    auto action = form_value(c, "do").value_or("in");
    // The desk's "online" box: someone in the call, told to the desk (not by their own link).
    auto mode = form_value(c, "mode").value_or("in_person");
    if (mode != "in_person" && mode != "online")
        throw domain::invalid(tr(r.lang, "Choose in person or online."));
    std::int64_t person_id = 0;
    try {
        person_id = std::stoll(person_text);
    } catch (...) {
        throw domain::invalid(tr(r.lang, "Choose a person."));
    }
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto m = desk_state(conn, id, r.lang);
        auto person = store::find_person_ref(conn, person_id);
        if (!person || person->erased)
            throw domain::not_found(tr(r.lang, "There is no such person."));
        auto existing = store::find_check_in(conn, id, person_id);
        const auto* zone = domain::find_zone(m.timezone);
        if (action == "out") {
            if (!existing)
                return; // undone already, perhaps at another desk
            store::undo_check_in(conn, id, person_id);
            json before = *existing;
            before.erase("id");
            before["checked_in_at"] = domain::format_rfc3339(before["checked_in_at"].get<std::int64_t>(), zone);
            store::audit(conn, who, "check_in_undo", "meeting", id, before, nullptr);
            return;
        }
        if (!existing) // twice changes nothing
            check_in_now(conn, who, m, person_id, person->organization_id, mode);
    });
    return see_other(desk_path(id, form_value(c, "q").value_or("")));
}

http::response desk_walk_in(http::context& c, reader& r)
{
    auto id = c.id();
    auto name = form_value(c, "name").value_or("");
    auto org = form_value(c, "organization_name").value_or("");
    auto blank = name.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank || name.size() > max_name_octets || org.size() > max_name_octets)
        throw domain::invalid(tr(r.lang, "Enter the guest's name (at most 200 characters)."));
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto m = desk_state(conn, id, r.lang);
        auto at = domain::now();
        json org_name = org.empty() ? json() : json(org);
        auto guest = store::add_guest(conn, id, name, org_name, at, "desk");
        json row = {{"guest_id", guest}, {"meeting_id", id}, {"name", name}, {"organization_name", org_name}, {"guest", true},
                    {"checked_in_at", domain::format_rfc3339(at, domain::find_zone(m.timezone))}};
        store::audit(conn, who, "walk_in", "meeting", id, nullptr, row);
    });
    return see_other(desk_path(id, ""));
}

// A substitute for an organization's absent representative: the organization's person of that
// name (folded: case and diacritics aside) or, only where the API lets the reader create people
// (the coordinator), a new one; invited, checked in, counted for the organization.
http::response desk_substitute(http::context& c, reader& r)
{
    auto id = c.id();
    auto org_id = id_named(form_value(c, "organization_id"));
    if (!org_id)
        throw domain::invalid(tr(r.lang, "Choose the organization."));
    auto fields = person_form_or_refusal(c, r.lang);
    auto who = actor_of(r);
    auto caller = caller_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto m = desk_state(conn, id, r.lang);
        if (!store::find_organization(conn, *org_id))
            throw domain::not_found(tr(r.lang, "There is no such organization."));
        std::optional<std::int64_t> person_id;
        auto key = folded(fields["name"].get<std::string>());
        for (const auto& p : store::people_directory(conn, *org_id, std::numeric_limits<int>::max()))
            if (folded(p["name"].get<std::string>()) == key)
                person_id = p["id"].get<std::int64_t>();
        if (!person_id) {
            if (caller.role == domain::caller_role::organizer)
                throw domain::forbidden(tr(r.lang, "The organization has nobody of this name, and organizers do not add people: "
                                                   "check them in as a walk-in guest, or ask the coordinator."));
            domain::require_organization_editor(caller, *org_id);
            person_id = store::insert_person(conn, *org_id, fields);
            store::audit(conn, who, "create", "person", *person_id, nullptr, *store::find_person(conn, *person_id));
        }
        store::invite_person(conn, id, *person_id, *org_id);
        if (!store::find_check_in(conn, id, *person_id)) // twice changes nothing
            check_in_now(conn, who, m, *person_id, *org_id);
    });
    return see_other(desk_path(id, ""));
}

} // namespace sanaksme::web
