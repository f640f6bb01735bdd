#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# erspan_text.sh - the text of GRE-carried ERSPAN against `tcpdump -nn` run
# side by side, at the default level and -v, record by record.
#
# Inputs: the shared ERSPAN captures (pcaps-app/tcpdump__erspan-type-i-4.pcap,
# tcpdump__erspan-type-ii-3.pcap; zeek__erspan.pcap is GRE with transparent
# Ethernet bridging, 0x6558, compared as the neighbouring case).
# tcpdump 4.99 has no ERSPAN printer: it ends GRE's text with
# "gre-proto-0x88be", and so must we although we decode the mirrored frame
# (JSON "erspan.inner").  Scored: every record with a GRE header; records
# must also be as many as tcpdump's.  Not failures, counted apart ("known"):
# GRE payloads tcpdump decodes with a printer pktscope does not have
# (OSPFv2, DHCPv6), and zeek__erspan.pcap's 8 inner IPv4 headers whose length
# exceeds the GRE payload (TSO-sized segments: tcpdump says "truncated-ip -
# N bytes missing!", our inner IPv4 text does not yet): our record must then
# be tcpdump's up to that text.
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
SH=$top_srcdir/../shared/pcaps-app
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
[ -d "$SH" ] || { echo "SKIP: no $SH"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
TZ=UTC PYTHONPATH="$top_srcdir/tests/e2e" python3 - "$P" "$SH" <<'PY'
import re, sys

from text_records import run

KNOWN = re.compile(r'OSPFv2|dhcp6 |truncated-ip - ')
pk, sh = sys.argv[1], sys.argv[2]
cnt = {"agree": 0, "known": 0, "differ": 0, "erspan": 0}
bad = 0
for name in ("tcpdump__erspan-type-i-4.pcap", "tcpdump__erspan-type-ii-3.pcap",
             "zeek__erspan.pcap"):
    f = sh + "/" + name
    for opts in ([], ["-v"]):
        _, want = run(["tcpdump", "-nn"] + opts + ["-r", f])
        rc, got = run([pk, "-nn"] + opts + ["-r", f])
        if rc != 0 or len(got) != len(want):
            print("FAIL %s %s: exit %d, %d records, tcpdump %d" % (name, opts, rc, len(got), len(want)))
            bad += 1
            continue
        for i, (w, g) in enumerate(zip(want, got)):
            if "GREv" not in w:
                continue
            if "gre-proto-0x88be" in w or "gre-proto-0x22eb" in w:
                cnt["erspan"] += 1
            if w == g:
                cnt["agree"] += 1
            elif KNOWN.search(w) and g.startswith(w[:KNOWN.search(w).start()].rstrip()):
                cnt["known"] += 1
            else:
                cnt["differ"] += 1
                if cnt["differ"] <= 5:
                    print("DIFF %s %s #%d\n  tcpdump:  %s\n  pktscope: %s" % (name, opts, i + 1, w, g))
print("erspan_text: %(agree)d records agree (%(erspan)d of them ERSPAN), %(known)d known, "
      "%(differ)d differ" % cnt)
sys.exit(1 if bad or cnt["differ"] or cnt["erspan"] == 0 else 0)
PY
