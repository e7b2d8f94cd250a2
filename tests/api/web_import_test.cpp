// The CSV import of people through the real server: a file with two bad rows shows both, with
// their problems, and writes nothing (not even when "import" is sent); the corrected file imports
// every row in one go; only the coordinator imports.
#include "support/web_browser.hpp"

using namespace sanaksme::test;

namespace {

std::size_t people_of(test_server& s, std::int64_t org)
{
    return list_all(s, "/api/v1/organizations/" + std::to_string(org) + "/people").size();
}

} // namespace

TEST_CASE("a CSV import shows its bad rows and writes nothing until they are fixed", "[web][import][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    create_person(s, org, "Rita Esošā", {{"email", "rita@example.lv"}});
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto page = b.get("/people/import");
    REQUIRE(page.status == 200);
    auto csrf = csrf_of(page.body);
    std::string bad = "Vārds, uzvārds;E-pasts;Organizācija\r\n"
                      "Agita Misāne;agita@example.lv;Biedrība „Drošā māja”\r\n"
                      "Jānis Bērziņš;janis(at)example.lv;Biedrība „Drošā māja”\r\n"
                      "\"Anna; Ozola\";anna@example.lv;Nezināma biedrība\r\n";

    auto r = b.post("/people/import", "csrf=" + csrf + "&do=check&csv=" + url_encoded(bad));
    CHECK(r.status == 422);
    CHECK(has(r.body, "2 rindās ir kļūdas"));
    CHECK(has(r.body, "Anna; Ozola")); // the quoted cell keeps its separator
    CHECK(has(r.body, "Nav aktīvas organizācijas ar šādu nosaukumu."));
    CHECK(has(r.body, "info@example.org")); // the bad address's message
    CHECK_FALSE(has(r.body, "name=\"do\" value=\"import\""));
    // Sending "import" anyway writes nothing either.
    CHECK(b.post("/people/import", "csrf=" + csrf + "&do=import&csv=" + url_encoded(bad)).status == 422);
    CHECK(people_of(s, org) == 1);

    // A person who exists already, or twice in the file, is a duplicate.
    r = b.post("/people/import", "csrf=" + csrf + "&do=check&csv=" +
                                     url_encoded("name,email,organization\nRita,RITA@example.lv,Biedrība „Drošā māja”\n"
                                         "A,a@example.lv,biedriba „drosa maja”\nB,a@example.lv,Biedrība „Drošā māja”\n"));
    CHECK(r.status == 422);
    CHECK(has(r.body, "Cilvēks ar šo adresi jau ir reģistrēts."));
    CHECK(has(r.body, "Šī adrese ir arī kādā iepriekšējā rindā."));

    std::string fixed = "Vārds, uzvārds;E-pasts;Organizācija\r\n"
                        "Agita Misāne;agita@example.lv;Biedrība „Drošā māja”\r\n"
                        "Jānis Bērziņš;janis@example.lv;Biedrība „Drošā māja”\r\n"
                        "\"Anna; Ozola\";anna@example.lv;biedriba „drosa maja”\r\n";
    r = b.post("/people/import", "csrf=" + csrf + "&do=check&csv=" + url_encoded(fixed));
    CHECK(r.status == 200);
    CHECK(has(r.body, "Importēt 3 cilvēkus"));
    CHECK(people_of(s, org) == 1); // checking writes nothing
    r = b.post("/people/import", "csrf=" + csrf + "&do=import&csv=" + url_encoded(fixed));
    REQUIRE(r.status == 303);
    CHECK(r.header("location") == "/people/import?imported=3");
    auto people = list_all(s, "/api/v1/organizations/" + std::to_string(org) + "/people");
    REQUIRE(people.size() == 4);
    CHECK(people[3]["name"] == "Anna; Ozola");
    CHECK(people[3]["email_consent"] == false);

    // Not CSV: the line is named; an organizer may not import.
    r = b.post("/people/import", "csrf=" + csrf + "&do=check&csv=" + url_encoded("name,organization\n\"open,x\n"));
    CHECK(r.status == 422);
    CHECK(has(r.body, "2. rindu"));
    browser o{s};
    sign_in(o, "organizatore@platforma.example", "organizer");
    CHECK(o.get("/people/import").status == 403);
}

