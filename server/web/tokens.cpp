// The coordinator's API tokens: the list, a new token (its secret shown on the answer page only),
// and revocation, with the store code and the rules of /api/v1/tokens (the last coordinator token stays).
#include "auth/secrets.hpp"
#include "domain/error.hpp"
#include "domain/roles.hpp"
#include "handler_env.hpp"
#include "store/organizations.hpp"
#include "store/tokens.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

#include <limits>
#include <map>

namespace sanaksme::web {

namespace {

constexpr int shown_tokens = 2000;
constexpr std::size_t token_name_max = 200; // as POST /api/v1/tokens allows

// The page: every token, newest first, and the form for a new one (`v` holds what was typed).
json tokens_data(store::connection& conn, const reader& r, const json& v)
{
    std::map<std::int64_t, std::string> org_names;
    json orgs = json::array();
    for (const auto& o : store::list_organizations(conn, {}, 0, 2000)) {
        auto id = o["id"].get<std::int64_t>();
        org_names[id] = o["name"].get<std::string>();
        if (o["active"].get<bool>())
            orgs.push_back({{"id", id}, {"name", o["name"]}, {"selected", v.value("organization_id", "") == std::to_string(id)}});
    }
    json rows = json::array();
    auto all = store::list_tokens(conn, 0, shown_tokens);
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        const auto& t = *it;
        auto id = t["id"].get<std::int64_t>();
        json row = {{"id", id}, {"name", t["name"]}, {"role", role_name(r.lang, t["role"].get<std::string>())},
                    {"created", when(r.lang, t["created_at"])}, {"used", when(r.lang, t["last_used_at"])},
                    {"active", t["active"]}, {"revoked", when(r.lang, t["revoked_at"])},
                    {"revoke_action", "/tokens/" + std::to_string(id) + "/revoke"}};
        if (t["organization_id"].is_number_integer())
            row["organization"] = org_names[t["organization_id"].get<std::int64_t>()];
        rows.push_back(std::move(row));
    }
    json roles = json::array();
    for (const char* role : {"organizer", "coordinator", "member"})
        roles.push_back({{"value", role}, {"label", role_name(r.lang, role)}, {"selected", v.value("role", "organizer") == role}});
    return {{"title", tr(r.lang, "API tokens")}, {"tokens", rows}, {"none", rows.empty()}, {"roles", roles},
            {"organizations", orgs}, {"v", v}};
}

} // namespace

http::response tokens_page(http::context& c, reader& r)
{
    auto data = c.env.db.read([&](store::connection& conn) { return tokens_data(conn, r, json::object()); });
    data["revoked_now"] = c.query_value("revoked").has_value();
    return html(200, c, r, "tokens", data);
}

// As POST /api/v1/tokens: a name, a role, an organization for a representative's token.
http::response token_create(http::context& c, reader& r)
{
    auto name = trimmed(form_value(c, "name").value_or(""));
    auto role = form_value(c, "role").value_or("");
    auto org_text = form_value(c, "organization_id").value_or("");
    json typed = {{"name", name}, {"role", role}, {"organization_id", org_text}};
    form_errors errors;
    if (name.empty() || name.size() > token_name_max)
        errors.add("name", tr(r.lang, "Name the token after who or what uses it (at most 200 characters)."));
    if (role != "coordinator" && role != "organizer" && role != "member")
        errors.add("role", tr(r.lang, "Choose a role."));
    std::optional<std::int64_t> org;
    if (role == "member") {
        auto n = optional_number(org_text, 1, std::numeric_limits<std::int64_t>::max());
        if (!n || !*n)
            errors.add("organization_id", tr(r.lang, "Choose the representative's organization."));
        else
            org = **n;
    }
    auto who = actor_of(r);
    std::string secret;
    json page;
    c.env.db.write([&](store::connection& conn) {
        if (org && !store::find_organization(conn, *org))
            errors.add("organization_id", tr(r.lang, "Choose the representative's organization."));
        if (!errors.empty()) {
            page = tokens_data(conn, r, typed);
            return;
        }
        secret = auth::new_token();
        auto id = store::insert_token(conn, name, role, org, auth::sha256_hex(secret));
        store::audit(conn, who, "create", "token", id, nullptr, *store::find_token(conn, id));
        page = tokens_data(conn, r, json::object());
    });
    if (!errors.empty()) {
        errors.into(page);
        return html(422, c, r, "tokens", page);
    }
    // The secret is on this answer only: no redirect carries it, and it is never shown again.
    page["created"] = {{"name", name}, {"secret", secret}};
    return html(200, c, r, "tokens", page);
}

// As DELETE /api/v1/tokens/{id}: revoked at once; the last active coordinator token stays.
http::response token_revoke(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto t = store::find_token(conn, id);
        if (!t)
            throw domain::not_found(tr(r.lang, "There is no such token."));
        if (!(*t)["active"].get<bool>())
            return;
        if (domain::leaves_no_coordinator((*t)["role"].get<std::string>(), "", store::active_coordinator_tokens(conn)))
            throw domain::conflict(tr(r.lang, "This is the last coordinator token: create another one before revoking it."));
        store::revoke_token(conn, id);
        store::audit(conn, who, "revoke", "token", id, *t, *store::find_token(conn, id));
    });
    return see_other("/tokens?revoked=1");
}

} // namespace sanaksme::web
