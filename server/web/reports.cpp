// The participation report (api::participation_data, the API's report, over a period of dates) with
// its chart and exports, and the coordinator's audit log (store::audit_page, the API's filters).
#include "api/attendance_view.hpp"
#include "api/handlers.hpp"
#include "domain/dates.hpp"
#include "domain/time.hpp"
#include "handler_env.hpp"
#include "store/audit.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

#include <boost/url/url.hpp>

#include <cmath>
#include <limits>

namespace sanaksme::web {

namespace {

constexpr int audit_page_size = 50;

// The exports speak lv or en: a Russian reader gets the English ones.
std::string export_lang_of(const reader& r) { return r.lang == "lv" ? "lv" : "en"; }

// ?from=&to= as typed dates: empty ones are dropped (a GET form sends them), others checked.
std::string period_query(http::context& c, const reader& r, form_errors& errors, json& typed)
{
    std::erase_if(c.query, [](const auto& kv) { return (kv.first == "from" || kv.first == "to") && kv.second.empty(); });
    std::string query;
    for (const char* f : {"from", "to"}) {
        auto v = c.query_value(f);
        typed[f] = v.value_or("");
        if (!v)
            continue;
        if (!domain::valid_date(*v))
            errors.add(f, tr(r.lang, "Enter a date such as 2030-01-31, or leave it empty."));
        query += std::string(query.empty() ? "" : "&") + f + "=" + *v;
    }
    auto from = typed["from"].get<std::string>(), to = typed["to"].get<std::string>();
    if (errors.empty() && !from.empty() && !to.empty() && from >= to)
        errors.add("to", tr(r.lang, "The end of the period comes after its start."));
    return query;
}

std::string with_query(std::string path, const std::string& query, const std::string& more)
{
    auto q = query.empty() ? more : more.empty() ? query : query + "&" + more;
    return q.empty() ? path : path + "?" + q;
}

std::string text_of(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }

const char* resource_label(std::string_view r)
{
    return r == "meeting" ? "meeting" : r == "agenda" || r == "agenda_item" ? "agenda" : r == "organization" ? "organization"
         : r == "person" ? "person" : r == "token" ? "API token" : r == "outbox" ? "mail" : r == "web_account" ? "account"
         : nullptr;
}

} // namespace

http::response participation_page(http::context& c, reader& r)
{
    form_errors errors;
    json typed;
    auto query = period_query(c, r, errors, typed);
    json data = {{"title", tr(r.lang, "Participation report")}, {"v", typed}};
    if (!errors.empty()) {
        errors.into(data);
        return html(422, c, r, "participation", data);
    }
    auto report = api::participation_data(c);
    json meetings = json::array(), organizations = json::array();
    for (const auto& m : report["meetings"]) {
        json row = {{"date", domain::long_date(r.lang, m["date"].get<std::string>())}, {"title", m["title"]},
                    {"people_present", m["people_present"]}, {"people_invited", m["people_invited"]},
                    {"members", say(r.lang, "{{present}} of {{all}}", {{"present", m["member_organizations_present"]},
                                                                       {"all", m["member_organizations"]}})},
                    {"href", "/meetings/" + std::to_string(m["id"].get<std::int64_t>())}};
        if (m["quorum_met"].is_boolean())
            row["quorum"] = tr(r.lang, m["quorum_met"].get<bool>() ? "reached" : "not reached");
        else
            row["quorum"] = "—";
        meetings.push_back(std::move(row));
    }
    for (const auto& o : report["organizations"]) {
        if (o["meetings_invited"].get<std::int64_t>() == 0 && o["meetings_attended"].get<std::int64_t>() == 0)
            continue;
        organizations.push_back({{"name", o["name"]}, {"invited", o["meetings_invited"]}, {"attended", o["meetings_attended"]},
                                 {"rate", o["rate"].is_number() ? std::to_string(std::lround(o["rate"].get<double>() * 100)) + " %"
                                                                : std::string("—")}});
    }
    auto lang = export_lang_of(r);
    data["meetings"] = meetings;
    data["organizations"] = organizations;
    data["none"] = meetings.empty();
    data["chart"] = with_query("/reports/participation.svg", query, "lang=" + lang);
    data["downloads"] = json::array({
        {{"href", with_query("/reports/participation.csv", query, "lang=lv")}, {"label", tr(r.lang, "Table (CSV), in Latvian")}},
        {{"href", with_query("/reports/participation.csv", query, "lang=en")}, {"label", tr(r.lang, "Table (CSV), in English")}},
        {{"href", with_query("/reports/participation.svg", query, "lang=" + lang)}, {"label", tr(r.lang, "Chart (SVG)")}},
    });
    return html(200, c, r, "participation", data);
}

// The API's exports of the report for the signed-in reader: no token in a link.
http::response participation_download_csv(http::context& c, reader&) { return api::participation_csv(c); }
http::response participation_download_svg(http::context& c, reader&) { return api::participation_svg(c); }

http::response audit_page(http::context& c, reader& r)
{
    auto value = [&](const char* f) { return trimmed(c.query_value(f).value_or("")); };
    json typed = {{"resource", value("resource")}, {"resource_id", value("resource_id")}, {"action", value("action")},
                  {"from", value("from")}, {"to", value("to")}};
    form_errors errors;
    auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
    json filters = {{"resource", or_null(typed["resource"])}, {"action", or_null(typed["action"])},
                    {"resource_id", nullptr}, {"from", nullptr}, {"to", nullptr}};
    if (auto id = optional_number(typed["resource_id"].get<std::string>(), 1, std::numeric_limits<std::int64_t>::max()); !id)
        errors.add("resource_id", tr(r.lang, "Enter a whole number, or leave it empty."));
    else if (*id)
        filters["resource_id"] = **id;
    for (const char* f : {"from", "to"}) {
        auto d = typed[f].get<std::string>();
        if (d.empty())
            continue;
        if (!domain::valid_date(d))
            errors.add(f, tr(r.lang, "Enter a date such as 2030-01-31, or leave it empty."));
        else // the whole of the `to` day is in the period
            filters[f] = *domain::parse_rfc3339(d + "T00:00:00Z") + (f == std::string_view("to") ? 86400 : 0);
    }
    std::optional<std::int64_t> before;
    if (auto b = c.query_value("before"))
        if (auto n = optional_number(*b, 1, std::numeric_limits<std::int64_t>::max()); n && *n)
            before = **n;
    json data = {{"title", tr(r.lang, "Audit log")}, {"v", typed}};
    json resources = json::array();
    for (const char* res : {"meeting", "agenda_item", "organization", "person", "token", "outbox", "web_account"})
        resources.push_back({{"value", res}, {"label", tr(r.lang, resource_label(res))}, {"selected", typed["resource"] == res}});
    data["resources"] = resources;
    if (!errors.empty()) {
        errors.into(data);
        return html(422, c, r, "audit", data);
    }
    auto items = c.env.db.read([&](store::connection& conn) {
        return store::audit_page(conn, filters, before, audit_page_size + 1);
    });
    bool more = static_cast<int>(items.size()) > audit_page_size;
    if (more)
        items.erase(items.end() - 1);
    json rows = json::array();
    for (const auto& e : items) {
        auto res = text_of(e["resource"]);
        const auto* label = resource_label(res);
        auto role = text_of(e["actor"]["role"]);
        json row = {{"at", when(r.lang, e["at"])},
                    {"who", e["actor"]["name"]},
                    {"role", role.empty() ? "" : role_name(r.lang, role)},
                    {"action", tr(r.lang, ("audit:" + text_of(e["action"])).c_str())},
                    {"resource", label ? tr(r.lang, label) : res}, {"resource_id", e["resource_id"]}};
        if (row["action"].get<std::string>().starts_with("audit:"))
            row["action"] = text_of(e["action"]);
        if (!e["before"].is_null())
            row["before"] = e["before"].dump(2);
        if (!e["after"].is_null())
            row["after"] = e["after"].dump(2);
        row["has_values"] = row.contains("before") || row.contains("after");
        rows.push_back(std::move(row));
    }
    data["entries"] = rows;
    data["none"] = rows.empty();
    if (more) {
        boost::urls::url u("/audit");
        for (const char* f : {"resource", "resource_id", "action", "from", "to"})
            if (auto v = typed[f].get<std::string>(); !v.empty())
                u.params().append({f, v});
        u.params().append({"before", std::to_string(items.back()["id"].get<std::int64_t>())});
        data["older"] = std::string(u.buffer());
    }
    if (before)
        data["newest"] = "/audit";
    return html(200, c, r, "audit", data);
}

} // namespace sanaksme::web
