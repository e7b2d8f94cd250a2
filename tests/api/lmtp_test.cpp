// Mail that comes back through the LMTP listener, sent with Python's smtplib.LMTP: calendar
// answers shaped as Outlook, Gmail and Thunderbird send them, Postfix's DSNs, a forged reply
// address, a message over the size limit, and other mail passed on to the contact address.
// Over 400 lines: the clients' and Postfix's message shapes are built here, beside the tests that send them.
#include "support/fixtures.hpp"
#include "support/web_browser.hpp"

#include <fstream>
#include <sstream>
#include <thread>

using namespace sanaksme::test;

namespace {

constexpr const char* reply_domain = "reply.example.org";

struct lmtp_platform {
    std::int64_t meeting = 0, org = 0;
    std::int64_t agita = 0, rasa = 0, ilona = 0;
};

// `where`: the LMTP listener's HOST:PORT or unix socket path.
std::vector<std::string> lmtp_args_at(const smtp_sink& sink, const std::string& where, std::vector<std::string> extra = {})
{
    std::vector<std::string> args{"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1",
                                  "--mail-retry-seconds", "1", "--public-url", "http://127.0.0.1:1", "--mail-from",
                                  "Sanāksme <no-reply@platform.example>", "--reply-to", "Platforma <kontakti@platform.example>",
                                  "--reply-domain", reply_domain, "--lmtp-listen", where};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

std::vector<std::string> lmtp_args(const smtp_sink& sink, unsigned short lmtp_port, std::vector<std::string> extra = {})
{
    return lmtp_args_at(sink, "127.0.0.1:" + std::to_string(lmtp_port), std::move(extra));
}

lmtp_platform make_platform(test_server& s, json meeting_extra = json::object())
{
    lmtp_platform p;
    p.org = create_org(s, "Biedrība „Patvērums „Drošā māja””");
    p.agita = create_person(s, p.org, "Agita Misāne", {{"email", "agita@pdm.example"}, {"email_consent", true}});
    p.rasa = create_person(s, p.org, "Rasa Saliņa", {{"email", "rasa@pdm.example"}, {"email_consent", true}});
    p.ilona = create_person(s, p.org, "Ilona Nikiforova", {{"email", "ilona@iom.example"}, {"email_consent", true}});
    json body = {{"title", "NVO Dialoga platformas sestā tikšanās"}, {"status", "scheduled"},
                 {"starts_at", "2030-11-23T10:00:00+02:00"}, {"ends_at", "2030-11-23T12:30:00+02:00"}};
    body.update(meeting_extra);
    p.meeting = create_meeting(s, body);
    invite_all(s, p.meeting);
    auto r = s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "invitation"}}, s.organizer_token());
    REQUIRE(r.status == 201);
    return p;
}

const json& message_to(const json& messages, const std::string& address)
{
    for (const auto& m : messages)
        if (m["envelope_to"] == address)
            return m;
    FAIL("no message to " << address);
    throw std::logic_error("unreachable");
}

// The reply address an invitation carries as its calendar ORGANIZER (checked equal to its envelope sender).
std::string reply_address_of(const json& m)
{
    auto organizer = m["calendar"]["events"][0]["organizer"].get<std::string>();
    REQUIRE(organizer.starts_with("mailto:"));
    auto address = organizer.substr(7);
    CHECK(m["envelope_from"] == address);
    return address;
}

std::string base64(const std::string& in)
{
    static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out, line;
    for (std::size_t i = 0; i < in.size(); i += 3) {
        auto n = std::min<std::size_t>(3, in.size() - i);
        std::uint32_t v = static_cast<std::uint8_t>(in[i]) << 16;
        if (n > 1)
            v |= static_cast<std::uint8_t>(in[i + 1]) << 8;
        if (n > 2)
            v |= static_cast<std::uint8_t>(in[i + 2]);
        line += digits[(v >> 18) & 63];
        line += digits[(v >> 12) & 63];
        line += n > 1 ? digits[(v >> 6) & 63] : '=';
        line += n > 2 ? digits[v & 63] : '=';
        if (line.size() >= 76) {
            out += line + "\r\n";
            line.clear();
        }
    }
    return out + (line.empty() ? "" : line + "\r\n");
}

