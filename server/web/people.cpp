// People (/people): the list with search (a GET form; the script filters as you type), add, edit
// and erase, by the API's role matrix (domain/caller: the coordinator everyone's, a representative
// its own organization's, organizers read) and its rules (web/person_form; store::forget_person,
// what DELETE /api/v1/people/{id} does).
#include "handler_env.hpp"
#include "domain/caller.hpp"
#include "domain/error.hpp"
#include "store/erasure.hpp"
#include "store/organizations.hpp"
#include "store/web_people.hpp"
#include "web/facts_cache.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/person_form.hpp"
#include "web/routes.hpp"

#include <boost/url/url.hpp>
#include <kainjow/mustache.hpp>

namespace sanaksme::web {

namespace {

constexpr int read_at_most = 20000;     // people read for one search
constexpr std::size_t max_shown = 300;  // people listed at once; a search narrows the rest
constexpr int organizations_offered = 2000;

std::string people_path(std::optional<std::int64_t> org, std::string_view flag)
{
    boost::urls::url u("/people");
    if (org)
        u.params().append({"organization_id", std::to_string(*org)});
    if (!flag.empty())
        u.params().append({flag, "1"});
    return std::string(u.buffer());
}

// Refused, in the reader's words, unless the reader may edit the organization's people (the rule of
// domain::require_organization_editor).
void require_editor(const reader& r, std::int64_t organization_id)
{
    try {
        domain::require_organization_editor(caller_of(r), organization_id);
    } catch (const domain::error&) {
        throw domain::forbidden(tr(r.lang, caller_of(r).role == domain::caller_role::organizer
                                               ? "Organizers read people; the coordinator or the organization itself edits them."
                                               : "You edit your own organization's people only."));
    }
}

// The person, when the reader may see them (404 when absent or erased, 403 another organization's).
json visible_person(store::connection& conn, const reader& r, std::int64_t id)
{
    auto p = store::find_person(conn, id);
    if (!p || (*p)["erased"].get<bool>())
        throw domain::not_found(tr(r.lang, "There is no such person."));
    if (!domain::acts_for(caller_of(r), (*p)["organization_id"].get<std::int64_t>()))
        throw domain::forbidden(tr(r.lang, "You see your own organization's people only."));
    return *p;
}

json form_of(const json& p)
{
    auto s = [&](const char* f) { return p[f].is_string() ? p[f].get<std::string>() : ""; };
    return {{"person_name", s("name")}, {"person_email", s("email")}, {"person_phone", s("phone")},
            {"person_position", s("position")}, {"person_language", s("language")},
            {"person_consent", p["email_consent"].get<bool>()}};
}

const char* language_name(std::string_view l) { return l == "lv" ? "Latviski" : l == "en" ? "English" : "Русский"; }

// What the page shows beside the list: the form (`v`, `errors`) to add a person or, with `edited`,
// to edit them; with `erased`, the confirmation of an erasure.
struct page_state {
    json v = json::object();
    form_errors errors;
    std::optional<json> edited, erased;
};

http::response people_page(unsigned status, http::context& c, reader& r, std::optional<std::int64_t> org, page_state st)
{
    auto who = caller_of(r);
    if (who.role == domain::caller_role::member)
        org = who.organization_id;
    auto q = c.query_value("q").value_or("");
    auto key = folded(q);
    bool member = who.role == domain::caller_role::member;
    bool editor = who.role != domain::caller_role::organizer && who.organization_active;
    json data = {{"title", tr(r.lang, member ? "Our people" : "People")}, {"q", q}, {"editor", editor}, {"member", member},
                 {"saved", c.query_value("saved").has_value()}, {"gone", c.query_value("erased").has_value()}};
    if (org && !member)
        data["organization_id"] = *org;
    // Edit and erase keep the list as it was filtered.
    std::string here = org && !member ? "/people?organization_id=" + std::to_string(*org) + "&" : "/people?";
    data["list_href"] = here.substr(0, here.size() - 1);
    // The directory with each person's folded search key, made once per commit for every search.
    auto directory = cached_facts(c.env.db, "people:" + (org ? std::to_string(*org) : std::string("all")), false,
                                  [org](store::connection& conn) {
                                      auto rows = store::people_directory(conn, org, read_at_most);
                                      json keys = json::array();
                                      for (const auto& p : rows) {
                                          auto s = [&](const char* f) { return p[f].is_string() ? p[f].get<std::string>() : ""; };
                                          keys.push_back(folded(s("name") + " " + s("organization_name") + " " + s("email")));
                                      }
                                      return json{{"rows", std::move(rows)}, {"keys", std::move(keys)}};
                                  });
    // The add form's <option>s of every active organization, escaped once per commit: a thousand
    // organizations through the template on every search cost more than the search.
    auto offered = cached_facts(c.env.db, "organization-options", false, [](store::connection& conn) {
        std::string html;
        for (const auto& o : store::list_organizations(conn, {.active = true}, 0, organizations_offered))
            html += "<option value=\"" + std::to_string(o["id"].get<std::int64_t>()) + "\">" +
                    kainjow::mustache::html_escape(o["name"].get<std::string>()) + "</option>";
        return json(std::move(html));
    });
    c.env.db.read([&](store::connection& conn) {
        if (org && !member) {
            auto o = store::find_organization(conn, *org);
            if (!o)
                throw domain::not_found(tr(r.lang, "There is no such organization."));
            data["organization"] = (*o)["name"];
            data["organization_href"] = "/organizations/" + std::to_string(*org) + "/edit";
        }
        json rows = json::array();
        std::size_t matched = 0;
        const auto& keys = (*directory)["keys"];
        const auto& all = (*directory)["rows"];
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (!key.empty() && keys[i].get_ref<const std::string&>().find(key) == std::string::npos)
                continue;
            const auto& p = all[i];
            if (++matched > max_shown)
                continue;
            auto id = std::to_string(p["id"].get<std::int64_t>());
            json details = json::array();
            for (const char* f : {"position", "email", "phone"})
                if (p[f].is_string())
                    details.push_back(p[f]);
            if (p["language"].is_string())
                details.push_back(language_name(p["language"].get<std::string>()));
            details.push_back(tr(r.lang, p["email_consent"].get<bool>() ? "emails allowed" : "no emails"));
            std::string line;
            for (const auto& d : details)
                line += (line.empty() ? "" : " · ") + d.get<std::string>();
            rows.push_back({{"name", p["name"]}, {"organization", member ? json() : p["organization_name"]}, {"details", line},
                            {"edit_href", here + "edit=" + id + "#person-form"}, {"erase_href", here + "erase=" + id + "#erase"}});
        }
        data["people"] = rows;
        data["none"] = rows.empty();
        if (matched > max_shown)
            data["more"] = say(r.lang, "{{n}} more: type a few letters of a name to find them.", {{"n", matched - max_shown}});
        if (editor && !member && !st.edited) {
            auto options = offered->get<std::string>();
            auto chosen = st.v.value("organization_id", org ? std::to_string(*org) : "");
            if (auto at = options.find("<option value=\"" + chosen + "\">"); !chosen.empty() && at != std::string::npos)
                options.insert(at + 15 + chosen.size() + 1, " selected");
            data["organization_options"] = std::move(options);
        }
    });
    if (editor) {
        json form = {{"v", st.v}};
        st.errors.into(form);
        json langs = json::array();
        langs.push_back({{"code", ""}, {"name", tr(r.lang, "as the organization's")}, {"selected", st.v.value("person_language", "") == ""}});
        for (auto l : languages)
            langs.push_back({{"code", l}, {"name", language_name(l)}, {"selected", st.v.value("person_language", "") == l}});
        form["languages"] = langs;
        form["consent"] = st.v.value("person_consent", false);
        if (st.edited) {
            auto id = std::to_string((*st.edited)["id"].get<std::int64_t>());
            form["heading"] = say(r.lang, "Edit {{name}}", {{"name", (*st.edited)["name"]}});
            form["action"] = "/people/" + id + "/edit";
            form["version"] = (*st.edited)["version"];
            form["button"] = tr(r.lang, "Save the person");
        } else {
            form["heading"] = tr(r.lang, "Add a person");
            form["action"] = "/people";
            form["button"] = tr(r.lang, "Add the person");
            form["choose_organization"] = data.contains("organization_options");
            form["organization_options"] = data.value("organization_options", "");
            data.erase("organization_options");
        }
        data["form"] = form;
    }
    if (st.erased) {
        data["erase"] = {{"name", (*st.erased)["name"]},
                         {"action", "/people/" + std::to_string((*st.erased)["id"].get<std::int64_t>()) + "/erase"}};
    }
    return html(status, c, r, "people", data);
}

} // namespace

