#include "auth/links.hpp"
#include "auth/secrets.hpp"
#include "domain/dates.hpp"
#include "render/ical.hpp"
#include "render/mime.hpp"
#include "render/templates.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme;

namespace {
domain::instant at(const char* t) { return *domain::parse_rfc3339(t); }

bool valid_utf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size())
            return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2)
                return false;
        i += n;
    }
    return true;
}
} // namespace

TEST_CASE("Latvian and English dates read as people write them", "[dates][unit]")
{
    const auto* riga = domain::find_zone("Europe/Riga");
    CHECK(domain::long_date_time("lv", at("2030-11-23T10:00:00+02:00"), riga) == "2030. gada 23. novembrī, plkst. 10.00");
    CHECK(domain::long_date_time("en", at("2030-11-23T10:00:00+02:00"), riga) == "Saturday, 23 November 2030, 10:00");
    CHECK(domain::long_date("lv", at("2017-09-21T10:00:00+03:00"), riga) == "2017. gada 21. septembrī");
    CHECK(domain::day_month("lv", at("2017-11-23T10:00:00+02:00"), riga) == "23. novembrī");
    CHECK(domain::long_date("lv", "2017-08-28") == "2017. gada 28. augustā");
    CHECK(domain::long_date_time("ru", at("2030-11-23T10:00:00+02:00"), riga) == "суббота, 23 ноября 2030 г., 10:00");
    CHECK(domain::day_month("ru", at("2017-11-23T10:00:00+02:00"), riga) == "23 ноября");
    CHECK(domain::long_date("ru", "2017-08-28") == "28 августа 2017 г.");
    CHECK(domain::long_date("en", "2017-08-28") == "28 August 2017");
    // The zone decides the day: 23:30 UTC on the 22nd is already the 23rd in Riga.
    CHECK(domain::long_date("lv", at("2030-11-22T23:30:00Z"), riga) == "2030. gada 23. novembrī");
}

