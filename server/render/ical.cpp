#include "render/ical.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <map>
#include <set>

namespace sanaksme::render {

std::string event_uid(std::int64_t meeting_id, const std::optional<std::string>& stored, const std::string& host)
{
    return stored ? *stored + "@sanaksme" : "meeting-" + std::to_string(meeting_id) + "@" + host;
}

namespace {

std::string local_stamp(domain::instant t, std::chrono::seconds offset)
{
    using namespace std::chrono;
    return date::format("%Y%m%dT%H%M%S", sys_seconds{seconds{t}} + offset);
}

std::string utc_stamp(domain::instant t)
{
    using namespace std::chrono;
    return date::format("%Y%m%dT%H%M%SZ", sys_seconds{seconds{t}});
}

std::string offset_text(std::chrono::seconds off)
{
    auto m = off.count() / 60;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%c%02d%02d", m < 0 ? '-' : '+', int(std::abs(m) / 60), int(std::abs(m) % 60));
    return buf;
}

// The zone's observances over the years the events touch: one component per transition, each
// with its explicit DTSTART (no RRULE guessing), which every calendar program reads.
void vtimezone(std::string& out, const std::string& name, domain::instant from, domain::instant to)
{
    using namespace std::chrono;
    const auto* zone = date::locate_zone(name);
    out += fold_line("BEGIN:VTIMEZONE");
    out += fold_line("TZID:" + name);
    auto year_start = floor<date::years>(sys_seconds{seconds{from}});
    auto info = zone->get_info(year_start);
    auto end = sys_seconds{seconds{to}} + date::years{1};
    while (true) {
        auto prev = zone->get_info(info.begin - seconds{1});
        bool daylight = info.save != minutes{0};
        std::string kind = daylight ? "DAYLIGHT" : "STANDARD";
        auto begin = info.begin.time_since_epoch().count() < -2000000000LL ? year_start : info.begin;
        out += fold_line("BEGIN:" + kind);
        out += fold_line("DTSTART:" + local_stamp(begin.time_since_epoch().count(), prev.offset));
        out += fold_line("TZOFFSETFROM:" + offset_text(prev.offset));
        out += fold_line("TZOFFSETTO:" + offset_text(info.offset));
        out += fold_line("TZNAME:" + info.abbrev);
        out += fold_line("END:" + kind);
        if (info.end >= end || info.end.time_since_epoch().count() > 32503680000LL)
            break;
        info = zone->get_info(info.end);
    }
    out += fold_line("END:VTIMEZONE");
}

// A quoted parameter value (CN="…") may hold anything but DQUOTE and controls.
std::string param_value(std::string_view text)
{
    std::string out;
    for (char c : text)
        if (c != '"' && static_cast<unsigned char>(c) >= 0x20)
            out += c;
    return out;
}

} // namespace

std::string ical_escape(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' || c == ';' || c == ',')
            (out += '\\') += c;
        else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            continue;
        else if (c == '\n' || c == '\r')
            out += "\\n";
        else if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            continue; // other controls are not allowed in TEXT
        else
            out += c;
    }
    return out;
}

std::string fold_line(std::string_view line)
{
    std::string out;
    std::size_t width = 0; // octets on the current physical line
    for (std::size_t i = 0; i < line.size();) {
        auto lead = static_cast<unsigned char>(line[i]);
        std::size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        n = std::min(n, line.size() - i);
        if (width + n > 75) {
            out += "\r\n ";
            width = 1;
        }
        out.append(line.substr(i, n));
        width += n;
        i += n;
    }
    return out + "\r\n";
}

std::string calendar(const std::vector<ical_event>& events, const std::string& method, domain::instant dtstamp)
{
    std::string out;
    out += fold_line("BEGIN:VCALENDAR");
    out += fold_line("VERSION:2.0");
    out += fold_line("PRODID:-//Sanaksme//Sanaksme 0.1//LV");
    out += fold_line("CALSCALE:GREGORIAN");
    out += fold_line("METHOD:" + method);
    std::map<std::string, std::pair<domain::instant, domain::instant>> zones;
    for (const auto& e : events) {
        auto [it, fresh] = zones.try_emplace(e.timezone, e.starts_at, e.ends_at);
        if (!fresh) {
            it->second.first = std::min(it->second.first, e.starts_at);
            it->second.second = std::max(it->second.second, e.ends_at);
        }
    }
    for (const auto& [name, span] : zones)
        vtimezone(out, name, span.first, span.second);
    for (const auto& e : events) {
        const auto* zone = date::locate_zone(e.timezone);
        auto local = [&](domain::instant t) {
            return local_stamp(t, zone->get_info(std::chrono::sys_seconds{std::chrono::seconds{t}}).offset);
        };
        out += fold_line("BEGIN:VEVENT");
        out += fold_line("UID:" + e.uid);
        out += fold_line("SEQUENCE:" + std::to_string(e.sequence));
        out += fold_line("DTSTAMP:" + utc_stamp(dtstamp));
        out += fold_line("DTSTART;TZID=" + e.timezone + ":" + local(e.starts_at));
        out += fold_line("DTEND;TZID=" + e.timezone + ":" + local(e.ends_at));
        out += fold_line("SUMMARY:" + ical_escape(e.summary));
        if (!e.location.empty())
            out += fold_line("LOCATION:" + ical_escape(e.location));
        if (!e.description.empty())
            out += fold_line("DESCRIPTION:" + ical_escape(e.description));
        if (!e.url.empty())
            out += fold_line("URL:" + e.url);
        out += fold_line(std::string("STATUS:") + (e.cancelled ? "CANCELLED" : "CONFIRMED"));
        if (!e.organizer_email.empty())
            out += fold_line("ORGANIZER;CN=\"" + param_value(e.organizer_name) + "\":mailto:" + e.organizer_email);
        for (const auto& a : e.attendees)
            out += fold_line("ATTENDEE;CN=\"" + param_value(a.name) +
                             "\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + a.email);
        out += fold_line("END:VEVENT");
    }
    out += fold_line("END:VCALENDAR");
    return out;
}

} // namespace sanaksme::render
