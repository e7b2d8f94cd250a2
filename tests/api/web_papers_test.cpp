// The meeting page's papers: an organizer uploads one with the page's multipart form (csrf as a
// text part), opens it and removes it; a form without its csrf is refused; axe-free markup checks.
#include "support/web_browser.hpp"

using namespace sanaksme::test;

namespace {

const std::string boundary = "----sanaksme-web-9f8e7d";

std::string upload_form(const std::string& csrf, const std::string& title, const std::string& bytes)
{
    std::string out;
    if (!csrf.empty())
        out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n";
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plans.pdf\"\r\n"
           "Content-Type: application/pdf\r\n\r\n" + bytes + "\r\n";
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title + "\r\n";
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"visibility\"\r\n\r\nmembers\r\n";
    out += "--" + boundary + "--\r\n";
    return out;
}

reply post_upload(browser& b, const std::string& path, const std::string& body)
{
    return b.s.raw_body("POST", path, body, "multipart/form-data; boundary=" + boundary, "",
                        {{"Cookie", b.cookie_header()}, {"Host", b.host()}, {"Origin", b.origin()}});
}

} // namespace

TEST_CASE("web: an organizer uploads, opens and removes a meeting's paper on its page", "[web][papers][api]")
{
    test_server s;
    auto m = create_meeting(s);
    browser b{s};
    sign_in(b, "rasa@platforma.example", "organizer");
    auto page = b.get("/meetings/" + std::to_string(m));
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "enctype=\"multipart/form-data\""));
    CHECK(has(page.body, "Materiālu vēl nav."));
    auto csrf = csrf_of(page.body);
    std::string pdf = "%PDF-1.4\n" + std::string(5000, 'z') + "\n%%EOF\n";

    // Without the csrf part: refused, nothing stored.
    auto refused = post_upload(b, "/meetings/" + std::to_string(m) + "/papers", upload_form("", "Plāns", pdf));
    CHECK(refused.status == 403);
    CHECK(list_all(s, meeting_path(m, "/papers")).empty());

    // An executable is refused in the reader's language, nothing stored.
    auto wrong = post_upload(b, "/meetings/" + std::to_string(m) + "/papers", upload_form(csrf, "Plāns", "\x7f" "ELF" + std::string(3000, '\x02')));
    CHECK(wrong.status == 415);
    CHECK(has(wrong.body, "Fails nav PDF, DOCX, ODT, PPTX, XLSX, PNG vai JPEG dokuments."));
    CHECK(list_all(s, meeting_path(m, "/papers")).empty());

    auto done = post_upload(b, "/meetings/" + std::to_string(m) + "/papers", upload_form(csrf, "Rīcības plāns", pdf));
    INFO(done.body);
    REQUIRE(done.status == 303);
    auto papers = list_all(s, meeting_path(m, "/papers"));
    REQUIRE(papers.size() == 1);
    CHECK(papers[0]["title"] == "Rīcības plāns");
    auto id = std::to_string(papers[0]["id"].get<std::int64_t>());

    page = b.get("/meetings/" + std::to_string(m));
    CHECK(has(page.body, "Rīcības plāns"));
    CHECK(has(page.body, "/meetings/" + std::to_string(m) + "/papers?paper=" + id));
    auto file = b.get("/meetings/" + std::to_string(m) + "/papers?paper=" + id);
    REQUIRE(file.status == 200);
    CHECK(file.body == pdf);
    CHECK(file.header("x-content-type-options") == "nosniff");
    CHECK(has(file.header("content-disposition"), "filename*=UTF-8''R%C4%ABc%C4%ABbas%20pl%C4%81ns.pdf"));

    auto removed = b.post("/meetings/" + std::to_string(m) + "/papers/delete", form({{"csrf", csrf_of(page.body)}, {"paper_id", id}}));
    REQUIRE(removed.status == 303);
    CHECK(list_all(s, meeting_path(m, "/papers")).empty());
    CHECK(b.get("/meetings/" + std::to_string(m) + "/papers?paper=" + id).status == 404);
    CHECK(b.get("/meetings/" + std::to_string(m) + "/papers?paper=x").status == 404);
}