http::response people_list(http::context& c, reader& r)
{
    auto who = caller_of(r);
    auto org = id_named(c.query_value("organization_id"));
    if (c.query_value("organization_id") && !org)
        throw domain::not_found(tr(r.lang, "There is no such organization."));
    if (org && !domain::acts_for(who, *org))
        throw domain::forbidden(tr(r.lang, "You see your own organization's people only."));
    page_state st;
    auto edit = id_named(c.query_value("edit")), erase = id_named(c.query_value("erase"));
    if (edit || erase) {
        auto p = c.env.db.read([&](store::connection& conn) { return visible_person(conn, r, edit ? *edit : *erase); });
        require_editor(r, p["organization_id"].get<std::int64_t>());
        if (edit) {
            st.v = form_of(p);
            st.edited = p;
        } else {
            st.erased = p;
        }
    }
    return people_page(200, c, r, org, std::move(st));
}

http::response person_create(http::context& c, reader& r)
{
    auto who = caller_of(r);
    page_state st;
    auto person = read_person_form(c, r.lang, st.errors);
    std::optional<std::int64_t> org = who.organization_id;
    if (who.role != domain::caller_role::member) {
        org = id_named(form_value(c, "organization_id"));
        if (!org)
            st.errors.add("organization_id", tr(r.lang, "Choose the organization."));
    }
    if (org)
        require_editor(r, *org);
    auto actor = actor_of(r);
    bool saved = c.env.db.write([&](store::connection& conn) {
        if (org && !store::find_organization(conn, *org))
            st.errors.add("organization_id", tr(r.lang, "Choose the organization."));
        if (!st.errors.empty())
            return false;
        auto id = store::insert_person(conn, *org, person);
        store::audit(conn, actor, "create", "person", id, nullptr, *store::find_person(conn, id));
        return true;
    });
    if (!saved) {
        st.v = typed_person(c);
        st.v["organization_id"] = form_value(c, "organization_id").value_or("");
        return people_page(422, c, r, std::nullopt, std::move(st));
    }
    return see_other(people_path(who.role == domain::caller_role::member ? std::nullopt : org, "saved"));
}

