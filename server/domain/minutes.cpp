// The minutes' lifecycle and the carry-forward of action items, over plain structs.
#include "domain/minutes.hpp"

#include "domain/error.hpp"

#include <array>

namespace sanaksme::domain {

namespace {

constexpr std::array<std::string_view, 3> names{"draft", "circulated", "approved"};

// The same item: recorded at the same origin with the same text.
bool same_item(const action_item& b, std::int64_t origin, const std::string& text)
{
    return b.from_meeting_id == origin && b.text == text;
}

} // namespace

std::optional<minutes_status> parse_minutes_status(std::string_view text)
{
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == text)
            return static_cast<minutes_status>(i);
    return std::nullopt;
}

std::string_view to_string(minutes_status s) { return names[static_cast<std::size_t>(s)]; }

void ensure_editable(std::optional<minutes_status> current)
{
    if (current == minutes_status::approved)
        throw conflict("These minutes are approved and frozen.");
}

void ensure_approvable(std::optional<minutes_status> current)
{
    if (!current)
        throw conflict("There are no minutes to approve yet.");
    if (*current == minutes_status::approved)
        throw conflict("These minutes are approved already.");
}

bool newly_circulated(std::optional<minutes_status> current, minutes_status saved)
{
    return saved == minutes_status::circulated && current != minutes_status::circulated;
}

bool readable(minutes_status s) { return s != minutes_status::draft; }

std::vector<open_action_item> open_action_items(const std::vector<meeting_actions>& earlier,
                                                const std::vector<action_item>& current)
{
    std::vector<open_action_item> open;
    for (std::size_t i = 0; i < earlier.size(); ++i)
        for (const auto& a : earlier[i].items) {
            if (a.done)
                continue;
            auto origin = a.from_meeting_id.value_or(earlier[i].meeting_id);
            bool closed = false;
            for (std::size_t j = i + 1; j < earlier.size() && !closed; ++j)
                for (const auto& b : earlier[j].items)
                    closed = closed || (b.done && same_item(b, origin, a.text));
            for (const auto& b : current)
                closed = closed || (b.done && same_item(b, origin, a.text));
            bool repeated = false; // carried by a later meeting of the series already: listed once
            for (std::size_t j = i + 1; j < earlier.size(); ++j)
                for (const auto& b : earlier[j].items)
                    repeated = repeated || same_item(b, origin, a.text);
            if (!closed && !repeated)
                open.push_back({a.text, a.owner, a.due, origin, earlier[i].title});
        }
    return open;
}

} // namespace sanaksme::domain
