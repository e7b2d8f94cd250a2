// Exports read back with real parsers: the minutes PDF (pdftotext, pdfinfo), Markdown (a CommonMark
// parser), the CSV sheets and the participation SVG (XML), in Latvian and English.
#include "support/fixtures.hpp"

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

using namespace sanaksme::test;

namespace {

// Writes the body to a file and reads it with tests/support/py/read_export.py.
json read_export(const std::string& kind, const std::string& body)
{
    auto dir = temp_dir();
    auto path = dir + "/export";
    std::ofstream(path, std::ios::binary) << body;
    auto [code, out] = run_program("/usr/bin/python3", {std::string(SANAKSME_SOURCE_DIR) + "/tests/support/py/read_export.py", kind, path});
    std::filesystem::remove_all(dir);
    INFO(out);
    REQUIRE(code == 0);
    return json::parse(out);
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::vector<std::string> all_matches(const std::string& text, const std::regex& re)
{
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back(it->str());
    return out;
}

// "vārds0001 vārds0002 …": numbered words whose order a reader can check.
std::pair<std::string, std::vector<std::string>> numbered_words(const std::string& stem, int from, int count)
{
    std::string text;
    std::vector<std::string> words;
    for (int i = from; i < from + count; ++i) {
        auto n = std::to_string(i);
        words.push_back(stem + std::string(5 - n.size(), '0') + n);
        text += (text.empty() ? "" : " ") + words.back();
    }
    return {text, words};
}

std::string page_label(const std::string& lang, std::size_t page, std::size_t pages)
{
    return lang == "lv" ? std::to_string(page) + ". lpp. no " + std::to_string(pages)
                        : "Page " + std::to_string(page) + " of " + std::to_string(pages);
}

std::size_t utf8_length(const std::string& s)
{
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

} // namespace

TEST_CASE("a note three pages long is broken across pages: every word, in order, on numbered pages", "[minutes][exports][pdf][api]")
{
    test_server s({"--scheduler", "false"}, true);
    auto before = read_export("pdf", s.get(meeting_path(1, "/minutes.pdf"), s.coordinator()).body);
    auto [note, words] = numbered_words("vārds", 1, 1800);
    REQUIRE(s.put(meeting_path(1, "/minutes"), {{"items", {{{"agenda_item_id", 2}, {"notes", note}, {"decisions", {"Pieņemt zināšanai"}}}}}},
                  s.organizer_token())
                .status == 200);
    for (std::string lang : {"lv", "en"}) {
        SECTION(lang)
        {
            auto r = s.get(meeting_path(1, "/minutes.pdf?lang=" + lang), s.coordinator());
            REQUIRE(r.status == 200);
            auto pdf = read_export("pdf", r.body);
            auto text = pdf["text"].get<std::string>();
            CHECK(all_matches(text, std::regex("vārds[0-9]{5}")) == words);
            // The note fills three pages and more, and what follows it still comes after it.
            const auto& pages = pdf["pages"];
            std::size_t first = 0, last = 0;
            for (std::size_t i = 0; i < pages.size(); ++i) {
                if (contains(pages[i], words.front()))
                    first = i + 1;
                if (contains(pages[i], words.back()))
                    last = i + 1;
            }
            CHECK(last - first >= 2);
            CHECK(contains(text.substr(text.find(words.back())), "Pieņemt zināšanai"));
            // Every page numbered out of the real total.
            auto count = pdf["page_count"].get<std::size_t>();
            CHECK(pages.size() == count);
            CHECK(count >= before["page_count"].get<std::size_t>() + 3);
            CHECK(count <= before["page_count"].get<std::size_t>() + 5);
            for (std::size_t i = 0; i < pages.size(); ++i) {
                INFO("page " << i + 1);
                CHECK(contains(pages[i], page_label(lang, i + 1, count)));
            }
        }
    }
}

TEST_CASE("minutes of a few hundred kilobytes lose no text in the PDF", "[minutes][exports][pdf][api]")
{
    test_server s({"--scheduler", "false"}, true);
    json items = json::array();
    std::vector<std::string> expected;
    auto [summary, summary_words] = numbered_words("kops", 0, 4000);
    expected = summary_words;
    for (int item = 1; item <= 5; ++item) {
        // Paragraphs of every length, and a word longer than a line.
        auto [notes, words] = numbered_words("pz", item * 10000, 4000);
        for (auto i = notes.find(' ', 300); i != std::string::npos; i = notes.find(' ', i + 3001))
            notes[i] = '\n';
        notes += " " + std::string(300, 'x');
        items.push_back({{"agenda_item_id", item}, {"notes", notes}});
        expected.insert(expected.end(), words.begin(), words.end());
    }
    REQUIRE(s.put(meeting_path(1, "/minutes"), {{"summary", summary}, {"items", items}}, s.organizer_token()).status == 200);
    auto pdf = read_export("pdf", s.get(meeting_path(1, "/minutes.pdf"), s.coordinator()).body);
    auto found = all_matches(pdf["text"].get<std::string>(), std::regex("(kops|pz)[0-9]{5}"));
    CHECK(found.size() == expected.size());
    CHECK(found == expected);
    std::string squeezed;
    for (char c : pdf["text"].get<std::string>())
        if (c == 'x')
            squeezed += c;
    CHECK(squeezed.size() >= 5 * 300);
}

TEST_CASE("the minutes PDF has the form of official minutes in Latvian and English", "[minutes][exports][pdf][api]")
{
    test_server s({"--scheduler", "false"}, true);
    REQUIRE(s.put(meeting_path(1, "/minutes"),
                  {{"summary", "Tikšanās mērķis bija iepazīties ar aktualitātēm Rīcības plāna izpildē."},
                   {"items", {{{"agenda_item_id", 2}, {"notes", "Latvija uzņēmusi 346 jeb 65 % no plānotā."}, {"decisions", {"Turpināt darbu."}}}}},
                   {"action_items", {{{"text", "Sagatavot ziņojumu"}, {"owner", "Iekšlietu ministrija"}, {"due", "2017-11-01"}}}}},
                  s.organizer_token())
                .status == 200);
    auto roll = s.get(meeting_path(1, "/attendance"), s.coordinator()).j()["organizations"];
    REQUIRE(roll.size() >= 25);

    struct language {
        std::string lang, org, status, people, agenda, pending;
        std::set<std::string> statuses;
    };
    for (const auto& l : {language{"lv", "Organizācija", "Statuss", "Pārstāvji", "Darba", "Protokols vēl nav apstiprināts.",
                                   {"piedalījās", "atvainojās", "nepiedalījās"}},
                          language{"en", "Organization", "Status", "Representatives", "Agenda", "These minutes are not approved yet.",
                                   {"present", "excused", "absent"}}}) {
        SECTION(l.lang)
        {
            auto body = s.get(meeting_path(1, "/minutes.pdf?lang=" + l.lang), s.coordinator()).body;
            auto pdf = read_export("pdf", body);
            // A header on every page naming the platform and the meeting; "2. lpp. no 5".
            auto count = pdf["page_count"].get<std::size_t>();
            for (std::size_t i = 0; i < count; ++i) {
                INFO("page " << i + 1);
                auto page = pdf["pages"][i].get<std::string>();
                auto top = page.substr(0, page.find('\n', page.find_first_not_of(" \n")));
                CHECK(contains(top, "NVO Dialoga platforma"));
                CHECK(contains(top, "piektā tikšanās"));
                CHECK(contains(page, page_label(l.lang, i + 1, count)));
            }
            CHECK(contains(pdf["text"], l.pending));

            // The roll-call is a table: a column of statuses under its heading, one per organization.
            auto words = read_export("pdfwords", body)["words"];
            std::optional<double> status_x;
            double heading_h = 0, body_h = 0;
            std::size_t statuses = 0;
            for (const auto& w : words) {
                auto t = w["text"].get<std::string>();
                if (t == l.status && !status_x)
                    status_x = w["x"].get<double>();
                if (l.statuses.count(t) && status_x) {
                    ++statuses;
                    CHECK(std::abs(w["x"].get<double>() - *status_x) < 1.0);
                }
                if (t == l.agenda && heading_h == 0)
                    heading_h = w["h"].get<double>();
                if (t == "uzņēmusi")
                    body_h = w["h"].get<double>();
            }
            REQUIRE(status_x);
            CHECK(statuses == roll.size());
            // Headings stand out from the notes.
            CHECK(heading_h > 1.15 * body_h);
            CHECK(body_h > 0);
            auto text = pdf["text"].get<std::string>();
            CHECK(contains(text, l.org));
            CHECK(contains(text, l.people));
            std::regex row(l.lang == "lv" ? "Latgolys entuziastu grupa „Biļdis” +piedalījās +Jānis Stepiņš"
                                          : "Latgolys entuziastu grupa „Biļdis” +present +Jānis Stepiņš");
            CHECK(std::regex_search(text, row));
        }
    }

    SECTION("approved: the approval block names who and when")
    {
        auto approved = s.post(meeting_path(1, "/minutes/approve"), json::object(), s.coordinator());
        REQUIRE(approved.status == 200);
        auto at = approved.j()["approved_at"].get<std::string>();
        auto year = at.substr(0, 4);
        auto month = std::stoi(at.substr(5, 2)), day = std::stoi(at.substr(8, 2));
        static const std::array<const char*, 12> lv{"janvārī", "februārī", "martā",     "aprīlī",   "maijā",    "jūnijā",
                                                    "jūlijā",  "augustā",  "septembrī", "oktobrī", "novembrī", "decembrī"};
        static const std::array<const char*, 12> en{"January", "February", "March",     "April",   "May",      "June",
                                                    "July",    "August",   "September", "October", "November", "December"};
        auto lv_text = read_export("pdf", s.get(meeting_path(1, "/minutes.pdf"), s.coordinator()).body)["text"].get<std::string>();
        CHECK(contains(lv_text, "Apstiprināja: Test coordinator, " + year + ". gada " + std::to_string(day) + ". " + lv[month - 1]));
        CHECK_FALSE(contains(lv_text, "nav apstiprināts"));
        auto en_text = read_export("pdf", s.get(meeting_path(1, "/minutes.pdf?lang=en"), s.coordinator()).body)["text"].get<std::string>();
        CHECK(contains(en_text, "Approved by Test coordinator, on " + std::to_string(day) + " " + en[month - 1] + " " + year));
    }
}

TEST_CASE("DOCX minutes carry the roll-call as a table and notes as paragraphs, HTML keeps their breaks", "[minutes][exports][api]")
{
    test_server s({"--scheduler", "false"}, true);
    REQUIRE(s.put(meeting_path(1, "/minutes"), {{"items", {{{"agenda_item_id", 2}, {"notes", "Pirmā rindkopa.\n\nOtrā rindkopa."}}}}},
                  s.organizer_token())
                .status == 200);
    auto d = read_export("docx", s.get(meeting_path(1, "/minutes.docx?lang=en"), s.coordinator()).body);
    REQUIRE(d["tables"].size() == 1);
    const auto& table = d["tables"][0];
    CHECK(table[0] == json({"Organization", "Status", "Representatives"}));
    CHECK(table.size() == s.get(meeting_path(1, "/attendance"), s.coordinator()).j()["organizations"].size() + 1);
    CHECK(std::find(d["paragraphs"].begin(), d["paragraphs"].end(), "Pirmā rindkopa.") != d["paragraphs"].end());
    CHECK(std::find(d["paragraphs"].begin(), d["paragraphs"].end(), "Otrā rindkopa.") != d["paragraphs"].end());
    // The running header, and the page number as Word's PAGE and NUMPAGES fields (shown as 1 until Word counts).
    CHECK(d["header"] == "NVO Dialoga platforma\tNVO Dialoga platformas piektā tikšanās");
    CHECK(d["footer"] == "Page 1 of 1");
    // The HTML keeps the line breaks too.
    auto html = s.get(meeting_path(1, "/minutes.html"), s.coordinator()).body;
    CHECK(contains(html, "<p class=\"text\">Pirmā rindkopa.\n\nOtrā rindkopa.</p>"));
    CHECK(contains(html, ".text{white-space:pre-line}"));
    auto lv = read_export("docx", s.get(meeting_path(1, "/minutes.docx"), s.coordinator()).body);
    CHECK(lv["footer"] == "1. lpp. no 1");
    CHECK(contains(lv["paragraphs"].dump(), "Protokols vēl nav apstiprināts."));
}

TEST_CASE("user text comes back literally from minutes.md through a CommonMark parser, escaped only where needed", "[minutes][exports][markdown][api]")
{
    test_server s({"--scheduler", "false"});
    // Each paragraph is read back on its own; the first group needs no escape at all.
    const std::vector<std::string> plain{
        "Kafijas pauze 10.00–12.30, pēc tam 12.45.",
        "snake_case_vārds un faila_nosaukums.txt",
        "C# un F# valodas; tēma #1",
        "2 * 3 = 6 un a = b",
        "x > y, bet 3<4 un a < b",
        "-5 grādi, +371 67 000 000, 1-2-3",
        "[1] atsauce un [piezīme] bez saites",
        "C:\\Users\\anna un a\\b",
        "ceļš/uz/failu (iekavās) \"pēdiņās\" 'vienpēdiņās' ! ? : ;",
        "AT&T un R&D",
    };
    const std::vector<std::string> tricky{
        "1) pirmais punkts",
        "2017. gada 21. septembrī",
        "# nav virsraksts",
        "## arī nav",
        "- nav saraksts",
        "+ nav saraksts",
        "* nav saraksts",
        "> nav citāts",
        "Virsraksts?\n===",
        "Arī ne virsraksts\n---",
        "***",
        "_slīpi_ un __trekni__",
        "**trekni** un a*b*c",
        "<b>nav HTML</b> un <!-- nav komentārs -->",
        "<https://nav.saite.example>",
        "[saite](https://nav.saite.example) un ![attēls](x.png)",
        "[atsauce]: https://nav.definicija.example",
        "`nav kods`",
        "```",
        "~~~",
        "~~nav svītrots~~",
        "&copy; un &#169; un &amp;",
        "beigās slīpsvītra\\",
        "| nav | tabula |",
        "    nav koda bloks",
    };
    std::string summary;
    for (const auto* list : {&plain, &tricky})
        for (const auto& p : *list)
            summary += (summary.empty() ? "" : "\n\n") + p;
    summary += "\n\n\n\n\nPēc četrām tukšām rindām.";
    auto org = create_org(s, "Biedrība | „*Zvaigzne*” <b>");
    auto m = create_meeting(s, {{"status", "scheduled"}});
    auto item = s.post(meeting_path(m, "/agenda"), {{"title", "Jautājumi #"}, {"duration_minutes", 30}, {"presenter_organization_id", org}},
                       s.coordinator());
    REQUIRE(item.status == 201);
    REQUIRE(s.put(meeting_path(m, "/minutes"),
                  {{"summary", summary},
                   {"items", {{{"agenda_item_id", item.j()["id"]}, {"notes", "# 10.00 sākums"}, {"decisions", {"_Atbalstīt_ [visu]"}}}}},
                   {"action_items", {{{"text", "1. solis: `ls`"}, {"owner", "- Anna"}}}}},
                  s.organizer_token())
                .status == 200);

    for (std::string lang : {"lv", "en"}) {
        SECTION(lang)
        {
            auto r = s.get(meeting_path(m, "/minutes.md?lang=" + lang), s.coordinator());
            REQUIRE(r.status == 200);
            auto md = read_export("md", r.body);
            INFO(r.body);
            std::vector<std::string> texts;
            for (const auto& b : md["blocks"])
                texts.push_back(b["text"]);
            auto has_block = [&](const std::string& t) { return std::find(texts.begin(), texts.end(), t) != texts.end(); };
            for (const auto* list : {&plain, &tricky})
                for (const auto& p : *list) {
                    INFO(p);
                    // Markdown drops a line's leading blanks; everything else comes back as it was.
                    CHECK(has_block(p.substr(p.find_first_not_of(' '))));
                }
            CHECK(has_block("Pēc četrām tukšām rindām."));
            CHECK(has_block("1. Jautājumi #"));
            CHECK(has_block("# 10.00 sākums"));
            bool org_cell = false, decision = false, action = false;
            for (const auto& t : texts) {
                org_cell = org_cell || t == "Biedrība | „*Zvaigzne*” <b>";
                decision = decision || t.ends_with(": _Atbalstīt_ [visu]");
                action = action || t.ends_with("] 1. solis: `ls` — - Anna");
            }
            CHECK(org_cell);
            CHECK(decision);
            CHECK(action);
            // No user text became markup: only the template's own emphasis (labels in bold).
            for (const auto& x : md["markup"]) {
                INFO(x.dump());
                CHECK(x["type"] == "strong_open");
            }
            // Escapes only where CommonMark needs them, and no runs of blank lines.
            for (const auto& p : plain)
                CHECK(contains(r.body, p));
            CHECK_FALSE(contains(r.body, "\n\n\n"));
        }
    }
}

TEST_CASE("the attendance and participation sheets speak the reader's language, values as well as headers", "[attendance][csv][reports][api]")
{
    test_server s({"--scheduler", "false"}, true);
    s.post("/api/v1/meetings/1/attendance", {{"name", "Viesis Viesītis"}, {"organization_name", "Žurnālisti"}}, s.coordinator());
    struct language {
        std::string lang;
        std::set<std::string> memberships, statuses, yes_no, sections;
        std::string first_header, first_section;
    };
    for (const auto& l : {language{"lv", {"dalīborganizācija", "novērotājs", "viesis", ""}, {"piedalījās", "atvainojās", "nepiedalījās"},
                                   {"jā", "nē"}, {"sanāksme", "organizācija"}, "Sadaļa", "sanāksme"},
                          language{"en", {"member", "observer", "guest", ""}, {"present", "excused", "absent"}, {"yes", "no"},
                                   {"meeting", "organization"}, "Section", "meeting"}}) {
        SECTION(l.lang)
        {
            auto rows = read_export("csv", s.get(meeting_path(1, "/attendance.csv?lang=" + l.lang), s.coordinator()).body)["rows"];
            REQUIRE(rows.size() > 20);
            CHECK(rows[0][0] == (l.lang == "lv" ? "Organizācija" : "Organization"));
            for (std::size_t i = 1; i < rows.size(); ++i) {
                INFO(rows[i].dump());
                CHECK(l.memberships.count(rows[i][1]));
                CHECK(l.statuses.count(rows[i][2]));
                CHECK(l.yes_no.count(rows[i][5]));
            }
            auto report = read_export("csv", s.get("/api/v1/reports/participation.csv?from=2017-01-01&to=2018-01-01&lang=" + l.lang,
                                                   s.coordinator()).body)["rows"];
            REQUIRE(report.size() > 20);
            CHECK(report[0][0] == l.first_header);
            CHECK(report[1][0] == l.first_section);
            for (std::size_t i = 1; i < report.size(); ++i) {
                INFO(report[i].dump());
                CHECK(l.sections.count(report[i][0]));
                auto rate = report[i][8].get<std::string>();
                CHECK(rate.find(l.lang == "lv" ? '.' : ',') == std::string::npos);
            }
        }
    }
    // Without ?lang the platform's language, Latvian.
    auto rows = read_export("csv", s.get("/api/v1/reports/participation.csv", s.coordinator()).body)["rows"];
    CHECK(rows[0][0] == "Sadaļa");
    require_problem(s.get("/api/v1/reports/participation.csv?lang=de", s.coordinator()), 400);
}

TEST_CASE("the participation SVG has a title, labelled axes and a legend that fits, in the reader's language", "[reports][svg][api]")
{
    test_server s({"--scheduler", "false"}, true);
    struct language {
        std::string lang, title, date;
        std::vector<std::string> labels;
    };
    for (const auto& l : {language{"lv", "Dalība sanāksmēs", "21.09.2017.",
                                   {"Sanāksme", "Skaits", "Klātesošie pārstāvji", "Klātesošās dalīborganizācijas", "Dalīborganizāciju kopskaits"}},
                          language{"en", "Participation in meetings", "21 Sep 2017",
                                   {"Meeting", "Count", "People present", "Member organizations present", "Member organizations"}}}) {
        SECTION(l.lang)
        {
            auto r = s.get("/api/v1/reports/participation.svg?lang=" + l.lang, s.coordinator());
            REQUIRE(r.status == 200);
            CHECK(r.header("content-type") == "image/svg+xml");
            auto svg = read_export("svg", r.body);
            CHECK(svg["tag"] == "{http://www.w3.org/2000/svg}svg");
            CHECK(svg["lang"] == l.lang);
            CHECK(contains(svg["title"], l.title));
            std::vector<std::string> texts;
            for (const auto& t : svg["texts"])
                texts.push_back(t["text"]);
            auto shown = [&](const std::string& t) { return std::find(texts.begin(), texts.end(), t) != texts.end(); };
            CHECK(std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.starts_with(l.title); }));
            for (const auto& label : l.labels) {
                INFO(label);
                CHECK(shown(label));
            }
            CHECK(shown(l.date));
            CHECK(shown("19")); // people present at the fifth meeting
            // Every text lies within the picture (about 0.6 em a character in a sans-serif font).
            auto width = svg["width"].get<double>(), height = svg["height"].get<double>();
            for (const auto& t : svg["texts"]) {
                INFO(t.dump());
                double w = 0.6 * t["size"].get<double>() * static_cast<double>(utf8_length(t["text"])), x = t["x"], y = t["y"];
                double lo = t["anchor"] == "middle" ? -w / 2 : t["anchor"] == "end" ? -w : 0;
                if (contains(t["transform"], "rotate(-90")) { // runs upwards from (x, y)
                    CHECK(y - lo - w >= 0);
                    CHECK(y - lo <= height);
                    CHECK(x >= t["size"].get<double>());
                } else {
                    CHECK(x + lo >= 0);
                    CHECK(x + lo + w <= width);
                    CHECK(y <= height);
                    CHECK(y - t["size"].get<double>() >= 0);
                }
            }
        }
    }
    auto lv = read_export("svg", s.get("/api/v1/reports/participation.svg", s.coordinator()).body);
    CHECK(lv["lang"] == "lv");
    require_problem(s.get("/api/v1/reports/participation.svg?lang=de", s.coordinator()), 400);
}

