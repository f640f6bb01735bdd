#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_flow_tick.sh - an idle live capture still ends flows on their timeout
# (issue 9): in a network namespace of our own, one UDP datagram to
# 127.0.0.1, then silence.  `pktscope -i lo --flows --flow-timeout udp=2`
# must print that flow's record (end "timeout") about 2 s later while the
# capture still runs, not when the next packet or the end of the capture
# comes.  Before the idle tick it came only at exit (end "eof").
set -u
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespace, capture)"; exit 77; }
command -v ip >/dev/null && command -v python3 >/dev/null || { echo "SKIP: needs ip, python3"; exit 77; }
PS=${top_builddir:-.}/pktscope
[ -x "$PS" ] || { echo "SKIP: $PS not built"; exit 77; }
NS=llcflow-tick$$
WORK=$(mktemp -d)
PID=""
cleanup() {
	[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "FAIL: $*"; cat "$WORK/err" "$WORK/out" 2>/dev/null | head -20; exit 1; }

ip netns add "$NS" || { echo "SKIP: cannot create a network namespace"; exit 77; }
ip -n "$NS" link set lo up
ip netns exec "$NS" timeout -s KILL 30 "$PS" -v -i lo --flows --flow-timeout udp=2,icmp=2 \
	>"$WORK/out" 2>"$WORK/err" &
PID=$!
i=0
until grep -q "snapshot length" "$WORK/err" 2>/dev/null; do
	i=$((i + 1))
	{ [ $i -gt 100 ] || ! kill -0 "$PID" 2>/dev/null; } && fail "pktscope did not start"
	sleep 0.05
done
ip netns exec "$NS" python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(("127.0.0.1", 0))
s.sendto(b"x" * 10, r.getsockname())' || fail "cannot send"
t0=$(date +%s%N)
sleep 1
grep -q '"proto":"udp"' "$WORK/out" && fail "the UDP flow ended before its 2 s timeout"
# the record must come while the capture is idle and still running
i=0
until grep -q '"proto":"udp"' "$WORK/out"; do
	i=$((i + 1))
	[ $i -gt 80 ] && fail "no UDP flow record 9 s after the datagram, capture idle"
	sleep 0.1
done
t1=$(date +%s%N)
kill -0 "$PID" 2>/dev/null || fail "the capture is gone: the record came at exit"
grep '"proto":"udp"' "$WORK/out" | grep -q '"end":"timeout"' || fail "the UDP flow did not end by timeout"
ms=$(((t1 - t0) / 1000000))
[ "$ms" -ge 1500 ] && [ "$ms" -le 5000 ] || fail "record after ${ms} ms, want about 2000"
kill -INT "$PID"
wait "$PID"
rc=$?
PID=""
[ "$rc" = 0 ] || fail "pktscope exited $rc"
[ "$(grep -c '"proto":"udp"' "$WORK/out")" = 1 ] || fail "the UDP flow was reported twice"
echo "ok: the idle capture printed the UDP flow record ${ms} ms after its only packet (timeout 2 s)"
