#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_write_flush.sh - a quiet live capture with -w (no -U) has its packets
# on disk within about a second, not when a 512 KiB buffer fills or the
# capture ends; the end-of-run summary says how many packets were written.
set -eu
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
live_setup

cap_start flush "$NSA" -i "$VA" -w "$WORK/flush.pcap" icmp
na timeout 5 ping -c2 -i0.2 -W1 "$IPB" >/dev/null
sleep 1.6 # the capture is idle now: the once-a-second flush must come from the loop
n=$(python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); print(len(b))' "$WORK/flush.pcap")
[ "$n" -ge $((24 + 4 * (16 + 98))) ] || fail "idle capture: $n bytes on disk 1.6 s after 4 packets"
cap_stop INT
[ "$(summary_field flush captured)" = 4 ] && [ "$(summary_field flush written)" = 4 ] ||
	fail "summary: $(cat "$WORK/flush.err")"
echo "ok: 4 packets on disk while idle; summary: 4 captured, 4 written"
