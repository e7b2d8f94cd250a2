// /api/v1/reports/participation.csv|.svg: the participation report (api/attendance) as a sheet and a chart.
#include "api/attendance_view.hpp"
#include "api/handlers.hpp"
#include "api/minutes_view.hpp"
#include "render/report_chart.hpp"
#include "render/report_sheets.hpp"

namespace sanaksme::api {

namespace {

// Reports span meetings: without ?lang they speak the platform's language.
const std::string platform_lang = "lv";

} // namespace

http::response participation_csv(http::context& c)
{
    auto lang = export_lang(c, platform_lang);
    return export_response("text/csv; charset=utf-8; header=present", render::participation_sheet(participation_data(c), lang),
                           "participation-" + lang + ".csv");
}

http::response participation_svg(http::context& c)
{
    auto lang = export_lang(c, platform_lang);
    return export_response("image/svg+xml", render::participation_chart(participation_data(c), lang),
                           "participation-" + lang + ".svg");
}

} // namespace sanaksme::api
