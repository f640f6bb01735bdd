#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_write.sh - -w: the file gives back exactly the packets printed (each
# source); size, ring and time rotation make the expected files, all
# readable; SIGINT in mid-flood leaves a complete file; -U; "-w -".
set -eu
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
need nc
CHECK="python3 ${top_srcdir:-.}/tests/e2e/live_check.py"
FLOOD=${top_builddir:-.}/bench/udpflood
if [ ! -x "$FLOOD" ]; then
	FLOOD=$WORK/udpflood
	cc -O2 -o "$FLOOD" "${top_srcdir:-.}/bench/udpflood.c" 2>/dev/null || skip "cannot build bench/udpflood"
fi

live_setup

# pktscope -r FILE must read it whole: exit 0, prints the packet count
readable() {
	timeout 30 "$PS" -r "$1" -q >"$WORK/q.out" 2>"$WORK/q.err" || { cat "$WORK/q.err" >&2; fail "$1 is not readable"; }
	if command -v tcpdump >/dev/null 2>&1; then
		timeout 30 tcpdump -nn -r "$1" >/dev/null 2>"$WORK/t.err" || fail "tcpdump cannot read $1"
		! grep -qi "truncated\|bogus" "$WORK/t.err" || fail "tcpdump: $(cat "$WORK/t.err")"
	fi
	timeout 30 "$PS" -r "$1" | wc -l
}

# 1. -w + --print: what the file gives back is what was printed
for s in pcap packet inet; do
	ns=$NSA ifc=$VA
	[ "$s" = inet ] && ns=$NSB ifc=$VB
	cap_start "rt-$s" "$ns" --json --print --source "$s" -i "$ifc" -w "$WORK/rt-$s.pcap"
	traffic
	cap_stop INT
	# -v as cap_start gives it: the same keys (checksum_ok) on both sides
	timeout 30 "$PS" -v -r "$WORK/rt-$s.pcap" --json 2>/dev/null >"$WORK/rt-$s.back" || fail "rt-$s: cannot read the file back"
	$CHECK same "$WORK/rt-$s.out" "$WORK/rt-$s.back" || fail "rt-$s: the file differs from the output"
	[ "$(wc -l <"$WORK/rt-$s.out")" = "$(summary_field "rt-$s" captured)" ] || fail "rt-$s: count"
	echo "ok: rt-$s ($(wc -l <"$WORK/rt-$s.out") packets printed = written)"
done

# 2. size rotation: -C 1 (10^6 bytes); 12000 x 358-byte records = 4.3 MB -> 5 files
mkdir "$WORK/size"
cap_start size "$NSA" --source packet -i "$VA" -B 16384 -w "$WORK/size/s.pcap" -C 1 udp
na "$FLOOD" "$IPB" 9999 20000 5 300 12000 >"$WORK/flood.out"
cap_stop INT
total=0
for f in s.pcap s.pcap1 s.pcap2 s.pcap3 s.pcap4; do
	[ -f "$WORK/size/$f" ] || fail "size: $f is missing ($(ls "$WORK/size"))"
	sz=$(wc -c <"$WORK/size/$f")
	[ "$sz" -le 1000000 ] || fail "size: $f has $sz bytes > 10^6"
	total=$((total + $(readable "$WORK/size/$f")))
done
[ "$(ls "$WORK/size" | wc -l)" = 5 ] || fail "size: unexpected files: $(ls "$WORK/size")"
[ "$total" = 12000 ] && [ "$(summary_field size captured)" = 12000 ] ||
	fail "size: $total packets in the files, $(summary_field size captured) captured, 12000 sent"
echo "ok: size rotation (5 files, 12000 packets)"

# 3. ring of 2 files: only s0 and s1, both complete
mkdir "$WORK/ring"
cap_start ring "$NSA" --source pcap -i "$VA" -B 16384 -w "$WORK/ring/s.pcap" -C 1 -W 2 udp
na "$FLOOD" "$IPB" 9999 20000 5 300 12000 >"$WORK/flood.out"
cap_stop INT
[ "$(ls "$WORK/ring" | tr '\n' ' ')" = "s.pcap0 s.pcap1 " ] || fail "ring: files $(ls "$WORK/ring")"
n0=$(readable "$WORK/ring/s.pcap0")
n1=$(readable "$WORK/ring/s.pcap1")
[ "$n0" -gt 0 ] && [ "$n1" -gt 0 ] || fail "ring: $n0 + $n1 packets"
echo "ok: ring of 2 files ($n0 + $n1 packets kept of 12000)"

