#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_drops.sh - a UDP flood into a tiny capture buffer: the summary reports
# kernel drops > 0, and captured + dropped accounts for every datagram sent
# (received by filter = sent), on each source; the ring reports its freezes.
set -eu
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
FLOOD=${top_builddir:-.}/bench/udpflood
if [ ! -x "$FLOOD" ]; then
	FLOOD=$WORK/udpflood
	cc -O2 -o "$FLOOD" "${top_srcdir:-.}/bench/udpflood.c" 2>/dev/null || skip "cannot build bench/udpflood"
fi

live_setup

# -B 16: the packet source's ring is 4 blocks of 4 KiB (about 100 frames)
for s in packet pcap inet; do
	cap_start "drop-$s" "$NSB" --source "$s" -i "$VB" -B 16 -n 'udp and dst port 9999'
	sent=$(na "$FLOOD" "$IPB" 9999 0 2 18 200000 | sed -n 's/^sent \([0-9]*\) .*/\1/p')
	CAP_SETTLE=1 cap_stop INT
	c=$(summary_field "drop-$s" captured)
	r=$(summary_field "drop-$s" "received by filter")
	d=$(summary_field "drop-$s" "dropped by kernel")
	lines=$(grep -c 'UDP, length 18$' "$WORK/drop-$s.out" || true)
	echo "drop-$s: sent $sent, captured $c, dropped $d, received $r, printed $lines"
	[ -n "$d" ] && [ "$d" -gt 0 ] || fail "drop-$s: no drops reported"
	[ $((c + d)) = "$sent" ] || fail "drop-$s: captured $c + dropped $d != sent $sent"
	[ "$r" = "$sent" ] || fail "drop-$s: received by filter $r != sent $sent"
	[ "$lines" = "$c" ] || fail "drop-$s: printed $lines lines, captured $c"
	if [ "$s" = packet ]; then # a TPACKET_V3 drop happens with the queue frozen
		fz=$(sed -n 's/^\([0-9]*\) ring queue freezes\{0,1\}$/\1/p' "$WORK/drop-$s.err")
		[ -n "$fz" ] && [ "$fz" -gt 0 ] || fail "drop-$s: no ring queue freezes reported"
	fi
	echo "ok: drop-$s"
done
