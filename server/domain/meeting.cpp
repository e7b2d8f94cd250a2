// The lifecycle rules of domain/meeting.hpp.
#include "domain/meeting.hpp"

#include "domain/error.hpp"

#include <algorithm>
#include <string>

namespace sanaksme::domain {

namespace {

void require(bool allowed, meeting_status s, std::string_view what)
{
    if (!allowed)
        throw conflict("The meeting is " + std::string(to_string(s)) + "; " + std::string(what) + ".");
}

} // namespace

std::optional<meeting_status> parse_meeting_status(std::string_view text)
{
    for (std::size_t i = 0; i < meeting_status_names.size(); ++i)
        if (meeting_status_names[i] == text)
            return static_cast<meeting_status>(i);
    return std::nullopt;
}

std::string_view to_string(meeting_status s) { return meeting_status_names[static_cast<std::size_t>(s)]; }

meeting_status stored_meeting_status(std::string_view text)
{
    if (auto s = parse_meeting_status(text))
        return *s;
    throw std::logic_error("a meeting's stored status is '" + std::string(text) + "'");
}

std::vector<meeting_status> next_statuses(meeting_status from)
{
    switch (from) {
    case meeting_status::draft:
        return {meeting_status::scheduled, meeting_status::cancelled};
    case meeting_status::scheduled:
        return {meeting_status::held, meeting_status::cancelled};
    case meeting_status::held:
    case meeting_status::cancelled:
        break;
    }
    return {};
}

bool status_change_allowed(meeting_status from, meeting_status to)
{
    auto next = next_statuses(from);
    return from == to || std::find(next.begin(), next.end(), to) != next.end();
}

void require_status_change(meeting_status from, meeting_status to)
{
    if (status_change_allowed(from, to))
        return;
    std::string allowed;
    for (auto next : next_statuses(from))
        allowed += (allowed.empty() ? "" : " or ") + std::string(to_string(next));
    throw conflict("A meeting that is " + std::string(to_string(from)) + " cannot become " + std::string(to_string(to)) +
                   "; " + (allowed.empty() ? "its status is final." : "it can become " + allowed + "."));
}

bool takes_answers(meeting_status s) { return s == meeting_status::draft || s == meeting_status::scheduled; }
bool takes_invitations(meeting_status s) { return s == meeting_status::draft || s == meeting_status::scheduled; }
bool takes_check_ins(meeting_status s) { return s == meeting_status::scheduled || s == meeting_status::held; }

void require_answers_open(meeting_status s) { require(takes_answers(s), s, "answers are closed"); }
bool sends_mail(meeting_status s) { return s != meeting_status::draft; }

void require_invitations_open(meeting_status s)
{
    require(takes_invitations(s), s, "invitations are for draft or scheduled meetings");
}
void require_check_in_open(meeting_status s)
{
    require(takes_check_ins(s), s, "check-in is for scheduled or held meetings");
}

std::vector<field_error> meeting_time_errors(const meeting_times& t)
{
    std::vector<field_error> errors;
    if (t.ends_at && *t.ends_at <= t.starts_at)
        errors.push_back({"ends_at", "must be after starts_at"});
    if (t.rsvp_deadline && *t.rsvp_deadline > t.starts_at)
        errors.push_back({"rsvp_deadline", "must not be after starts_at"});
    return errors;
}

void require_meeting_times(const meeting_times& t)
{
    if (auto errors = meeting_time_errors(t); !errors.empty())
        throw invalid("The request body has invalid fields.", std::move(errors));
}

} // namespace sanaksme::domain
