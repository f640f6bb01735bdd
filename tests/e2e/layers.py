#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""layers.py - the include rules of docs/layout.md, checked on the source tree.

Prints one line per violation and exits 1 when there is any (0 when clean).

What it assumes (keep these true, or teach the script):
  * A module is one .c file.  Quoted includes ("x.h") are resolved by base
    name over the tree (every header base name is unique; a duplicate is
    itself reported).
  * A header is implemented by the .c files that define the functions it
    declares (file-scope prototypes; static inline bodies and data
    declarations do not count).  By convention x.h is implemented by x.c; a
    header may also front for several .c files (ps_capture.h), and a header
    that declares no function (types only) creates no dependency.
  * Module A depends on module B when a header in the include closure of A.c
    (its includes, their includes, ...) declares a function B defines and
    A.c names that function (a call or a pointer to it).  Two modules that
    reach each other this way are an include loop, reported as one cycle.
  * Layers are folders: src/core, src/capture, src/render, src/filter, src/cli, src/gen,
    dissectors, ui; tests/ and bench/ are consumers and may include anything.
"""
import os
import re
import sys

ROOTS = ("src", "dissectors", "ui", "tests", "bench")
LAYER_RULES = {
    # layer folder: folders it must not include headers from
    "src/core": ("src/capture", "src/render", "src/filter", "src/cli", "ui", "src/gen"),
    "src/filter": ("src/capture", "src/render", "src/cli", "ui", "src/gen"),
    "dissectors": ("src/capture", "src/render", "src/filter", "src/cli", "ui", "src/gen"),
    # the reassembly engines sit on core and dissectors, below the flow table
    "src/reasm": ("src/capture", "src/render", "src/filter", "src/cli", "ui", "src/gen"),
    # probe statistics: shared by pktscope-gen recv and pktscope -z probe
    "src/probe": ("src/capture", "src/render", "src/filter", "src/cli", "ui", "src/gen"),
    # the flow table sits on core and dissectors; its output is in src/render
    "src/flow": ("src/capture", "src/render", "src/filter", "src/cli", "ui", "src/gen"),
    # sinks take records as bytes: nothing of the packet path above them
    "src/sink": ("src/core", "dissectors", "src/capture", "src/render", "src/cli", "ui",
                 "src/gen", "src/reasm", "src/probe", "src/flow",
                 "src/filter"),
}
# System headers only some files may include (directly or through a project header).
SYS_RULES = [
    ("libpcap", re.compile(r"^pcap(\.h$|/)"), ("src/capture/", "tests/", "bench/")),
    ("AF_PACKET", re.compile(r"^linux/if_packet\.h$"), ("src/capture/", "tests/", "bench/")),
    ("curses", re.compile(r"^(n?curses\w*\.h|ncursesw?/|term\.h$|panel\.h$)"), ("ui/",)),
    ("json-c", re.compile(r"^(json-c/|json\.h$)"), ("src/render/", "tests/")),
    ("PCRE2", re.compile(r"^pcre2\.h$"), ("src/filter/", "tests/")),
    ("hiredis", re.compile(r"^hiredis/"), ("src/sink/sink_redis.c",)),
    ("librdkafka", re.compile(r"^librdkafka/"),
     ("src/sink/sink_kafka.c", "tests/e2e/kafka_mock.c")),
    ("OpenSSL", re.compile(r"^openssl/"),
     ("tests/", "src/gen/tls_", "src/gen/gen_crypto_", "src/gen/gen_load_tls",
      "src/gen/gen_tls_", "src/gen/gen_sha256", "dissectors/dis_quic_crypto.c")),
]
# Files that break a system-header rule today and are being replaced by other
# work; each entry says why.  An entry whose file is gone is reported as a note.
KNOWN = {}

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
COMMENT_RE = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
PREPROC_RE = re.compile(r"^\s*#(?:[^\n]*\\\n)*[^\n]*", re.M)
STRING_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
TAG_RE = re.compile(r"\b(?:struct|union|enum)\s+\w+")  # "struct load_run" is not load_run()
WORD_RE = re.compile(r"[A-Za-z_]\w*")
PROTO_RE = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
DEF_RE = re.compile(r"^(?!static\b)[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\([^;{]*\)\s*\{",
                    re.M)


def sources(top):
    out = []
    for root in ROOTS:
        for d, dirs, files in os.walk(os.path.join(top, root)):
            dirs.sort()
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(d, f), top))
    return out


def top_level(text):
    """File-scope statements of a header, brace bodies removed."""
    text = PREPROC_RE.sub("", COMMENT_RE.sub(" ", text))
    stmts, cur, depth = [], [], 0
    for ch in text:
        if ch == "{":
            depth += 1
            if depth == 1:
                head = "".join(cur).strip()
                if head.endswith(")"):   # an inline function body: a definition, not ours
                    cur = []
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            if ch == ";":
                stmts.append("".join(cur).strip())
                cur = []
            else:
                cur.append(ch)
    return stmts


def declared_functions(text):
    names = set()
    for s in top_level(text):
        if s.startswith("typedef") or "(" not in s:
            continue
        m = PROTO_RE.search(s)
        if m and not s[:m.start()].rstrip().endswith(("=", "(")):
            names.add(m.group(1))
    return names


def main(top):
    files = sources(top)
    text = {f: open(os.path.join(top, f), encoding="utf-8", errors="replace").read() for f in files}
    problems, notes = [], []
    headers = {}
    for f in files:
        if f.endswith(".h"):
            b = os.path.basename(f)
            if b in headers:
                problems.append(f"{f}: header name also used by {headers[b]} (includes are by base name)")
            headers.setdefault(b, f)
    includes = {f: [(m.group(1), m.group(2)) for m in INCLUDE_RE.finditer(COMMENT_RE.sub(" ", text[f]))]
                for f in files}
    quoted = {f: [headers[os.path.basename(n)] for k, n in includes[f]
                  if k == '"' and os.path.basename(n) in headers] for f in files}

    # owners: same base name, or defines a declared function
    cfiles = [f for f in files if f.endswith(".c") and not f.startswith(("tests/", "bench/"))]
    defined = {}
    for c in cfiles:
        for m in DEF_RE.finditer(COMMENT_RE.sub(" ", text[c])):
            defined.setdefault(m.group(1), set()).add(c)
    # what each header offers: {function: defining modules}
    offers = {}
    for h in headers.values():
        offers[h] = {fn: defined[fn] for fn in declared_functions(text[h]) if fn in defined}
    words = {c: set(WORD_RE.findall(TAG_RE.sub(" ", INCLUDE_RE.sub(" ", STRING_RE.sub(
        " ", COMMENT_RE.sub(" ", text[c])))))) for c in cfiles}

    def closure(f):
        seen, stack, via = set(), [f], {}
        while stack:
            x = stack.pop()
            for h in quoted.get(x, []):
                if h not in seen:
                    seen.add(h)
                    via[h] = x
                    stack.append(h)
        return seen, via

    # (a) cycles among modules
    dep = {}
    for c in cfiles:
        hs, _ = closure(c)
        dep[c] = {}
        for h in sorted(hs):
            for fn, defs in sorted(offers[h].items()):
                if fn in words[c]:
                    for o in sorted(defs - {c}):
                        dep[c].setdefault(o, f"{os.path.basename(h)}: {fn}")
    problems += cycles(dep)

    # (b), (c) layer rules on direct includes
    for f in files:
        for layer, banned in LAYER_RULES.items():
            if not f.startswith(layer + "/"):
                continue
            for h in quoted[f]:
                for b in banned:
                    if h.startswith(b + "/"):
                        problems.append(f"{f}: {layer} includes {h} ({b} is a higher layer)")

    # (d) system headers, directly or through project headers
    for f in files:
        hs, via = closure(f)
        for x in [f] + sorted(hs):
            for k, n in includes[x]:
                if k != "<":
                    continue
                for name, pat, allowed in SYS_RULES:
                    if not pat.search(n) or f.startswith(allowed):
                        continue
                    why = KNOWN.get((f, name))
                    if why:
                        notes.append(f"note: {f}: <{n}> allowed for now: {why}")
                        continue
                    path = "" if x == f else f" (through {chain(f, x, via)})"
                    problems.append(f"{f}: includes <{n}>{path}; {name} belongs in {', '.join(allowed)}")
    for (f, name), why in KNOWN.items():
        if f not in text:
            notes.append(f"note: {f} is gone: remove its {name} entry from KNOWN in {sys.argv[0]}")
    for n in sorted(set(notes)):
        print(n)
    for p in sorted(set(problems)):
        print(p)
    print(f"layers: {len(cfiles)} modules, {sum(len(d) for d in dep.values())} dependencies, "
          f"{len(set(problems))} violations")
    return 1 if problems else 0


def chain(f, h, via):
    path = [h]
    while via.get(path[-1], f) != f:
        path.append(via[path[-1]])
    return " <- ".join(reversed([os.path.basename(p) for p in path]))


def cycles(dep):
    """Tarjan's strongly connected components; one line per loop."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in dep.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comp.sort()
                edges = [f"{os.path.basename(a)} -> {os.path.basename(b)} ({h})"
                         for a in comp for b, h in sorted(dep[a].items()) if b in comp]
                out.append("include loop: " + ", ".join(edges))

    sys.setrecursionlimit(10000)
    for v in sorted(dep):
        if v not in index:
            visit(v)
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")))
