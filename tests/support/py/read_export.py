"""Reads an exported file with a real parser and prints what it found as JSON.

usage: read_export.py csv|ics|pdf|docx FILE
"""
import csv
import io
import json
import subprocess
import sys


def read_csv(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8-sig")
    return {"bom": raw.startswith(b"\xef\xbb\xbf"), "rows": list(csv.reader(io.StringIO(text, newline="")))}


def read_ics(path):
    import icalendar
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    return {"method": str(cal.get("METHOD")),
            "timezones": [str(t.get("TZID")) for t in cal.walk("VTIMEZONE")],
            "events": [{"uid": str(e.get("UID")), "summary": str(e.get("SUMMARY")),
                        "dtstart": e.decoded("DTSTART").isoformat(), "tzid": e["DTSTART"].params.get("TZID"),
                        "location": str(e.get("LOCATION", "")), "sequence": int(e.get("SEQUENCE", 0)),
                        "description": str(e["DESCRIPTION"]) if "DESCRIPTION" in e else None,
                        "url": str(e["URL"]) if "URL" in e else None, "status": str(e.get("STATUS", ""))}
                       for e in cal.walk("VEVENT")]}


def read_pdf(path):
    text = subprocess.run(["pdftotext", "-layout", path, "-"], check=True, capture_output=True).stdout.decode("utf-8")
    return {"text": text}


def read_docx(path):
    import docx
    d = docx.Document(path)
    return {"paragraphs": [p.text for p in d.paragraphs], "styles": [p.style.name for p in d.paragraphs],
            "title": d.core_properties.title}


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    print(json.dumps({"csv": read_csv, "ics": read_ics, "pdf": read_pdf, "docx": read_docx}[kind](path), ensure_ascii=False))
