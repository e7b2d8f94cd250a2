// The decisions of a meeting (/meetings/{id}/decisions): organizers add a decision, record any
// member organization's vote and close the vote; a representative checked in casts its own
// organization's vote. The register across meetings (/decisions, /decisions.csv) with the
// follow-up state organizers move on. The rules are the API's (api/decision_ops, domain/decision).
#include "api/attendance_view.hpp"
#include "api/decision_ops.hpp"
#include "api/handlers.hpp"
#include "auth/principal.hpp"
#include "domain/dates.hpp"
#include "domain/decision.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "handler_env.hpp"
#include "store/decisions.hpp"
#include "store/meetings.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/meeting_facts.hpp"
#include "web/routes.hpp"

#include <limits>

namespace sanaksme::web {

namespace {

constexpr const char* rule_labels[] = {"Consensus", "Majority of those present", "Two thirds of those present",
                                       "Majority of all members"};
constexpr const char* vote_labels[] = {"For", "Against", "Abstain"};
constexpr const char* state_labels[] = {"Not started", "In progress", "Done"};
constexpr int register_rows = 500;

template <std::size_t N>
std::string label_of(std::string_view lang, const std::array<std::string_view, N>& names, const char* const (&labels)[N],
                     const json& value)
{
    for (std::size_t i = 0; i < N; ++i)
        if (value == json(names[i]))
            return tr(lang, labels[i]);
    return value.is_string() ? value.get<std::string>() : "";
}

template <std::size_t N>
json choices(std::string_view lang, const std::array<std::string_view, N>& names, const char* const (&labels)[N],
             const json& current)
{
    json out = json::array();
    for (std::size_t i = 0; i < N; ++i)
        out.push_back({{"value", names[i]}, {"label", tr(lang, labels[i])}, {"selected", current == json(names[i])}});
    return out;
}

std::string outcome_label(std::string_view lang, const json& d)
{
    if (!d["result"].is_object())
        return tr(lang, "Vote open");
    auto o = d["result"]["outcome"];
    return tr(lang, o == "adopted" ? "Adopted" : o == "rejected" ? "Rejected" : "No quorum");
}

// One decision as the pages show it: labels in the reader's language, the figures once closed.
json decision_row(std::string_view lang, const json& d)
{
    json row = {{"id", d["id"]},
                {"text", d["text"]},
                {"meeting_id", d["meeting_id"]},
                {"meeting_title", d["meeting_title"]},
                {"agenda_item", d["agenda_item_title"]},
                {"rule", label_of(lang, domain::decision_rule_names, rule_labels, d["rule"])},
                {"outcome", outcome_label(lang, d)},
                {"voting", d["status"] == "voting"},
                {"state", label_of(lang, domain::follow_up_state_names, state_labels, d["state"])},
                {"state_choices", choices(lang, domain::follow_up_state_names, state_labels, d["state"])}};
    if (d["result"].is_object())
        row["figures"] = d["result"];
    json votes = json::array();
    for (const auto& v : d["votes"])
        votes.push_back({{"organization", v["organization_name"]}, {"vote", label_of(lang, domain::vote_choice_names, vote_labels, v["vote"])}});
    row["votes"] = votes;
    row["has_votes"] = !votes.empty();
    return row;
}

json meeting_decisions_page(store::connection& conn, const reader& r, std::int64_t meeting_id)
{
    auto m = store::load_meeting_row(conn, meeting_id);
    bool organizer = may(r, need::organizer);
    auto view = api::attendance_view(conn, m);
    json member_orgs = json::array();
    bool own_present = false;
    for (const auto& o : view["organizations"])
        if (o["membership"] == "member") {
            member_orgs.push_back({{"id", o["id"]}, {"name", o["name"]}});
            if (r.account->organization_id && o["id"] == *r.account->organization_id)
                own_present = o["status"] == "present";
        }
    json decisions = json::array();
    for (const auto& d : api::meeting_decisions(conn, meeting_id)) {
        auto row = decision_row(r.lang, d);
        auto base = "/decisions/" + std::to_string(d["id"].get<std::int64_t>());
        row["vote_action"] = base + "/vote";
        row["close_action"] = base + "/close";
        bool voting = row["voting"].get<bool>();
        row["may_record"] = organizer && voting;
        row["may_cast"] = !organizer && voting && own_present;
        row["not_present"] = !organizer && voting && !own_present;
        row["vote_choices"] = choices(r.lang, domain::vote_choice_names, vote_labels, nullptr);
        decisions.push_back(std::move(row));
    }
    json items = json::array();
    for (const auto& a : store::agenda_rows(conn, meeting_id))
        items.push_back({{"id", a["id"]}, {"label", std::to_string(a["position"].get<std::int64_t>()) + ". " + a["title"].get<std::string>()}});
    json page = {{"title", m["title"]},
                 {"meeting", meeting_block(r.lang, m)},
                 {"organizer", organizer},
                 {"organization", r.account->organization_name},
                 {"add_action", "/meetings/" + std::to_string(meeting_id) + "/decisions"},
                 {"agenda_items", items},
                 {"no_agenda", items.empty()},
                 {"rules", choices(r.lang, domain::decision_rule_names, rule_labels, "majority_present")},
                 {"organizations", member_orgs},
                 {"decisions", decisions},
                 {"no_decisions", decisions.empty()},
                 {"counter", counter_sentence(r.lang, view["summary"])}};
    return page;
}

std::int64_t number_field(const http::context& c, std::string_view name, const std::string& message)
{
    auto n = optional_number(form_value(c, name).value_or(""), 1, std::numeric_limits<std::int64_t>::max());
    if (!n || !*n)
        throw domain::invalid(message);
    return **n;
}

std::string meeting_of_decision(http::context& c, std::int64_t id)
{
    auto row = c.env.db.read([&](store::connection& conn) { return store::find_decision_row(conn, id); });
    if (!row)
        throw domain::not_found("No such decision.");
    return "/meetings/" + std::to_string((*row)["meeting_id"].get<std::int64_t>()) + "/decisions#d-" + std::to_string(id);
}

} // namespace

http::response decisions_page(http::context& c, reader& r)
{
    auto id = c.id();
    auto page = c.env.db.read([&](store::connection& conn) { return meeting_decisions_page(conn, r, id); });
    page["saved"] = c.query_value("saved").has_value();
    return html(200, c, r, "decisions", page);
}

http::response decision_add(http::context& c, reader& r)
{
    auto id = c.id();
    form_errors errors;
    auto text = trimmed(form_value(c, "text").value_or(""));
    if (text.empty() || text.size() > domain::decision_text_max)
        errors.add("text", tr(r.lang, "Enter the text of the decision (at most 10000 characters)."));
    auto rule = form_value(c, "rule").value_or("");
    if (!domain::parse_decision_rule(rule))
        errors.add("rule", tr(r.lang, "Choose how the decision is taken."));
    auto item = optional_number(form_value(c, "agenda_item_id").value_or(""), 1, std::numeric_limits<std::int64_t>::max());
    if (!item || !*item)
        errors.add("agenda_item_id", tr(r.lang, "Choose the agenda item."));
    json page;
    c.env.db.write([&](store::connection& conn) {
        if (!errors.empty()) {
            page = meeting_decisions_page(conn, r, id);
            return;
        }
        api::add_decision(conn, actor_of(r), id, {**item, text, rule});
    });
    if (!errors.empty()) {
        errors.into(page);
        page["typed"] = {{"text", form_value(c, "text").value_or("")}};
        return html(422, c, r, "decisions", page);
    }
    return see_other("/meetings/" + std::to_string(id) + "/decisions?saved=1");
}

http::response decision_vote(http::context& c, reader& r)
{
    auto id = c.id();
    auto vote = form_value(c, "vote").value_or("");
    if (!domain::parse_vote_choice(vote))
        throw domain::invalid(tr(r.lang, "Choose for, against or abstain."));
    auto caller = caller_of(r);
    // A representative votes for its own organization; an organizer names the organization.
    auto organization = caller.at_least(domain::caller_role::organizer)
                            ? number_field(c, "organization_id", tr(r.lang, "Choose the organization."))
                            : *caller.organization_id;
    c.env.db.write([&](store::connection& conn) { api::cast_vote(conn, caller, actor_of(r), id, organization, vote); });
    return see_other(meeting_of_decision(c, id));
}

http::response decision_close(http::context& c, reader& r)
{
    auto id = c.id();
    c.env.db.write([&](store::connection& conn) { api::commit_close(conn, actor_of(r), id); });
    return see_other(meeting_of_decision(c, id));
}

http::response decision_follow_up(http::context& c, reader& r)
{
    auto id = c.id();
    auto state = form_value(c, "state").value_or("");
    if (!domain::parse_follow_up_state(state))
        throw domain::invalid(tr(r.lang, "Choose the follow-up state."));
    c.env.db.write([&](store::connection& conn) { api::set_follow_up(conn, actor_of(r), id, state); });
    auto back = form_value(c, "back").value_or("");
    return see_other(back.starts_with("/decisions?") ? back : "/decisions");
}

http::response decisions_register(http::context& c, reader& r)
{
    store::decision_filter f;
    auto day = [&](std::string_view name) -> std::optional<std::int64_t> {
        auto v = c.query_value(name).value_or("");
        if (v.empty())
            return std::nullopt;
        auto t = domain::parse_rfc3339(v + "T00:00:00Z");
        if (!t)
            throw domain::invalid(tr(r.lang, "Enter dates as YYYY-MM-DD."));
        return *t;
    };
    f.from = day("from");
    f.to = day("to");
    auto state = c.query_value("state").value_or("");
    if (!state.empty()) {
        if (!domain::parse_follow_up_state(state))
            throw domain::invalid(tr(r.lang, "Choose the follow-up state."));
        f.state = state;
    }
    json rows = json::array();
    c.env.db.read([&](store::connection& conn) {
        for (const auto& row : store::list_decision_rows(conn, f, std::numeric_limits<std::int64_t>::min(), 0, register_rows)) {
            auto d = api::decision_json(conn, row);
            auto shown = decision_row(r.lang, d);
            shown["date"] = domain::long_date(r.lang, row["meeting_starts_at"].get<std::int64_t>(),
                                              domain::find_zone(row["meeting_timezone"].get<std::string>()));
            shown["follow_up_action"] = "/decisions/" + std::to_string(row["id"].get<std::int64_t>()) + "/state";
            shown["may_follow_up"] = may(r, need::organizer) && !shown["voting"].get<bool>();
            rows.push_back(std::move(shown));
        }
    });
    std::string query = "from=" + c.query_value("from").value_or("") + "&to=" + c.query_value("to").value_or("") +
                        "&state=" + state;
    json page = {{"title", tr(r.lang, "Decisions")},
                 {"rows", rows},
                 {"no_rows", rows.empty()},
                 {"from", c.query_value("from").value_or("")},
                 {"to", c.query_value("to").value_or("")},
                 {"states", choices(r.lang, domain::follow_up_state_names, state_labels, state)},
                 {"back", "/decisions?" + query},
                 {"csv", "/decisions.csv?" + query}};
    return html(200, c, r, "decisions_register", page);
}

http::response decisions_download(http::context& c, reader&)
{
    // The API's sheet, with the filters given as dates turned into instants.
    for (auto& [k, v] : c.query)
        if ((k == "from" || k == "to") && v.size() == 10)
            v += "T00:00:00Z";
    std::erase_if(c.query, [](const auto& q) { return q.second.empty(); });
    return api::decisions_csv(c);
}

} // namespace sanaksme::web
