// The pure parts of mail that comes back: reply address tags, the bounce and PARTSTAT rules,
// and the readers of iCalendar answers and delivery status reports.
#include "auth/reply_tag.hpp"
#include "domain/mail_returns.hpp"
#include "render/mail_read.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme;

TEST_CASE("a reply address verifies under the key that signed it, in any case, and nothing else", "[lmtp][unit]")
{
    std::vector<std::string> keys{"new-key", "old-key"};
    auto address = auth::reply_address({41, 7}, "old-key", "Reply.Example.org");
    CHECK(address.starts_with("reply+41-7-"));
    CHECK(address.ends_with("@reply.example.org"));
    CHECK(address.substr(0, address.find('@')).size() <= 64);
    auto ok = auth::verify_reply_address(address, "reply.example.org", keys);
    CHECK(ok.state == auth::reply_tag_state::valid);
    CHECK(ok.claims.outbox_id == 41);
    CHECK(ok.claims.person_id == 7);
    std::string upper = address;
    for (auto& ch : upper)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    CHECK(auth::verify_reply_address(upper, "reply.example.org", keys).state == auth::reply_tag_state::valid);

    // Another message or person under the same MAC, a changed MAC, an unknown key: forged.
    auto mac = address.substr(address.rfind('-') + 1, 32);
    CHECK(auth::verify_reply_address("reply+42-7-" + mac + "@reply.example.org", "reply.example.org", keys).state ==
          auth::reply_tag_state::forged);
    CHECK(auth::verify_reply_address("reply+41-8-" + mac + "@reply.example.org", "reply.example.org", keys).state ==
          auth::reply_tag_state::forged);
    CHECK(auth::verify_reply_address("reply+041-7-" + mac + "@reply.example.org", "reply.example.org", keys).state ==
          auth::reply_tag_state::forged);
    CHECK(auth::verify_reply_address(address, "reply.example.org", {"other"}).state == auth::reply_tag_state::forged);
    CHECK(auth::verify_reply_address("reply+junk@reply.example.org", "reply.example.org", keys).state ==
          auth::reply_tag_state::forged);
    // Not a reply address of ours at all: absent (such mail is passed on).
    CHECK(auth::verify_reply_address("kontakti@reply.example.org", "reply.example.org", keys).state ==
          auth::reply_tag_state::absent);
    CHECK(auth::verify_reply_address(address, "example.org", keys).state == auth::reply_tag_state::absent);
    CHECK(auth::verify_reply_address(address, "", keys).state == auth::reply_tag_state::absent);
}

TEST_CASE("bounces: failed 5.x.x is hard, 4.x.x or delayed is soft, success is none; three soft suppress", "[lmtp][unit]")
{
    using domain::bounce_kind;
    CHECK(domain::classify_bounce("failed", "5.1.1") == bounce_kind::hard);
    CHECK(domain::classify_bounce("failed", "4.2.2") == bounce_kind::soft);
    CHECK(domain::classify_bounce("delayed", "4.4.1") == bounce_kind::soft);
    CHECK(domain::classify_bounce("delivered", "2.0.0") == bounce_kind::none);
    CHECK(domain::classify_bounce("relayed", "2.0.0") == bounce_kind::none);
    CHECK(domain::classify_bounce("failed", "5") == bounce_kind::none);
    CHECK(domain::address_suppressed(bounce_kind::hard, 0));
    CHECK_FALSE(domain::address_suppressed(bounce_kind::soft, 0));
    CHECK_FALSE(domain::address_suppressed(bounce_kind::soft, 1));
    CHECK(domain::address_suppressed(bounce_kind::soft, 2));
    CHECK_FALSE(domain::address_suppressed(bounce_kind::none, 5));
    CHECK(domain::rsvp_from_partstat("ACCEPTED") == domain::rsvp_response::yes);
    CHECK(domain::rsvp_from_partstat("DECLINED") == domain::rsvp_response::no);
    CHECK(domain::rsvp_from_partstat("TENTATIVE") == domain::rsvp_response::maybe);
    CHECK_FALSE(domain::rsvp_from_partstat("NEEDS-ACTION"));
}

TEST_CASE("an iCalendar answer is read from folded lines, quoted parameters and its first VEVENT", "[lmtp][unit]")
{
    auto a = render::read_calendar_answer("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:m-1@x\r\n"
                                          "ATTENDEE;CN=\"Misāne; Agita: NVO\";PARTSTAT=ACC\r\n EPTED:MAILTO:Agita@PDM.example\r\n"
                                          "BEGIN:VALARM\r\nATTENDEE;PARTSTAT=DECLINED:mailto:x@y\r\nEND:VALARM\r\n"
                                          "END:VEVENT\r\nBEGIN:VEVENT\r\nATTENDEE;PARTSTAT=DECLINED:mailto:z@y\r\nEND:VEVENT\r\n"
                                          "END:VCALENDAR\r\n");
    REQUIRE(a);
    CHECK(a->method == "REPLY");
    CHECK(a->uid == "m-1@x");
    REQUIRE(a->attendees.size() == 1);
    CHECK(a->attendees[0].email == "agita@pdm.example");
    CHECK(a->attendees[0].partstat == "ACCEPTED");
    CHECK_FALSE(render::read_calendar_answer("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"));
    CHECK_FALSE(render::read_calendar_answer("METHOD:REPLY\r\n"));
}

TEST_CASE("a delivery report is read per recipient; message/* parts are never opened", "[lmtp][unit]")
{
    std::string dsn = "Content-Type: multipart/report; report-type=Delivery-Status; boundary=\"b\"\r\n\r\n"
                      "--b\r\nContent-Type: text/plain\r\n\r\nnotice\r\n"
                      "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; m\r\n\r\n"
                      "Final-Recipient: rfc822; A@B.example\r\nAction: failed\r\nStatus: 5.1.1 (user unknown)\r\n\r\n"
                      "Final-Recipient: rfc822;c@d\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n"
                      "--b\r\nContent-Type: message/rfc822\r\n\r\nContent-Type: multipart/mixed; boundary=\"i\"\r\n\r\n"
                      "--i\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nX\r\n--i--\r\n"
                      "\r\n--b--\r\n";
    auto m = render::read_message(dsn);
    CHECK(m.type == "multipart/report");
    CHECK(m.report_type == "delivery-status");
    REQUIRE(m.parts.size() == 3);
    CHECK(m.parts[2].type == "message/rfc822");
    auto d = render::read_delivery_status(m.parts[1].body);
    REQUIRE(d.size() == 2);
    CHECK(d[0].final_recipient == "a@b.example");
    CHECK(d[0].action == "failed");
    CHECK(d[0].status == "5.1.1");
    CHECK(d[1].final_recipient == "c@d");
    CHECK(d[1].status == "4.4.1");
}
