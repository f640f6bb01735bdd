#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The two halves together: in a network namespace of its own, pktscope
# captures on lo while udp-send --stamp sends to pktscope-gen recv.  Every
# stamp sent is decoded as `probe` (stream, each sequence number once,
# a plausible delay), the capture sees exactly what recv counts, and the
# skipped numbers of --drop-every are what both call lost; `pktscope -r
# -q -z probe` on the same packets (written with -w) reports the sender's
# count as received and the skipped ones as lost.  Then stamped
# messages over TCP, one per segment, are decoded too.  Needs root; the
# namespace and every process are removed on every exit path.
set -u
top_builddir=${top_builddir:-.}
PS=$top_builddir/pktscope G=$top_builddir/pktscope-gen
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespace, capture)"; exit 77; }
for t in ip timeout python3; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
done
NS=probe$$
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ip netns add "$NS" || { echo "SKIP: cannot create a network namespace"; exit 77; }
ip -n "$NS" link set lo up
# (background commands call ip netns exec directly: $! must be that process, not a subshell)
in_ns() { ip netns exec "$NS" "$@"; }
fails=0
check() {
	if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}
# cap_start NAME FILTER: pktscope --json on the namespace's lo, waits until it listens.
cap_start() {
	ip netns exec "$NS" timeout --foreground -s KILL 30 "$PS" -v -i lo --json -w "$tmp/$1.pcap" --print "$2" >"$tmp/$1.json" 2>"$tmp/$1.err" &
	cap=$!
	pids="$pids $cap"
	for _ in $(seq 100); do
		grep -q "snapshot length" "$tmp/$1.err" 2>/dev/null && return 0
		kill -0 $cap 2>/dev/null || break
		sleep 0.05
	done
	cat "$tmp/$1.err"
	return 1
}
cap_stop() {
	sleep 0.3
	kill -INT $cap 2>/dev/null
	wait $cap
}
# recv_start NAME ARGS: recv --json in the namespace, waits for its port line.
recv_start() {
	n=$1; shift
	ip netns exec "$NS" timeout -s KILL 30 "$G" recv --json "$@" >"$tmp/$n.out" &
	rcv=$!
	pids="$pids $rcv"
	for _ in $(seq 50); do
		[ -s "$tmp/$n.out" ] && return 0
		sleep 0.05
	done
	return 1
}

N=3000 K=9 ID=4242
cap_start udp 'udp port 9000' || exit 1
recv_start udp --listen 127.0.0.1:9000 --count $((N - N / K)) --duration 20s || exit 1
in_ns "$G" udp-send --to 127.0.0.1:9000 --stamp --rate 20000 --count $N --drop-every $K \
	--id $ID --size 200 >/dev/null
check "udp-send --stamp in the namespace: exit 0" $?
wait $rcv
check "recv: exit 0" $?
cap_stop
check "pktscope: exit 0" $?
python3 - "$tmp/udp.json" "$tmp/udp.out" $N $K $ID <<'PY'
import json, sys
pk = [json.loads(l) for l in open(sys.argv[1])]
summary = [json.loads(l) for l in open(sys.argv[2])][-1]
n, k, sid = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
want = [s for s in range(n) if s % k != k - 1]
probes = [p["probe"] for p in pk if "probe" in p]
seqs = [p["seq"] for p in probes]
bad = []
if len(pk) != len(want): bad.append("frames %d, want %d" % (len(pk), len(want)))
if sorted(seqs) != want: bad.append("decoded seqs differ from the sent ones (%d decoded)" % len(seqs))
if any(p["stream"] != sid or p["len"] != 200 for p in probes): bad.append("stream/len")
# the capture's time has microseconds (libpcap's default), the stamp
# nanoseconds: a delay under 1 us on lo can come out up to 1 us negative
if not all("delay" in p and -1000 < p["delay"] < 10**9 for p in probes): bad.append("delay")
if any(p.get("events") for p in pk): bad.append("events")
st = summary["streams"][0]
lost_cap = (max(seqs) - min(seqs) + 1) - len(set(seqs))
if st["received"] != len(probes) or st["lost"] != lost_cap or lost_cap != n // k:
    bad.append("recv received=%d lost=%d, capture %d lost %d" % (st["received"], st["lost"], len(probes), lost_cap))
