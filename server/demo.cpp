#include "demo.hpp"

#include "api/decision_ops.hpp"
#include "domain/dates.hpp"
#include "domain/time.hpp"
#include "render/documents.hpp"
#include "store/attendance.hpp"
#include "store/meetings.hpp"
#include "store/organizations.hpp"
#include "store/papers.hpp"

#include <array>

namespace sanaksme::demo {

namespace {

using store::json;

struct org_seed {
    const char* name;
    const char* short_name;
    const char* kind;
    const char* membership;
    const char* joined_on;
    std::array<const char*, 2> people; // representatives; the second may be empty
    int present;                        // how many of them came to the fifth meeting
    bool apologised;                    // answered 'no' to the fifth meeting
};

// The organizations the seed names come first; the others are plausible members of a platform
// on migration and integration, to make up its 25 member organizations.
const std::array<org_seed, 27> organizations{{
    {"Biedrība „Patvērums „Drošā māja””", "PDM", "ngo", "member", "2016-01-15", {"Agita Misāne", "Rasa Saliņa"}, 2, false},
    {"Iekšlietu ministrija", "IeM", "public_body", "member", "2016-01-15", {"Sandis Barks", "Līga Ozoliņa"}, 2, false},
    {"Biedrība „Inovāciju atbalsta centrs”", "IAC", "ngo", "member", "2016-01-15", {"Inese Janiša", ""}, 1, false},
    {"Biedrība „Sadarbības platforma”", nullptr, "ngo", "member", "2016-01-15", {"Ramils Kadirovs", ""}, 1, false},
    {"Biedrība „Ritineitis”", nullptr, "ngo", "member", "2016-06-01", {"Anita Kalniņa", ""}, 1, false},
    {"Latgolys entuziastu grupa „Biļdis”", "Biļdis", "ngo", "member", "2016-06-01", {"Jānis Stepiņš", ""}, 1, false},
    {"Kultūras ministrija", "KM", "public_body", "member", "2016-01-15", {"Dace Bērziņa", ""}, 1, false},
    {"Pilsonības un migrācijas lietu pārvalde", "PMLP", "public_body", "member", "2016-01-15", {"Ēriks Zariņš", ""}, 1, false},
    {"Nodarbinātības valsts aģentūra", "NVA", "public_body", "member", "2016-03-01", {"Ilze Krūmiņa", ""}, 0, true},
    {"Sabiedrības integrācijas fonds", "SIF", "public_body", "member", "2016-01-15", {"Gundega Liepiņa", ""}, 1, false},
    {"Latviešu valodas aģentūra", "LVA", "public_body", "member", "2016-03-01", {"Māra Vītola", ""}, 0, false},
    {"Rīgas domes Izglītības, kultūras un sporta departaments", "IKSD", "municipality", "member", "2016-03-01",
     {"Kristīne Ābele", "Aigars Priede"}, 2, false},
    {"Daugavpils pilsētas dome", nullptr, "municipality", "member", "2016-06-01", {"Natālija Ivanova", ""}, 1, false},
    {"Jelgavas pilsētas pašvaldība", nullptr, "municipality", "member", "2016-06-01", {"Egils Kļaviņš", ""}, 0, true},
    {"Liepājas pilsētas dome", nullptr, "municipality", "member", "2016-06-01", {"Zane Puķīte", ""}, 0, false},
    {"Rēzeknes pilsētas dome", nullptr, "municipality", "member", "2016-06-01", {"Valdis Šmits", ""}, 0, false},
    {"Latvijas Cilvēktiesību centrs", "LCC", "ngo", "member", "2016-01-15", {"Anhelita Kamenska", ""}, 1, false},
    {"Sabiedriskās politikas centrs „Providus”", "Providus", "ngo", "member", "2016-01-15", {"Agnese Lāce", ""}, 1, false},
    {"Latvijas Sarkanais Krusts", "LSK", "ngo", "member", "2016-01-15", {"Uldis Ģērmanis", ""}, 1, false},
    {"Starptautiskā Migrācijas organizācija, birojs Latvijā", "IOM", "international", "member", "2016-01-15",
     {"Ilona Ņikiforova", ""}, 1, false},
    {"Biedrība „Afrolat”", "Afrolat", "ngo", "member", "2016-09-01", {"Samuels Ogbu", ""}, 1, false},
    {"Biedrība „Dialogi.lv”", nullptr, "ngo", "member", "2016-09-01", {"Pēteris Jansons", ""}, 0, false},
    {"Latvijas Pašvaldību savienība", "LPS", "other", "member", "2016-09-01", {"Sarmīte Ķikute", ""}, 0, false},
    {"Latvijas Ukraiņu biedrību apvienība", nullptr, "ngo", "member", "2017-02-01", {"Oksana Kovaļenko", ""}, 0, false},
    {"Biedrība „Latvijas Jaunatnes padome”", "LJP", "ngo", "member", "2017-02-01", {"Toms Žagars", ""}, 0, false},
    {"ANO Augstā komisāra bēgļu jautājumos pārstāvniecība Ziemeļvalstīs un Baltijā", "UNHCR", "international",
     "observer", "2016-01-15", {"Karina Sörensen", ""}, 0, false},
    // Joined after both meetings: the old figures must still read 25 member organizations.
    {"Biedrība „Gribu palīdzēt bēgļiem”", nullptr, "ngo", "member", "2018-03-01", {"Marija Krūze", ""}, 0, false},
}};

std::string email_of(const std::string& name, std::size_t org_index)
{
    // Reserved .example domains: the demo never holds a real address.
    static const std::array<std::pair<std::string_view, std::string_view>, 18> letters{{
        {"ā", "a"}, {"č", "c"}, {"ē", "e"}, {"ģ", "g"}, {"ī", "i"}, {"ķ", "k"}, {"ļ", "l"}, {"ņ", "n"}, {"š", "s"},
        {"ū", "u"}, {"ž", "z"}, {"Ā", "a"}, {"Ē", "e"}, {"Ī", "i"}, {"Š", "s"}, {"Ž", "z"}, {"ö", "o"}, {"Ģ", "g"},
    }};
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
        bool done = false;
        for (auto [from, to] : letters)
            if (name.compare(i, from.size(), from) == 0) {
                out += to;
                i += from.size();
                done = true;
                break;
            }
        if (done)
            continue;
        char ch = name[i++];
        out += ch == ' ' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return out + "@org" + std::to_string(org_index + 1) + ".example";
}

std::int64_t at(const char* rfc3339) { return *domain::parse_rfc3339(rfc3339); }

// A presentation's handout as a small PDF (its title, the meeting, the presenter), stored as a
// public paper of its agenda item. Dated by the meeting, so the demo's bytes are the same each time.
void add_handout(store::connection& c, const std::string& papers_dir, const json& meeting, std::int64_t item_id,
                 const std::string& title, const std::string& presenter)
{
    auto starts = meeting["starts_at"].get<std::int64_t>();
    render::document doc;
    doc.title = title;
    doc.lang = "lv";
    doc.header_left = meeting["series"].get<std::string>();
    doc.header_right = meeting["title"].get<std::string>();
    doc.issued_at = starts;
    doc.blocks.emplace_back(render::paragraph{title, "Title"});
    doc.blocks.emplace_back(render::paragraph{meeting["title"].get<std::string>() + ", " +
                                                  domain::long_date("lv", starts, domain::find_zone("Europe/Riga")),
                                              "Subtitle"});
    doc.blocks.emplace_back(render::paragraph{presenter, "Meta"});
    auto bytes = render::pdf_document(doc, [](int page, int pages) {
        return std::to_string(page) + "/" + std::to_string(pages);
    });
    store::incoming_paper file(papers_dir);
    file.write(bytes);
    file.finish();
    file.keep();
    store::insert_paper(c, {{"meeting_id", meeting["id"]}, {"agenda_item_id", item_id}, {"title", title},
                            {"file_name", "prezentacija-" + std::to_string(item_id) + ".pdf"},
                            {"content_type", "application/pdf"}, {"size", file.size()}, {"sha256", file.sha256()},
                            {"visibility", "public"}});
}

} // namespace

void write(store::database& db, const std::string& papers_dir)
{
    db.write([&papers_dir](store::connection& c) {
        std::vector<std::int64_t> org_ids;
        std::vector<std::vector<std::int64_t>> people(organizations.size());
        for (std::size_t i = 0; i < organizations.size(); ++i) {
            const auto& o = organizations[i];
            json org = {{"name", o.name}, {"short_name", o.short_name ? json(o.short_name) : json()}, {"kind", o.kind},
                        {"membership", o.membership}, {"email", nullptr}, {"website", nullptr},
                        {"language", "lv"}, {"joined_on", o.joined_on}, {"active", true}};
            auto id = store::insert_organization(c, org, o.joined_on);
            org_ids.push_back(id);
            for (const char* name : o.people) {
                if (!*name)
                    continue;
                json person = {{"name", name}, {"email", email_of(name, i)}, {"phone", nullptr},
                               {"position", nullptr}, {"language", i == 19 || i == 25 ? "en" : "lv"},
                               {"email_consent", true}};
                people[i].push_back(store::insert_person(c, id, person));
            }
        }
        auto person_named = [&](std::size_t org, std::size_t n) { return people[org].at(n); };
        // Positions the seed gives.
        store::update_person(c, person_named(1, 0),
                             {{"name", "Sandis Barks"}, {"email", email_of("Sandis Barks", 1)}, {"phone", nullptr},
                              {"position", "Nozares politikas departamenta Politikas izstrādes nodaļas vecākais referents"},
                              {"language", "lv"}, {"email_consent", true}});
        store::update_person(c, person_named(2, 0),
                             {{"name", "Inese Janiša"}, {"email", email_of("Inese Janiša", 2)}, {"phone", nullptr},
                              {"position", "projektu aktivitāšu koordinatore"}, {"language", "lv"}, {"email_consent", true}});
        store::update_person(c, person_named(0, 0),
                             {{"name", "Agita Misāne"}, {"email", email_of("Agita Misāne", 0)}, {"phone", nullptr},
                              {"position", "konsultante"}, {"language", "lv"}, {"email_consent", true}});

        auto fifth = store::insert_meeting(
            c, {{"title", "NVO Dialoga platformas piektā tikšanās"}, {"series", "NVO Dialoga platforma"}, {"number", 5},
                {"starts_at", at("2017-09-21T10:00:00+03:00")}, {"ends_at", at("2017-09-21T12:30:00+03:00")},
                {"timezone", "Europe/Riga"}, {"venue_name", "Informācijas centrs imigrantiem (ICI)"},
                {"venue_address", "Rīga"}, {"online_url", nullptr}, {"status", "scheduled"},
                {"rsvp_deadline", at("2017-09-18T17:00:00+03:00")}, {"capacity", 40}, {"quorum", 13},
                {"language", "lv"},
                {"description", "Iepazīties ar aktualitātēm “Rīcības plāna personu, kurām nepieciešama starptautiskā "
                                "aizsardzība, pārvietošanai un uzņemšanai Latvijā” izpildē, kā arī ar jaunākajiem NVO "
                                "Dialoga platformas dalībnieku uzsāktajiem projektiem."}});
        struct item {
            const char* title;
            const char* kind;
            int minutes;
            std::int64_t person;
            std::size_t org;
        };
        const std::array<item, 5> agenda{{
            {"Atklāšana un iepriekšējās tikšanās atziņas", "other", 10, person_named(0, 0), 0},
            {"Aktualitātes Rīcības plāna personu, kurām nepieciešama starptautiskā aizsardzība, pārvietošanai un "
             "uzņemšanai Latvijā izpildē",
             "presentation", 40, person_named(1, 0), 1},
            {"Projekts „MĒS – Latvijā”: integrācijas kursi Rīgas un Latgales reģionā", "presentation", 25,
             person_named(2, 0), 2},
            {"Projekts „Integrācijas ABC – 2017”: integrācijas kursi Rīgā, Daugavpilī, Rēzeknē, Liepājā un Jelgavā",
             "presentation", 25, person_named(3, 0), 3},
            {"Nākamās tikšanās laiks un tēma", "decision", 15, person_named(0, 0), 0},
        }};
        std::vector<std::int64_t> item_ids;
        for (std::size_t i = 0; i < agenda.size(); ++i)
            item_ids.push_back(store::insert_agenda_item(
                c, {{"meeting_id", fifth}, {"position", i + 1}, {"title", agenda[i].title}, {"description", nullptr},
                    {"kind", agenda[i].kind}, {"presenter_person_id", agenda[i].person}, {"presenter_name", nullptr},
                    {"presenter_organization_id", org_ids[agenda[i].org]}, {"duration_minutes", agenda[i].minutes}}));
        // The three presentations' handouts, as the fifth meeting's papers.
        auto fifth_row = *store::find_meeting_row(c, fifth);
        for (std::size_t i = 0; i < agenda.size(); ++i)
            if (std::string_view(agenda[i].kind) == "presentation")
                add_handout(c, papers_dir, fifth_row, item_ids[i], agenda[i].title,
                            store::find_person(c, agenda[i].person).value_or(json::object()).value("name", "") + ", " +
                                organizations[agenda[i].org].name);
        auto decision_item = item_ids.back(); // the last item, the decision on the next meeting

        // Invitations went to the member organizations of that day; 19 people came from 16 of them.
        std::int64_t minute = 0;
        std::vector<std::int64_t> present_orgs;
        for (std::size_t i = 0; i < organizations.size(); ++i) {
            const auto& o = organizations[i];
            if (std::string_view(o.membership) != "member" || std::string_view(o.joined_on) > "2017-09-21")
                continue;
            for (std::size_t n = 0; n < people[i].size(); ++n) {
                store::invite_person(c, fifth, people[i][n], org_ids[i]);
                if (o.apologised)
                    store::save_rsvp(c, fifth, people[i][n], "no", "Atvainojamies, šoreiz nevarēsim piedalīties.");
                else if (static_cast<int>(n) < o.present) {
                    store::save_rsvp(c, fifth, people[i][n], "yes", std::nullopt);
                    store::check_in(c, fifth, people[i][n], org_ids[i], at("2017-09-21T09:45:00+03:00") + 60 * minute++,
                                    {"in_person", "desk"});
                    if (n == 0)
                        present_orgs.push_back(org_ids[i]);
                }
            }
        }
        // The decision on the next meeting, voted by the member organizations present: all for but
        // the last three (two against, one abstaining), closed under a majority of those present.
        store::actor chair{std::nullopt, "demo", "coordinator"};
        auto decision = api::add_decision(c, chair, fifth,
                                          {decision_item,
                                           "Nākamo tikšanos rīkot 2017. gada 23. novembrī Rīgā par Latvijas pašvaldību pieredzi "
                                           "sabiedrības integrācijā.",
                                           "majority_present"});
        domain::caller coordinator{domain::caller_role::coordinator, std::nullopt, "", true};
        for (std::size_t i = 0; i < present_orgs.size(); ++i) {
            auto from_end = present_orgs.size() - i;
            const char* vote = from_end == 1 ? "abstain" : from_end <= 3 ? "against" : "for";
            api::cast_vote(c, coordinator, chair, decision, present_orgs[i], vote);
        }
        api::commit_close(c, chair, decision);

        auto held = *store::find_meeting_row(c, fifth);
        held["status"] = "held";
        store::update_meeting(c, fifth, held, false);

        auto sixth = store::insert_meeting(
            c, {{"title", "NVO Dialoga platformas sestā tikšanās"}, {"series", "NVO Dialoga platforma"}, {"number", 6},
                {"starts_at", at("2017-11-23T10:00:00+02:00")}, {"ends_at", at("2017-11-23T12:30:00+02:00")},
                {"timezone", "Europe/Riga"}, {"venue_name", nullptr}, {"venue_address", "Rīga"},
                {"online_url", nullptr}, {"status", "scheduled"}, {"rsvp_deadline", at("2017-11-20T17:00:00+02:00")},
                {"capacity", 40}, {"quorum", 13}, {"language", "lv"},
                {"description", "Padziļināti apspriest Latvijas pašvaldību pieredzi sabiedrības integrācijas jomā, to "
                                "integrācijas stratēģijas, kā arī dalīties ar labās prakses piemēriem un īstenotajiem "
                                "integrācijas projektiem."}});
        store::insert_agenda_item(c, {{"meeting_id", sixth}, {"position", 1},
                                      {"title", "Latvijas pašvaldību pieredze sabiedrības integrācijā"},
                                      {"description", nullptr}, {"kind", "discussion"}, {"presenter_person_id", nullptr},
                                      {"presenter_name", nullptr}, {"presenter_organization_id", nullptr},
                                      {"duration_minutes", 90}});
        for (std::size_t i = 0; i < organizations.size(); ++i)
            if (std::string_view(organizations[i].membership) == "member" &&
                std::string_view(organizations[i].joined_on) <= "2017-11-23")
                for (auto pid : people[i])
                    store::invite_person(c, sixth, pid, org_ids[i]);
    });
}

} // namespace sanaksme::demo
