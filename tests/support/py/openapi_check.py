"""Checks the server's answers against the OpenAPI document it serves, for the API tests.

Started once per test binary with the served document's path; reads one JSON line per answer
({"method", "target", "status", "content_type", "body"}) on stdin and writes one JSON line back:
{"ok": true} or {"ok": false, "errors": [...]}. An answer must have its status documented for its
operation (exactly, as 4XX/5XX, or `default`) and, when it is JSON, validate against that
response's schema with a JSON Schema 2020-12 validator (python3-jsonschema).
"""
import json
import re
import sys
from urllib.parse import urlsplit

import jsonschema

JSON_TYPES = ("application/json", "application/problem+json")


def compile_paths(doc):
    """Each path template as a regex, the most literal first so /agenda/order beats /agenda/{id}."""
    out = []
    for template in doc.get("paths", {}):
        parts = template.strip("/").split("/")
        literal = sum(1 for p in parts if not p.startswith("{"))
        pattern = "^/" + "/".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
        out.append((-literal, template, re.compile(pattern)))
    out.sort()
    return [(t, r) for _, t, r in out]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    server_prefix = ""
    for s in doc.get("servers", []):
        url = s.get("url", "")
        if url.startswith("/"):
            server_prefix = url.rstrip("/")
    paths = compile_paths(doc)
    resolver = jsonschema.RefResolver.from_schema(doc)
    validators = {}

    def at_root(template):
        return any(s.get("url") == "/" for s in doc["paths"][template].get("servers", []))

    # A path is looked up at its own server: /healthz and /rsvp/… at the root, the rest under the
    # prefix, so a web page such as /meetings/1 is not taken for the API's /api/v1/meetings/{id}.
    def find_operation(method, path):
        candidates = [(path, True)] if server_prefix else [(path, None)]
        if server_prefix and path.startswith(server_prefix):
            candidates.append((path[len(server_prefix):], False))
        for p, root in candidates:
            for template, regex in paths:
                if regex.match(p) and (root is None or at_root(template) == root):
                    ops = doc["paths"][template]
                    op = ops.get("get" if method == "head" else method)
                    return template, op
        return None, None

    for line in sys.stdin:
        ans = json.loads(line)
        errors = []
        method = ans["method"].lower()
        path = urlsplit(ans["target"]).path
        template, op = find_operation(method, path)
        if op is not None:
            responses = op.get("responses", {})
            status = str(ans["status"])
            key = next((k for k in (status, status[0] + "XX", "default") if k in responses), None)
            if key is None and status.startswith("5"):
                # A server error (a corrupt page, a full disk) can meet any operation: it is not
                # listed on each, but it is still problem+json.
                problem = doc["components"]["schemas"]["Problem"]
                try:
                    jsonschema.Draft202012Validator(problem).validate(json.loads(ans["body"]))
                except (ValueError, jsonschema.ValidationError) as e:
                    errors.append(f"{ans['method']} {template} {status}: not problem+json: {e}"[:600])
            elif key is None:
                errors.append(f"{ans['method']} {template}: status {status} is not documented")
            else:
                response = responses[key]
                while "$ref" in response:
                    response = resolver.resolve(response["$ref"])[1]
                ctype = ans["content_type"].split(";")[0].strip().lower()
                content = response.get("content", {})
                body = ans["body"]
                if ctype in JSON_TYPES and body and method != "head":
                    media = content.get(ctype) or content.get("application/json")
                    if media is None:
                        errors.append(f"{ans['method']} {template} {status}: {ctype} is not documented")
                    elif "schema" in media:
                        vkey = (template, method, key, ctype)
                        if vkey not in validators:
                            validators[vkey] = jsonschema.Draft202012Validator(media["schema"], resolver=resolver)
                        try:
                            instance = json.loads(body)
                        except ValueError as e:
                            errors.append(f"{ans['method']} {template} {status}: not JSON: {e}")
                        else:
                            for e in validators[vkey].iter_errors(instance):
                                where = "/".join(str(p) for p in e.absolute_path)
                                errors.append(f"{ans['method']} {template} {status}: at '{where}': {e.message}"[:600])
                                if len(errors) >= 5:
                                    break
                elif content and ctype and ctype not in content and not any(
                        c.endswith("/*") and ctype.startswith(c[:-1]) for c in content) and body:
                    errors.append(f"{ans['method']} {template} {status}: content type {ctype} is not documented")
        out = {"ok": not errors, "errors": errors, "template": template}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
