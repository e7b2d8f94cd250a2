#include "web/meeting_facts.hpp"

#include "api/attendance_view.hpp"
#include "domain/dates.hpp"
#include "domain/time.hpp"
#include "web/i18n.hpp"

namespace sanaksme::web {

json meeting_block(std::string_view lang, const json& m)
{
    const auto* zone = domain::find_zone(m["timezone"].get<std::string>());
    std::string venue = m["venue_name"].is_string() ? m["venue_name"].get<std::string>() : "";
    if (m["venue_address"].is_string())
        venue += (venue.empty() ? "" : ", ") + m["venue_address"].get<std::string>();
    auto status = m["status"].get<std::string>();
    return {{"id", m["id"]},
            {"title", m["title"]},
            {"when", domain::long_date_time(lang, m["starts_at"].get<std::int64_t>(), zone)},
            {"venue", venue},
            {"status", tr(lang, status == "draft"       ? "draft"
                                : status == "scheduled" ? "scheduled"
                                : status == "held"      ? "held"
                                                        : "cancelled")}};
}

std::string counter_sentence(std::string_view lang, const json& s)
{
    auto people = s["people_present"].get<long>(), guests = s["guests_present"].get<long>();
    auto members = s["member_organizations"].get<long>();
    json vars = {{"n", people - guests}, {"guests", guests}, {"present", s["member_organizations_present"]},
                 {"members", members}, {"quorum", s["quorum"]}};
    auto out = sayn(lang, "{{n}} representative", "{{n}} representatives", people - guests, vars);
    if (auto online = s.value("people_present_online", 0L); online > 0) // guests are in the room
        out += " (" + say(lang, "{{in_person}} in person, {{online}} online",
                          {{"in_person", s["people_present_in_person"].get<long>() - guests}, {"online", online}}) + ")";
    if (guests > 0)
        out += " · " + sayn(lang, "{{guests}} guest", "{{guests}} guests", guests, vars);
    out += " · " + sayn(lang, "{{present}} of {{members}} member organization", "{{present}} of {{members}} member organizations",
                        members, vars);
    out += " · " + say(lang, s["quorum_met"].get<bool>() ? "quorum {{quorum}} reached" : "quorum {{quorum}} not reached", vars);
    return out;
}

json attendance_facts(store::connection& conn, std::string_view lang, const json& meeting_row)
{
    auto view = api::attendance_view(conn, meeting_row);
    view["counter"] = counter_sentence(lang, view["summary"]);
    return view;
}

} // namespace sanaksme::web