// RFC 6047 §4.2-shaped REPLY (or COUNTER) calendars, with what each client adds.
struct answer {
    std::string method = "REPLY", uid, organizer, attendee, name, partstat, prodid, extra;
};

std::string calendar(const answer& a)
{
    return "BEGIN:VCALENDAR\r\nPRODID:" + a.prodid + "\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:" + a.method +
           "\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/Riga:20301123T100000\r\nDTEND;TZID=Europe/Riga:20301123T123000\r\n"
           "DTSTAMP:20301101T101500Z\r\nORGANIZER;CN=Platforma:mailto:" + a.organizer + "\r\nUID:" + a.uid +
           "\r\n" + a.extra + "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=" + a.partstat +
           ";CN=\"" + a.name + "\";X-NUM-GUESTS=0:mailto:" + a.attendee +
           "\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:NVO Dialoga platformas sestā tikšanās\r\nTRANSP:OPAQUE\r\n"
           "END:VEVENT\r\nEND:VCALENDAR\r\n";
}

std::string headers(const std::string& from, const std::string& to, const std::string& subject, const std::string& type)
{
    return "From: " + from + "\r\nTo: <" + to + ">\r\nSubject: " + subject +
           "\r\nDate: Fri, 1 Nov 2030 12:15:00 +0200\r\nMessage-ID: <" + std::to_string(std::hash<std::string>{}(subject + to)) +
           "@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: " + type + "\r\n";
}

// Outlook: multipart/alternative of text/plain and text/calendar; method=REPLY, both base64.
std::string outlook_reply(answer a)
{
    a.prodid = "Microsoft Exchange Server 2010";
    a.extra = "X-MICROSOFT-CDO-APPT-SEQUENCE:0\r\nX-MICROSOFT-CDO-REPLYTIME:20301101T101500Z\r\n";
    return headers("Agita Misāne <agita@pdm.example>", a.organizer, "Accepted: NVO Dialoga platformas sestā tikšanās",
                   "multipart/alternative;\r\n\tboundary=\"_000_AM0PR09MB1234_\"") +
           "Thread-Topic: NVO Dialoga platformas sesta tiksanas\r\n\r\n--_000_AM0PR09MB1234_\r\n"
           "Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
           base64("Piekrītu.\r\n") + "\r\n--_000_AM0PR09MB1234_\r\n"
           "Content-Type: text/calendar; charset=\"utf-8\"; method=REPLY\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
           base64(calendar(a)) + "\r\n--_000_AM0PR09MB1234_--\r\n";
}

// Gmail: multipart/mixed { multipart/alternative { text/plain, text/html, text/calendar (7bit) },
// invite.ics as application/ics (base64) }.
std::string gmail_reply(answer a)
{
    a.prodid = "-//Google Inc//Google Calendar 70.9054//EN";
    auto ics = calendar(a);
    return headers("Ilona Nikiforova <ilona@iom.example>", a.organizer,
                   "Declined: NVO Dialoga platformas sestā tikšanās @ Sat Nov 23, 2030 10am - 12:30pm (EET)",
                   "multipart/mixed; boundary=\"000000000000aa11\"") +
           "\r\n--000000000000aa11\r\nContent-Type: multipart/alternative; boundary=\"000000000000aa10\"\r\n\r\n"
           "--000000000000aa10\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\nIlona Nikiforova has declined this invitation.\r\n"
           "--000000000000aa10\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n\r\n<p>Ilona Nikiforova has declined this invitation.</p>\r\n"
           "--000000000000aa10\r\nContent-Type: text/calendar; charset=\"UTF-8\"; method=REPLY\r\n\r\n" + ics +
           "--000000000000aa10--\r\n--000000000000aa11\r\n"
           "Content-Type: application/ics; name=\"invite.ics\"\r\nContent-Disposition: attachment; filename=\"invite.ics\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" + base64(ics) + "--000000000000aa11--\r\n";
}

