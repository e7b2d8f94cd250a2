// The agenda editor on a meeting's page: add or edit an item (title, kind, presenter, planned
// minutes) and move one up or down, by the API's rules (domain/agenda: the limits of an item, at
// most 200 items, an agenda that fits the meeting's end), said in the reader's language.
#include "api/meeting_view.hpp"
#include "handler_env.hpp"
#include "domain/agenda.hpp"
#include "domain/error.hpp"
#include "store/meetings.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/routes.hpp"

#include <algorithm>
#include <limits>

namespace sanaksme::web {

namespace {

std::string agenda_anchor(std::int64_t meeting_id) { return "/meetings/" + std::to_string(meeting_id) + "#agenda"; }

// The planned minutes of the agenda, with `extra` more, end after the meeting's end.
bool overruns(store::connection& conn, const json& m, std::int64_t extra)
{
    auto ends = m["ends_at"].is_number_integer() ? std::optional(m["ends_at"].get<std::int64_t>()) : std::nullopt;
    return ends && domain::agenda_overrun(m["starts_at"].get<std::int64_t>(), ends,
                                          store::planned_agenda_minutes(conn, m["id"].get<std::int64_t>()) + extra);
}

} // namespace

http::response agenda_add(http::context& c, reader& r)
{
    auto id = c.id();
    auto lang = r.lang;
    form_errors errors;
    auto title = trimmed(form_value(c, "item_title").value_or(""));
    if (title.empty() || title.size() > domain::agenda_title_max)
        errors.add("item_title", tr(lang, "Enter the item's title (at most 300 characters)."));
    auto kind = form_value(c, "kind").value_or("presentation");
    if (std::find(domain::agenda_item_kinds.begin(), domain::agenda_item_kinds.end(), kind) == domain::agenda_item_kinds.end())
        errors.add("kind", tr(lang, "Choose the kind of item."));
    auto presenter = trimmed(form_value(c, "presenter_name").value_or(""));
    if (presenter.size() > domain::presenter_name_max)
        errors.add("presenter_name", tr(lang, "The presenter's name is at most 200 characters."));
    auto minutes = optional_number(form_value(c, "duration_minutes").value_or(""), 0, domain::item_minutes_max);
    if (!minutes)
        errors.add("duration_minutes", tr(lang, "Enter the planned minutes as a whole number from 0 to 1440."));
    // With item_id the form edits that item; without, it adds one.
    auto editing = optional_number(form_value(c, "item_id").value_or(""), 1, std::numeric_limits<std::int64_t>::max());
    if (!editing)
        throw domain::invalid(tr(lang, "There is no such agenda item."));
    auto who = actor_of(r);
    json page;
    c.env.db.write([&](store::connection& conn) {
        auto m = store::load_meeting_row(conn, id);
        auto n = store::agenda_rows(conn, id).size();
        std::optional<json> before;
        if (*editing) {
            before = store::find_agenda_row(conn, **editing);
            if (!before || (*before)["meeting_id"] != id)
                throw domain::not_found(tr(lang, "There is no such agenda item."));
        } else if (n >= domain::agenda_max_items) {
            errors.add("item_title", tr(lang, "A meeting holds at most 200 agenda items."));
        }
        auto planned = minutes && *minutes ? **minutes : 0;
        auto extra = planned - (before ? (*before)["duration_minutes"].get<std::int64_t>() : 0);
        if (errors.empty() && overruns(conn, m, extra))
            errors.add("duration_minutes", tr(lang, "The agenda would end after the meeting: shorten an item or move the meeting's end."));
        if (!errors.empty()) {
            page = meeting_page_data(conn, r, m);
            return;
        }
        if (before) {
            // What the form does not show (description, a presenter chosen by id) stays as it is.
            json row = *before;
            row["title"] = title;
            row["kind"] = kind;
            row["presenter_name"] = presenter.empty() ? json() : json(presenter);
            row["duration_minutes"] = planned;
            auto item = **editing;
            store::update_agenda_item(conn, item, row);
            auto after = *store::find_agenda_row(conn, item);
            before->erase("version");
            after.erase("version");
            store::audit(conn, who, "update", "agenda_item", item, *before, after);
            return;
        }
        json row = {{"meeting_id", id}, {"position", static_cast<std::int64_t>(n) + 1}, {"title", title},
                    {"description", nullptr}, {"kind", kind}, {"presenter_person_id", nullptr},
                    {"presenter_name", presenter.empty() ? json() : json(presenter)}, {"presenter_organization_id", nullptr},
                    {"duration_minutes", planned}};
        auto item = store::insert_agenda_item(conn, row);
        auto stored = *store::find_agenda_row(conn, item);
        stored.erase("version");
        store::audit(conn, who, "create", "agenda_item", item, nullptr, stored);
    });
    if (!errors.empty()) {
        errors.into(page);
        page["typed"] = {{"item_id", form_value(c, "item_id").value_or("")},
                         {"item_title", form_value(c, "item_title").value_or("")},
                         {"presenter_name", form_value(c, "presenter_name").value_or("")},
                         {"duration_minutes", form_value(c, "duration_minutes").value_or("")},
                         {"is_" + kind, true}};
        page["editing_item"] = editing && *editing;
        return html(422, c, r, "meeting", page);
    }
    return see_other(agenda_anchor(id));
}

// One item up or down: it swaps places with its neighbour, as POST /agenda/order would.
http::response agenda_move(http::context& c, reader& r)
{
    auto id = c.id();
    auto item = optional_number(form_value(c, "item_id").value_or(""), 1, std::numeric_limits<std::int64_t>::max());
    auto dir = form_value(c, "dir").value_or("");
    if (!item || !*item || (dir != "up" && dir != "down"))
        throw domain::invalid(tr(r.lang, "Choose an item and a direction."));
    auto who = actor_of(r);
    c.env.db.write([&](store::connection& conn) {
        store::load_meeting_row(conn, id);
        auto rows = store::agenda_rows(conn, id);
        std::vector<std::int64_t> have;
        for (const auto& a : rows)
            have.push_back(a["id"].get<std::int64_t>());
        auto at = std::find(have.begin(), have.end(), **item);
        if (at == have.end())
            throw domain::not_found(tr(r.lang, "There is no such agenda item."));
        auto i = static_cast<std::size_t>(at - have.begin());
        auto j = dir == "up" ? i - 1 : i + 1;
        if ((dir == "up" && i == 0) || j >= have.size())
            return; // already first or last
        auto want = have;
        std::swap(want[i], want[j]);
        store::set_agenda_position(conn, want[i], static_cast<std::int64_t>(i) + 1);
        store::set_agenda_position(conn, want[j], static_cast<std::int64_t>(j) + 1);
        store::audit(conn, who, "reorder", "agenda", id, json(have), json(want));
    });
    return see_other(agenda_anchor(id));
}

} // namespace sanaksme::web
