"""Checks that docs/API.md (the contract) and schema/openapi.yaml agree: every route and method in
the contract's resource tables is in the document. Usage: api_md_check.py API.md openapi.yaml

Every resource table is checked, the papers, decisions, next meeting and webhooks one included.
"""
import re
import sys

from ruamel.yaml import YAML


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    doc = yaml.load(open(sys.argv[2], encoding="utf-8"))
    paths = doc["paths"]
    errors, checked = [], 0
    for line in text.splitlines():
        m = re.match(r"^\| (`[^|]+) \| ([A-Z, ]+) \|", line)
        if not m:
            continue
        routes, base = [], None
        for r in re.findall(r"`([^`]+)`", m.group(1)):
            if r.startswith("."):  # `/minutes.md`, `.html`: the same route, another extension
                r = base.rsplit(".", 1)[0] + r
            base = r
            routes.append(r)
        methods = [x.strip().lower() for x in m.group(2).split(",")]
        for r in routes:
            checked += 1
            if r not in paths:
                errors.append(f"{r}: in the contract, not in openapi.yaml")
        for meth in methods:
            if not any(meth in paths.get(r, {}) for r in routes):
                errors.append(f"{', '.join(routes)}: {meth.upper()} in the contract, not in openapi.yaml")
    for line in text.splitlines():  # routes outside the prefix, named in prose
        for r in re.findall(r"`GET (/[a-z]+)`", line):
            checked += 1
            if "get" not in paths.get(r, {}):
                errors.append(f"GET {r}: in the contract, not in openapi.yaml")
    for e in errors:
        print(e)
    print(f"{checked} routes checked, {len(errors)} disagreements")
    return 1 if errors or checked < 20 else 0


if __name__ == "__main__":
    sys.exit(main())