TEST_CASE("encoded words stay within 75 characters and never split a character", "[mime][unit]")
{
    std::string subject = "Ielūgums: NVO Dialoga platformas sestā tikšanās — āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ, 2030. gada 23. novembrī";
    auto encoded = render::encode_header_text(subject);
    std::string decoded;
    std::size_t pos = 0;
    while ((pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos) {
        auto end = encoded.find("?=", pos + 10);
        REQUIRE(end != std::string::npos);
        CHECK(end + 2 - pos <= 75);
        std::string word;
        REQUIRE(auth::base64url_decode([&] {
            std::string b = encoded.substr(pos + 10, end - pos - 10);
            while (!b.empty() && b.back() == '=')
                b.pop_back();
            for (auto& c : b)
                c = c == '+' ? '-' : c == '/' ? '_' : c;
            return b;
        }(), word));
        CHECK(valid_utf8(word)); // each word holds whole characters
        decoded += word;
        pos = end + 2;
    }
    CHECK(decoded == subject);
    CHECK(render::encode_header_text("Plain ASCII") == "Plain ASCII");
}

TEST_CASE("no header value can carry CR, LF or NUL into the message", "[mime][unit]")
{
    render::message m;
    m.from = {"Org\r\nBcc: victim@example.org", "from@x.example"};
    m.to = {"Ā\r\nX-Injected: 1", "to@x.example\r\nBcc: b@x.example"};
    m.subject = "Hi\r\nBcc: evil@x.example";
    m.text = "t";
    m.html = "h";
    m.message_id = "id\r\n@x";
    auto raw = render::build_message(m, "seed");
    auto headers = raw.substr(0, raw.find("\r\n\r\n"));
    CHECK(headers.find("\r\nBcc:") == std::string::npos);
    CHECK(headers.find("\r\nX-Injected") == std::string::npos);
    CHECK(render::header_safe(std::string("a\r\nb\0c", 6)) == "abc");
}

TEST_CASE("iCalendar lines fold at 75 octets without splitting UTF-8", "[ical][unit]")
{
    std::string line = "SUMMARY:" + std::string(40, 'x');
    for (int i = 0; i < 30; ++i)
        line += "ž";
    auto folded = render::fold_line(line);
    std::string unfolded;
    std::size_t start = 0;
    while (start < folded.size()) {
        auto end = folded.find("\r\n", start);
        auto physical = folded.substr(start, end - start);
        CHECK(physical.size() <= 75);
        CHECK(valid_utf8(physical.substr(start == 0 ? 0 : 1)));
        unfolded += start == 0 ? physical : physical.substr(1);
        start = end + 2;
    }
    CHECK(unfolded == line);
    CHECK(render::ical_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
}

TEST_CASE("a calendar has the event in its zone with a VTIMEZONE", "[ical][unit]")
{
    render::ical_event e;
    e.uid = "meeting-6@sanaksme.example";
    e.sequence = 2;
    e.starts_at = at("2030-11-23T10:00:00+02:00");
    e.ends_at = at("2030-11-23T12:30:00+02:00");
    e.timezone = "Europe/Riga";
    e.summary = "NVO Dialoga platformas sestā tikšanās";
    e.organizer_email = "agita@pdm.example";
    e.organizer_name = "Agita \"A\" Misāne";
    e.attendees = {{"Inese Janiša", "inese@iac.example"}};
    auto cal = render::calendar({e}, "REQUEST", at("2030-11-01T00:00:00Z"));
    CHECK(cal.find("METHOD:REQUEST\r\n") != std::string::npos);
    CHECK(cal.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Riga\r\n") != std::string::npos);
    CHECK(cal.find("DTSTART;TZID=Europe/Riga:20301123T100000\r\n") != std::string::npos);
    CHECK(cal.find("SEQUENCE:2\r\n") != std::string::npos);
    CHECK(cal.find("TZOFFSETTO:+0300") != std::string::npos); // the summer observance is there too
    CHECK(cal.find("ORGANIZER;CN=\"Agita A Misāne\":mailto:agita@pdm.example") != std::string::npos);
}

TEST_CASE("signed links verify, and tampering, expiry or the wrong purpose do not", "[links][unit]")
{
    std::vector<std::string> secrets{"current-secret", "old-secret"};
    auth::link_claims c{auth::link_purpose::rsvp, 6, 42, 2000};
    auto token = auth::sign_link(c, secrets[0]);
    auto ok = auth::verify_link(token, auth::link_purpose::rsvp, secrets, 1000);
    REQUIRE(ok.claims);
    CHECK(ok.claims->meeting_id == 6);
    CHECK(ok.claims->person_id == 42);
    CHECK(auth::verify_link(auth::sign_link(c, "old-secret"), auth::link_purpose::rsvp, secrets, 1000).claims);
    CHECK(auth::verify_link(token, auth::link_purpose::rsvp, secrets, 2001).error == auth::link_error::expired);
    CHECK(auth::verify_link(token, auth::link_purpose::checkin, secrets, 1000).error == auth::link_error::wrong_purpose);
    CHECK(auth::verify_link(auth::sign_link(c, "forged"), auth::link_purpose::rsvp, secrets, 1000).error ==
          auth::link_error::bad_signature);
    auto other = auth::sign_link({auth::link_purpose::rsvp, 6, 43, 2000}, "x");
    auto spliced = token.substr(0, token.find('.')) + other.substr(other.find('.'));
    CHECK_FALSE(auth::verify_link(spliced, auth::link_purpose::rsvp, secrets, 1000).claims);
    CHECK_FALSE(auth::verify_link("garbage", auth::link_purpose::rsvp, secrets, 1000).claims);
    CHECK_FALSE(auth::verify_link("", auth::link_purpose::rsvp, secrets, 1000).claims);
}

TEST_CASE("text templates do not HTML-escape; HTML templates do", "[templates][unit]")
{
    nlohmann::json d = {{"name", "Ā & <B>"}, {"title", "T"}, {"date", "d"}, {"when", "w"}, {"rsvp_url", "u"},
                        {"unsubscribe_url", "x"}, {"organizer", "O"}};
    CHECK(render::render_template("lv", "invitation.txt", d).find("Labdien, Ā & <B>!") != std::string::npos);
    CHECK(render::render_template("en", "invitation.html", d).find("Ā &amp; &lt;B&gt;") != std::string::npos);
    CHECK(render::render_template("lv", "invitation.subject", d) == "Ielūgums: T, d");
    CHECK(render::pick_language({nullptr, "ru", "en"}) == "en");
    CHECK(render::pick_language({nullptr, nullptr}) == "lv");
}
