#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pktscope-gen recv against udp-send --stamp and a python3 sender of
# hand-made stamps: exact received/lost counts with --drop-every, duplicates,
# reordering, foreign datagrams, TCP framing across arbitrary splits,
# interval reports, usage errors.  Every process is killed on every exit.
set -u
. "${top_srcdir:-.}/tests/e2e/gen_lib.sh"

# start NAME ARGS...: recv --json in the background, sets $port.
start() {
	name=$1; shift
	"$G" recv --listen 127.0.0.1:0 --json "$@" >"$tmp/$name.out" &
	bg=$!
	await_port python3 -c 'import json,sys
try: print(json.loads(open(sys.argv[1]).readline())["port"])
except Exception: pass' "$tmp/$name.out"
}
# result NAME EXPR: waits for recv, evaluates EXPR on its summary s (and its first stream t).
result() {
	wait "$bg"
	rc=$?
	bg=""
	[ $rc = 0 ] || return 1
	python3 -c 'import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
s = lines[-1]; t = s["streams"][0] if s["streams"] else {}
sys.exit(0 if s["type"] == "summary" and eval(sys.argv[2]) else 1)' "$tmp/$1.out" "$2"
}

# 1000 sequence numbers, every 7th skipped: 858 arrive, 142 lost.
N=1000 K=7
start drop --duration 10s --count $((N - N / K)) || exit 1
"$G" udp-send --to "127.0.0.1:$port" --stamp --rate 20000 --count $N --drop-every $K --id 77 \
	--size 100 >"$tmp/drop.send"
check "udp-send --stamp --drop-every $K: exit 0" $?
grep -q "skipped=$((N / K))" "$tmp/drop.send"
check "udp-send reports skipped=$((N / K))" $?
result drop "t['stream'] == 77 and t['received'] == $((N - N / K)) and t['lost'] == $((N / K)) and t['expected'] == $N and t['duplicates'] == 0 and t['reordered'] == 0 and s['foreign'] == 0 and 0 < t['delay_us']['min'] <= t['delay_us']['p50'] <= t['delay_us']['max'] < 1e6 and 'synchronised' in s['clock']"
check "recv: received=$((N - N / K)) lost=$((N / K)) expected=$N, delays plausible" $?

# Hand-made stamps: 0 1 3 2 2 5 and a foreign datagram; a second stream.
cat >"$tmp/send.py" <<'PY'
import socket, struct, sys, time
def cks(b):
    s = sum((b[i] << 8 | b[i + 1]) for i in range(0, 32, 2) if i != 6)
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def stamp(stream, seq, size=32):
    h = bytearray(struct.pack(">4sBBHIIQQ", b"\x89PST", 1, 1, 0, stream, size, seq, time.time_ns()))
    h[6:8] = struct.pack(">H", cks(h))
    return bytes(h) + bytes(i & 0xff for i in range(32, size))
port = int(sys.argv[2])
if sys.argv[1] == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for q in (0, 1, 3, 2, 2, 5):
        s.sendto(stamp(9, q, 48), ("127.0.0.1", port)); time.sleep(0.01)
    s.sendto(b"not a stamp at all, 32 bytes....", ("127.0.0.1", port))
    s.sendto(stamp(10, 0), ("127.0.0.1", port))
else:
    # one TCP stream of 100 messages (seq 50 missing) of growing size, written in odd pieces
    data = b"".join(stamp(11, q, 32 + q * 7) for q in range(100) if q != 50)
    c = socket.create_connection(("127.0.0.1", port))
    i, step = 0, 1
    while i < len(data):
        c.sendall(data[i:i + step]); i += step; step = step * 3 % 97 + 1
    c.close()
PY
start hand --duration 10s --count 7 || exit 1
python3 "$tmp/send.py" udp "$port"
result hand "t['stream'] == 9 and t['received'] == 5 and t['duplicates'] == 1 and t['reordered'] == 1 and t['lost'] == 1 and t['expected'] == 6 and s['foreign'] == 1 and len(s['streams']) == 2 and s['streams'][1]['received'] == 1"
check "recv: duplicate, reordered, lost and foreign counted; two streams" $?

start tcp --tcp --duration 10s --count 99 || exit 1
python3 "$tmp/send.py" tcp "$port"
result tcp "s['transport'] == 'tcp' and t['stream'] == 11 and t['received'] == 99 and t['lost'] == 1 and s['bad'] == 0"
check "recv --tcp: messages framed by their length across odd splits" $?

# Interval reports, then SIGINT: exit 0 and interrupted true.
start iv --interval 200ms || exit 1
"$G" udp-send --to "127.0.0.1:$port" --stamp --rate 100 --count 60 --id 3 >/dev/null
sleep 0.3
kill -INT "$bg"
result iv "t['received'] == 60 and s['interrupted'] and sum(1 for l in lines if l['type'] == 'interval') >= 3"
check "recv --interval: interval lines, SIGINT gives the summary with interrupted=true" $?

# Text output says what the delay assumes.
"$G" recv --listen 127.0.0.1:0 --duration 200ms >"$tmp/text.out"
grep -q "synchronised clocks" "$tmp/text.out" && grep -q "^recv: total" "$tmp/text.out"
check "recv text: the clock assumption and the total line" $?

"$G" recv 2>/dev/null
check "recv without --listen: exit 2" $([ $? = 2 ]; echo $?)
"$G" recv --listen 127.0.0.1:0 --max-streams 0 2>/dev/null
check "recv --max-streams 0: exit 2" $([ $? = 2 ]; echo $?)
"$G" udp-send --to 127.0.0.1:9 --stamp --size 31 2>/dev/null
check "udp-send --stamp --size 31: exit 2" $([ $? = 2 ]; echo $?)
"$G" udp-send --to 127.0.0.1:9 --drop-every 1 2>/dev/null
check "udp-send --drop-every 1: exit 2" $([ $? = 2 ]; echo $?)

finish
