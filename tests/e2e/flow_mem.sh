#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The flow table stays under its cap: a generated capture of 2,000,000
# distinct UDP flows (tests/e2e/flow_gen.py, written to a temporary file)
# through `--flows --flow-mem 32` must run with a peak RSS under 64 MiB and
# account for every flow: one record each, ended as evicted or eof, and
# every packet counted in exactly one record.  FLOWS=N makes it smaller.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
N=${FLOWS:-2000000}
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/e2e/flow_gen.py" "$N" "$tmp/flows.pcap" || exit 1
/usr/bin/time -f "%M" -o "$tmp/rss" "$PKTSCOPE" -r "$tmp/flows.pcap" --flows --flow-mem 32 \
	>"$tmp/out" 2>"$tmp/err" || { echo "FAIL: exit $? $(head -c 300 "$tmp/err")"; exit 1; }
rss=$(tail -1 "$tmp/rss")
set -- $(awk -F'"end":"' '
	{ n++; split($2, e, "\""); ends[e[1]]++
	  match($0, /"orig_pkts":[0-9]+/); p += substr($0, RSTART + 12, RLENGTH - 12)
	  match($0, /"resp_pkts":[0-9]+/); p += substr($0, RSTART + 12, RLENGTH - 12) }
	END { printf "%d %d %d %d\n", n, ends["evicted"] + 0, ends["eof"] + 0, p }' "$tmp/out")
echo "flows: $1 records ($2 evicted, $3 eof), $4 packets; peak RSS $rss KiB"
fail=0
[ "$1" = "$N" ] || { echo "FAIL: $1 records for $N flows"; fail=1; }
[ $(($2 + $3)) = "$N" ] || { echo "FAIL: ends other than evicted/eof"; fail=1; }
[ "$4" = "$N" ] || { echo "FAIL: $4 packets counted for $N"; fail=1; }
[ "$2" -gt 0 ] || { echo "FAIL: the cap never evicted"; fail=1; }
# AddressSanitizer's shadow memory and quarantine make RSS meaningless: the
# cap is measured in the plain build, the accounting in both.
if ldd "$PKTSCOPE" 2>/dev/null | grep -q libasan; then
	echo "peak RSS not checked: AddressSanitizer build"
else
	[ "$rss" -lt 65536 ] || { echo "FAIL: peak RSS $rss KiB >= 64 MiB"; fail=1; }
fi
exit $fail
