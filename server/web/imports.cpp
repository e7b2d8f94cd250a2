// CSV import of people: paste the file or upload it, see every row with its problems, and only when no row has
// one, "Import N people" writes them all in one transaction (checked again inside it).
#include "domain/error.hpp"
#include "domain/person_import.hpp"
#include "handler_env.hpp"
#include "render/csv.hpp"
#include "render/csv_read.hpp"
#include "store/organizations.hpp"
#include "store/people_import.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

namespace sanaksme::web {

namespace {

constexpr std::size_t max_rows = 5000;

// A header cell (any case, diacritics aside) as the column it names, in English, Latvian or Russian.
std::string column_of(const std::string& header)
{
    auto h = folded(trimmed(header));
    if (h == "name" || h == "vards" || h == "vards, uzvards" || h == "имя")
        return "name";
    if (h == "email" || h == "e-mail" || h == "e-pasts" || h == "эл. почта")
        return "email";
    if (h == "phone" || h == "talrunis" || h == "телефон")
        return "phone";
    if (h == "position" || h == "amats" || h == "должность")
        return "position";
    if (h == "organization" || h == "organizacija" || h == "организация")
        return "organization";
    return "";
}

std::string message_of(std::string_view lang, domain::import_problem p)
{
    using ip = domain::import_problem;
    switch (p) {
    case ip::name_missing: return tr(lang, "Enter the person's name (at most 200 characters).");
    case ip::email_invalid: return tr(lang, "Enter an email address such as info@example.org, or leave it empty.");
    case ip::phone_invalid: return tr(lang, "Enter a phone number of digits, spaces and + ( ) - . only.");
    case ip::position_too_long: return tr(lang, "The position is at most 300 characters.");
    case ip::organization_unknown: return tr(lang, "There is no active organization of this name.");
    case ip::duplicate_in_file: return tr(lang, "This address is on an earlier row too.");
    case ip::duplicate_existing: return tr(lang, "A person with this address exists already.");
    }
    return {};
}

struct parsed_file {
    std::vector<domain::import_person> people;
    std::string problem; // of the file as a whole, for the error summary
};

parsed_file parse(std::string_view lang, const std::string& text)
{
    parsed_file out;
    std::vector<std::vector<std::string>> rows;
    try {
        rows = render::read_csv(text);
    } catch (const render::csv_syntax_error& e) {
        out.problem = say(lang, "The file is not CSV: see line {{line}}.", {{"line", e.line}});
        return out;
    }
    if (rows.size() < 2) {
        out.problem = tr(lang, "Paste a header row and at least one person.");
        return out;
    }
    if (rows.size() - 1 > max_rows) {
        out.problem = tr(lang, "Import at most 5000 people at a time.");
        return out;
    }
    std::vector<std::string> columns;
    bool has_name = false, has_org = false;
    for (const auto& h : rows[0]) {
        columns.push_back(column_of(h));
        has_name = has_name || columns.back() == "name";
        has_org = has_org || columns.back() == "organization";
    }
    if (!has_name || !has_org) {
        out.problem = tr(lang, "The first row must name the columns: name, email, phone, position, organization.");
        return out;
    }
    for (std::size_t i = 1; i < rows.size(); ++i) {
        domain::import_person p;
        for (std::size_t k = 0; k < rows[i].size() && k < columns.size(); ++k) {
            const auto& col = columns[k];
            std::string* to = col == "name" ? &p.name : col == "email" ? &p.email : col == "phone" ? &p.phone
                            : col == "position" ? &p.position : col == "organization" ? &p.organization : nullptr;
            if (to) // a column we do not know is left out
                *to = trimmed(rows[i][k]);
        }
        out.people.push_back(std::move(p));
    }
    return out;
}

std::vector<domain::import_checked> check(store::connection& conn, const std::vector<domain::import_person>& people)
{
    std::map<std::string, std::int64_t> by_folded;
    for (const auto& [name, id] : store::active_organization_ids_by_name(conn))
        by_folded.emplace(folded(name), id);
    auto emails = store::person_emails_lowercase(conn);
    return domain::check_import(people, [&](const std::string& name) -> std::optional<std::int64_t> {
        auto it = by_folded.find(folded(name));
        return it == by_folded.end() ? std::nullopt : std::optional(it->second);
    }, emails);
}

// The preview: every row, its problems beside it; "Import N people" only when there are none.
json preview(std::string_view lang, const std::string& text, const parsed_file& file, const std::vector<domain::import_checked>& checked)
{
    json data = {{"title", tr(lang, "Import people from CSV")}, {"csv", text}, {"checked", true}};
    form_errors errors;
    if (!file.problem.empty())
        errors.add("csv", file.problem);
    json rows = json::array();
    std::size_t bad = 0;
    for (std::size_t i = 0; i < file.people.size(); ++i) {
        const auto& p = file.people[i];
        json problems = json::array();
        for (const auto& e : checked[i].errors)
            problems.push_back(message_of(lang, e.problem));
        bad += problems.empty() ? 0 : 1;
        rows.push_back({{"line", i + 2}, {"name", p.name}, {"email", p.email}, {"organization", p.organization},
                        {"problems", problems}, {"bad", !problems.empty()}});
    }
    if (bad)
        errors.add("csv", sayn(lang, "{{n}} row has a problem: nothing was imported. Correct the file and check it again.",
                               "{{n}} rows have problems: nothing was imported. Correct the file and check it again.",
                               static_cast<long>(bad), {{"n", bad}}));
    data["rows"] = rows;
    data["has_rows"] = !rows.empty();
    errors.into(data);
    if (errors.empty())
        data["import_label"] = sayn(lang, "Import {{n}} person", "Import {{n}} people", static_cast<long>(rows.size()),
                                    {{"n", rows.size()}});
    return data;
}

} // namespace

http::response people_import_form(http::context& c, reader& r)
{
    json data = {{"title", tr(r.lang, "Import people from CSV")}, {"csv", ""}};
    if (auto n = c.query_value("imported"))
        data["imported"] = say(r.lang, "People imported: {{n}}.", {{"n", *n}});
    return html(200, c, r, "people_import", data);
}

http::response people_import(http::context& c, reader& r)
{
    auto text = form_value(c, "csv").value_or("");
    bool write = form_value(c, "do").value_or("") == "import";
    parsed_file file;
    // A chosen file stands in for the pasted text; the preview shows it in the text box, so
    // "Import" sends what was checked.
    if (auto uploaded = form_file(c, "file")) {
        text = std::move(*uploaded);
        if (text.starts_with(render::utf8_bom))
            text.erase(0, render::utf8_bom.size());
        if (!render::valid_utf8(text)) {
            text.clear();
            file.problem = tr(r.lang, "The file is not UTF-8 text: in the spreadsheet, save it as \"CSV UTF-8\" and choose it again.");
        }
    }
    if (file.problem.empty())
        file = parse(r.lang, text);
    auto who = actor_of(r);
    json page;
    std::size_t imported = 0;
    auto run = [&](store::connection& conn) {
        auto checked = check(conn, file.people);
        page = preview(r.lang, text, file, checked);
        if (!write || page["has_errors"].get<bool>())
            return;
        for (std::size_t i = 0; i < file.people.size(); ++i) {
            const auto& p = file.people[i];
            auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
            // Consent to email is not imported: it is asked of the person, as on the organization's page.
            json person = {{"name", p.name}, {"email", or_null(p.email)}, {"phone", or_null(p.phone)},
                           {"position", or_null(p.position)}, {"language", nullptr}, {"email_consent", false}};
            auto id = store::insert_person(conn, *checked[i].organization_id, person);
            auto created = *store::find_person(conn, id);
            created.erase("version");
            store::audit(conn, who, "create", "person", id, nullptr, created);
            ++imported;
        }
    };
    if (write)
        c.env.db.write(run); // checked again where it is written: nothing changes in between
    else
        c.env.db.read(run);
    if (page["has_errors"].get<bool>())
        return html(422, c, r, "people_import", page);
    if (write)
        return see_other("/people/import?imported=" + std::to_string(imported));
    return html(200, c, r, "people_import", page);
}

} // namespace sanaksme::web
