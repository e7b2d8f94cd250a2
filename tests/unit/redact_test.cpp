// Signed links redacted from stored messages, and the MIME rewriting that keeps those messages whole.
#include "auth/links.hpp"
#include "render/mime.hpp"
#include "render/mime_rewrite.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme;

namespace {

std::string signed_token(auth::link_purpose p, std::int64_t person)
{
    return auth::sign_link({p, 5, person, 1900000000}, "a secret of the server");
}

// The decoded bodies of the leaf parts of a message built by render::build_message (base64).
std::vector<std::string> decoded_parts(const std::string& message)
{
    std::vector<std::string> out;
    std::size_t at = 0;
    while ((at = message.find("Content-Transfer-Encoding: base64\r\n", at)) != std::string::npos) {
        auto start = message.find("\r\n\r\n", at) + 4;
        auto end = message.find("--", start);
        std::string decoded;
        REQUIRE(render::base64_decode(message.substr(start, end - start), decoded));
        out.push_back(decoded);
        at = end;
    }
    return out;
}

} // namespace

TEST_CASE("signed link tokens are redacted wherever they stand; other text stays", "[links][unit]")
{
    auto rsvp = signed_token(auth::link_purpose::rsvp, 7);
    auto unsubscribe = signed_token(auth::link_purpose::unsubscribe, 7);
    CHECK(auth::redact_signed_links("Atbildiet: https://s.example/rsvp/" + rsvp + "\r\n") ==
          "Atbildiet: https://s.example/rsvp/REDACTED\r\n");
    CHECK(auth::redact_signed_links("<https://s.example/unsubscribe/" + unsubscribe + ">") ==
          "<https://s.example/unsubscribe/REDACTED>");
    // HTML-escaped slashes, a full stop after the link, a link under a path nobody knows yet.
    CHECK(auth::redact_signed_links("href=\"https:&#x2F;&#x2F;s.example&#x2F;rsvp&#x2F;" + rsvp + "\"") ==
          "href=\"https:&#x2F;&#x2F;s.example&#x2F;rsvp&#x2F;REDACTED\"");
    CHECK(auth::redact_signed_links("see /checkin/" + rsvp + ".") == "see /checkin/REDACTED.");
    CHECK(auth::redact_signed_links("/calendar/" + rsvp + ".ics") == "/calendar/REDACTED.ics");
    CHECK(auth::redact_signed_links("/checkin/anything-at-all") == "/checkin/REDACTED");
    const std::string plain = "Sanāksme 2030-11-23 plkst. 10.00, Rātslaukums 1. https://meet.example/room.42?x=1";
    CHECK(auth::redact_signed_links(plain) == plain);
    CHECK(auth::redact_signed_links("") == "");
}

TEST_CASE("a message keeps its MIME structure when its text is rewritten", "[mime][unit]")
{
    auto rsvp = signed_token(auth::link_purpose::rsvp, 7);
    auto unsubscribe = signed_token(auth::link_purpose::unsubscribe, 7);
    render::message m;
    m.from = {"Agita Misāne", "agita@pdm.example"};
    m.to = {"Ilona", "ilona@iom.example"};
    m.subject = "Ielūgums: sestā tikšanās";
    m.message_id = "x@s.example";
    m.text = "Labdien!\r\nAtbildiet: https://s.example/rsvp/" + rsvp + "\r\n" + std::string(300, 'a');
    m.html = "<p><a href=\"https://s.example/rsvp/" + rsvp + "\">Atbildēt</a></p>";
    m.calendar = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    m.calendar_method = "REQUEST";
    m.attachments.push_back({"invite.ics", "application/ics", m.calendar});
    m.extra_headers = {{"List-Unsubscribe", "<https://s.example/unsubscribe/" + unsubscribe + ">"}};
    auto original = render::build_message(m, "seed");

    SECTION("an edit that changes nothing gives the same bytes")
    {
        CHECK(render::rewrite_message_text(original, [](std::string_view t) { return std::string(t); }) == original);
    }
    SECTION("base64 parts are decoded, edited and encoded again")
    {
        auto redacted = render::rewrite_message_text(original, auth::redact_signed_links);
        CHECK(redacted.find(rsvp) == std::string::npos);
        CHECK(redacted.find("List-Unsubscribe: <https://s.example/unsubscribe/REDACTED>\r\n") != std::string::npos);
        auto parts = decoded_parts(redacted);
        REQUIRE(parts.size() == 4);
        CHECK(parts[0] == "Labdien!\r\nAtbildiet: https://s.example/rsvp/REDACTED\r\n" + std::string(300, 'a'));
        CHECK(parts[1] == "<p><a href=\"https://s.example/rsvp/REDACTED\">Atbildēt</a></p>");
        CHECK(parts[2] == m.calendar);
        CHECK(parts[3] == m.calendar);
        // Everything outside the edited parts is where it was: headers, boundaries, part headers.
        auto head = original.substr(0, original.find("List-Unsubscribe"));
        CHECK(redacted.substr(0, head.size()) == head);
        for (auto line : {"--alt-", "--mixed-", "Content-Type: text/html; charset=utf-8\r\n", "Content-Disposition: attachment"})
            CHECK(redacted.find(line) != std::string::npos);
        for (std::size_t at = 0, next; (next = redacted.find("\r\n", at)) != std::string::npos; at = next + 2)
            CHECK(next - at <= 998);
    }
    SECTION("quoted-printable parts too, soft line breaks and all")
    {
        std::string text = "Atbildiet: https://s.example/rsvp/" + rsvp + " — paldies!\r\nOtrā rinda = vienāda.";
        auto qp = render::quoted_printable_encode(text);
        for (std::size_t at = 0, next; at < qp.size(); at = next + 2) {
            next = qp.find("\r\n", at);
            if (next == std::string::npos)
                next = qp.size();
            CHECK(next - at <= 76);
        }
        CHECK(render::quoted_printable_decode(qp) == text);
        std::string message = "Subject: x\r\nContent-Type: multipart/alternative; boundary=b1\r\n\r\npreamble\r\n--b1\r\n"
                              "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
                              qp + "\r\n--b1\r\nContent-Type: text/plain\r\n\r\nplain /rsvp/" + rsvp + "\r\n--b1--\r\nepilogue\r\n";
        auto redacted = render::rewrite_message_text(message, auth::redact_signed_links);
        CHECK(redacted.find(rsvp) == std::string::npos);
        auto start = redacted.find("quoted-printable\r\n\r\n") + 20;
        auto end = redacted.find("\r\n--b1\r\n", start);
        CHECK(render::quoted_printable_decode(redacted.substr(start, end - start)) ==
              "Atbildiet: https://s.example/rsvp/REDACTED — paldies!\r\nOtrā rinda = vienāda.");
        CHECK(redacted.find("plain /rsvp/REDACTED\r\n--b1--\r\nepilogue\r\n") != std::string::npos);
        CHECK(redacted.find("\r\n\r\npreamble\r\n--b1\r\n") != std::string::npos);
    }
}
