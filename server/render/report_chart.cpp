// The participation chart: bars per meeting on a scaled axis, laid out for templates/*/participation_svg.xml.
#include "render/report_chart.hpp"

#include "render/templates.hpp"

#include <algorithm>
#include <cmath>

namespace sanaksme::render {

using json = nlohmann::json;

std::string participation_chart(const json& report, const std::string& lang)
{
    const auto& w = strings(lang);
    const auto& meetings = report["meetings"];
    auto count = static_cast<int>(meetings.size());
    // Text widths are estimated at 0.6 em a character: enough for DejaVu Sans and most sans fonts.
    auto text_width = [](const json& text, double size) {
        auto s = text.get<std::string>();
        return static_cast<int>(std::ceil(0.6 * size * static_cast<double>(std::count_if(s.begin(), s.end(), [](char ch) {
                                                                           return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
                                                                       }))));
    };
    auto date_parts = [&](const json& ymd) {
        auto d = ymd.get<std::string>();
        auto month = std::stoi(d.substr(5, 2));
        return json{{"year", d.substr(0, 4)}, {"month2", d.substr(5, 2)}, {"day2", d.substr(8, 2)},
                    {"day", std::to_string(std::stoi(d.substr(8, 2)))}, {"month_short", w["months_short"][month - 1]}};
    };
    const int margin = 16, left = 64, slot = 88, bar = 24, top = 64, plot_height = 220, bottom = top + plot_height;
    std::int64_t highest = 1;
    for (const auto& m : meetings)
        highest = std::max({highest, m["people_present"].get<std::int64_t>(), m["member_organizations"].get<std::int64_t>()});
    std::int64_t step = 1; // 1, 2, 5, 10, 20, 50 …: at most five steps up the axis
    for (std::int64_t scale = 1; highest > 5 * step; scale *= 10)
        for (std::int64_t f : {1, 2, 5})
            if (highest > 5 * step)
                step = f * scale;
    auto axis_max = (highest + highest / 10 + step) / step * step; // headroom above the highest mark
    auto y_of = [&](std::int64_t v) { return bottom - static_cast<int>(std::lround(double(plot_height) * double(v) / double(axis_max))); };
    auto plot_width = count > 0 ? count * slot : text_width(w["chart_no_meetings"], 12) + 2 * margin;
    auto right = left + plot_width;
    auto width = std::max({right + margin, 2 * margin + text_width(w["chart_title"], 16), 2 * margin + text_width(w["chart_x_axis"], 12),
                           2 * margin + 18 + text_width(w["chart_people_present"], 12),
                           2 * margin + 18 + text_width(w["chart_members_present"], 12),
                           2 * margin + 18 + text_width(w["chart_members"], 12)});
    json ticks = json::array();
    for (std::int64_t v = 0; v <= axis_max; v += step)
        ticks.push_back({{"value", v}, {"y", y_of(v)}, {"text_y", y_of(v) + 4}});
    json bars = json::array();
    for (int i = 0; i < count; ++i) {
        const auto& m = meetings[static_cast<std::size_t>(i)];
        auto people = m["people_present"].get<std::int64_t>(), present = m["member_organizations_present"].get<std::int64_t>(),
             members = m["member_organizations"].get<std::int64_t>();
        int x = left + i * slot + slot / 2;
        bars.push_back({{"meeting_title", m["title"]}, {"date", date_parts(m["date"])}, {"x", x}, {"date_y", bottom + 18},
                        {"people", people}, {"people_x", x - bar - 2}, {"people_y", y_of(people)}, {"people_h", bottom - y_of(people)},
                        {"people_label_x", x - bar / 2 - 2}, {"people_value_y", y_of(people) - 4},
                        {"present", present}, {"present_x", x + 2}, {"present_y", y_of(present)}, {"present_h", bottom - y_of(present)},
                        {"present_label_x", x + bar / 2 + 2}, {"present_value_y", y_of(present) - 4},
                        {"members", members}, {"members_y", y_of(members)}, {"members_x1", x - bar - 6}, {"members_x2", x + bar + 6}});
    }
    int legend = bottom + 56;
    json chart = {{"lang", lang}, {"width", width}, {"height", legend + 3 * 20 + 12}, {"margin", margin},
                  {"title", w["chart_title"]}, {"x_axis", w["chart_x_axis"]}, {"y_axis", w["chart_y_axis"]},
                  {"people_label", w["chart_people_present"]}, {"present_label", w["chart_members_present"]},
                  {"members_label", w["chart_members"]}, {"no_meetings", w["chart_no_meetings"]},
                  {"first", count > 0 ? date_parts(meetings.front()["date"]) : json()},
                  {"last", count > 1 && meetings.back()["date"] != meetings.front()["date"] ? date_parts(meetings.back()["date"]) : json()},
                  {"left", left}, {"right", right}, {"top", top}, {"bottom", bottom}, {"middle", (top + bottom) / 2},
                  {"center", (left + right) / 2}, {"label_x", left - 6}, {"y_label_x", 22}, {"x_label_y", bottom + 40},
                  {"ticks", ticks}, {"meetings", bars}, {"bar", bar},
                  {"legend_text_x", margin + 18}, {"legend_line_x2", margin + 12},
                  {"legend_people_y", legend}, {"legend_people_text_y", legend + 11},
                  {"legend_present_y", legend + 20}, {"legend_present_text_y", legend + 31},
                  {"legend_members_line_y", legend + 46}, {"legend_members_text_y", legend + 51}};
    return render_template(lang, "participation_svg.xml", chart);
}

} // namespace sanaksme::render
