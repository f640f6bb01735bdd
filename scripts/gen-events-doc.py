#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write docs/events.md from dissectors/events/*.def, so the list of events a
user can see is always the list the program can emit (tests/e2e/docs.sh checks
that the committed page is current).  usage: gen-events-doc.py [SRCDIR] > docs/events.md"""
import os, re, sys

src = sys.argv[1] if len(sys.argv) > 1 else "."
ev_dir = os.path.join(src, "dissectors", "events")
# the event files in layer order, as dissectors/protocols.def lists them
order = re.findall(r'#include "events/(\w+)\.def"', open(os.path.join(src, "dissectors", "protocols.def")).read())
kinds = {"PS_EVK_TRUNC": "truncated", "PS_EVK_MALFORMED": "malformed", "PS_EVK_LIMIT": "limit",
         "PS_EVK_ANALYSIS": "analysis"}
print("# Packet events\n")
print("Every event pktscope can put in a packet's `events` array (JSON) and count in `-q`.")
print("*truncated*: the capture ended inside the header (snap length); *malformed*: the header")
print("contradicts itself or its carrier; *limit*: a pktscope safety limit was reached;")
print("*analysis*: an observation across packets (flows, reassembly), the packet itself is well formed.")
print("Generated from `dissectors/events/*.def` by `scripts/gen-events-doc.py`.\n")
print("| event | kind | meaning |\n|---|---|---|")
defaults = {"truncated": "the capture ended inside the %s header; the fields that fit are kept"}
for name in order:
    text = open(os.path.join(ev_dir, name + ".def")).read()
    pos, first = 0, True
    for m in re.finditer(r'/\*(.*?)\*/|PS_EVENT\(\s*\w+\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*\)', text, re.S):
        if m.group(1) is not None:
            body = " ".join(l.strip().lstrip("*").strip() for l in m.group(1).splitlines()).strip()
            if first or body.lower().startswith("spdx"):
                comment = ""
            else:
                comment = body
            first = first and body.lower().startswith("spdx")
            continue
        ev, kind = m.group(2), kinds.get(m.group(3), m.group(3))
        layer = ev.split(".")[0]
        meaning = comment or (defaults[kind] % layer if kind in defaults else "")
        print("| `%s` | %s | %s |" % (ev, kind, meaning.replace("|", "\\|")))
        comment = ""
