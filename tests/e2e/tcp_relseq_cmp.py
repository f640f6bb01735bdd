#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Compare the seq/ack/sack fields of TCP lines of two text outputs
(tcpdump's, pktscope's), paired by line (same time stamp prefix).
Prints "<checked lines> <mismatches>[ first mismatch]"; exit 1 on any."""
import re
import sys

FIELDS = re.compile(r"(, seq [0-9:]+|, ack [0-9]+|sack [0-9]+ (?:\{[0-9:]+\})+)")


def load(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\n") for l in f if not l.startswith("\t")]


def main():
    td, ps = load(sys.argv[1]), load(sys.argv[2])
    checked = bad = 0
    first = ""
    for i, t in enumerate(td):
        if "Flags [" not in t or i >= len(ps):
            continue
        p = ps[i]
        if "Flags [" not in p or p.split(" ", 1)[0] != t.split(" ", 1)[0]:
            continue
        checked += 1
        if FIELDS.findall(t) != FIELDS.findall(p):
            bad += 1
            if not first:
                first = " line %d: tcpdump %r pktscope %r" % (i + 1, t, p)
    print("%d %d%s" % (checked, bad, first))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
