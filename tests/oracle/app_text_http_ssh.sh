#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Text oracle for HTTP and SSH: on every capture of ../shared/pcaps-app and
# ../shared/pcaps, each packet that `tcpdump -nn -S` prints with ": HTTP" or
# ": SSH: " must print the same application text in pktscope's: the block
# from that marker to its end (every -v line included), at the default
# level and at -v.  (The link/IP/TCP text before it is the L2-L4 layers'
# concern: tcpdump 4.99.3 here prints no AccECN 'e' flag, for one.)  Packets are paired by position (both print one
# block per packet, a block being a time-stamped line and its continuation
# lines).  HTTP/SSH inside GRE/VXLAN/Geneve/GTP payloads is left to the
# tunnel dissectors (pktscope prints those tunnels' text only when they
# exist).  Without ../shared or tcpdump the test is skipped; .ci/run sets
# PS_REQUIRE_SHARED=1 so the first can never skip there.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
SHARED=${PS_SHARED:-$top_srcdir/../shared}
if [ ! -d "$SHARED/pcaps-app" ]; then
	if [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
		echo "FAIL: $SHARED/pcaps-app not found and PS_REQUIRE_SHARED=1"
		exit 1
	fi
	echo "SKIP: no $SHARED/pcaps-app"
	exit 77
fi
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump missing"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
for f in "$SHARED"/pcaps-app/*.pcap* "$SHARED"/pcaps/*.pcap*; do
	name=$(basename "$f")
	for v in "" -v; do
		# shellcheck disable=SC2086  # $v is empty or one flag
		TZ=UTC tcpdump -nn -S $v -r "$f" >"$out/td" 2>/dev/null
		# shellcheck disable=SC2086
		TZ=UTC timeout 20 "$PKTSCOPE" -S $v -r "$f" >"$out/ps" 2>/dev/null
		python3 - "$out/td" "$out/ps" "$name ${v:-default}" <<'PY' || fail=1
import re, sys
def blocks(path):
    out = []
    for line in open(path, errors="replace"):
        if re.match(r"\d\d:\d\d:\d\d\.\d+ ", line) or not out:
            out.append(line)
        else:
            out[-1] += line
    return out
td, ps = blocks(sys.argv[1]), blocks(sys.argv[2])
checked = bad = 0
for i, b in enumerate(td):
    if ": HTTP" not in b and ": SSH: " not in b:
        continue
    if re.search(r"GREv|VXLAN|Geneve|GTPv", b):
        continue  # a tunnel's payload: the tunnel dissectors' text, not ours yet
    checked += 1
    at = min(k for k in (b.find(": HTTP"), b.find(": SSH: ")) if k >= 0)
    mine = ps[i] if i < len(ps) else ""
    mat = min([k for k in (mine.find(": HTTP"), mine.find(": SSH: ")) if k >= 0] or [-1])
    if mat < 0 or mine[mat:] != b[at:]:
        bad += 1
        if bad <= 3:
            print("%s packet %d:\n  tcpdump:  %r\n  pktscope: %r" % (sys.argv[3], i + 1, b, mine))
if checked:
    print("%s: %d of %d HTTP/SSH packets agree" % (sys.argv[3], checked - bad, checked))
sys.exit(1 if bad else 0)
PY
	done
done
exit $fail
