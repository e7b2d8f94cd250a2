#!/usr/bin/python3
# Refuses an #include "dir/..." of a layer the including file's layer does not depend on (README,
# "How the code is laid out"; the libraries in CMakeLists.txt). Run by the build before linking.
#   usage: check_layers.py <server dir>     check every file; exit 1 listing the violations
#          check_layers.py --self-test      shows that an upward include is refused
import pathlib
import re
import sys

# Each layer and the layers it may include (itself always). Top-level server/ files belong to
# "base" (log, embedded, generation_cache) or "api" (app, demo, main).
DEPENDS = {
    "domain": set(),
    "base": {"domain"},
    "auth": {"base"},
    "http": {"auth", "domain", "base"},
    "render": {"auth", "domain", "base"},
    "store": {"render", "auth", "domain", "base"},
    "net": {"http", "base"},
    "mail": {"store", "render", "http", "auth", "domain", "base"},
    "api": {"mail", "net", "store", "render", "http", "auth", "domain", "base"},
    "web": {"api", "mail", "net", "store", "render", "http", "auth", "domain", "base"},
    "bin": {"web", "api", "mail", "net", "store", "render", "http", "auth", "domain", "base"},  # main.cpp
}
TOP_LEVEL = {"log": "base", "embedded": "base", "generation_cache": "base", "config": "base", "app": "api", "demo": "api", "main": "bin",
             "handler_env": "api"}
# Known includes against the layers, each to be removed by the change named.
EXCEPTIONS: set = set()
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of_file(rel):
    parts = rel.split("/")
    if len(parts) == 1:
        return TOP_LEVEL.get(parts[0].rsplit(".", 1)[0])
    return parts[0] if parts[0] in DEPENDS else None


def layer_of_include(name):
    parts = name.split("/")
    if len(parts) == 1:
        return TOP_LEVEL.get(parts[0].rsplit(".", 1)[0])
    return parts[0] if parts[0] in DEPENDS else None


def violations(rel, text):
    layer = layer_of_file(rel)
    if layer is None:
        return [f"server/{rel}: in no layer (name its directory in cmake/check_layers.py)"]
    out = []
    for name in INCLUDE.findall(text):
        target = layer_of_include(name)
        if target is None or target == layer or target in DEPENDS[layer] or (rel, name) in EXCEPTIONS:
            continue
        out.append(f'server/{rel}: {layer} may not include "{name}" ({target})')
    return out


def check(root):
    root = pathlib.Path(root)
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix in (".cpp", ".hpp") and path.is_file():
            found += violations(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


def self_test():
    bad = [
        ("domain/meeting.cpp", '#include "api/common.hpp"\n'),
        ("store/meetings.cpp", '#include "http/message.hpp"\n'),
        ("net/server.cpp", '#include "store/database.hpp"\n'),
        ("render/csv.cpp", '#include "app.hpp"\n'),
        ("http/router.cpp", '#include "mail/worker.hpp"\n'),
    ]
    good = [("api/people.cpp", '#include "store/tokens.hpp"\n'), ("domain/meeting.cpp", '#include "domain/time.hpp"\n')]
    ok = all(violations(f, t) for f, t in bad) and not any(violations(f, t) for f, t in good)
    print("refuses upward includes" if ok else "FAILED: an upward include passed or a good one was refused")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(self_test() if sys.argv[1:] == ["--self-test"] else check(sys.argv[1]))
