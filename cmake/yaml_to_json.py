"""Build step: turn schema/openapi.yaml into the JSON the server serves at /api/v1/openapi.json.

OpenAPI 3.1 documents are YAML 1.2: `yes`, `no` and `on` are strings there, not booleans as
YAML 1.1 (PyYAML) reads them, so the document is read with ruamel.yaml's YAML 1.2 loader.
"""
import json
import sys

from ruamel.yaml import YAML


def load(path):
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f)


if __name__ == "__main__":
    doc = load(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
