// Sign-in without passwords: GET/POST /signin (a link by email), GET /signin/{signed} (a button:
// mail scanners open links, so a GET never signs in), POST /signin/{signed} (the session),
// POST /signout; and / itself, the sign-in form for a reader without a session.
#include "web/signin.hpp"

#include "handler_env.hpp"
#include "auth/links.hpp"
#include "auth/secrets.hpp"
#include "domain/address.hpp"
#include "domain/time.hpp"
#include "mail/compose.hpp"
#include "store/outbox.hpp"
#include "render/mime.hpp"
#include "web/dashboard.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

namespace sanaksme::web {

namespace {

constexpr std::size_t max_email_octets = 254;
// At most this many links per account in one link's lifetime: the form cannot flood an inbox.
constexpr std::int64_t max_links_per_window = 3;
// Ended sessions and spent links are kept this long (for a look at what happened), then removed.
constexpr std::int64_t keep_ended_seconds = 30 * 86400;

json signin_page(const reader& r, const std::string& email, const std::string& error)
{
    return {{"title", tr(r.lang, "Sign in")}, {"email", email}, {"error", error}};
}

// The sign-in email, in the account's language (else the page's), from the catalogs.
void queue_signin_mail(http::context& c, store::connection& conn, const store::web_account& a, const std::string& lang)
{
    auto now = domain::now();
    auto s = mail::settings_from(c.env.settings, {});
    auto url = new_signin_link(conn, a.id, s.public_url, c.env.link_keys.secrets().front(), now);
    auto site = s.reply_to.name.empty() ? std::string("Sanāksme") : s.reply_to.name;
    json vars = {{"name", a.name}, {"site", site}, {"link", url}, {"minutes", signin_link_seconds / 60}};
    render::message msg;
    msg.from = s.from;
    msg.reply_to = s.reply_to;
    msg.to = {a.name, domain::ascii_address(a.email).value_or(a.email)};
    msg.subject = say(lang, "Sign in to {{site}}", vars);
    msg.text = say(lang,
                   "Hello {{name}},\n\nto sign in to {{site}}, open this link within {{minutes}} minutes and press "
                   "the button on the page:\n\n{{link}}\n\nThe link works once. If you did not ask for it, ignore "
                   "this email: nobody can sign in without it.\n",
                   vars);
    msg.date = now;
    auto host = s.public_url.substr(s.public_url.find("://") == std::string::npos ? 0 : s.public_url.find("://") + 3);
    msg.message_id = "signin." + std::to_string(a.id) + "." + auth::random_base64url(9) + "@" + host.substr(0, host.find_first_of(":/"));
    store::queued_message q;
    q.kind = "signin";
    q.dedupe_key = "signin." + std::to_string(a.id) + "." + std::to_string(now) + "." + auth::random_base64url(6);
    q.to_address = msg.to.address;
    q.language = lang;
    q.subject = msg.subject;
    q.message_id = msg.message_id;
    q.message = render::build_message(msg, msg.message_id);
    store::queue_message(conn, q);
}

std::optional<auth::link_claims> claims_of(http::context& c)
{
    auto v = auth::verify_link(c.param("signed"), auth::link_purpose::signin, c.env.link_keys.secrets(), domain::now());
    return v.claims;
}

} // namespace

std::string new_signin_link(store::connection& c, std::int64_t account_id, const std::string& public_url,
                            const std::string& secret, std::int64_t now)
{
    auto expires = now + signin_link_seconds;
    auto link_id = store::insert_signin_link(c, account_id, now, expires);
    auth::link_claims claims{auth::link_purpose::signin, link_id, account_id, expires};
    auto base = public_url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base + "/signin/" + auth::sign_link(claims, secret);
}

http::response home(http::context& c, reader& r)
{
    if (!r.account)
        return html(200, c, r, "signin", signin_page(r, "", ""));
    return dashboard(c, r);
}

http::response signin_form(http::context& c, reader& r)
{
    if (r.account)
        return see_other("/");
    return html(200, c, r, "signin", signin_page(r, "", ""));
}

http::response signin_request(http::context& c, reader& r)
{
    auto email = form_value(c, "email").value_or("");
    auto at = email.find('@');
    if (email.empty() || email.size() > max_email_octets || at == std::string::npos || at == 0 || at + 1 == email.size())
        return html(422, c, r, "signin", signin_page(r, email, tr(r.lang, "Enter your email address, like name@example.org.")));
    // The same answer whether the address is known or not: the page tells nobody who has an account.
    bool queued = c.env.db.write([&](store::connection& conn) {
        auto a = store::find_web_account_by_email(conn, email);
        if (!a || store::signin_links_since(conn, a->id, domain::now() - signin_link_seconds) >= max_links_per_window)
            return false;
        queue_signin_mail(c, conn, *a, a->language.value_or(r.lang));
        return true;
    });
    if (queued)
        c.env.mail.messages_queued();
    return html(200, c, r, "signin_sent", {{"title", tr(r.lang, "Check your email")}, {"email", email}});
}

http::response signin_confirm(http::context& c, reader& r)
{
    auto claims = claims_of(c);
    bool open = claims && c.env.db.read([&](store::connection& conn) {
        return store::signin_link_open(conn, claims->meeting_id, claims->person_id, domain::now());
    });
    if (!open)
        return html(410, c, r, "signin_expired", {{"title", tr(r.lang, "This link no longer works")}});
    return html(200, c, r, "signin_confirm", {{"title", tr(r.lang, "Sign in")}, {"action", c.path}});
}

http::response signin_consume(http::context& c, reader& r)
{
    auto claims = claims_of(c);
    auto secret = auth::new_token();
    auto now = domain::now();
    bool ok = claims && c.env.db.write([&](store::connection& conn) {
        if (!store::consume_signin_link(conn, claims->meeting_id, claims->person_id, now))
            return false;
        store::forget_ended_web_sessions(conn, now - keep_ended_seconds);
        if (!r.session_hash.empty())
            store::revoke_web_session(conn, r.session_hash, now);
        store::insert_web_session(conn, claims->person_id, auth::sha256_hex(secret), now, now + session_seconds);
        return true;
    });
    if (!ok)
        return html(410, c, r, "signin_expired", {{"title", tr(r.lang, "This link no longer works")}});
    auto res = see_other("/");
    res.header("Set-Cookie", set_cookie(r, "sanaksme_session", secret, session_seconds, true));
    return res;
}

http::response signout(http::context& c, reader& r)
{
    auto now = domain::now();
    c.env.db.write([&](store::connection& conn) { store::revoke_web_session(conn, r.session_hash, now); });
    auto res = see_other("/");
    res.header("Set-Cookie", set_cookie(r, "sanaksme_session", "", 0, true));
    return res;
}

} // namespace sanaksme::web
