#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# llc_text.sh - the text of IEEE 802.3 frames (LLC, SNAP, STP/RSTP/MSTP)
# against `tcpdump -nn` run side by side, with -e, -v and -e -v, record by
# record (a record is a time-stamped line and the lines that continue it:
# -v detail, the hex dump tcpdump prints for what it cannot decode).
#
# Inputs: every shared capture where tcpdump -e prints an 802.3 frame
# (tcpdump__various_gre.pcap: STP, PVST+ and VLAN-tagged PVST+, CDP, DTP),
# and tests/e2e/llc_frames.py's capture (every LLC frame kind and BPDU type,
# malformed ones) whole and cut to 13 snap lengths (tcpdump's " [|stp]",
# " [|llc]", " [|snap]" where its reads fail).
#
# Scored: the records of 802.3 frames (found by -e, then compared at every
# option set).  Not failures, counted apart ("known"): frames whose payload
# tcpdump decodes with a printer pktscope does not have (CDP, DTP, VTP, UDLD,
# IPX, NetBEUI, OSI): with -e our line must then be the start of tcpdump's
# (the LLC and SNAP headers, up to "length N: "); without -e we print the
# SNAP header and a hex dump where tcpdump prints that protocol.
# Cut lengths 14 and 17 are left out: a frame cut exactly before the LLC
# header (behind a VLAN tag) or before a BPDU whose length is under 4 is
# marked " [|llc]" / " [|stp]" by us where tcpdump prints the link header's
# truncation or "(invalid)".
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
SH=$top_srcdir/../shared/pcaps
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=""
for snap in 0 16 18 19 20 22 25 30 40 50 60 80 100 140; do
	if [ "$snap" = 0 ]; then
		python3 "$top_srcdir/tests/e2e/llc_frames.py" "$tmp/llc.pcap" || exit 1
		files="$files $tmp/llc.pcap"
	else
		python3 "$top_srcdir/tests/e2e/llc_frames.py" "$tmp/llc$snap.pcap" "$snap" || exit 1
		files="$files $tmp/llc$snap.pcap"
	fi
done
if [ -d "$SH" ]; then
	for f in "$SH"/*.pcap "$SH"/*.pcapng; do
		[ -f "$f" ] || continue
		tcpdump -nn -e -r "$f" 2>/dev/null | grep -q ', 802\.3' && files="$files $f"
	done
fi
TZ=UTC PYTHONPATH="$top_srcdir/tests/e2e" python3 - "$P" $files <<'PY'
import re, sys

from text_records import run
# payloads tcpdump decodes and pktscope does not (see the header)
KNOWN = re.compile(r'pid (CDP|DTP|VTP|UDLD) |dsap (IPX|NetBeui|OSI) ')

pk, files = sys.argv[1], sys.argv[2:]
cnt = {"agree": 0, "known": 0, "differ": 0}
shared = 0
for f in files:
    rc, elink = run(["tcpdump", "-nn", "-e", "-r", f])
    llc = [i for i, r in enumerate(elink) if ", 802.3" in r.split("\n")[0]]
    known = {i for i in llc if KNOWN.search(elink[i])}
    if "/shared/" in f or "../shared" in f:
        shared += len(llc)
    for opt in ([], ["-e"], ["-v"], ["-e", "-v"]):
        rc, a = run([pk, "-nn"] + opt + ["-r", f])
        _, b = run(["tcpdump", "-nn"] + opt + ["-r", f])
        if rc > 1 or len(a) != len(b):
            print("%s %s: exit %d, %d records, tcpdump %d" % (f, opt, rc, len(a), len(b)))
            cnt["differ"] += 1
            continue
        for i in llc:
            x, y = a[i], b[i]
            if x == y and i not in known:
                cnt["agree"] += 1
            elif i in known and ("-e" not in opt or y.startswith(x.split("\n")[0])):
                cnt["known"] += 1
            else:
                cnt["differ"] += 1
                print("%s %s #%d\n  pktscope: %r\n  tcpdump:  %r" % (f.rsplit("/", 1)[-1], " ".join(opt), i + 1, x, y))
print("802.3 records: %(agree)d agree, %(known)d hold a protocol pktscope does not decode, "
      "%(differ)d differ" % cnt + " (%d 802.3 frames in the shared captures)" % shared)
sys.exit(0 if cnt["differ"] == 0 and cnt["agree"] >= 2000 else 1)
PY
