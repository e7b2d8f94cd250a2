// The dashboard at /: for organizers and the coordinator the next meeting (answers by
// organization, expected turnout against the quorum, attendance once people arrive), open action
// items and mail that failed; a representative sees their organization's start page.
#include "web/dashboard.hpp"

#include "handler_env.hpp"
#include "domain/dates.hpp"
#include "domain/time.hpp"
#include "store/web_dashboard.hpp"
#include "web/facts_cache.hpp"
#include "web/i18n.hpp"
#include "web/meeting_facts.hpp"
#include "web/routes.hpp"

#include <unordered_map>

namespace sanaksme::web {

namespace {

constexpr int shown_action_items = 20;
constexpr int shown_failed_mail = 5;

json meeting_section(store::connection& conn, const reader& r, const json& m, std::string heading)
{
    auto lang = r.lang;
    json out = meeting_block(lang, m);
    out["heading"] = std::move(heading);
    auto facts = attendance_facts(conn, lang, m);
    const auto& s = facts["summary"];
    auto answers = store::answers_by_organization(conn, m["id"].get<std::int64_t>());
    std::unordered_map<std::int64_t, std::int64_t> yes_of;
    json rows = json::array();
    std::int64_t totals[4] = {0, 0, 0, 0};
    for (auto& a : answers) {
        yes_of[a["id"].get<std::int64_t>()] = a["yes"].get<std::int64_t>();
        int k = 0;
        for (const char* f : {"yes", "no", "maybe", "none"})
            totals[k++] += a[f].get<std::int64_t>();
        rows.push_back(a);
    }
    long expected = 0;
    for (const auto& org : facts["organizations"])
        if (org["membership"] == "member" && yes_of[org["id"].get<std::int64_t>()] > 0)
            ++expected;
    auto members = s["member_organizations"].get<long>();
    out["answers"] = rows;
    out["totals"] = {{"yes", totals[0]}, {"no", totals[1]}, {"maybe", totals[2]}, {"none", totals[3]}};
    out["expected"] = sayn(lang, "{{expected}} of {{members}} organization expected, quorum {{quorum}}",
                           "{{expected}} of {{members}} organizations expected, quorum {{quorum}}", members,
                           {{"expected", expected}, {"members", members}, {"quorum", s["quorum"]}});
    out["expected_short"] = expected < s["quorum"].get<long>();
    if (s["people_present"].get<long>() > 0) {
        out["counter"] = facts["counter"];
        out["quorum_met"] = s["quorum_met"];
    }
    out["desk"] = "/meetings/" + std::to_string(m["id"].get<std::int64_t>()) + "/desk";
    return out;
}

json action_items(store::connection& conn, const reader& r)
{
    json out = json::array();
    for (const auto& row : store::latest_minutes_with_actions(conn, 3)) {
        auto body = json::parse(row["body"].get<std::string>());
        for (const auto& item : body["action_items"]) {
            if (item.value("done", false) || out.size() >= shown_action_items)
                continue;
            json a = {{"text", item["text"]}, {"owner", item.value("owner", json())}, {"meeting", row["title"]}};
            if (item.contains("due") && item["due"].is_string())
                a["due"] = domain::long_date(r.lang, item["due"].get<std::string>());
            out.push_back(std::move(a));
        }
        if (!out.empty())
            break; // the newest minutes carry the items still open
    }
    return out;
}

json failed_mail(store::connection& conn)
{
    json out = json::array();
    for (auto row : store::failed_mail(conn, shown_failed_mail))
        out.push_back({{"subject", row["subject"]}, {"to", row["to_address"]}, {"error", row["last_error"]},
                       {"kind", row["kind"]}});
    return out;
}

} // namespace

http::response dashboard(http::context& c, reader& r)
{
    if (!may(r, need::organizer))
        return representative_home(c, r);
    // The same for every organizer in a language: made once per commit (and per minute: "next"
    // depends on the clock), not per reader, since every organizer's browser may be on it.
    auto lang = std::string(r.lang);
    auto cached = cached_facts(c.env.db, "dashboard:" + lang, true, [&r, lang](store::connection& conn) {
        // A meeting under way (or earlier today) is still the next one.
        auto from = domain::now() - 24 * 3600;
        json data = {{"title", tr(lang, "Dashboard")}};
        json meetings = json::array();
        if (auto m = store::next_meeting(conn, from))
            meetings.push_back(meeting_section(conn, r, *m, tr(lang, "Next meeting")));
        if (auto m = store::last_held_meeting(conn))
            meetings.push_back(meeting_section(conn, r, *m, tr(lang, "Latest meeting")));
        data["meetings"] = meetings;
        data["no_meeting"] = meetings.empty();
        data["actions"] = action_items(conn, r);
        data["failed"] = failed_mail(conn);
        auto failed = store::failed_mail_count(conn);
        data["failed_count"] = failed;
        data["failed_summary"] = sayn(lang, "{{n}} message could not be delivered", "{{n}} messages could not be delivered",
                                      failed, {{"n", failed}});
        data["has_actions"] = !data["actions"].empty();
        data["has_failed"] = !data["failed"].empty();
        return data;
    });
    return html(200, c, r, "dashboard", *cached);
}

} // namespace sanaksme::web
