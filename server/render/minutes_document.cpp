// The minutes' document for the templates, the news post, and the printable blocks of PDF and DOCX.
#include "render/minutes_document.hpp"

#include "domain/dates.hpp"
#include "domain/words.hpp"
#include "render/templates.hpp"

namespace sanaksme::render {

using json = nlohmann::json;

namespace {

const date::time_zone* zone_of(const json& m) { return domain::find_zone(m["timezone"].get<std::string>()); }

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : ""; }

std::string venue_text(const json& m)
{
    auto v = text_of(m["venue_name"]);
    if (m["venue_address"].is_string())
        v += (v.empty() ? "" : ", ") + m["venue_address"].get<std::string>();
    return v;
}

// A due date: "01.11.2017." in Latvian (no case ending to get wrong), "1 November 2017" in English.
std::string due_text(const std::string& lang, const std::string& ymd)
{
    if (lang == "lv")
        return ymd.substr(8, 2) + "." + ymd.substr(5, 2) + "." + ymd.substr(0, 4) + ".";
    return domain::long_date(lang, ymd);
}

// A one-line template ("2. lpp. no 5") without the line's end.
std::string one_line(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

// The attendance figures for the templates, each with whether its noun is singular (Latvian: 1, 21, 31 …).
json attendance_counts(const std::string& lang, const json& s)
{
    auto one = [&](std::int64_t n) { return lang == "lv" ? domain::lv_singular(n) : n == 1; };
    auto people = s["people_present"].get<std::int64_t>(), orgs = s["organizations_present"].get<std::int64_t>(),
         members = s["member_organizations"].get<std::int64_t>();
    // Minutes frozen before hybrid attendance have no split; with nobody online it is not printed.
    auto online = s.value("people_present_online", std::int64_t{0});
    auto in_room = s.value("people_present_in_person", people);
    return {{"people", people}, {"people_one", one(people)}, {"orgs", orgs}, {"orgs_one", one(orgs)},
            {"members", members}, {"members_one", one(members)}, {"quorum", s["quorum"]}, {"quorum_met", s["quorum_met"]},
            {"hybrid", online > 0}, {"in_person", in_room}, {"online", online}};
}

std::string attendance_sentence(const std::string& lang, const json& s)
{
    return one_line(render_template(lang, "attendance_sentence.txt", attendance_counts(lang, s)));
}

std::string next_meeting_text(const json& model, const std::string& lang)
{
    const auto& next = model["minutes"]["next_meeting"];
    if (!next.is_object())
        return "";
    std::string when, place, topic;
    if (next.contains("meeting_id")) {
        const auto& m = model["next_meeting_row"];
        if (!m.is_object())
            return "";
        when = domain::long_date_time(lang, m["starts_at"].get<std::int64_t>(), zone_of(m));
        place = venue_text(m);
        topic = text_of(m["description"]);
    } else {
        when = next.contains("date") ? domain::long_date(lang, next["date"].get<std::string>()) : "";
        place = text_of(next.value("place", json()));
        topic = text_of(next.value("topic", json()));
    }
    return one_line(render_template(lang, "next_meeting.txt", {{"when", when}, {"place", place}, {"topic", topic}}));
}



// A decision with its rule and, once closed, its outcome and figures, as one line.
std::string decision_record(const std::string& lang, const json& d)
{
    json data = {{"text", d["text"]}, {"is_" + d["rule"].get<std::string>(), true}, {"voting", d["status"] == "voting"}};
    if (d["result"].is_object()) {
        const auto& r = d["result"];
        auto members = r["members"].get<std::int64_t>();
        data.update({{"closed", true}, {r["outcome"].get<std::string>(), true}, {"for", r["for"]}, {"against", r["against"]},
                     {"abstained", r["abstained"]}, {"present", r["present"]}, {"members", members},
                     {"members_one", lang == "lv" ? domain::lv_singular(members) : members == 1}});
    }
    return one_line(render_template(lang, "decision_record.txt", data));
}

} // namespace

// Everything the minutes templates show, in one language.
json minutes_document(const json& model, const std::string& lang)
{
    const auto& w = strings(lang);
    const auto& meeting = model["meeting"];
    const auto& m = model["minutes"];
    const auto* zone = zone_of(meeting);
    auto start = meeting["starts_at"].get<std::int64_t>();
    auto end = meeting["ends_at"].is_number_integer() ? meeting["ends_at"].get<std::int64_t>() : start;
    json roll = json::array();
    for (const auto& o : m["attendance"]["organizations"]) {
        std::string people;
        for (const auto& p : o["people"])
            people += (people.empty() ? "" : ", ") + (p["name"].is_string() ? p["name"].get<std::string>() : "—");
        auto code = o["status"].get<std::string>();
        roll.push_back({{"name", o["name"]}, {"status", w[code]}, {"code", code}, {"people", people}});
    }
    json guests = json::array();
    for (const auto& p : m["attendance"]["people"])
        if (p["guest"].get<bool>())
            guests.push_back({{"name", p["name"]}, {"organization", p["organization_name"]}});
    json agenda = json::array();
    auto t = start;
    for (const auto& a : m["agenda"]) {
        json item = {{"position", a["position"]}, {"title", a["title"]}, {"time", domain::clock_time(lang, t, zone)}};
        std::string presenter = text_of(a["presenter"]);
        if (a["organization"].is_string())
            presenter += (presenter.empty() ? "" : ", ") + a["organization"].get<std::string>();
        item["presenter"] = presenter;
        json decisions = json::array();
        for (const auto& n : m["items"])
            if (n["agenda_item_id"] == a["id"]) {
                item["notes"] = n["notes"];
                for (const auto& d : n["decisions"])
                    decisions.push_back({{"text", d}});
            }
        for (const auto& d : m.value("decisions", json::array())) // voted decisions, with their figures
            if (d["agenda_item_id"] == a["id"])
                decisions.push_back({{"text", decision_record(lang, d)}});
        item["decisions"] = decisions;
        item["has_decisions"] = !decisions.empty();
        agenda.push_back(item);
        t += a["duration_minutes"].get<std::int64_t>() * 60;
    }
    auto action = [&](const json& a) {
        return json{{"text", a["text"]}, {"owner", a["owner"]}, {"done", a.value("done", false)},
                    {"due", a["due"].is_string() ? json(due_text(lang, a["due"].get<std::string>())) : json()},
                    {"from", a.value("from_title", json())}};
    };
    json actions = json::array(), carried = json::array();
    for (const auto& a : m["action_items"])
        actions.push_back(action(a));
    for (const auto& a : m["open_action_items"])
        carried.push_back(action(a));
    // Adopted decisions of earlier meetings still in follow-up are reviewed with the open items.
    for (const auto& d : m.value("decisions_in_follow_up", json::array()))
        carried.push_back({{"text", one_line(render_template(lang, "decision_follow_up.txt",
                                                             {{"text", d["text"]}, {"is_" + d["state"].get<std::string>(), true}}))},
                           {"owner", nullptr}, {"done", false}, {"due", nullptr}, {"from", d["meeting_title"]}});
    // The meeting's papers as numbered annexes (a snapshot from before papers existed has none).
    json annexes = json::array();
    for (const auto& p : model.value("papers", json::array()))
        annexes.push_back({{"number", annexes.size() + 1}, {"title", p["title"]}});
    std::string approved, approved_on;
    if (m["status"] == "approved" && m["approved_by"].is_string()) {
        auto at = *domain::parse_rfc3339(m["approved_at"].get<std::string>());
        approved_on = domain::long_date(lang, domain::local_date(at, zone));
        approved = one_line(render_template(lang, "minutes_approval.txt", {{"by", m["approved_by"]}, {"on", approved_on}}));
    }
    return {{"lang", lang},
            {"heading", w["minutes_heading"]},
            {"title", meeting["title"]},
            {"series", meeting["series"]},
            {"date_long", domain::long_date(lang, start, zone)},
            // A meeting without an end shows its start alone, not "10.00–10.00".
            {"time_range", end == start ? domain::clock_time(lang, start, zone)
                                        : domain::clock_time(lang, start, zone) + "–" + domain::clock_time(lang, end, zone)},
            {"venue", venue_text(meeting)},
            {"status_label", w["status"]},
            {"status", w["status_" + m["status"].get<std::string>()]},
            {"approved", approved},
            {"approved_by", approved.empty() ? json() : m["approved_by"]},
            {"approved_at", approved.empty() ? json() : m["approved_at"]},
            {"approved_on", approved_on},
            {"attendance_label", w["attendance"]},
            {"attendance_sentence", attendance_sentence(lang, m["attendance"]["summary"])},
            {"org_label", w["csv_organization"]},
            {"people_label", w["representatives"]},
            {"roll", roll},
            {"guests_label", w["guests"]},
            {"guests", guests},
            {"has_guests", !guests.empty()},
            {"summary_label", w["summary"]},
            {"summary", m["summary"]},
            {"agenda_label", w["agenda"]},
            {"has_agenda", !agenda.empty()},
            {"decisions_label", w["decisions"]},
            {"decision_label", w["decision"]},
            {"agenda", agenda},
            {"action_items_label", w["action_items"]},
            {"action_items", actions},
            {"has_action_items", !actions.empty()},
            {"carried_label", w["carried_items"]},
            {"carried", carried},
            {"has_carried", !carried.empty()},
            {"annexes_label", w["annexes"]},
            {"annexes", annexes},
            {"has_annexes", !annexes.empty()},
            {"next_label", w["next_meeting"]},
            {"next_meeting", next_meeting_text(model, lang)}};
}

// A public news post in the style of the seed: who met, how many of how many, who presented
// what, what comes next. No contact data of anyone.
json minutes_news(const json& model, const std::string& lang)
{
    const auto& meeting = model["meeting"];
    json out = attendance_counts(lang, model["minutes"]["attendance"]["summary"]);
    out.update({{"title", meeting["title"]},
                {"date_long", domain::long_date(lang, meeting["starts_at"].get<std::int64_t>(), zone_of(meeting))},
                {"venue", venue_text(meeting)},
                {"purpose", meeting["description"]},
                {"presentations", model["presentations"]},
                {"next_meeting", next_meeting_text(model, lang)}});
    return out;
}

// The same document as blocks, for PDF and DOCX: the roll-call as a table, an approval block last.
// Each line is a templates/{lang}/minutes_print_*.line: one line, user text as it is.
document printable_minutes(const json& d)
{
    auto lang = d["lang"].get<std::string>();
    const auto& w = strings(lang);
    auto line = [&](std::string_view name, const json& data) {
        return render_template(lang, "minutes_print_" + std::string(name) + ".line", data);
    };
    auto labelled = [&](const json& label, const json& text) { return line("labelled", {{"label", label}, {"text", text}}); };
    document out;
    out.lang = lang;
    out.title = labelled(d["heading"], d["title"]);
    out.header_left = d["series"].is_string() ? d["series"].get<std::string>() : d["heading"].get<std::string>();
    out.header_right = d["title"];
    if (d["approved_at"].is_string())
        out.issued_at = domain::parse_rfc3339(d["approved_at"].get<std::string>());
    auto add = [&](const std::string& text, const std::string& style = "", const std::string& label = "") {
        if (!text.empty())
            out.blocks.emplace_back(paragraph{text, style, label});
    };
    add(out.title, "Title");
    add(line("when", d), "Subtitle");
    add(d["venue"], "Subtitle");
    add(labelled(d["status_label"], d["status"]), "Subtitle");
    add(d["attendance_label"], "Heading1");
    add(d["attendance_sentence"]);
    table roll{{d["org_label"], d["status_label"], d["people_label"]}, {}, {0.44, 0.16, 0.40}};
    for (const auto& r : d["roll"])
        roll.rows.push_back({r["name"], r["status"], r["people"]});
    out.blocks.emplace_back(std::move(roll));
    if (d["has_guests"].get<bool>()) {
        json guests = json::array();
        for (const auto& x : d["guests"])
            guests.push_back({{"first", guests.empty()}, {"name", x["name"]}, {"organization", x["organization"]}});
        add(line("guests", {{"guests", guests}}), "", labelled(d["guests_label"], nullptr));
    }
    if (d["summary"].is_string()) {
        add(d["summary_label"], "Heading1");
        add(d["summary"]);
    }
    if (d["has_agenda"].get<bool>())
        add(d["agenda_label"], "Heading1");
    auto decision_label = line("decision", d);
    for (const auto& a : d["agenda"]) {
        add(line("agenda_item", a), "Heading2");
        add(line("agenda_meta", a), "Meta");
        if (a.contains("notes"))
            add(text_of(a["notes"]));
        for (const auto& x : a["decisions"])
            add(x["text"], "Item", decision_label);
    }
    auto actions = [&](const json& list, const std::string& label) {
        if (list.empty())
            return;
        add(label, "Heading1");
        for (const auto& a : list)
            add(line("action", {{"done", a["done"]}, {"text", a["text"]}, {"has_owner", a["owner"].is_string()}, {"owner", a["owner"]},
                                {"has_due", a["due"].is_string()}, {"due", a["due"]}, {"has_from", a["from"].is_string()},
                                {"from", a["from"]}}),
                "Item");
    };
    actions(d["action_items"], d["action_items_label"]);
    actions(d["carried"], d["carried_label"]);
    if (d.value("has_annexes", false)) {
        add(d["annexes_label"], "Heading1");
        for (const auto& a : d["annexes"])
            add(std::to_string(a["number"].get<int>()) + ". " + a["title"].get<std::string>(), "Item");
    }
    if (!d["next_meeting"].get<std::string>().empty()) {
        add(d["next_label"], "Heading1");
        add(d["next_meeting"]);
    }
    add(d["approved_by"].is_string() ? d["approved"].get<std::string>() : w["approval_pending"].get<std::string>(), "Approval");
    return out;
}

page_label_fn minutes_page_label(const std::string& lang)
{
    return [lang](int page, int pages) {
        return one_line(render_template(lang, "minutes_page.txt", {{"page", page}, {"pages", pages}}));
    };
}

std::string minutes_html(const json& doc) { return render_template(doc["lang"].get<std::string>(), "minutes_doc.html", doc); }

std::string minutes_pdf(const json& doc)
{
    return pdf_document(printable_minutes(doc), minutes_page_label(doc["lang"].get<std::string>()));
}

std::string minutes_docx(const json& doc)
{
    return docx_document(printable_minutes(doc), minutes_page_label(doc["lang"].get<std::string>()));
}

} // namespace sanaksme::render
