#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# sink_redis.sh - --output redis:// against a real redis-server started here
# on a free loopback port (killed on every exit path):
#  1. the stream holds exactly the records --json prints, in order (also
#     from -r FILE --workers 2);
#  2. --print ships and prints; MAXLEN ~ trims; -T ek entries hold the pair;
#     --json --flows ships the conversation records too, in stdout's order;
#  3. a port with nothing listening: pktscope ends within its drain time,
#     exit 1, every record counted as dropped;
#  4. a stopped server (SIGSTOP): exit 1, every record counted as an error
#     (unconfirmed), and the stream never holds more than sent + errors;
#  5. --stats-interval on a slow feed: periodic JSON lines, and the server
#     stopped for a while mid-run: offered = sent + dropped + errors, the
#     stream holds at least what was sent.
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
for t in redis-server redis-cli python3; do
	command -v $t >/dev/null || { echo "SKIP: no $t"; exit 77; }
done
tmp=$(mktemp -d)
rpid=""
cleanup() {
	if [ -n "$rpid" ]; then
		kill -CONT "$rpid" 2>/dev/null
		kill "$rpid" 2>/dev/null
		wait "$rpid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail=0
bad() { echo "FAIL: $*"; fail=1; }

. "$top_srcdir/tests/e2e/redis_lib.sh"
redis_start "$tmp" --stream-node-max-entries 5 || exit 1
R="redis-cli -p $port"
url="redis://127.0.0.1:$port"

# the stream's records, one per line, in stream order
records() { $R -2 --json XRANGE "$1" - + | python3 -c '
import json, sys
for _id, fields in json.load(sys.stdin):
    assert fields[0] == "r" and len(fields) == 2, fields
    print(fields[1])'; }

# 1. exactly the records --json prints
"$P" -r "$S/demo.pcap" --json >"$tmp/want.json" || bad "--json"
n=$(wc -l <"$tmp/want.json")
"$P" -r "$S/demo.pcap" --json --output "$url/pkts?maxlen=1000" >"$tmp/out1" 2>"$tmp/err1"
rc=$?
[ $rc = 0 ] || bad "redis run exit $rc: $(cat "$tmp/err1")"
[ -s "$tmp/out1" ] && bad "--output without --print wrote to stdout"
grep -q "output $url/pkts?maxlen=1000: $n sent, 0 dropped, 0 errors" "$tmp/err1" ||
	bad "summary: $(cat "$tmp/err1")"
[ "$($R XLEN pkts)" = "$n" ] || bad "XLEN pkts $($R XLEN pkts), want $n"
records pkts >"$tmp/got.json"
cmp -s "$tmp/got.json" "$tmp/want.json" || bad "stream records differ from --json"
# the same from -r FILE --workers 2 (its writer ships in order)
"$P" -r "$S/demo.pcap" --workers 2 --json --output "$url/pkts2" 2>/dev/null || bad "--workers 2 run"
records pkts2 | cmp -s - "$tmp/want.json" || bad "--workers 2: stream records differ from --json"

# 2. --print: both; MAXLEN ~ 10 with 5 entries per node keeps 10..14;
#    -T ek: each entry is the action line and the document
"$P" -r "$S/demo.pcap" --json --print --output "$url/both" >"$tmp/out2" 2>/dev/null || bad "--print run"
cmp -s "$tmp/out2" "$tmp/want.json" || bad "--print stdout differs from --json"
records both | cmp -s - "$tmp/want.json" || bad "--print stream differs"
"$P" -r "$S/demo.pcap" --json --output "$url/trim?maxlen=10" 2>/dev/null || bad "maxlen run"
len=$($R XLEN trim)
[ "$len" -ge 10 ] && [ "$len" -lt 15 ] || bad "MAXLEN ~ 10 left $len entries"
"$P" -r "$S/demo.pcap" -T ek >"$tmp/ek.want" || bad "-T ek"
"$P" -r "$S/demo.pcap" -T ek --output "$url/ek" 2>/dev/null || bad "-T ek --output"
$R -2 --json XRANGE ek - + | python3 -c '
import json, sys
for _id, f in json.load(sys.stdin):
    sys.stdout.write(f[1] + "\n")' | cmp -s - "$tmp/ek.want" || bad "-T ek stream entries differ"

# 3. nothing listening: bounded end, exit 1, all dropped
dead=$(free_port)
start=$(date +%s)
"$P" -r "$S/demo.pcap" --json --output "redis://127.0.0.1:$dead/k" >/dev/null 2>"$tmp/err3"
rc=$?
took=$(($(date +%s) - start))
[ $rc = 1 ] || bad "dead port: exit $rc, want 1"
[ $took -le 5 ] || bad "dead port: took ${took}s"
grep -q ": 0 sent, $n dropped, 0 errors (last error: .*refused" "$tmp/err3" ||
	bad "dead port summary: $(cat "$tmp/err3")"

# 4. server stopped: the replies never come; exit 1, errors counted
kill -STOP "$rpid"
start=$(date +%s)
"$P" -r "$S/demo.pcap" --json --output "$url/stopped" >/dev/null 2>"$tmp/err4"
rc=$?
took=$(($(date +%s) - start))
kill -CONT "$rpid"
[ $rc = 1 ] || bad "stopped server: exit $rc, want 1"
[ $took -le 6 ] || bad "stopped server: took ${took}s"
sent=$(sed -n 's/.*: \([0-9]*\) sent, \([0-9]*\) dropped, \([0-9]*\) errors.*/\1 \2 \3/p' "$tmp/err4")
set -- $sent
[ $# = 3 ] && [ $(($1 + $2 + $3)) = "$n" ] && [ "$1" = 0 ] ||
	bad "stopped server counts: $(cat "$tmp/err4")"
sleep 0.5
[ "$($R XLEN stopped)" -le $(($1 + $3)) ] || bad "stream holds more than sent + errors"

# 5. a slow feed (a packet every 0.05 s for ~3 s) with --stats-interval 1;
#    the server stopped for 1.2 s in the middle
python3 "$top_srcdir/tests/e2e/pcap_feed.py" "$S/demo.pcap" 0.05 |
	"$P" -r - --json --output "$url/slow" --stats-interval 1 >/dev/null 2>"$tmp/err5" &
ppid=$!
sleep 0.8
kill -STOP "$rpid"
sleep 1.2
kill -CONT "$rpid"
wait $ppid
rc5=$?
python3 - "$tmp/err5" "$n" "$($R XLEN slow)" "$rc5" <<'PY' || fail=1
import json, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("{")]
n, xlen, rc = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
stats = [json.loads(l) for l in lines]
periodic = [s for s in stats if not s["final"]]
final = [s for s in stats if s["final"]]
ok = True
def check(cond, msg):
    global ok
    if not cond:
        print("FAIL: " + msg); ok = False
check(len(periodic) >= 2, "%d periodic stats lines" % len(periodic))
check(len(final) == 1, "%d final stats lines" % len(final))
f = final[-1]["outputs"][0] if final else {}
check(final and final[-1]["frames"] == n, "final frames")
check(f.get("queued", -1) + f.get("dropped", 0) - 0 >= n, "queued + dropped < offered")
check(f.get("sent", 0) + f.get("dropped", 0) + f.get("errors", 0) == n,
      "offered %d != sent + dropped + errors %s" % (n, f))
check(f.get("sent", 0) <= xlen <= f.get("sent", 0) + f.get("errors", 0),
      "stream holds %d, sent %s errors %s" % (xlen, f.get("sent"), f.get("errors")))
check(rc == (0 if f.get("dropped", 1) + f.get("errors", 1) == 0 else 1), "exit %d for %s" % (rc, f))
for s in periodic:
    o = s["outputs"][0]
    check(o["sent"] + o["dropped"] + o["errors"] + o["pending"] <= s["frames"], "periodic %s" % s)
print("slow feed: %d periodic lines, final %s, stream %d" % (len(periodic), f, xlen))
sys.exit(0 if ok else 1)
PY
[ $fail = 0 ] && echo "sink_redis: ok ($n records; port $port)"
exit $fail
