// Pure rules behind the mail's links and addresses: ASCII addresses, the mail settings' problems.
#include "auth/links.hpp"
#include "domain/address.hpp"
#include "mail/smtp.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme;

TEST_CASE("an address goes out as ASCII: IDN domains as punycode, non-ASCII local parts not at all", "[addresses][unit]")
{
    CHECK(domain::ascii_address("agita@pdm.example") == "agita@pdm.example");
    CHECK(domain::ascii_address("anna@rīga.example") == "anna@xn--rga-uta.example");
    CHECK(domain::ascii_address("anna@RĪGA.example") == "anna@xn--rga-uta.example");
    CHECK_FALSE(domain::ascii_address("ilona.Ņikiforova@org20.example"));
    CHECK_FALSE(domain::ascii_address("no-at-sign"));
    CHECK(domain::ascii_local_part("ilona@rīga.example"));
    CHECK_FALSE(domain::ascii_local_part("ņ@org.example"));
}

TEST_CASE("mail settings: a relay needs a From address and a public URL; the start warns about plain http", "[mail_config][unit]")
{
    mail::mail_config ok{"smtp://relay:25", "Sanāksme <no-reply@p.example>", "Platforma <p@p.example>", "https://p.example"};
    CHECK_FALSE(mail::mail_config_problem(ok));
    CHECK(mail::mail_config_warnings(ok).empty());

    auto no_relay = ok;
    no_relay.smtp_url.clear();
    no_relay.public_url = std::string(mail::default_public_url);
    CHECK_FALSE(mail::mail_config_problem(no_relay));
    REQUIRE(mail::mail_config_warnings(no_relay).size() == 1);

    auto default_url = ok;
    default_url.public_url = std::string(mail::default_public_url);
    REQUIRE(mail::mail_config_problem(default_url));
    CHECK(mail::mail_config_problem(default_url)->find("--public-url") != std::string::npos);

    auto no_from = ok;
    no_from.mail_from = "Sanāksme";
    CHECK(mail::mail_config_problem(no_from)->find("--mail-from") != std::string::npos);
    no_from.mail_from = "Sanāksme <ņ@p.example>";
    CHECK(mail::mail_config_problem(no_from));

    auto bad_reply = ok;
    bad_reply.reply_to = "Platforma";
    CHECK(mail::mail_config_problem(bad_reply)->find("--reply-to") != std::string::npos);

    auto other_scheme = ok;
    other_scheme.smtp_url = "http://relay";
    CHECK(mail::mail_config_problem(other_scheme));

    auto plain = ok;
    plain.public_url = "http://p.example";
    CHECK_FALSE(mail::mail_config_problem(plain));
    REQUIRE(mail::mail_config_warnings(plain).size() == 1);
    CHECK(mail::mail_config_warnings(plain)[0].find("https://") != std::string::npos);
}

TEST_CASE("a minutes link opens only the minutes and is redacted like the others", "[links][unit]")
{
    std::vector<std::string> keys{"k"};
    auto token = auth::sign_link({auth::link_purpose::minutes, 7, 3, 2000000000}, "k");
    auto ok = auth::verify_link(token, auth::link_purpose::minutes, keys, 1000);
    REQUIRE(ok.claims);
    CHECK(ok.claims->meeting_id == 7);
    CHECK(auth::verify_link(token, auth::link_purpose::rsvp, keys, 1000).error == auth::link_error::wrong_purpose);
    CHECK(auth::redact_signed_links("https://p.example/minutes/" + token) == "https://p.example/minutes/REDACTED");
}