TEST_CASE("the attendance sentence and the news post agree with their numbers, in Latvian and English", "[minutes][exports][api]")
{
    test_server s({"--scheduler", "false"});
    auto org = create_org(s, "Biedrība „Viena”");
    auto p = create_person(s, org, "Anna Bērziņa");
    auto m = create_meeting_today(s, {{"quorum", 1}});
    REQUIRE(s.put(meeting_path(m, "/attendance/" + std::to_string(p)), json::object(), s.coordinator()).status == 201);
    CHECK(contains(s.get(meeting_path(m, "/minutes.txt?lang=lv"), s.coordinator()).body,
                   "Piedalījās 1 pārstāvis no 1 organizācijas; platformā ir 1 dalīborganizācija. Kvorums (1) ir sasniegts."));
    CHECK(contains(s.get(meeting_path(m, "/minutes.txt?lang=en"), s.coordinator()).body,
                   "Present: 1 representative of 1 organization; the platform has 1 member organization. The quorum (1) was met."));
    CHECK(contains(s.get(meeting_path(m, "/minutes.md?style=news&lang=lv"), s.coordinator()).body,
                   "kurā piedalījās 1 pārstāvis no 1 organizācijas; platformā ir 1 dalīborganizācija."));
    CHECK(contains(s.get(meeting_path(m, "/minutes.md?style=news&lang=en"), s.coordinator()).body,
                   "attended by 1 representative of 1 organization; the platform has 1 member organization."));
}

TEST_CASE("approved minutes give the same PDF and DOCX bytes on every request", "[minutes][exports][pdf][api]")
{
    test_server s({"--scheduler", "false"}, true);
    REQUIRE(s.put(meeting_path(1, "/minutes"), {{"summary", "Kopsavilkums."}}, s.organizer_token()).status == 200);
    REQUIRE(s.post(meeting_path(1, "/minutes/approve"), json::object(), s.coordinator()).status == 200);
    for (const char* format : {"/minutes.pdf", "/minutes.docx?lang=en"}) {
        INFO(format);
        auto first = s.get(meeting_path(1, format), s.coordinator());
        REQUIRE(first.status == 200);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // a file dated by the request would differ now
        CHECK(s.get(meeting_path(1, format), s.coordinator()).body == first.body);
    }
}