# 4. time rotation: -G 1 -W 3 stops by itself after 3 strftime-named files
mkdir "$WORK/time"
cap_start time "$NSA" --source packet -i "$VA" -w "$WORK/time/g-%H%M%S.pcap" -G 1 -W 3 icmp
na timeout 8 ping -i 0.1 -c 70 -W1 "$IPB" >/dev/null &
PIDS="$PIDS $!"
i=0
while kill -0 "$CAP_PID" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "time: -G 1 -W 3 did not end after 3 files"
	sleep 0.1
done
wait "$CAP_PID" || fail "time: exit status $?"
[ "$(ls "$WORK/time" | wc -l)" = 3 ] || fail "time: files $(ls "$WORK/time")"
for f in "$WORK"/time/*; do
	case $(basename "$f") in g-[0-9][0-9][0-9][0-9][0-9][0-9].pcap) ;; *) fail "time: name $f" ;; esac
	[ "$(readable "$f")" -gt 0 ] || fail "time: $f is empty"
done
echo "ok: time rotation (3 files: $(ls "$WORK/time" | tr '\n' ' '))"

# 5. SIGINT in the middle of a flood leaves a complete file
for s in pcap packet; do
	cap_start "int-$s" "$NSA" --source "$s" -i "$VA" -w "$WORK/int-$s.pcap" udp
	na "$FLOOD" "$IPB" 9999 50000 3 18 >"$WORK/flood.out" &
	fpid=$!
	PIDS="$PIDS $fpid"
	sleep 1
	CAP_SETTLE=0 cap_stop INT
	wait "$fpid" || true
	n=$(readable "$WORK/int-$s.pcap")
	[ "$n" -gt 1000 ] && [ "$n" = "$(summary_field "int-$s" captured)" ] ||
		fail "int-$s: $n packets in the file, $(summary_field "int-$s" captured) captured"
	echo "ok: int-$s (SIGINT mid-flood: $n packets, file complete)"
done

# SIGTERM and SIGHUP stop as cleanly: exit 0, summary, complete file
for sig in TERM HUP; do
	cap_start "sig-$sig" "$NSA" --source packet -i "$VA" -w "$WORK/sig-$sig.pcap" icmp
	na timeout 5 ping -c2 -i0.2 -W1 "$IPB" >/dev/null
	cap_stop "$sig"
	[ "$(readable "$WORK/sig-$sig.pcap")" = 4 ] && [ "$(summary_field "sig-$sig" captured)" = 4 ] ||
		fail "sig-$sig: file or summary incomplete: $(cat "$WORK/sig-$sig.err")"
done
echo "ok: SIGTERM and SIGHUP stop cleanly"

# 6. -U: the packets are in the file while the capture still runs
cap_start unbuf "$NSA" --source packet -i "$VA" -U -w "$WORK/u.pcap" icmp
na timeout 5 ping -c3 -i0.2 -W1 "$IPB" >/dev/null
sleep 0.3
n=$(readable "$WORK/u.pcap")
cap_stop INT
[ "$n" = 6 ] || fail "-U: $n packets on disk during the capture, expected 6"
echo "ok: -U (6 packets on disk before the end)"

# 7. -w - into a pipe, read back with -r -
na timeout 10 "$PS" --source packet -i "$VA" -c 4 -w - icmp 2>"$WORK/pipe.err" |
	timeout 30 "$PS" -r - --json >"$WORK/pipe.out" &
ppid=$!
PIDS="$PIDS $ppid"
sleep 0.5
na timeout 5 ping -c3 -i0.2 -W1 "$IPB" >/dev/null
wait "$ppid" || fail "-w -: pipeline failed: $(cat "$WORK/pipe.err")"
[ "$(grep -c '"icmp":' "$WORK/pipe.out")" = 4 ] || fail "-w -: $(cat "$WORK/pipe.out")"
echo "ok: -w - | -r - (4 packets)"
