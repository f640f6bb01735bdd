#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pktscope-gen udp-send against an independent python3 receiver on loopback:
# payload layout (magic, stream id, contiguous sequence numbers, send time,
# fill pattern), achieved vs requested rate, IPv6, --broadcast, errors.
set -u
. "${top_srcdir:-.}/tests/e2e/gen_lib.sh"
R="$top_srcdir/tests/e2e/gen_udp_recv.py"

# recv NAME HOST SECONDS: starts a receiver, sets $port.
recv() {
	python3 "$R" "$2" "$3" >"$tmp/$1.out" &
	bg=$!
	await_port awk 'NR == 1 && $1 == "port" {print $2}' "$tmp/$1.out"
}
# result NAME EXPR: waits for the receiver, checks EXPR on its JSON result r.
result() {
	wait "$bg"
	bg=""
	python3 -c 'import json, sys; r = json.loads(open(sys.argv[1]).readlines()[1]); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$tmp/$1.out" "$2"
}

# 2000 pps for 2 s: ~4000 datagrams, contiguous, ~2000 pps achieved.
recv rate 127.0.0.1 3.5 || exit 1
"$G" udp-send --to "127.0.0.1:$port" --rate 2000 --duration 2s --size 200 --id 42 \
	--report 500ms --json >"$tmp/rate.json"
check "udp-send --rate 2000 --duration 2s: exit 0" $?
result rate 'r["count"] >= 3900 and r["count"] <= 4001 and r["gaps"] == 0 and r["bad"] == 0 and r["streams"] == [42] and r["first"] == 0 and r["sizes"] == [200] and r["max_skew_ms"] < 1000'
check "receiver: layout valid, seq 0.. contiguous, stream 42, send time ~ now" $?
python3 - "$tmp/rate.json" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
iv = [l for l in lines if l["type"] == "interval"]
s = lines[-1]
ok = len(iv) >= 3 and s["type"] == "summary" and all(l["requested_pps"] == 2000 for l in lines)
ok = ok and abs(s["rate_pps"] - 2000) < 40 and all(abs(l["rate_pps"] - 2000) < 200 for l in iv)
sys.exit(0 if ok else 1)
PY
check "udp-send: actual rate within 2% of requested (intervals within 10%)" $?

# IPv6, unpaced, a fixed count: every datagram arrives (loopback, big rcvbuf).
recv v6 ::1 2 || exit 1
"$G" udp-send --to "[::1]:$port" --rate 0 --count 300 --size 1200 >"$tmp/v6.txt"
check "udp-send IPv6 --count 300: exit 0" $?
result v6 'r["count"] == 300 and r["last"] == 299 and r["gaps"] == 0'
check "receiver over ::1 got seq 0..299" $?
grep -q "sent=300 " "$tmp/v6.txt"
check "udp-send reports sent=300" $?

# Broadcast: refused without --broadcast, delivered with it.
"$G" udp-send --to 127.255.255.255:9 --count 1 >/dev/null 2>"$tmp/b.err"
[ $? = 1 ] && grep -q -- "--broadcast" "$tmp/b.err" && [ "$(wc -l <"$tmp/b.err")" = 1 ]
check "broadcast without --broadcast: exit 1, one line naming --broadcast" $?
recv bc 0.0.0.0 1.5 || exit 1
"$G" udp-send --to "127.255.255.255:$port" --broadcast --interval 50ms --count 5 >/dev/null
check "udp-send --broadcast: exit 0" $?
result bc 'r["count"] == 5'
check "broadcast datagrams received" $?

# Usage errors.
"$G" udp-send --to 127.0.0.1:9 --size 10 2>/dev/null
check "--size below the 24-byte header: exit 2" $([ $? = 2 ]; echo $?)
"$G" udp-send --to nowhere 2>/dev/null
check "bad address: exit 2" $([ $? = 2 ]; echo $?)

finish
