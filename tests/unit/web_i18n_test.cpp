// The web pages' words: every string of the page templates has a Latvian and a Russian text in
// the catalogs (po/*.po, compiled and embedded), plural forms follow each language's grammar,
// and Accept-Language picks a language we speak.
#include "embedded.hpp"
#include "web/i18n.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace sanaksme;

TEST_CASE("every string the web page templates translate has a Latvian and a Russian text", "[web][i18n][unit]")
{
    std::regex marked("\\{\\{#_\\}\\}([\\s\\S]*?)\\{\\{/_\\}\\}");
    int strings = 0;
    for (const auto& f : embedded::files()) {
        if (!f.name.starts_with("templates/web/") || !f.name.ends_with(".mustache"))
            continue;
        std::string text(f.content);
        for (std::sregex_iterator it(text.begin(), text.end(), marked), end; it != end; ++it) {
            auto id = (*it)[1].str();
            INFO(f.name << ": " << id);
            CHECK(web::tr("lv", id.c_str()) != id);
            CHECK(web::tr("ru", id.c_str()) != id);
            CHECK(web::tr("en", id.c_str()) == id);
            ++strings;
        }
    }
    CHECK(strings > 40);
}

TEST_CASE("plural forms count as Latvian, Russian and English do", "[web][i18n][unit]")
{
    auto n = [](const char* lang, long k) {
        return web::sayn(lang, "{{n}} representative", "{{n}} representatives", k, {{"n", k}});
    };
    CHECK(n("lv", 1) == "1 pārstāvis");
    CHECK(n("lv", 21) == "21 pārstāvis");
    CHECK(n("lv", 11) == "11 pārstāvji");
    CHECK(n("lv", 19) == "19 pārstāvji");
    CHECK(n("lv", 0) == "0 pārstāvju");
    CHECK(n("ru", 1) == "1 представитель");
    CHECK(n("ru", 3) == "3 представителя");
    CHECK(n("ru", 5) == "5 представителей");
    CHECK(n("ru", 11) == "11 представителей");
    CHECK(n("ru", 22) == "22 представителя");
    CHECK(n("en", 1) == "1 representative");
    CHECK(n("en", 19) == "19 representatives");
    // A placeholder's value is text: the page escapes it, the catalog does not.
    CHECK(web::say("en", "Welcome, {{name}}.", {{"name", "<b>Anna</b>"}}) == "Welcome, <b>Anna</b>.");
}

TEST_CASE("Accept-Language picks the language we speak with the highest weight", "[web][i18n][unit]")
{
    CHECK(web::from_accept_language("de-DE,ru;q=0.8,en;q=0.9") == "en");
    CHECK(web::from_accept_language("lv-LV") == "lv");
    CHECK(web::from_accept_language("RU, en;q=0.5") == "ru");
    CHECK(web::from_accept_language("fr, de;q=0.9") == "");
    CHECK(web::from_accept_language("en;q=0, ru;q=0.1") == "ru");
    CHECK(web::from_accept_language("") == "");
}