// Thunderbird: multipart/mixed { multipart/alternative { text/plain, text/calendar; method=REPLY
// (8bit) }, invite.ics attachment }, its ATTENDEE line folded at 75 octets.
std::string thunderbird_reply(answer a)
{
    a.prodid = "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN";
    auto ics = calendar(a);
    // Folded as RFC 5545 does it: CRLF and one space inside the long ATTENDEE line.
    auto at = ics.find("ATTENDEE");
    ics.insert(at + 60, "\r\n ");
    return headers("Rasa Saliņa <rasa@pdm.example>", a.organizer,
                   "Tentatively Accepted: NVO Dialoga platformas sestā tikšanās",
                   "multipart/mixed;\r\n boundary=\"------------6Bq0ZIlH1EaEhhWvmgUYd0mT\"") +
           "User-Agent: Mozilla Thunderbird\r\n\r\nThis is a multi-part message in MIME format.\r\n"
           "--------------6Bq0ZIlH1EaEhhWvmgUYd0mT\r\nContent-Type: multipart/alternative;\r\n boundary=\"------------lmKmP3r1\"\r\n\r\n"
           "--------------lmKmP3r1\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "Rasa Saliņa ir pieņēmusi šo uzaicinājumu ar nosacījumu.\r\n\r\n"
           "--------------lmKmP3r1\r\nContent-Type: text/calendar; method=REPLY; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
           ics + "\r\n--------------lmKmP3r1--\r\n\r\n--------------6Bq0ZIlH1EaEhhWvmgUYd0mT\r\n"
           "Content-Type: application/ics; name=\"invite.ics\"\r\nContent-Disposition: attachment; filename=\"invite.ics\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" + base64(ics) + "\r\n--------------6Bq0ZIlH1EaEhhWvmgUYd0mT--\r\n";
}

// Postfix's bounce (RFC 3464): a notice, the delivery report, and the message returned whole
// (which carries our own METHOD:REQUEST calendar: it must not be read as an answer).
std::string postfix_dsn(const std::string& to, const std::string& recipient, const std::string& action,
                        const std::string& status, const std::string& returned)
{
    bool delayed = action == "delayed";
    std::string b = "3F2A01C0A2.1700000000/mail.platform.example";
    return "From: MAILER-DAEMON@mail.platform.example (Mail Delivery System)\r\nSubject: " +
           std::string(delayed ? "Delayed Mail (still being retried)" : "Undelivered Mail Returned to Sender") + "\r\nTo: " + to +
           "\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;\r\n"
           "\tboundary=\"" + b + "\"\r\nContent-Transfer-Encoding: 8bit\r\nMessage-Id: <20301101101500.3F2A01C0A2@mail.platform.example>\r\n"
           "Date: Fri,  1 Nov 2030 12:15:00 +0200 (EET)\r\n\r\nThis is a MIME-encapsulated message.\r\n\r\n--" + b +
           "\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "This is the mail system at host mail.platform.example.\r\n\r\n<" + recipient + ">: host mx.example said: " + status +
           " (in reply to RCPT TO command)\r\n\r\n--" + b + "\r\nContent-Description: " +
           (delayed ? "Delivery report" : "Delivery report") + "\r\nContent-Type: message/delivery-status\r\n\r\n"
           "Reporting-MTA: dns; mail.platform.example\r\nX-Postfix-Queue-ID: 3F2A01C0A2\r\nX-Postfix-Sender: rfc822; " + to +
           "\r\nArrival-Date: Fri,  1 Nov 2030 12:00:00 +0200 (EET)\r\n\r\nFinal-Recipient: rfc822; " + recipient +
           "\r\nOriginal-Recipient: rfc822;" + recipient + "\r\nAction: " + action + "\r\nStatus: " + status +
           "\r\nRemote-MTA: dns; mx.example\r\nDiagnostic-Code: smtp; " + (status[0] == '5' ? "550 " : "451 ") + status +
           " <" + recipient + ">: Recipient address rejected\r\n" + (delayed ? "Will-Retry-Until: Fri, 6 Nov 2030 12:00:00 +0200 (EET)\r\n" : "") +
           "\r\n--" + b + "\r\nContent-Description: Undelivered Message\r\nContent-Type: message/rfc822\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" + returned + "\r\n--" + b + "--\r\n";
}

