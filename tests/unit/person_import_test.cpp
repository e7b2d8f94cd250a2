// The row rules of a CSV import of people: each problem named on its row and field.
#include "domain/person_import.hpp"

#include <catch2/catch.hpp>

using namespace sanaksme::domain;

namespace {

std::optional<std::int64_t> org_of(const std::string& name)
{
    if (name == "Biedrība „Drošā māja”")
        return 7;
    return std::nullopt;
}

std::vector<import_problem> problems(const import_checked& c)
{
    std::vector<import_problem> out;
    for (const auto& e : c.errors)
        out.push_back(e.problem);
    return out;
}

} // namespace

TEST_CASE("an import's rows: good ones pass with their organization, bad ones name their problem", "[import][unit]")
{
    const std::string org = "Biedrība „Drošā māja”";
    std::vector<import_person> rows{
        {"Agita Misāne", "agita@example.lv", "+371 2000 0000", "valdes locekle", org},
        {"Jānis Bērziņš", "", "", "", org},                       // no address is allowed
        {"", "x@example.lv", "", "", org},                        // no name
        {"Anna", "anna(at)example.lv", "", "", org},              // not an address
        {"Pēteris", "peteris@example.lv", "tel. 123", "", org},   // letters in the phone
        {"Ilze", "ilze@example.lv", "", "", "Nezināma biedrība"}, // unknown organization
        {"Agita M.", "AGITA@example.lv", "", "", org},            // the same address as row 1
        {"Rita", "rita@example.lv", "", "", org},                 // exists already
        {"Oskars", "oskars@example.lv", "", std::string(301, 'x'), org},
    };
    auto checked = check_import(rows, org_of, {"rita@example.lv"});
    REQUIRE(checked.size() == rows.size());
    CHECK(checked[0].errors.empty());
    CHECK(checked[0].organization_id == 7);
    CHECK(checked[1].errors.empty());
    CHECK(problems(checked[2]) == std::vector{import_problem::name_missing});
    CHECK(problems(checked[3]) == std::vector{import_problem::email_invalid});
    CHECK(problems(checked[4]) == std::vector{import_problem::phone_invalid});
    CHECK(problems(checked[5]) == std::vector{import_problem::organization_unknown});
    CHECK_FALSE(checked[5].organization_id);
    CHECK(problems(checked[6]) == std::vector{import_problem::duplicate_in_file});
    CHECK(checked[6].errors[0].field == "email");
    CHECK(problems(checked[7]) == std::vector{import_problem::duplicate_existing});
    CHECK(problems(checked[8]) == std::vector{import_problem::position_too_long});
}

TEST_CASE("an import row can have several problems at once", "[import][unit]")
{
    auto checked = check_import({{"", "bad", "", "", "?"}}, org_of, {});
    CHECK(problems(checked[0]) ==
          std::vector{import_problem::name_missing, import_problem::email_invalid, import_problem::organization_unknown});
}
