#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_workers_probe.sh - live `--workers 2 -z probe` (docs/workers.md): in a
# namespace pair, two stamped streams (pktscope-gen udp-send --stamp, a known
# loss with --drop-every) to two addresses of the receiver, which hash mode
# gives to different workers.  Captured at once with one worker and with
# two: the merged table has the same rows, in the same order, as one
# worker's (stream, received, expected, lost, dup, reord, too_old), and the
# sender's figures; with `-z conv,udp` after it, the same order of tables.
set -eu
LIVE_TAG=livescale-
LIVE_VETH_TAG=lp$$
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
GEN=$(cd "$(dirname "$PS")" && pwd)/pktscope-gen
[ -x "$GEN" ] || skip "pktscope-gen is not built"
live_setup
IPB2=10.77.0.4 # 10.77.0.1 <-> .2 hash to worker 0 of 2, .1 <-> .4 to worker 1
ip -n "$NSB" addr add "$IPB2/24" dev "$VB"

start() { # start NAME ARGS...
	cap_start "$@"
	eval "PID_$1=\$CAP_PID"
}
start p1 "$NSB" --source packet -i "$VB" -q -z probe -z conv,udp udp
start p2 "$NSB" --source packet -i "$VB" --workers 2 -q -z probe -z conv,udp udp
start c2 "$NSB" --source packet -i "$VB" --workers 2 -q -z conv,udp -z probe udp
# stream 41: 1500 sent, every 7th skipped (214); stream 42: 1200, every 9th (133)
na timeout 20 "$GEN" udp-send --to "$IPB:7100" --stamp --id 41 --count 1500 --drop-every 7 \
	--rate 3000 --report 100 >/dev/null
na timeout 20 "$GEN" udp-send --to "$IPB2:7101" --stamp --id 42 --count 1200 --drop-every 9 \
	--rate 3000 --report 100 >/dev/null
for n in p1 p2 c2; do
	eval "CAP_PID=\$PID_$n"
	cap_stop INT
done
python3 - "$WORK" <<'PY' || { cat "$WORK/p2.out" "$WORK/p2.err" >&2; fail "checks failed"; }
import sys
d = sys.argv[1]
def out(n):
    return open("%s/%s.out" % (d, n)).read()
def rows(text): # stream .. too_old: what the merge must keep exactly
    lines = text.split("\n")
    i = lines.index(next(l for l in lines if l.lstrip().startswith("stream ")))
    r = []
    for l in lines[i + 1:]:
        if l.startswith("="):
            break
        r.append(l.split()[:8])
    return r
bad = []
one, two = rows(out("p1")), rows(out("p2"))
for name, r in (("one worker", one), ("two workers", two)):
    if [x[:1] for x in r] != [["41"], ["42"]]:
        bad.append("%s: streams %s, want 41 then 42" % (name, [x[0] for x in r]))
if one != two:
    bad.append("two workers' rows %s differ from one worker's %s" % (two, one))
for r in one:
    rec, exp, lost = int(r[1]), int(r[2]), int(r[3])
    if exp - rec != lost or r[5:] != ["0", "0", "0"]:
        bad.append("row %s: lost != expected - received, or dup/reord/too_old" % r)
sent = {"41": (1500, 7), "42": (1200, 9)}
for r in one:
    n, k = sent.get(r[0], (0, 1))
    if int(r[1]) != n - n // k:
        bad.append("stream %s: received %s, the sender sent %d" % (r[0], r[1], n - n // k))
if "merged:" in out("p2"):
    bad.append("a stream reached both workers (merged: line)")
for n in ("p2", "c2"):
    err = open("%s/%s.err" % (d, n)).read()
    for w in (0, 1):
        line = [l for l in err.split("\n") if l.startswith("worker %d: " % w) and l.endswith("captured")]
        if not line or line[0].split()[2] == "0":
            bad.append("%s: worker %d captured nothing: %s" % (n, w, line))
# the order of the tables, as tshark's and one worker's: the last -z first
for n, first in (("p2", "UDP Conversations"), ("c2", "Probe streams")):
    t = out(n)
    a, b = t.find("Probe streams"), t.find("UDP Conversations")
    if a < 0 or b < 0 or (a < b) != (first == "Probe streams"):
        bad.append("%s: tables in the wrong order (probe at %d, conv at %d)" % (n, a, b))
if rows(out("c2")) != one:
    bad.append("-z conv,udp -z probe: rows %s" % rows(out("c2")))
for x in bad:
    print("FAIL:", x, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
echo "ok: -z probe with 2 live workers: the rows of one worker (2 streams, one per worker)"