namespace {

const std::string boundary = "----sanaksme-import-4c1d";

// The import form as a browser sends it with a file chosen (`file_name` empty: none chosen).
std::string upload_form(const std::string& csrf, const std::string& action, const std::string& file_name,
                        const std::string& bytes, const std::string& pasted = "")
{
    auto part = [](const std::string& name, const std::string& value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    };
    return part("csrf", csrf) + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
           file_name + "\"\r\nContent-Type: text/csv\r\n\r\n" + bytes + "\r\n" + part("csv", pasted) + part("do", action) +
           "--" + boundary + "--\r\n";
}

reply post_upload(browser& b, const std::string& body)
{
    return b.s.raw_body("POST", "/people/import", body, "multipart/form-data; boundary=" + boundary, "",
                        {{"Cookie", b.cookie_header()}, {"Host", b.host()}, {"Origin", b.origin()}});
}

} // namespace

TEST_CASE("an uploaded CSV file is checked like pasted text and written only when every row is right", "[web][import][api]")
{
    test_server s;
    auto org = create_org(s, "Biedrība „Drošā māja”");
    browser b{s};
    sign_in(b, "koordinatore@platforma.example");
    auto page = b.get("/people/import");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "enctype=\"multipart/form-data\""));
    CHECK(has(page.body, "type=\"file\" id=\"file\" name=\"file\" accept=\".csv,text/csv\""));
    auto csrf = csrf_of(page.body);
    const std::string bom = "\xEF\xBB\xBF";
    std::string bad = bom + "Vārds, uzvārds;E-pasts;Organizācija\r\n"
                            "Agita Misāne;agita@example.lv;Biedrība „Drošā māja”\r\n"
                            "Jānis Bērziņš;janis(at)example.lv;Biedrība „Drošā māja”\r\n"
                            "Anna Ozola;anna@example.lv;Nezināma biedrība\r\n";

    auto r = post_upload(b, upload_form(csrf, "check", "biedri.csv", bad));
    INFO(r.body);
    CHECK(r.status == 422);
    CHECK(has(r.body, "2 rindās ir kļūdas"));
    CHECK(has(r.body, "Nav aktīvas organizācijas ar šādu nosaukumu."));
    CHECK(has(r.body, "info@example.org"));
    CHECK(has(r.body, "Agita Misāne")); // the file's rows are shown, the mark stripped
    CHECK_FALSE(has(r.body, bom));
    CHECK(post_upload(b, upload_form(csrf, "import", "biedri.csv", bad)).status == 422);
    CHECK(people_of(s, org) == 0);

    // Not UTF-8 (a Windows-1257 export): refused with what to do, nothing written.
    r = post_upload(b, upload_form(csrf, "import", "biedri.csv", "name;organization\r\nJ\xe2" "nis;Biedriba\r\n"));
    CHECK(r.status == 422);
    CHECK(has(r.body, "Fails nav UTF-8 teksts"));
    CHECK(people_of(s, org) == 0);

    std::string fixed = bom + "Vārds, uzvārds;E-pasts;Organizācija\r\n"
                              "Agita Misāne;agita@example.lv;Biedrība „Drošā māja”\r\n"
                              "Jānis Bērziņš;janis@example.lv;Biedrība „Drošā māja”\r\n"
                              "Anna Ozola;anna@example.lv;biedriba „drosa maja”\r\n";
    r = post_upload(b, upload_form(csrf, "check", "biedri.csv", fixed));
    CHECK(r.status == 200);
    CHECK(has(r.body, "Importēt 3 cilvēkus"));
    CHECK(people_of(s, org) == 0);
    // "Import" after the preview sends the text box (no file chosen again): all three are written.
    r = post_upload(b, upload_form(csrf, "import", "", "", fixed.substr(bom.size())));
    REQUIRE(r.status == 303);
    CHECK(r.header("location") == "/people/import?imported=3");
    auto people = list_all(s, "/api/v1/organizations/" + std::to_string(org) + "/people");
    REQUIRE(people.size() == 3);
    CHECK(people[0]["name"] == "Agita Misāne");
}
