// The dashboard at /: for organizers and the coordinator the next meeting, open action items and
// mail that failed; a representative sees their organization's start page.
#include "web/dashboard.hpp"

#include "web/i18n.hpp"

namespace sanaksme::web {

http::response dashboard(http::context& c, reader& r)
{
    return html(200, c, r, "dashboard", {{"title", tr(r.lang, "Dashboard")}, {"name", r.account->name}});
}

} // namespace sanaksme::web