namespace {

// A paper stored through the API by an organizer, with its visibility: its id.
std::int64_t api_paper(test_server& s, std::int64_t meeting, const std::string& title, const std::string& visibility,
                       const std::string& bytes)
{
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title + "\r\n" +
                       "--" + boundary + "\r\nContent-Disposition: form-data; name=\"visibility\"\r\n\r\n" + visibility + "\r\n" +
                       "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
                       "Content-Type: application/pdf\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
    auto r = s.raw_body("POST", meeting_path(meeting, "/papers"), body, "multipart/form-data; boundary=" + boundary, s.organizer_token());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.j()["id"].get<std::int64_t>();
}

} // namespace

TEST_CASE("web: a representative's page lists the papers members may read and downloads them, never drafts",
          "[web][papers][representative][api]")
{
    test_server s({"--scheduler", "false"});
    auto org = create_org(s, "Biedrība „Drošā māja”");
    create_person(s, org, "Agita Misāne");
    auto upcoming = create_meeting(s, {{"status", "scheduled"}, {"title", "Sestā tikšanās"}});
    invite_all(s, upcoming);
    auto past = create_meeting(s, {{"status", "scheduled"}, {"title", "Ceturtā tikšanās"}, {"starts_at", "2026-05-12T10:00:00+03:00"},
                                   {"ends_at", "2026-05-12T12:00:00+03:00"}});
    invite_all(s, past);
    std::string pdf = "%PDF-1.4\n" + std::string(3000, 'p') + "\n%%EOF\n";
    auto pub = api_paper(s, upcoming, "Darba kārtības projekts", "public", pdf);
    auto members = api_paper(s, upcoming, "Nostājas dokuments", "members", pdf + "m");
    auto draft = api_paper(s, upcoming, "Lēmuma melnraksts", "organizers", pdf + "d");
    auto gone = api_paper(s, upcoming, "Atsauktais ziņojums", "members", pdf + "g");
    REQUIRE(s.del("/api/v1/papers/" + std::to_string(gone), s.organizer_token()).status == 204);
    auto annex = api_paper(s, past, "Gada pārskats", "members", pdf + "a");
    REQUIRE(s.patch(meeting_path(past), {{"status", "held"}}, s.coordinator()).status == 200);
    REQUIRE(s.put(meeting_path(past, "/minutes"), {{"summary", "Kopsavilkums"}, {"status", "circulated"}}, s.organizer_token()).status == 200);
    REQUIRE(s.post(meeting_path(past, "/minutes/approve"), json::object(), s.coordinator()).status == 200);

    browser rep{s};
    sign_in(rep, "agita@pdm.example", "member", org);
    auto home = rep.get("/");
    REQUIRE(home.status == 200);
    auto link = [](std::int64_t m, std::int64_t p) { return "/meetings/" + std::to_string(m) + "/papers?paper=" + std::to_string(p); };
    CHECK(has(home.body, "Darba kārtības projekts"));
    CHECK(has(home.body, link(upcoming, pub)));
    CHECK(has(home.body, "Nostājas dokuments"));
    CHECK(has(home.body, link(upcoming, members)));
    CHECK(has(home.body, "Gada pārskats")); // a past meeting's papers beside its minutes
    CHECK(has(home.body, link(past, annex)));
    CHECK_FALSE(has(home.body, "Lēmuma melnraksts"));
    CHECK_FALSE(has(home.body, "Atsauktais ziņojums"));

    auto file = rep.get(link(upcoming, members));
    REQUIRE(file.status == 200);
    CHECK(file.body == pdf + "m");
    CHECK(rep.get(link(past, annex)).body == pdf + "a");
    // The organizers' draft and a removed paper stay out of reach by their address too.
    CHECK(rep.get(link(upcoming, draft)).status == 404);
    CHECK(rep.get(link(upcoming, gone)).status == 404);
    // Signed out: no paper.
    browser stranger{s};
    CHECK(stranger.get(link(upcoming, pub)).status != 200);
    // The organizer still opens the draft.
    browser organizer{s};
    sign_in(organizer, "rasa@platforma.example", "organizer");
    CHECK(organizer.get(link(upcoming, draft)).body == pdf + "d");
}
