// The attendance and participation CSV sheets, headed by the strings of one language.
#include "render/report_sheets.hpp"

#include "render/csv.hpp"
#include "render/templates.hpp"

#include <algorithm>
#include <sstream>

namespace sanaksme::render {

using json = nlohmann::json;

namespace {

std::string cell_text(const json& v) { return v.is_string() ? v.get<std::string>() : ""; }

} // namespace

std::string attendance_sheet(const json& view, const std::string& lang)
{
    const auto& w = strings(lang);
    std::string out(utf8_bom);
    out += csv_row({w["csv_organization"], w["csv_membership"], w["csv_status"], w["csv_person"], w["csv_checked_in"],
                    w["csv_guest"]});
    for (const auto& o : view["organizations"]) {
        auto membership = cell_text(w.value("membership_" + o["membership"].get<std::string>(), json()));
        if (o["people"].empty())
            out += csv_row({o["name"], membership, w[o["status"].get<std::string>()], "", "", w["no"]});
        for (const auto& p : o["people"])
            for (const auto& item : view["items"])
                if (item["person_id"] == p["person_id"])
                    out += csv_row({o["name"], membership, w["present"], cell_text(item["name"]), item["checked_in_at"], w["no"]});
    }
    for (const auto& item : view["items"])
        if (item["guest"].get<bool>())
            out += csv_row({cell_text(item["organization_name"]), "", w["present"], cell_text(item["name"]), item["checked_in_at"],
                            w["yes"]});
    return out;
}

std::string participation_sheet(const json& report, const std::string& lang)
{
    const auto& w = strings(lang);
    auto number = [](const json& v) { return std::to_string(v.get<std::int64_t>()); };
    std::string out(utf8_bom);
    out += csv_row({w["csv_section"], w["csv_id"], w["csv_name"], w["csv_date"], w["csv_invited"], w["csv_present"],
                    w["csv_member_organizations_present"], w["csv_member_organizations"], w["csv_rate"]});
    for (const auto& m : report["meetings"])
        out += csv_row({w["section_meeting"], number(m["id"]), m["title"], m["date"], number(m["people_invited"]),
                        number(m["people_present"]), number(m["member_organizations_present"]),
                        number(m["member_organizations"]), ""});
    for (const auto& o : report["organizations"]) {
        std::ostringstream rate;
        if (o["rate"].is_number())
            rate << o["rate"].get<double>();
        // A spreadsheet reads "0,667" as a number in a Latvian locale and "0.667" in an English one.
        auto rate_text = rate.str();
        std::replace(rate_text.begin(), rate_text.end(), '.', w["decimal_separator"].get<std::string>()[0]);
        out += csv_row({w["section_organization"], number(o["id"]), o["name"], "", number(o["meetings_invited"]),
                        number(o["meetings_attended"]), "", "", rate_text});
    }
    return out;
}

} // namespace sanaksme::render
