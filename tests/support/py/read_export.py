"""Reads an exported file with a real parser and prints what it found as JSON.

usage: read_export.py csv|ics|pdf|pdfwords|docx|md|svg FILE
"""
import csv
import io
import json
import re
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
    """The text as pdftotext lays it out, the same split at page breaks, and pdfinfo's page count."""
    text = subprocess.run(["pdftotext", "-layout", path, "-"], check=True, capture_output=True).stdout.decode("utf-8")
    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True).stdout.decode("utf-8")
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    pages = text.split("\f")
    if pages and pages[-1].strip() == "":
        pages.pop()
    return {"text": text, "pages": pages, "page_count": count}


def read_pdf_words(path):
    """Every word with its page and box (points from the top left), from pdftotext -bbox."""
    import xml.etree.ElementTree as ET
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], check=True, capture_output=True).stdout
    root = ET.fromstring(out)
    words = []
    for n, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            box = {k: float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")}
            words.append({"text": w.text or "", "page": n, "x": box["xMin"], "y": box["yMin"],
                          "right": box["xMax"], "h": box["yMax"] - box["yMin"]})
    return {"words": words}


def read_docx(path):
    import docx
    d = docx.Document(path)
    return {"paragraphs": [p.text for p in d.paragraphs], "styles": [p.style.name for p in d.paragraphs],
            "title": d.core_properties.title,
            "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
            "header": "\n".join(p.text for p in d.sections[0].header.paragraphs),
            "footer": "\n".join(p.text for p in d.sections[0].footer.paragraphs)}


def read_md(path):
    """The blocks a CommonMark parser (markdown-it-py, with GFM tables and strikethrough as the
    minutes use them) finds, each with its literal text, and every inline node that is not text."""
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(open(path, encoding="utf-8").read())
    blocks, markup, open_blocks = [], [], []
    for t in tokens:
        if t.nesting == 1:
            open_blocks.append(t.tag)
        elif t.nesting == -1:
            open_blocks.pop()
        if t.type in ("fence", "code_block", "html_block", "hr"):
            markup.append({"type": t.type, "content": t.content})
        if t.type != "inline":
            continue
        text = ""
        for c in t.children or []:
            if c.type == "text":
                text += c.content
            elif c.type in ("softbreak", "hardbreak"):
                text += "\n"
                if c.type == "hardbreak":
                    markup.append({"type": c.type, "content": ""})
            elif c.type.endswith("_close"):
                continue
            else:
                markup.append({"type": c.type, "content": c.content})
                text += c.content
        blocks.append({"tag": "/".join(open_blocks), "text": text})
    return {"blocks": blocks, "markup": markup}


def read_svg(path):
    """An SVG parsed as XML: its size, title and every text with its position and font size."""
    import xml.etree.ElementTree as ET
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.parse(path).getroot()
    texts = []

    def walk(node, inherited):
        attrs = dict(inherited)
        for k in ("font-size", "text-anchor", "font-weight"):
            if node.get(k) is not None:
                attrs[k] = node.get(k)
        if node.tag == ns + "text":
            texts.append({"text": "".join(node.itertext()), "x": float(node.get("x", 0)), "y": float(node.get("y", 0)),
                          "size": float(attrs.get("font-size", 16)), "anchor": attrs.get("text-anchor", "start"),
                          "transform": node.get("transform", "")})
            return
        for child in node:
            walk(child, attrs)

    walk(root, {})
    title = root.find(ns + "title")
    return {"tag": root.tag, "width": float(root.get("width")), "height": float(root.get("height")),
            "title": title.text if title is not None else None, "lang": root.get("{http://www.w3.org/XML/1998/namespace}lang"),
            "texts": texts}


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    readers = {"csv": read_csv, "ics": read_ics, "pdf": read_pdf, "pdfwords": read_pdf_words, "docx": read_docx,
               "md": read_md, "svg": read_svg}
    print(json.dumps(readers[kind](path), ensure_ascii=False))