http::response person_update(http::context& c, reader& r)
{
    auto id = c.id();
    page_state st;
    auto person = read_person_form(c, r.lang, st.errors);
    auto actor = actor_of(r);
    json before;
    bool saved = c.env.db.write([&](store::connection& conn) {
        before = visible_person(conn, r, id);
        auto org = before["organization_id"].get<std::int64_t>();
        require_editor(r, org);
        if (form_value(c, "version").value_or("") != std::to_string(before["version"].get<std::int64_t>()))
            throw domain::conflict(tr(r.lang, "Someone else changed this person meanwhile: open the form again to see their change."));
        if (!st.errors.empty())
            return false;
        store::update_person(conn, id, person);
        store::audit(conn, actor, "update", "person", id, before, *store::find_person(conn, id));
        return true;
    });
    if (!saved) {
        st.v = typed_person(c);
        st.edited = before;
        return people_page(422, c, r, std::nullopt, std::move(st));
    }
    return see_other(people_path(caller_of(r).role == domain::caller_role::member
                                     ? std::nullopt
                                     : std::optional(before["organization_id"].get<std::int64_t>()),
                                 "saved"));
}

http::response person_erase(http::context& c, reader& r)
{
    auto id = c.id();
    auto actor = actor_of(r);
    std::int64_t org = 0;
    c.env.db.write([&](store::connection& conn) {
        auto p = visible_person(conn, r, id);
        org = p["organization_id"].get<std::int64_t>();
        require_editor(r, org);
        store::forget_person(conn, actor, id, org);
    });
    return see_other(people_path(caller_of(r).role == domain::caller_role::member ? std::nullopt : std::optional(org), "erased"));
}

} // namespace sanaksme::web
