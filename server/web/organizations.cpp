// The coordinator's organizations: the list with search (a GET form; the script filters the
// list as you type), add, edit and deactivate, by the API's rules (domain/organization: field
// limits and choices; store::organization_name_taken), said in the reader's language.
#include "handler_env.hpp"
#include "domain/address.hpp"
#include "domain/error.hpp"
#include "domain/organization.hpp"
#include "domain/time.hpp"
#include "store/organizations.hpp"
#include "web/forms.hpp"
#include "web/person_form.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

#include <array>

namespace sanaksme::web {

namespace {

constexpr int shown_organizations = 2000;

std::string today() { return domain::local_date(domain::now(), domain::find_zone("Europe/Riga")); }

template <std::size_t N>
bool one_of(const std::string& v, const std::array<std::string_view, N>& all)
{
    return std::find(all.begin(), all.end(), v) != all.end();
}

const char* kind_label(std::string_view k)
{
    return k == "ngo" ? "NGO" : k == "public_body" ? "public body" : k == "municipality" ? "municipality" : k == "international" ? "international organization" : "other";
}

// The form onto the organization (`org` holds the stored one when editing).
json read_org_form(const http::context& c, const reader& r, json org, form_errors& errors)
{
    auto lang = r.lang;
    auto text = [&](const char* f) { return trimmed(form_value(c, f).value_or("")); };
    auto name = text("name"), short_name = text("short_name"), email = text("email"), website = text("website");
    auto kind = text("kind"), membership = text("membership"), language = text("language");
    if (name.empty() || name.size() > domain::organization_name_max)
        errors.add("name", tr(lang, "Enter the organization's name (at most 200 characters)."));
    if (short_name.size() > domain::organization_short_name_max)
        errors.add("short_name", tr(lang, "The short name is at most 50 characters."));
    if (!one_of(kind, domain::organization_kinds))
        errors.add("kind", tr(lang, "Choose the kind of organization."));
    if (!one_of(membership, domain::memberships))
        errors.add("membership", tr(lang, "Choose the membership."));
    if (!email.empty() && (email.find('@') == std::string::npos || !domain::ascii_address(email)))
        errors.add("email", tr(lang, "Enter an email address such as info@example.org, or leave it empty."));
    if (!website.empty() && !website.starts_with("https://") && !website.starts_with("http://"))
        errors.add("website", tr(lang, "Enter a web address starting with https://, or leave it empty."));
    if (!known_language(language))
        errors.add("language", tr(lang, "Choose a language."));
    auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
    org["name"] = name;
    org["short_name"] = or_null(short_name);
    org["kind"] = kind;
    org["membership"] = membership;
    org["email"] = or_null(email);
    org["website"] = or_null(website);
    org["language"] = language;
    if (!org.contains("joined_on") || org["joined_on"].is_null())
        org["joined_on"] = today();
    if (!org.contains("active"))
        org["active"] = true;
    return org;
}

json form_values(const json& o)
{
    auto s = [&](const char* f) { return o.contains(f) && o[f].is_string() ? o[f].get<std::string>() : ""; };
    return {{"name", s("name")}, {"short_name", s("short_name")}, {"kind", s("kind")}, {"membership", s("membership")},
            {"email", s("email")}, {"website", s("website")}, {"language", s("language")}};
}

json typed(const http::context& c)
{
    json v;
    for (const char* f : {"name", "short_name", "kind", "membership", "email", "website", "language"})
        v[f] = form_value(c, f).value_or("");
    return v;
}

http::response org_form(unsigned status, http::context& c, reader& r, const json& v, const form_errors& errors,
                        std::optional<std::int64_t> id, const form_errors& person_errors = {}, const json& person = {})
{
    json data = {{"title", tr(r.lang, id ? "Edit the organization" : "New organization")}, {"v", v},
                 {"action", id ? "/organizations/" + std::to_string(*id) + "/edit" : "/organizations"}};
    if (id) {
        data["deactivate_action"] = "/organizations/" + std::to_string(*id) + "/deactivate";
        data["people_action"] = "/organizations/" + std::to_string(*id) + "/people";
        data["people_href"] = "/people?organization_id=" + std::to_string(*id);
        json people = json::array();
        c.env.db.read([&](store::connection& conn) {
            for (const auto& p : store::list_people(conn, *id, 0, shown_organizations))
                if (!p["erased"].get<bool>())
                    people.push_back({{"name", p["name"]}, {"email", p["email"]}, {"email_bounced", p["email_bounced"]},
                                      {"position", p["position"]}});
        });
        data["people"] = people;
        data["no_people"] = people.empty();
        json pe;
        person_errors.into(pe);
        data["p"] = {{"v", person}, {"e", pe["e"]}, {"errors", pe["errors"]}, {"has_errors", pe["has_errors"]}};
    }
    json kinds = json::array(), ms = json::array(), langs = json::array();
    for (auto k : domain::organization_kinds)
        kinds.push_back({{"value", k}, {"label", tr(r.lang, kind_label(k))}, {"selected", v.value("kind", "") == k}});
    for (auto m : domain::memberships) // the names are string literals, so data() ends in '\0'
        ms.push_back({{"value", m}, {"label", tr(r.lang, m.data())}, {"selected", v.value("membership", "") == m}});
    for (auto l : languages)
        langs.push_back({{"code", l}, {"name", l == "lv" ? "Latviski" : l == "en" ? "English" : "Русский"},
                         {"selected", v.value("language", "lv") == l}});
    data["kinds"] = kinds;
    data["memberships"] = ms;
    data["languages"] = langs;
    errors.into(data);
    return html(status, c, r, "organization_form", data);
}

json load_org(store::connection& conn, std::int64_t id, std::string_view lang)
{
    auto o = store::find_organization(conn, id);
    if (!o)
        throw domain::not_found(tr(lang, "There is no such organization."));
    o->erase("version");
    return *o;
}

} // namespace

http::response organizations_list(http::context& c, reader& r)
{
    auto q = c.query_value("q").value_or("");
    json data = {{"title", tr(r.lang, "Organizations")}, {"q", q}};
    json rows = json::array();
    bool may_edit = may(r, need::coordinator); // organizers read the list; only the coordinator changes it
    data["may_edit"] = may_edit;
    c.env.db.read([&](store::connection& conn) {
        auto key = folded(q);
        for (const auto& o : store::list_organizations(conn, {}, 0, shown_organizations)) {
            auto short_name = o["short_name"].is_string() ? o["short_name"].get<std::string>() : "";
            if (!key.empty() && folded(o["name"].get<std::string>() + " " + short_name).find(key) == std::string::npos)
                continue;
            rows.push_back({{"id", o["id"]}, {"name", o["name"]}, {"kind", tr(r.lang, kind_label(o["kind"].get<std::string>()))},
                            {"membership", tr(r.lang, o["membership"].get<std::string>().c_str())},
                            {"inactive", !o["active"].get<bool>()},
                            {"href", may_edit ? "/organizations/" + std::to_string(o["id"].get<std::int64_t>()) + "/edit" : ""}});
        }
    });
    data["organizations"] = rows;
    data["none"] = rows.empty();
    data["saved"] = c.query_value("saved").has_value();
    return html(200, c, r, "organizations", data);
}

http::response organization_new(http::context& c, reader& r)
{
    return org_form(200, c, r, {{"kind", "ngo"}, {"membership", "member"}, {"language", "lv"}}, {}, std::nullopt);
}

http::response organization_create(http::context& c, reader& r)
{
    form_errors errors;
    auto org = read_org_form(c, r, json::object(), errors);
    auto who = actor_of(r);
    bool saved = c.env.db.write([&](store::connection& conn) {
        if (errors.empty() && store::organization_name_taken(conn, org["name"].get<std::string>(), 0))
            errors.add("name", tr(r.lang, "An organization of this name exists already."));
        if (!errors.empty())
            return false;
        auto id = store::insert_organization(conn, org, today());
        store::audit(conn, who, "create", "organization", id, nullptr, load_org(conn, id, r.lang));
        return true;
    });
    if (!saved)
        return org_form(422, c, r, typed(c), errors, std::nullopt);
    return see_other("/organizations?saved=1");
}

http::response organization_edit(http::context& c, reader& r)
{
    auto id = c.id();
    auto o = c.env.db.read([&](store::connection& conn) { return load_org(conn, id, r.lang); });
    return org_form(200, c, r, form_values(o), {}, id);
}

http::response organization_update(http::context& c, reader& r)
{
    auto id = c.id();
    form_errors errors;
    auto who = actor_of(r);
    bool saved = c.env.db.write([&](store::connection& conn) {
        auto before = load_org(conn, id, r.lang);
        auto after = read_org_form(c, r, before, errors);
        if (errors.empty() && store::organization_name_taken(conn, after["name"].get<std::string>(), id))
            errors.add("name", tr(r.lang, "An organization of this name exists already."));
        if (!errors.empty())
            return false;
        store::update_organization(conn, id, before, after, today());
        store::audit(conn, who, "update", "organization", id, before, load_org(conn, id, r.lang));
        return true;
    });
    if (!saved)
        return org_form(422, c, r, typed(c), errors, id);
    return see_other("/organizations?saved=1");
}

// A person of the organization, by the API's person rules (web/person_form).
http::response organization_add_person(http::context& c, reader& r)
{
    auto id = c.id();
    auto lang = r.lang;
    form_errors errors;
    auto person = read_person_form(c, lang, errors);
    auto who = actor_of(r);
    json org;
    c.env.db.write([&](store::connection& conn) {
        org = load_org(conn, id, lang);
        if (!errors.empty())
            return;
        auto pid = store::insert_person(conn, id, person);
        auto created = *store::find_person(conn, pid);
        created.erase("version");
        store::audit(conn, who, "create", "person", pid, nullptr, created);
    });
    if (!errors.empty())
        return org_form(422, c, r, form_values(org), {}, id, errors, typed_person(c));
    return see_other("/organizations/" + std::to_string(id) + "/edit#people");
}

// History stays: the organization is deactivated (as DELETE does when it has history), its people and records remain.
http::response organization_deactivate(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto before = load_org(conn, id, r.lang);
        if (!before["active"].get<bool>())
            return;
        auto after = before;
        after["active"] = false;
        store::update_organization(conn, id, before, after, today());
        store::audit(conn, who, "deactivate", "organization", id, before, load_org(conn, id, r.lang));
    });
    return see_other("/organizations?saved=1");
}

} // namespace sanaksme::web
