// The coordinator's accounts and roles: who may sign in to the web pages as coordinator, organizer
// or representative of an organization; add, change a role, remove, sign out everywhere. The last
// coordinator stays (domain::leaves_no_coordinator); a revoked session is signed out at its next request.
#include "domain/address.hpp"
#include "domain/dates.hpp"
#include "domain/error.hpp"
#include "domain/person.hpp"
#include "domain/roles.hpp"
#include "domain/time.hpp"
#include "handler_env.hpp"
#include "store/organizations.hpp"
#include "store/web_sessions.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

namespace sanaksme::web {

namespace {

constexpr std::size_t max_email_octets = 254;

json account_json(const store::web_account& a)
{
    return {{"id", a.id}, {"email", a.email}, {"name", a.name}, {"role", a.role},
            {"organization_id", a.organization_id ? json(*a.organization_id) : json()}};
}

// Active organizations by name, for the role forms' list (names are unique: store::organization_name_taken).
json active_organizations(store::connection& conn)
{
    json out = json::array();
    for (const auto& o : store::list_organizations(conn, {}, 0, 5000))
        if (o["active"].get<bool>())
            out.push_back({{"id", o["id"]}, {"name", o["name"]}});
    return out;
}

json role_choices(std::string_view lang, std::string_view current)
{
    json out = json::array();
    for (const char* role : {"organizer", "coordinator", "member"})
        out.push_back({{"value", role}, {"label", role_name(lang, role)}, {"selected", current == role}});
    return out;
}

json accounts_data(store::connection& conn, const reader& r, const json& typed)
{
    json rows = json::array();
    for (const auto& row : store::list_web_accounts(conn, domain::now())) {
        const auto& a = row.account;
        auto base = "/accounts/" + std::to_string(a.id);
        rows.push_back({{"id", a.id}, {"name", a.name}, {"email", a.email}, {"role", role_name(r.lang, a.role)},
                        {"organization", a.organization_name}, {"sessions", row.live_sessions},
                        {"you", r.account && r.account->id == a.id}, {"roles", role_choices(r.lang, a.role)},
                        {"role_action", base + "/role"}, {"remove_action", base + "/remove"},
                        {"signout_action", base + "/signout"}});
    }
    return {{"title", tr(r.lang, "Accounts and roles")}, {"accounts", rows}, {"organizations", active_organizations(conn)},
            {"roles", role_choices(r.lang, typed.value("role", "organizer"))}, {"v", typed}};
}

// The role and organization of a form: a representative names an active organization.
std::optional<std::int64_t> organization_of(store::connection& conn, const std::string& role, const std::string& name,
                                            const std::string& field, const reader& r, form_errors& errors)
{
    if (role != "member")
        return std::nullopt;
    for (const auto& o : active_organizations(conn))
        if (o["name"] == name)
            return o["id"].get<std::int64_t>();
    errors.add(field, tr(r.lang, "Type the name of an active organization, as the list offers it."));
    return std::nullopt;
}

bool known_role(const std::string& role) { return role == "coordinator" || role == "organizer" || role == "member"; }

store::web_account load_account(store::connection& conn, std::int64_t id, std::string_view lang)
{
    auto a = store::find_web_account(conn, id);
    if (!a)
        throw domain::not_found(tr(lang, "There is no such account."));
    return *a;
}

} // namespace

std::string role_name(std::string_view lang, std::string_view role)
{
    if (role == "member")
        return tr(lang, "representative");
    return role == "coordinator" || role == "organizer" ? tr(lang, std::string(role).c_str()) : std::string(role);
}

std::string when(std::string_view lang, const json& rfc3339)
{
    if (!rfc3339.is_string())
        return "";
    auto t = domain::parse_rfc3339(rfc3339.get<std::string>());
    return t ? domain::long_date_time(lang, *t, domain::find_zone("Europe/Riga")) : rfc3339.get<std::string>();
}

http::response accounts_page(http::context& c, reader& r)
{
    auto data = c.env.db.read([&](store::connection& conn) { return accounts_data(conn, r, json::object()); });
    data["saved"] = c.query_value("saved").has_value();
    return html(200, c, r, "accounts", data);
}

http::response account_create(http::context& c, reader& r)
{
    auto text = [&](const char* f) { return trimmed(form_value(c, f).value_or("")); };
    auto name = text("name"), email = text("email"), role = text("role"), org_name = text("organization");
    json typed = {{"name", name}, {"email", email}, {"role", role}, {"organization", org_name}};
    form_errors errors;
    if (name.empty() || name.size() > domain::person_name_max)
        errors.add("name", tr(r.lang, "Enter the person's name (at most 200 characters)."));
    if (email.size() > max_email_octets || email.find('@') == std::string::npos || !domain::ascii_address(email))
        errors.add("email", tr(r.lang, "Enter your email address, like name@example.org."));
    if (!known_role(role))
        errors.add("role", tr(r.lang, "Choose a role."));
    auto who = actor_of(r);
    json page;
    c.env.db.write([&](store::connection& conn) {
        auto org = organization_of(conn, role, org_name, "organization", r, errors);
        if (errors.empty() && store::find_web_account_by_email(conn, email))
            errors.add("email", tr(r.lang, "An account with this address exists already."));
        if (!errors.empty()) {
            page = accounts_data(conn, r, typed);
            return;
        }
        auto id = store::insert_web_account(conn, email, name, role, org, domain::now());
        store::audit(conn, who, "create", "web_account", id, nullptr, account_json(*store::find_web_account(conn, id)));
    });
    if (!errors.empty()) {
        errors.into(page);
        return html(422, c, r, "accounts", page);
    }
    return see_other("/accounts?saved=1");
}

// A new role takes effect at the account's next request: the session reads the account each time.
http::response account_role(http::context& c, reader& r)
{
    auto id = c.id();
    auto role = trimmed(form_value(c, "role").value_or(""));
    auto org_name = trimmed(form_value(c, "organization").value_or(""));
    auto field = "role-" + std::to_string(id);
    form_errors errors;
    if (!known_role(role))
        errors.add(field, tr(r.lang, "Choose a role."));
    auto who = actor_of(r);
    json page;
    c.env.db.write([&](store::connection& conn) {
        auto before = load_account(conn, id, r.lang);
        auto org = organization_of(conn, role, org_name, "organization-" + std::to_string(id), r, errors);
        if (!errors.empty()) {
            page = accounts_data(conn, r, json::object());
            return;
        }
        if (domain::leaves_no_coordinator(before.role, role, store::active_coordinator_accounts(conn)))
            throw domain::conflict(tr(r.lang, "This is the last coordinator: make another person coordinator first."));
        store::set_web_account_role(conn, id, role, org, domain::now());
        store::audit(conn, who, "update", "web_account", id, account_json(before), account_json(*store::find_web_account(conn, id)));
    });
    if (!errors.empty()) {
        errors.into(page);
        return html(422, c, r, "accounts", page);
    }
    return see_other("/accounts?saved=1");
}

http::response account_remove(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        auto before = load_account(conn, id, r.lang);
        if (domain::leaves_no_coordinator(before.role, "", store::active_coordinator_accounts(conn)))
            throw domain::conflict(tr(r.lang, "This is the last coordinator: make another person coordinator first."));
        store::delete_web_account(conn, id);
        store::audit(conn, who, "delete", "web_account", id, account_json(before), nullptr);
    });
    return see_other("/accounts?saved=1");
}

// Every live session of the account ends: each is signed out at its next request.
http::response account_sign_out(http::context& c, reader& r)
{
    auto id = c.id();
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        load_account(conn, id, r.lang); // 404 for an unknown one
        auto n = store::revoke_web_account_sessions(conn, id, domain::now());
        if (n > 0)
            store::audit(conn, who, "revoke_sessions", "web_account", id, nullptr, {{"sessions", n}});
    });
    return see_other("/accounts?saved=1");
}

} // namespace sanaksme::web
