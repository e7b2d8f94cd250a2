// Webhooks' rules: events, URLs, secrets, back-off.
#include "domain/webhooks.hpp"

#include "domain/error.hpp"

#include <algorithm>
#include <chrono>

namespace sanaksme::domain {

bool known_webhook_event(std::string_view type)
{
    return std::find(webhook_events.begin(), webhook_events.end(), type) != webhook_events.end();
}

std::optional<webhook_event> webhook_event_for(std::string_view action, std::string_view resource,
                                               std::string_view before_status, std::string_view after_status)
{
    if (resource == "person")
        return (action == "erase" || action == "delete") ? std::optional<webhook_event>({"person.erased", "person"})
                                                          : std::nullopt;
    if (resource == "decision")
        return action == "close" ? std::optional<webhook_event>({"decision.recorded", "decision"}) : std::nullopt;
    if (resource != "meeting")
        return std::nullopt;
    auto meeting = [](std::string_view type) { return std::optional<webhook_event>({type, "meeting"}); };
    if (action == "rsvp" || action == "rsvp_withdraw")
        return meeting("rsvp.changed");
    if (action == "check_in" || action == "check_in_undo" || action == "walk_in" || action == "excuse" ||
        action == "excuse_withdraw")
        return meeting("attendance.changed");
    if (action == "minutes_save")
        return after_status == "circulated" ? meeting("minutes.circulated") : std::nullopt;
    if (action == "minutes_approve")
        return meeting("minutes.approved");
    if (action != "create" && action != "update")
        return std::nullopt;
    if (after_status != before_status) {
        if (after_status == "scheduled")
            return meeting("meeting.scheduled");
        if (after_status == "cancelled")
            return meeting("meeting.cancelled");
        if (after_status == "held")
            return meeting("meeting.held");
    }
    // A draft is nobody's business outside; a new meeting is news once it is scheduled.
    if (action == "update" && !after_status.empty() && after_status != "draft")
        return meeting("meeting.updated");
    return std::nullopt;
}

namespace {

bool loopback_host(std::string_view host)
{
    if (host == "localhost" || host == "[::1]")
        return true;
    // 127.0.0.0/8 written as four decimal numbers.
    if (host.substr(0, 4) != "127.")
        return false;
    int dots = 0;
    for (char ch : host) {
        if (ch == '.')
            ++dots;
        else if (ch < '0' || ch > '9')
            return false;
    }
    return dots == 3;
}

bool base64_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' || ch == '/';
}

} // namespace

void check_webhook_url(std::string_view url)
{
    if (url.size() > 2000)
        throw invalid_field("url", "is longer than 2000 characters");
    for (char ch : url)
        if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f)
            throw invalid_field("url", "must not contain spaces or control characters");
    bool https = url.substr(0, 8) == "https://";
    bool http = url.substr(0, 7) == "http://";
    if (!https && !http)
        throw invalid_field("url", "must be an https:// URL");
    auto rest = url.substr(https ? 8 : 7);
    auto authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos)
        throw invalid_field("url", "must not carry a user name or password");
    auto host = authority;
    if (!host.empty() && host.front() == '[')
        host = host.substr(0, host.find(']') + 1);
    else
        host = host.substr(0, host.find(':'));
    if (host.empty() || host == "[")
        throw invalid_field("url", "has no host");
    if (http && !loopback_host(host))
        throw invalid_field("url", "must be https:// (plain http:// only to a loopback address)");
}

void check_webhook_events(const std::vector<std::string>& events)
{
    if (events.empty())
        throw invalid_field("events", "must name at least one event");
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (!known_webhook_event(events[i]))
            throw invalid_field("events", "has an unknown event: " + events[i]);
        if (std::find(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(i), events[i]) !=
            events.begin() + static_cast<std::ptrdiff_t>(i))
            throw invalid_field("events", "names " + events[i] + " twice");
    }
}

std::string_view check_webhook_secret(std::string_view secret)
{
    constexpr std::string_view prefix = "whsec_";
    if (secret.substr(0, prefix.size()) != prefix)
        throw invalid_field("secret", "must start with whsec_");
    auto key = secret.substr(prefix.size());
    std::size_t pad = 0;
    while (pad < key.size() && pad < 2 && key[key.size() - 1 - pad] == '=')
        ++pad;
    auto body = key.substr(0, key.size() - pad);
    if (key.size() % 4 != 0 || !std::all_of(body.begin(), body.end(), base64_char))
        throw invalid_field("secret", "must be whsec_ and standard base64");
    auto bytes = key.size() / 4 * 3 - pad;
    if (bytes < 24 || bytes > 64)
        throw invalid_field("secret", "must hold 24 to 64 bytes");
    return key;
}

std::int64_t webhook_retry_delay_ms(int failed_attempts, std::int64_t base_ms)
{
    constexpr std::int64_t cap = 3600LL * 1000;
    std::int64_t delay = std::max<std::int64_t>(base_ms, 1);
    for (int i = 1; i < failed_attempts && delay < cap; ++i)
        delay *= 2;
    return std::min(delay, std::max(cap, base_ms));
}

std::int64_t now_ms()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace sanaksme::domain