struct lmtp_send {
    std::string from, message;
    std::vector<std::string> to;
    bool size_option = false, new_connection = false;
};

// Sends each transaction with smtplib.LMTP (tests/support/py/lmtp_send.py), on one connection
// unless a transaction asks for a new one; returns {"results": […], "noop_after": code}.
json run_lmtp_send(const std::string& where, const json& transactions)
{
    auto dir = temp_dir();
    std::ofstream(dir + "/t.json") << transactions.dump();
    auto [code, out] = run_program("/usr/bin/python3",
                                   {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/lmtp_send.py", where, dir + "/t.json"});
    INFO(out);
    REQUIRE(code == 0);
    return json::parse(out);
}

json send_lmtp(const std::string& where, const std::vector<lmtp_send>& sends)
{
    auto dir = temp_dir();
    json transactions = json::array();
    for (std::size_t i = 0; i < sends.size(); ++i) {
        auto file = dir + "/m" + std::to_string(i) + ".eml";
        std::ofstream(file, std::ios::binary) << sends[i].message;
        transactions.push_back({{"from", sends[i].from}, {"to", sends[i].to}, {"file", file},
                                {"size_option", sends[i].size_option}, {"new_connection", sends[i].new_connection}});
    }
    return run_lmtp_send(where, transactions);
}

json send_lmtp(unsigned short port, const std::vector<lmtp_send>& sends) { return send_lmtp(std::to_string(port), sends); }

json rsvp_of(test_server& s, std::int64_t meeting, std::int64_t person)
{
    for (const auto& r : list_all(s, meeting_path(meeting, "/rsvps")))
        if (r["person_id"] == person)
            return r;
    return nullptr;
}

std::string metric(test_server& s, const std::string& outcome)
{
    auto body = s.get("/metrics", "").body;
    auto key = "sanaksme_mail_returns_total{outcome=\"" + outcome + "\"} ";
    auto at = body.find(key);
    return at == std::string::npos ? "0" : body.substr(at + key.size(), body.find('\n', at) - at - key.size());
}

} // namespace

TEST_CASE("calendar answers from Outlook, Gmail and Thunderbird become RSVPs, audited as by calendar reply",
          "[lmtp][email][api]")
{
    smtp_sink sink;
    auto port = free_port();
    test_server s(lmtp_args(sink, port));
    auto p = make_platform(s);
    auto messages = sink.wait_for(3);
    REQUIRE(messages.size() == 3);
    const auto& to_agita = message_to(messages, "agita@pdm.example");
    const auto& to_ilona = message_to(messages, "ilona@iom.example");
    const auto& to_rasa = message_to(messages, "rasa@pdm.example");
    auto uid = to_agita["calendar"]["events"][0]["uid"].get<std::string>();
    auto agita_reply = reply_address_of(to_agita), ilona_reply = reply_address_of(to_ilona), rasa_reply = reply_address_of(to_rasa);
    CHECK(agita_reply.starts_with("reply+"));
    CHECK(agita_reply.ends_with(std::string("@") + reply_domain));
    CHECK(agita_reply != ilona_reply);
    // People replying by hand still reach the contact: Reply-To is unchanged.
    CHECK(to_agita["reply_to"] == "Platforma <kontakti@platform.example>");

    auto sent = send_lmtp(port, {
        {"agita@pdm.example", outlook_reply({.uid = uid, .organizer = agita_reply, .attendee = "agita@pdm.example",
                                             .name = "Agita Misāne", .partstat = "ACCEPTED"}), {agita_reply}},
        {"ilona@iom.example", gmail_reply({.uid = uid, .organizer = ilona_reply, .attendee = "ilona@iom.example",
                                           .name = "Ilona Nikiforova", .partstat = "DECLINED"}), {ilona_reply}},
        {"rasa@pdm.example", thunderbird_reply({.uid = uid, .organizer = rasa_reply, .attendee = "rasa@pdm.example",
                                                .name = "Rasa Saliņa", .partstat = "TENTATIVE"}), {rasa_reply}},
    });
    INFO(sent.dump());
    for (const auto& r : sent["results"]) {
        CHECK(r["rcpt"][0][0] == 250);
        CHECK(r["data"][0][0] == 250);
    }
    CHECK(rsvp_of(s, p.meeting, p.agita)["response"] == "yes");
    CHECK(rsvp_of(s, p.meeting, p.ilona)["response"] == "no");
    CHECK(rsvp_of(s, p.meeting, p.rasa)["response"] == "maybe");
    auto audit = s.get("/api/v1/audit?resource=meeting", s.coordinator());
    REQUIRE(audit.status == 200);
    CHECK(audit.body.find("Agita Misāne (calendar reply)") != std::string::npos);
    CHECK(audit.body.find("Rasa Saliņa (calendar reply)") != std::string::npos);
    CHECK(metric(s, "reply_yes") == "1");
    CHECK(metric(s, "reply_no") == "1");
    CHECK(metric(s, "reply_maybe") == "1");

    SECTION("a counter-proposal is kept for the organizer, not applied")
    {
        // Outlook's "propose new time": an hour later, with a word why.
        answer a{.method = "COUNTER", .uid = uid, .organizer = agita_reply, .attendee = "agita@pdm.example", .name = "Agita Misāne",
                 .partstat = "TENTATIVE", .prodid = "Microsoft Exchange Server 2010", .extra = "COMMENT:Vai varam stundu vēlāk?\r\n"};
        auto ics = calendar(a);
        auto dt = ics.find("DTSTART;TZID=Europe/Riga:20301123T100000");
        ics.replace(dt, std::string("DTSTART;TZID=Europe/Riga:20301123T100000").size(), "DTSTART;TZID=Europe/Riga:20301123T110000");
        std::string msg = headers("Agita Misāne <agita@pdm.example>", agita_reply, "New Time Proposed: NVO Dialoga platformas tikšanās",
                                  "text/calendar; charset=\"utf-8\"; method=COUNTER") +
                          "Content-Transfer-Encoding: 8bit\r\n\r\n" + ics;
        auto r = send_lmtp(port, {{"agita@pdm.example", msg, {agita_reply}}});
        CHECK(r["results"][0]["data"][0][0] == 250);
        auto list = s.get(meeting_path(p.meeting, "/calendar-counters"), s.organizer_token());
        REQUIRE(list.status == 200);
        REQUIRE(list.j()["items"].size() == 1);
        CHECK(list.j()["items"][0]["person_id"] == p.agita);
        CHECK(list.j()["items"][0]["proposed_start"] == "20301123T110000");
        CHECK(list.j()["items"][0]["comment"] == "Vai varam stundu vēlāk?");
        CHECK(rsvp_of(s, p.meeting, p.agita)["response"] == "yes"); // unchanged
        CHECK(s.get(meeting_path(p.meeting), s.organizer_token()).j()["starts_at"] == "2030-11-23T10:00:00+02:00");
        auto member = s.token("member", "Biedrs", p.org);
        CHECK(s.get(meeting_path(p.meeting, "/calendar-counters"), member).status == 403);
        CHECK(metric(s, "counter") == "1");
    }

    SECTION("a reply the rules refuse (no place left) changes nothing and goes on to the contact")
    {
        REQUIRE(s.patch(meeting_path(p.meeting), {{"capacity", 1}}, s.organizer_token()).status == 200);
        REQUIRE(s.put(meeting_path(p.meeting, "/rsvps/" + std::to_string(p.ilona)), {{"response", "no"}}, s.coordinator()).status == 200);
        auto again = gmail_reply({.uid = uid, .organizer = ilona_reply, .attendee = "ilona@iom.example",
                                  .name = "Ilona Nikiforova", .partstat = "ACCEPTED"});
        auto r = send_lmtp(port, {{"ilona@iom.example", again, {ilona_reply}}});
        CHECK(r["results"][0]["data"][0][0] == 250);
        CHECK(rsvp_of(s, p.meeting, p.ilona)["response"] == "no"); // the one place is agita's
        auto all = sink.wait_for(4);
        REQUIRE(all.size() == 4);
        CHECK(all[3]["envelope_to"] == "kontakti@platform.example");
        CHECK(metric(s, "reply_refused") == "1");
    }
}

TEST_CASE("bounces suppress an address (hard at once, soft after three) until it changes", "[lmtp][email][api]")
{
    smtp_sink sink;
    auto port = free_port();
    test_server s(lmtp_args(sink, port, {"--reminder-gap-hours", "0"}));
    auto p = make_platform(s);
    auto messages = sink.wait_for(3);
    REQUIRE(messages.size() == 3);
    auto rasa_reply = reply_address_of(message_to(messages, "rasa@pdm.example"));
    auto ilona_reply = reply_address_of(message_to(messages, "ilona@iom.example"));
    std::string returned;
    {
        std::ifstream f(message_to(messages, "rasa@pdm.example")["file"].get<std::string>(), std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        returned = ss.str();
    }
    REQUIRE(returned.find("text/calendar; method=REQUEST") != std::string::npos);
    auto person = [&](std::int64_t id) { return s.get("/api/v1/people/" + std::to_string(id), s.coordinator()).j(); };
    CHECK(person(p.rasa)["email_bounced"] == false);

    // A hard bounce (5.1.1) suppresses at once; the returned invitation inside is not an answer.
    auto hard = send_lmtp(port, {{"", postfix_dsn(rasa_reply, "rasa@pdm.example", "failed", "5.1.1", returned), {rasa_reply}}});
    CHECK(hard["results"][0]["data"][0][0] == 250);
    CHECK(person(p.rasa)["email_bounced"] == true);
    CHECK(rsvp_of(s, p.meeting, p.rasa).is_null());
    // The member organization sees it too.
    auto member = s.token("member", "Biedrs", p.org);
    auto people = s.get("/api/v1/organizations/" + std::to_string(p.org) + "/people", member);
    REQUIRE(people.status == 200);
    auto listed = people.j(); // alive for the loop: a range-for over a temporary's member dangles
    for (const auto& x : listed["items"])
        CHECK(x["email_bounced"] == (x["id"] == p.rasa));

    // The coordinator's organization page and the representative's page say so.
    {
        std::string notice = "Mail to this address comes back: update the contact";
        browser coordinator{s};
        sign_in(coordinator, "koordinatore@platforma.example");
        auto page = coordinator.get("/organizations/" + std::to_string(p.org) + "/edit?lang=en");
        REQUIRE(page.status == 200);
        CHECK(has(page.body, notice));
        CHECK(has(coordinator.get("/organizations/" + std::to_string(p.org) + "/edit?lang=lv").body,
                  "Vēstules uz šo adresi atgriežas: atjaunojiet kontaktu"));
        browser representative{s};
        sign_in(representative, "agita@pdm.example", "member", p.org);
        auto home = representative.get("/?lang=en");
        REQUIRE(home.status == 200);
        CHECK(has(home.body, notice));
    }

    // Soft bounces (4.x.x): the third suppresses.
    for (int i = 1; i <= 3; ++i) {
        auto soft = send_lmtp(port, {{"", postfix_dsn(ilona_reply, "ilona@iom.example", "delayed", "4.4.1", "Subject: x\r\n\r\nx\r\n"),
                                      {ilona_reply}}});
        CHECK(soft["results"][0]["data"][0][0] == 250);
        CHECK(person(p.ilona)["email_bounced"] == (i == 3));
    }
    CHECK(metric(s, "bounce_hard") == "1");
    CHECK(metric(s, "bounce_soft") == "3");

    // Suppressed for sending: a reminder to them is not sent.
    REQUIRE(s.post(meeting_path(p.meeting, "/reminders"), {{"kind", "reminder"}}, s.organizer_token()).status == 201);
    auto after = sink.wait_for(4);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(sink.count() == 4); // agita's only
    auto outbox = list_all(s, "/api/v1/outbox?kind=reminder");
    int bounced = 0;
    for (const auto& m : outbox)
        if (m["status"] == "suppressed" && m["reason"] == "bounced")
            ++bounced;
    CHECK(bounced == 2);

    // A new address starts clean.
    REQUIRE(s.patch("/api/v1/people/" + std::to_string(p.rasa), {{"email", "rasa.salina@pdm.example"}}, s.coordinator()).status == 200);
    CHECK(person(p.rasa)["email_bounced"] == false);
    CHECK(person(p.ilona)["email_bounced"] == true);
}

TEST_CASE("LMTP refuses forged reply addresses and oversized messages, keeps serving, and passes other mail on",
          "[lmtp][email][api]")
{
    smtp_sink sink;
    auto port = free_port();
    test_server s(lmtp_args(sink, port));
    auto p = make_platform(s);
    auto messages = sink.wait_for(3);
    const auto& to_agita = message_to(messages, "agita@pdm.example");
    auto uid = to_agita["calendar"]["events"][0]["uid"].get<std::string>();
    auto agita_reply = reply_address_of(to_agita);
    auto before_audit = list_all(s, "/api/v1/audit");

    // The tag of another message, or one changed by a character: refused at RCPT, nothing changed.
    auto forged = agita_reply;
    auto at = forged.find('@');
    forged[at - 1] = forged[at - 1] == 'a' ? 'b' : 'a';
    auto other_person = agita_reply;
    auto dash = other_person.find('-');
    other_person.insert(dash + 1, "9");
    std::string big(10 * 1024 * 1024, 'x');
    for (std::size_t i = 76; i < big.size(); i += 78)
        big.replace(i, 2, "\r\n");
    std::string big_message = "From: someone@example.org\r\nTo: kontakti@" + std::string(reply_domain) + "\r\nSubject: big\r\n\r\n" + big + "\r\n";
    std::string plain = "From: Jānis <janis@example.org>\r\nTo: <kontakti@" + std::string(reply_domain) +
                        ">\r\nSubject: Jautājums par sanāksmi\r\nMessage-ID: <q1@example.org>\r\nMIME-Version: 1.0\r\n"
                        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                        "Labdien!\r\n.Vai ir vēl vietas?\r\n..\r\n";
    auto outlook = outlook_reply({.uid = uid, .organizer = forged, .attendee = "agita@pdm.example", .name = "Agita Misāne",
                                  .partstat = "ACCEPTED"});
    auto r = send_lmtp(port, {
        {"agita@pdm.example", outlook, {forged}},
        {"agita@pdm.example", outlook, {other_person}},
        {"someone@example.org", big_message, {"kontakti@" + std::string(reply_domain)}},             // refused while read
        {"someone@example.org", big_message, {"kontakti@" + std::string(reply_domain)}, true, true}, // refused at MAIL (SIZE=)
        {"janis@example.org", plain, {"kontakti@" + std::string(reply_domain)}},
    });
    INFO(r.dump());
    const auto& res = r["results"];
    CHECK(res[0]["rcpt"][0][0] == 550);
    CHECK(res[1]["rcpt"][0][0] == 550);
    CHECK(res[2]["data"][0][0] == 552);
    CHECK(res[3]["mail"][0] == 552);
    CHECK(res[4]["data"][0][0] == 250);
    CHECK(r["noop_after"] == 250); // the same connection still answers
    CHECK(rsvp_of(s, p.meeting, p.agita).is_null());
    CHECK(list_all(s, "/api/v1/audit") == before_audit);

    // Passed on untouched to the contact address (dot-unstuffed as sent).
    auto all = sink.wait_for(4);
    REQUIRE(all.size() == 4);
    CHECK(all[3]["envelope_to"] == "kontakti@platform.example");
    std::ifstream f(all[3]["file"].get<std::string>(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto forwarded = ss.str();
    auto body_at = forwarded.find("From: Jānis");
    REQUIRE(body_at != std::string::npos);
    CHECK(forwarded.substr(body_at) == plain);
    CHECK(metric(s, "forwarded") == "1");

    // The HTTP server answered all along, and still does.
    CHECK(s.get("/healthz", "").status == 200);
}

TEST_CASE("without a reply domain, mail goes out with the configured sender and ORGANIZER", "[lmtp][email][api]")
{
    smtp_sink sink;
    test_server s({"--smtp-url", sink.url(), "--scheduler", "false", "--mail-interval", "1", "--public-url", "http://127.0.0.1:1",
                   "--mail-from", "Sanāksme <no-reply@platform.example>", "--reply-to", "Platforma <kontakti@platform.example>"});
    make_platform(s);
    auto messages = sink.wait_for(3);
    REQUIRE(messages.size() == 3);
    for (const auto& m : messages) {
        CHECK(m["envelope_from"] == "no-reply@platform.example");
        CHECK(m["calendar"]["events"][0]["organizer"] == "mailto:kontakti@platform.example");
    }
}

TEST_CASE("LMTP on a unix socket takes a calendar answer, and closes a silent connection after its idle timeout",
          "[lmtp][email][api]")
{
    smtp_sink sink;
    auto path = temp_dir() + "/lmtp.sock";
    test_server s(lmtp_args_at(sink, path, {"--lmtp-idle-timeout", "1"}));
    auto p = make_platform(s);
    auto messages = sink.wait_for(3);
    const auto& to_rasa = message_to(messages, "rasa@pdm.example");
    auto rasa_reply = reply_address_of(to_rasa);
    auto r = send_lmtp(path, {{"rasa@pdm.example",
                               thunderbird_reply({.uid = to_rasa["calendar"]["events"][0]["uid"].get<std::string>(),
                                                  .organizer = rasa_reply, .attendee = "rasa@pdm.example",
                                                  .name = "Rasa Saliņa", .partstat = "ACCEPTED"}),
                               {rasa_reply}}});
    CHECK(r["results"][0]["data"][0][0] == 250);
    CHECK(rsvp_of(s, p.meeting, p.rasa)["response"] == "yes");
    CHECK(run_lmtp_send(path, {{"idle_seconds", 3}})["closed"] == true);
    // A hundred recipients at most; the message goes on to the contact once, with an answer for each.
    std::vector<std::string> many;
    for (int i = 0; i < 101; ++i)
        many.push_back("kontakti+" + std::to_string(i) + "@reply.example.org");
    auto crowd = send_lmtp(path, {{"x@example.org", "Subject: x\r\n\r\nx\r\n", many}});
    INFO(crowd.dump());
    CHECK(crowd["results"][0]["rcpt"][99][0] == 250);
    CHECK(crowd["results"][0]["rcpt"][100][0] == 452);
    CHECK(crowd["results"][0]["data"].size() == 100);
    for (const auto& d : crowd["results"][0]["data"])
        CHECK(d[0] == 250);
    CHECK(crowd["noop_after"] == 250);
    auto all = sink.wait_for(4);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(sink.count() == 4);
}