print("capture: %d stamps decoded, %d lost; recv: %d received, %d lost" % (len(probes), lost_cap, st["received"], st["lost"]))
if bad: print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
check "every UDP stamp decoded once; capture and recv agree: $((N - N / K)) received, $((N / K)) lost" $?
"$PS" -r "$tmp/udp.pcap" -q -z probe >"$tmp/z.txt" 2>&1
check "pktscope -q -z probe: exit 0" $?
# the one row: stream, received, expected, lost (the sequence numbers run
# from 0 to N-1 less the skipped ones after the last multiple of K)
awk -v id=$ID -v r=$((N - N / K)) -v l=$((N / K)) '
	$1 == id { rows++; ok = $2 == r && $4 == l && $3 == r + l }
	/^ *[0-9]/ && $1 != id { other++ }
	END { exit !(rows == 1 && ok && !other) }' "$tmp/z.txt"
check "-z probe: stream $ID received $((N - N / K)), lost $((N / K)), as sent" $?
[ $fails = 0 ] || cat "$tmp/z.txt"

# TCP: 20 stamped messages, one per segment (TCP_NODELAY, paced).
cap_start tcp 'tcp port 9001' || exit 1
recv_start tcp --listen 127.0.0.1:9001 --tcp --count 20 --duration 20s || exit 1
in_ns python3 - <<'PY'
import socket, struct, time
def cks(b):
    s = sum((b[i] << 8 | b[i + 1]) for i in range(0, 32, 2) if i != 6)
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
c = socket.create_connection(("127.0.0.1", 9001))
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for q in range(20):
    h = bytearray(struct.pack(">4sBBHIIQQ", b"\x89PST", 1, 1, 0, 77, 64, q, time.time_ns()))
    h[6:8] = struct.pack(">H", cks(h))
    c.sendall(bytes(h) + bytes(i & 0xff for i in range(32, 64)))
    time.sleep(0.01)
c.close()
PY
wait $rcv
check "recv --tcp: exit 0" $?
cap_stop
python3 - "$tmp/tcp.json" "$tmp/tcp.out" <<'PY'
import json, sys
pk = [json.loads(l) for l in open(sys.argv[1])]
seqs = [p["probe"]["seq"] for p in pk if "probe" in p and p["probe"]["stream"] == 77]
st = [json.loads(l) for l in open(sys.argv[2])][-1]["streams"][0]
print("tcp: %d stamps decoded, recv received %d" % (len(seqs), st["received"]))
sys.exit(0 if seqs == list(range(20)) and st["received"] == 20 and st["lost"] == 0 else 1)
PY
check "every TCP stamp decoded (one per segment), recv --tcp agrees" $?

# load --stamp --udp against echo: each stamp is seen twice (request, echo).
cap_start load 'udp port 9002' || exit 1
ip netns exec "$NS" timeout -s KILL 30 "$G" echo --udp --listen 127.0.0.1:9002 >/dev/null &
srv=$!
pids="$pids $srv"
sleep 0.3
in_ns "$G" load --udp --to 127.0.0.1:9002 --stamp --id 500 -c 3 -n 20 -s 64 --json >"$tmp/load.out"
check "load --udp --stamp vs echo: exit 0 (every echo verified)" $?
kill -INT $srv 2>/dev/null
cap_stop
python3 - "$tmp/load.json" "$tmp/load.out" <<'PY'
import collections, json, sys
pk = [json.loads(l) for l in open(sys.argv[1])]
n = collections.Counter((p["probe"]["stream"], p["probe"]["seq"]) for p in pk if "probe" in p)
want = {(s, q): 2 for s in (500, 501, 502) for q in range(20)}
summary = json.loads(open(sys.argv[2]).read())
print("load: %d distinct stamps, %d frames" % (len(n), sum(n.values())))
sys.exit(0 if dict(n) == want and summary["stamp_first_stream"] == 500 else 1)
PY
check "load --stamp: streams 500..502, seq 0..19, each stamp decoded going and coming back" $?

[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
