"""Reads every DIR/*.eml with Python's standard email parser and icalendar; prints JSON.

For each message: envelope recipient, decoded headers, the MIME structure, the text and HTML
bodies, and the calendar (method, events with UID, SEQUENCE, DTSTART with its zone, attendees).
"""
import email
import email.policy
import glob
import json
import sys

import icalendar


def calendar_summary(raw):
    cal = icalendar.Calendar.from_ical(raw)
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        events.append({
            "uid": str(ev.get("UID")),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "summary": str(ev.get("SUMMARY")),
            "location": str(ev.get("LOCATION", "")),
            "description": str(ev["DESCRIPTION"]) if "DESCRIPTION" in ev else None,
            "url": str(ev["URL"]) if "URL" in ev else None,
            "status": str(ev.get("STATUS", "")),
            "dtstart": start.isoformat(),
            "tzid": ev["DTSTART"].params.get("TZID"),
            "utcoffset_seconds": int(start.utcoffset().total_seconds()) if start.utcoffset() else None,
            "organizer": str(ev.get("ORGANIZER", "")),
            "organizer_cn": str(ev["ORGANIZER"].params.get("CN", "")) if "ORGANIZER" in ev else None,
            "attendees": [str(a) for a in (ev.get("ATTENDEE") if isinstance(ev.get("ATTENDEE"), list) else [ev.get("ATTENDEE")]) if a],
        })
    return {"method": str(cal.get("METHOD")), "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")],
            "events": events}


def read(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    out = {
        "file": path,
        "envelope_to": str(msg["X-Envelope-To"]),
        "envelope_from": str(msg["X-Envelope-From"]),
        "from": str(msg["From"]),
        "to": str(msg["To"]),
        "reply_to": str(msg["Reply-To"]),
        "subject": str(msg["Subject"]),
        "message_id": str(msg["Message-ID"]),
        "date": str(msg["Date"]),
        "list_unsubscribe": str(msg["List-Unsubscribe"]),
        "list_unsubscribe_post": str(msg["List-Unsubscribe-Post"]),
        "content_type": msg.get_content_type(),
        "parts": [p.get_content_type() for p in msg.walk()],
        "max_line_octets": max(len(line) for line in open(path, "rb").read().split(b"\r\n")),
        "defects": sum(len(p.defects) for p in msg.walk()),
    }
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    out["text"] = text.get_content() if text else None
    out["html"] = html.get_content() if html else None
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            out["calendar"] = calendar_summary(part.get_content())
            out["calendar_part_method"] = part.get_param("method")
        if part.get_content_disposition() == "attachment":
            out.setdefault("attachments", []).append(part.get_filename())
            out.setdefault("attachment_parts", []).append({
                "filename": part.get_filename(), "content_type": part.get_content_type(),
                "method": part.get_param("method"), "size": len(part.get_payload(decode=True) or b""),
                "magic": (part.get_payload(decode=True) or b"")[:5].decode("latin-1")})
    return out


if __name__ == "__main__":
    print(json.dumps([read(p) for p in sorted(glob.glob(sys.argv[1] + "/*.eml"))], ensure_ascii=False))
