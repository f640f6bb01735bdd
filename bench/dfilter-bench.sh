#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# dfilter-bench.sh - what a display filter (-Y) costs on top of `-q` replay,
# next to tshark -Y (issue 11: <= 15% over -q; >= 100x tshark's packets/s).
#
# pktscope runs on $BENCH_DATA/big.pcap (2M packets), tshark on the 50k slice
# (it would take minutes on the big one).  Best wall time of $REPEAT runs.
# Env: PKTSCOPE (default <repo>/build/pktscope), BENCH_DATA (/tmp/bench),
#      REPEAT (3), TSHARK_REPEAT (1).
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
DATA=${BENCH_DATA:-/tmp/bench}
REPEAT=${REPEAT:-3}
TSHARK_REPEAT=${TSHARK_REPEAT:-1}
PKTSCOPE=${PKTSCOPE:-$REPO/build/pktscope}
die() { echo "dfilter-bench: $*" >&2; exit 1; }
[ -x "$PKTSCOPE" ] || die "no $PKTSCOPE: build first or set PKTSCOPE"
for f in big slice50k; do [ -s "$DATA/$f.pcap" ] || die "no $DATA/$f.pcap (bench/replay-bench.sh builds the corpus)"; done
command -v tshark >/dev/null || die "tshark missing"

count() { "$PKTSCOPE" -r "$1" -q 2>/dev/null | awk 'NR==1 {print $1}'; }
N_BIG=$(count "$DATA/big.pcap")
N_SLICE=$(count "$DATA/slice50k.pcap")

# best N cmd...: the best wall time in seconds of N runs (output discarded)
best() {
	local n=$1 b="" t0 t1 t
	shift
	for _ in $(seq "$n"); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || die "failed: $*"
		t1=$(date +%s%N)
		t=$(( (t1 - t0) / 1000 ))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	awk -v us="$b" 'BEGIN { printf "%.3f", us / 1e6 }'
}

SYN='tcp.flags.syn == 1 && tcp.flags.ack == 0'
DNS='dns.qry.name contains "example"'
NET='ip.addr == 10.0.0.0/8 && !(tcp.port in {22, 443})'
PATHF='tcp.flags_str contains "S"'

printf '%-58s %9s %8s %12s %9s\n' "run" "packets" "seconds" "packets/s" "vs -q"
base=$(best "$REPEAT" "$PKTSCOPE" -r "$DATA/big.pcap" -q)
row() { # label packets seconds
	awk -v l="$1" -v n="$2" -v s="$3" -v b="$base" 'BEGIN {
		o = (b > 0 && l ~ /^pktscope/) ? sprintf("%+.1f%%", (s / b - 1) * 100) : "";
		printf "%-58s %9d %8.3f %12.0f %9s\n", l, n, s, n / s, o }'
}
row "pktscope -q (big)" "$N_BIG" "$base"
for f in "$SYN" "$DNS" "$NET" "$PATHF"; do
	row "pktscope -q -Y '$f'" "$N_BIG" "$(best "$REPEAT" "$PKTSCOPE" -r "$DATA/big.pcap" -q -Y "$f")"
done
for f in "$SYN" "$DNS"; do
	row "tshark -Y '$f' (50k slice)" "$N_SLICE" \
		"$(best "$TSHARK_REPEAT" tshark -n -r "$DATA/slice50k.pcap" -Y "$f")"
done
echo "matches (50k slice): syn: pktscope $("$PKTSCOPE" -r "$DATA/slice50k.pcap" -Y "$SYN" -T fields -e frame.number | wc -l)," \
	"tshark $(tshark -n -r "$DATA/slice50k.pcap" -Y "$SYN" -T fields -e frame.number 2>/dev/null | wc -l);" \
	"dns: pktscope $("$PKTSCOPE" -r "$DATA/slice50k.pcap" -Y "$DNS" -T fields -e frame.number | wc -l)," \
	"tshark $(tshark -n -r "$DATA/slice50k.pcap" -Y "$DNS" -T fields -e frame.number 2>/dev/null | wc -l)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
