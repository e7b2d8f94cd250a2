// The printable minutes (the blocks of PDF and DOCX) from a document, without a server.
#include "render/minutes_document.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::render;
using json = nlohmann::json;

namespace {

json sample_document(const std::string& lang)
{
    return {{"lang", lang}, {"heading", "Protokols"}, {"title", "Piektā tikšanās"}, {"series", "NVO Dialoga platforma"},
            {"date_long", "2017. gada 21. septembrī"}, {"time_range", "10.00–12.30"}, {"venue", "Rīga"},
            {"status_label", "Statuss"}, {"status", "apstiprināts"}, {"attendance_label", "Dalībnieki"},
            {"attendance_sentence", "Piedalījās 2 pārstāvji."}, {"org_label", "Organizācija"}, {"people_label", "Pārstāvji"},
            {"roll", {{{"name", "IeM"}, {"status", "piedalījās"}, {"people", "Sandis Barks"}}}},
            {"has_guests", true}, {"guests_label", "Viesi"},
            {"guests", {{{"name", "Viesis Pirmais"}, {"organization", "Vēstniecība"}}, {{"name", "Viesis Otrais"}, {"organization", nullptr}}}},
            {"summary_label", "Kopsavilkums"}, {"summary", "Vienojāmies.\n\n\nTrīs rindas."},
            {"has_agenda", true}, {"agenda_label", "Darba kārtība"}, {"decision_label", "Lēmums"},
            {"agenda", {{{"position", 1}, {"title", "Atklāšana"}, {"time", "10.00"}, {"presenter", "Agita Misāne, Patvērums"},
                         {"notes", "Piezīmes"}, {"decisions", {{{"text", "Turpināt"}}}}},
                        {{"position", 2}, {"title", "Diskusija"}, {"time", "10.10"}, {"presenter", ""}, {"decisions", json::array()}}}},
            {"action_items_label", "Uzdevumi"},
            {"action_items", {{{"text", "Ziņojums"}, {"owner", "IeM"}, {"done", false}, {"due", "01.11.2017."}, {"from", nullptr}},
                              {{"text", "Vēstule"}, {"owner", nullptr}, {"done", true}, {"due", nullptr}, {"from", nullptr}}}},
            {"carried_label", "Neizpildītie uzdevumi"},
            {"carried", {{{"text", "Plāns"}, {"owner", ""}, {"done", false}, {"due", nullptr}, {"from", "Ceturtā tikšanās"}}}},
            {"next_label", "Nākamā tikšanās"}, {"next_meeting", ""},
            {"approved_by", "Koordinators"}, {"approved", "Apstiprināja: Koordinators, 2017. gada 1. oktobrī"},
            {"approved_at", "2017-10-01T12:00:00+03:00"}};
}

std::vector<std::string> lines_of(const document& d, const std::string& style)
{
    std::vector<std::string> out;
    for (const auto& b : d.blocks)
        if (const auto* p = std::get_if<paragraph>(&b); p && p->style == style)
            out.push_back(p->label.empty() ? p->text : p->label + " " + p->text);
    return out;
}

} // namespace

TEST_CASE("printable minutes: each line from its template, user text as it is, empty parts left out", "[minutes][documents][unit]")
{
    auto d = printable_minutes(sample_document("lv"));
    CHECK(d.title == "Protokols: Piektā tikšanās");
    CHECK(d.header_left == "NVO Dialoga platforma");
    CHECK(d.issued_at == 1506848400);
    CHECK(lines_of(d, "Title") == std::vector<std::string>{"Protokols: Piektā tikšanās"});
    CHECK(lines_of(d, "Subtitle") == std::vector<std::string>{"2017. gada 21. septembrī, 10.00–12.30", "Rīga", "Statuss: apstiprināts"});
    CHECK(lines_of(d, "Heading2") == std::vector<std::string>{"1. Atklāšana", "2. Diskusija"});
    CHECK(lines_of(d, "Meta") == std::vector<std::string>{"10.00 · Agita Misāne, Patvērums", "10.10"});
    // An owner given as "" keeps its comma: the bytes of earlier exports stay the same.
    CHECK(lines_of(d, "Item") == std::vector<std::string>{"• Lēmums: Turpināt", "☐ Ziņojums, IeM, 01.11.2017.", "☑ Vēstule",
                                                          "☐ Plāns,  (Ceturtā tikšanās)"});
    CHECK(lines_of(d, "") == std::vector<std::string>{"Piedalījās 2 pārstāvji.", "Viesi: Viesis Pirmais (Vēstniecība); Viesis Otrais",
                                                      "Vienojāmies.\n\n\nTrīs rindas.", "Piezīmes"});
    CHECK(lines_of(d, "Heading1") == std::vector<std::string>{"Dalībnieki", "Kopsavilkums", "Darba kārtība", "Uzdevumi",
                                                              "Neizpildītie uzdevumi"});
    CHECK(lines_of(d, "Approval") == std::vector<std::string>{"Apstiprināja: Koordinators, 2017. gada 1. oktobrī"});
}

TEST_CASE("printable minutes not yet approved end with the pending line of their language", "[minutes][documents][unit]")
{
    auto doc = sample_document("en");
    doc["approved_by"] = nullptr;
    doc["approved_at"] = nullptr;
    auto d = printable_minutes(doc);
    CHECK_FALSE(d.issued_at);
    auto approval = lines_of(d, "Approval");
    REQUIRE(approval.size() == 1);
    CHECK(approval[0] != doc["approved"]);
    CHECK_FALSE(approval[0].empty());
}
