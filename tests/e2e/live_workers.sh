#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_workers.sh - --workers 2 --source packet (docs/workers.md) on a veth
# pair: a bounded burst of 12 UDP flows (40 datagrams each, pktscope-gen
# udp-send) and 4 TCP connections.  Every datagram is captured exactly once
# across the workers; each flow (both directions for TCP) is in one worker's
# -w file (NAME.W.pcap); stdout holds whole JSON lines, one per packet of the
# files; the summary has per-worker lines and their total.  Then
# --fanout-mode lb (exactly once, flows may split), -c across workers, and
# the usage errors.
set -eu
LIVE_TAG=lw-
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
need nc
GEN=$(cd "$(dirname "$PS")" && pwd)/pktscope-gen
[ -x "$GEN" ] || skip "pktscope-gen is not built"
live_setup
# hash mode spreads UDP by address pair (afpacket_fanout.c): 10.77.0.1 <-> .2
# is worker 0's of 2, .1 <-> .4 worker 1's, so both workers get UDP flows
IPB2=10.77.0.4
ip -n "$NSB" addr add "$IPB2/24" dev "$VB"

burst() { # udp flows (40 datagrams each, odd ones to $IPB2) and tcp connections, NSA -> NSB
	for i in $(seq 0 $(($1 - 1))); do
		_to=$IPB
		[ $((i % 2)) = 1 ] && _to=$IPB2
		na timeout 10 "$GEN" udp-send --to "$_to:$((9000 + i))" --count 40 --rate 4000 \
			--report 100 >/dev/null
	done
	for i in $(seq 0 $(($2 - 1))); do
		nb timeout 10 nc -l "$IPB" $((8080 + i)) >/dev/null &
		PIDS="$PIDS $!"
		sleep 0.2
		printf 'hello %d\n' "$i" | na timeout 5 nc -N "$IPB" $((8080 + i))
	done
}

# check NAME MODE UDPFLOWS TCPFLOWS: the capture NAME against the burst
check() {
	for w in 0 1; do
		[ -f "$WORK/$1.$w.pcap" ] || fail "$1: no $1.$w.pcap"
		"$PS" -r "$WORK/$1.$w.pcap" --json >"$WORK/$1.f$w" || fail "$1: cannot read $1.$w.pcap"
	done
	python3 - "$WORK/$1" "$2" "$3" "$4" <<'PY' || { cat "$WORK/$1.err" >&2; fail "$1: checks failed"; }
import collections, json, re, sys
base, mode, nudp, ntcp = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
bad = []
files = [[json.loads(l) for l in open("%s.f%d" % (base, w))] for w in (0, 1)]
lines = open(base + ".out").read().split("\n")
assert lines[-1] == ""
try:
    live = [json.loads(l) for l in lines[:-1]]
except ValueError as e:
    bad.append("stdout has a line that is not JSON (interleaved?): %s" % e)
    live = []
if len(live) != len(files[0]) + len(files[1]):
    bad.append("stdout %d records, files %d + %d" % (len(live), len(files[0]), len(files[1])))
nums = [p["frame"]["n"] for p in live]
if len(set(nums)) != len(nums):
    bad.append("frame numbers repeat")
udp = collections.Counter()
where = collections.defaultdict(set)
dirs = collections.defaultdict(set)
for w, pkts in enumerate(files):
    for p in pkts:
        if "udp" in p and 9000 <= p["udp"]["dport"] < 9000 + nudp:
            udp[p["udp"]["dport"]] += 1
        fid = p.get("flow", {}).get("id")
        where[fid].add(w)
        dirs[fid].add(p.get("flow", {}).get("dir"))
for port in range(9000, 9000 + nudp):
    if udp[port] != 40:
        bad.append("udp flow to %d: %d datagrams captured, want 40" % (port, udp[port]))
tcp = {p["flow"]["id"] for f in files for p in f if "tcp" in p}
if len(tcp) != ntcp:
    bad.append("%d tcp flows, want %d" % (len(tcp), ntcp))
for fid in tcp:
    if dirs[fid] != {"orig", "resp"}:
        bad.append("tcp flow %s: directions %s" % (fid, sorted(dirs[fid])))
if mode == "hash":
    split = [f for f, ws in where.items() if len(ws) > 1]
    if split:
        bad.append("%d flows reached both workers: %s" % (len(split), split[:3]))
    if not files[0] or not files[1]:
        bad.append("one worker got nothing: %d / %d" % (len(files[0]), len(files[1])))
err = open(base + ".err").read()
per = [int(n) for n in re.findall(r"^worker \d: (\d+) packets? captured$", err, re.M)]
tot = re.findall(r"^(\d+) packets? captured$", err, re.M)
if len(per) != 2 or not tot or int(tot[0]) != sum(per) or sum(per) != len(live):
    bad.append("summary: workers %s, total %s, printed %d" % (per, tot, len(live)))
if not re.search(r"^worker 1: \d+ packets? dropped by kernel$", err, re.M):
    bad.append("no per-worker drop count")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
	echo "ok: $1 ($(summary_field "$1" captured) packets: $(grep -c . "$WORK/$1.f0") + $(grep -c . "$WORK/$1.f1"))"
}

cap_start hash "$NSB" --json --print --source packet -i "$VB" --workers 2 -w "$WORK/hash.pcap" \
	udp or tcp
burst 12 4
cap_stop INT
grep -q "2 workers, .*fanout hash" "$WORK/hash.err" || fail "hash: -v does not name the fanout"
check hash hash 12 4

cap_start lb "$NSB" --json --print --source packet -i "$VB" --workers 2 --fanout-mode lb \
	-w "$WORK/lb.pcap" udp
burst 3 0
cap_stop INT
check lb lb 3 0

# --merge: one -w file for both workers (no NAME.W.pcap), every packet in it
cap_start merge "$NSB" --json --print --source packet -i "$VB" --workers 2 --merge \
	-w "$WORK/merge.pcap" udp or tcp
burst 4 2
cap_stop INT
"$PS" -r "$WORK/merge.pcap" --json >"$WORK/merge.f" || fail "merge: cannot read merge.pcap"
[ ! -e "$WORK/merge.0.pcap" ] || fail "merge: per-worker files written"
python3 - "$WORK/merge" <<'PY' || { cat "$WORK/merge.err" >&2; fail "merge: checks failed"; }
import collections, json, re, sys
base = sys.argv[1]
f = [json.loads(l) for l in open(base + ".f")]
live = [json.loads(l) for l in open(base + ".out")]
udp = collections.Counter(p["udp"]["dport"] for p in f if "udp" in p)
err = open(base + ".err").read()
written = re.findall(r"^(\d+) packets? written$", err, re.M)
ok = len(f) == len(live) and all(udp[9000 + i] == 40 for i in range(4)) and written == [str(len(f))]
if not ok:
    print("FAIL: file %d, printed %d, udp %s, written %s" % (len(f), len(live), dict(udp), written),
          file=sys.stderr)
sys.exit(0 if ok else 1)
PY
echo "ok: merge ($(grep -c . "$WORK/merge.f") packets in one file)"

# -Q in: only what arrives at the capturing side (no TCP replies)
cap_start qin "$NSB" --json --source packet -i "$VB" --workers 2 -Q in udp or tcp
burst 2 2
cap_stop INT
n=$(grep -c '"udp":' "$WORK/qin.out" || true)
back=$(grep -c '"src":"10.77.0.2"' "$WORK/qin.out" || true)
[ "$n" = 80 ] && [ "$back" = 0 ] || fail "-Q in: $n udp datagrams (want 80), $back sent by the capturing side"
echo "ok: -Q in ($(grep -c . "$WORK/qin.out") packets)"

# -c counts across the workers: exactly N records, then the run ends by itself
ip netns exec "$NSB" timeout -s KILL 20 "$PS" --json --source packet -i "$VB" --workers 2 -c 25 udp \
	>"$WORK/c.out" 2>"$WORK/c.err" &
CPID=$!
PIDS="$PIDS $CPID"
sleep 0.5
na timeout 10 "$GEN" udp-send --to "$IPB:9100" --count 60 --rate 2000 --report 100 >/dev/null
rc=0
wait "$CPID" || rc=$?
[ "$rc" = 0 ] && [ "$(grep -c '"udp":' "$WORK/c.out")" = 25 ] ||
	fail "-c 25 with 2 workers: exit $rc, $(grep -c . "$WORK/c.out") records"
# and with -w only (nothing printed): the files hold the 25
ip netns exec "$NSB" timeout -s KILL 20 "$PS" --source packet -i "$VB" --workers 2 -c 25 \
	-w "$WORK/cw.pcap" udp >"$WORK/cw.out" 2>"$WORK/cw.err" &
CPID=$!
PIDS="$PIDS $CPID"
sleep 0.5
na timeout 10 "$GEN" udp-send --to "$IPB:9101" --count 60 --rate 2000 --report 100 >/dev/null
rc=0
wait "$CPID" || rc=$?
n=0
for w in 0 1; do
	n=$((n + $("$PS" -r "$WORK/cw.$w.pcap" --count | sed 's/ packets*//')))
done
[ "$rc" = 0 ] && [ "$n" = 25 ] && [ ! -s "$WORK/cw.out" ] ||
	fail "-c 25 -w with 2 workers: exit $rc, $n packets in the files"
echo "ok: -c 25 across 2 workers (printed, and -w only)"

# Fragmented datagrams (6 UDP flows of 10 x 3000 bytes, 2 pings of 3000
# bytes, MTU 1500): each datagram's fragments reach one worker (its -w file),
# whose defragmentation decodes the datagram on its last fragment; the same
# records as one worker on the same traffic (lengths, reassembled UDP).
fragburst() {
	for i in 0 1 2 3 4 5; do
		na timeout 10 "$GEN" udp-send --to "$IPB:$((9200 + i))" --count 10 --size 3000 --rate 1000 \
			--report 100 >/dev/null
	done
	na timeout 10 ping -c2 -i0.2 -s 3000 -W2 "$IPB" >/dev/null
}
cap_start frag1 "$NSB" --json --source packet -i "$VB" udp or icmp
fragburst
cap_stop INT
cap_start frag2 "$NSB" --json --print --source packet -i "$VB" --workers 2 -w "$WORK/frag2.pcap" \
	udp or icmp
fragburst
cap_stop INT
for w in 0 1; do "$PS" -r "$WORK/frag2.$w.pcap" --json >"$WORK/frag2.f$w"; done
python3 - "$WORK" <<'PY' || { cat "$WORK/frag2.err" >&2; fail "fragments: checks failed"; }
import collections, json, sys
d = sys.argv[1]
def recs(name):
    return [json.loads(l) for l in open("%s/%s" % (d, name))]
def shape(p): # what must not depend on the number of workers
    ip = p.get("ip", {})
    return repr((p["frame"]["len"], ip.get("frag_off"), ip.get("mf"), "reassembled" in ip,
            p.get("udp", {}).get("dport"), p.get("udp", {}).get("len"), "icmp" in p))
def kept(ps): # not the port-unreachable errors: the kernel rate-limits them, run by run
    return [p for p in ps if p.get("icmp", {}).get("type") != 3]
one, two = kept(recs("frag1.out")), kept(recs("frag2.out"))
bad = []
if sorted(map(shape, one)) != sorted(map(shape, two)):
    bad.append("records differ from one worker: %s" %
               (collections.Counter(map(shape, one)) - collections.Counter(map(shape, two))
                or collections.Counter(map(shape, two)) - collections.Counter(map(shape, one))))
whole = collections.Counter(p["udp"]["dport"] for p in two
                            if "udp" in p and "reassembled" in p["ip"] and p["udp"]["len"] == 3008)
if any(whole[9200 + i] != 10 for i in range(6)):
    bad.append("reassembled UDP datagrams per port: %s (want 10 each)" % dict(whole))
if sum(1 for p in two if "icmp" in p and "reassembled" in p["ip"]) != 4:
    bad.append("reassembled pings: want 4 (2 requests, 2 replies)")
where = collections.defaultdict(set)
for w in (0, 1):
    for p in recs("frag2.f%d" % w):
        ip = p.get("ip", {})
        if ip.get("mf") or ip.get("frag_off"):
            where[(ip["src"], ip["id"])].add(w)
split = [k for k, ws in where.items() if len(ws) > 1]
if len(where) != 64 or split:
    bad.append("%d fragmented datagrams (want 64), %d split between workers" % (len(where), len(split)))
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
echo "ok: fragments ($(grep -c . "$WORK/frag2.out") records, as one worker)"

# One worker and two, side by side on the same link (so on the same
# packets): --flows, -q, -z, -Y with -T fields, --count give the same.
PAIRS=""
pair() { # pair NAME ARGS...: NAME1 with one worker, NAME2 with two
	_p=$1
	shift
	cap_start "${_p}1" "$NSB" --source packet -i "$VB" "$@"
	PAIRS="$PAIRS $CAP_PID"
	cap_start "${_p}2" "$NSB" --source packet -i "$VB" --workers 2 "$@"
	PAIRS="$PAIRS $CAP_PID"
}
pair fl --flows --json udp or tcp or icmp
pair q -q udp or tcp or icmp
pair z -q -z conv,tcp -z conv,udp -z endpoints,ip -z conv,ip udp or tcp
pair y -Y "udp.dstport == 9003 or tcp.flags.syn == 1 or icmp.type == 8" -T fields \
	-e ip.src -e ip.dst -e udp.dstport -e tcp.dstport -e frame.len udp or tcp or icmp
pair n --count udp or tcp
for n in 1 2; do # --output: the same records reach the sink; --stats-interval lines
	cap_start "o$n" "$NSB" --source packet -i "$VB" --workers $n --json --flows \
		--output "file:$WORK/o$n.nd" --stats-interval 1 udp or tcp or icmp
	PAIRS="$PAIRS $CAP_PID"
done
burst 6 3
na timeout 10 ping -c2 -i0.2 -s 3000 -W2 "$IPB" >/dev/null
for CAP_PID in $PAIRS; do cap_stop INT; done
python3 - "$WORK" <<'PY' || { cat "$WORK"/fl2.err "$WORK"/q2.err >&2; fail "one worker against two: differ"; }
import collections, json, sys
d = sys.argv[1]
def out(name):
    return open("%s/%s.out" % (d, name)).read()
bad = []
def flows(name):
    recs = [json.loads(l) for l in out(name).splitlines()]
    f = [r for r in recs if r.get("type") == "flow"]
    keys = ("id", "proto", "src", "sport", "dst", "dport", "orig_pkts", "orig_bytes",
            "resp_pkts", "resp_bytes", "state", "end")
    return len(recs) - len(f), sorted(repr(tuple(r.get(k) for k in keys)) for r in f)
(p1, f1), (p2, f2) = flows("fl1"), flows("fl2")
streams = collections.defaultdict(set) # (proto, stream) -> conversations (a timeout keeps the number)
for r in map(json.loads, out("fl2").splitlines()):
    if r.get("type") == "flow" and r["proto"] in ("tcp", "udp"): # ICMP: by id, not by ports
        streams[(r["proto"], r["stream"])].add(frozenset([(r["src"], r.get("sport")), (r["dst"], r.get("dport"))]))
if any(len(c) > 1 for c in streams.values()) or len({s % 2 for _, s in streams}) != 2:
    bad.append("--flows: a stream number on two conversations, or one worker numbered all: %s" %
               sorted((k, len(c)) for k, c in streams.items()))
if f1 != f2 or p1 != p2 or len(f1) < 12:
    bad.append("--flows: %d/%d flow records, %d/%d packets; only one: %s" %
               (len(f1), len(f2), p1, p2, sorted(set(f1) ^ set(f2))[:4]))
def totals(name): # the packet counters (the engines' lines are per worker)
    return [l for l in out(name).splitlines() if l.startswith(("protocols:", "truncated", "events:"))
            or l.endswith(" captured)")]
q1, q2 = totals("q1"), totals("q2")
if q1 != q2 or len(q1) < 3 or int(q1[0].split()[0]) < 250:
    bad.append("-q totals: %s / %s" % (q1, q2))
q2 = out("q2").splitlines()
if not any(l.startswith("worker ") and "ip defragmentation:" in l for l in q2):
    bad.append("-q: no per-worker defragmentation line: %s" % q2)
if not any(l.startswith("worker ") and "tcp reassembly:" in l and l.endswith("/33554432 bytes")
           for l in q2): # --reassembly-mem's 64 MiB default shared out
    bad.append("-q: no per-worker reassembly line with half the budget: %s" % q2)
err2 = open(d + "/q2.err").read()
if "worker 1: 0 packets dropped by kernel" not in err2 or "\n0 packets dropped by kernel" not in err2:
    bad.append("-q: drops per worker and in total: %s" % err2)
z1, z2 = out("z1"), out("z2")
def rows(t):  # conversations without start and duration: each socket stamps its own time
    return [l.split()[:-2] if "<->" in l else l for l in t.splitlines()]
if rows(z1) != rows(z2) or "TCP Conversations" not in z1 or z1.count("<->") != 11: # ip: .1-.2, .1-.4
    bad.append("-z tables differ:\n%s\n--- two workers:\n%s" % (z1, z2))
y1, y2 = out("y1").splitlines(), out("y2").splitlines()
if y1[:1] != y2[:1] or sorted(y1[1:]) != sorted(y2[1:]) or len(y1) < 45:
    bad.append("-Y -T fields: %d / %d lines: %s" % (len(y1), len(y2), sorted(set(y1) ^ set(y2))[:4]))
if out("n1") != out("n2") or not out("n1").endswith(" packets\n"):
    bad.append("--count: %r / %r" % (out("n1"), out("n2")))
def shipped(name): # the sink's records, but for what differs by worker: numbers, stamps
    recs = [json.loads(l) for l in open("%s/%s.nd" % (d, name))]
    for r in recs:
        for k in ("n", "ts"):
            r.get("frame", {}).pop(k, None)
        r.get("flow", {}).pop("stream", None)
        for k in ("stream", "first_ts", "last_ts", "duration"):
            r.pop(k, None) if r.get("type") == "flow" else None
    return sorted(json.dumps(r, sort_keys=True) for r in recs)
o1, o2 = shipped("o1"), shipped("o2")
if o1 != o2 or len(o1) < 270 or out("o2"):
    bad.append("--output: %d / %d records, %d bytes on stdout; only one: %s" %
               (len(o1), len(o2), len(out("o2")), sorted(set(o1) ^ set(o2))[:2]))
err = open(d + "/o2.err").read()
if ("output file:%s/o2.nd: %d sent, 0 dropped, 0 errors" % (d, len(o2))) not in err:
    bad.append("--output summary: %s" % err)
stats = [json.loads(l) for l in err.splitlines() if l.startswith('{"type":"stats"')]
if not stats or not stats[-1]["final"] or stats[-1]["frames"] + 0 < 260 or "kernel_drops" not in stats[-1]:
    bad.append("--stats-interval lines: %s" % stats)
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
echo "ok: one worker and two: --flows ($(grep -c '"type":"flow"' "$WORK/fl2.out") flows), -q, -z, -Y -T fields, --count ($(cat "$WORK/n2.out")), --output ($(grep -c . "$WORK/o2.nd") records), --stats-interval"

# -w - with 2 workers: one pcap stream on stdout (worker 0's writer, shared
# as with --merge), every datagram in it once; -c ends the run by itself
ip netns exec "$NSB" timeout -s KILL 30 "$PS" --source packet -i "$VB" --workers 2 -w - -c 120 udp \
	>"$WORK/ws.pcap" 2>"$WORK/ws.err" &
CPID=$!
PIDS="$PIDS $CPID"
sleep 0.5
for i in 0 1 2 3 4 5; do
	na timeout 10 "$GEN" udp-send --to "$IPB:$((9400 + i))" --count 20 --rate 4000 --report 100 >/dev/null
done
rc=0
wait "$CPID" || rc=$?
"$PS" -r "$WORK/ws.pcap" -T fields -e udp.dstport >"$WORK/ws.ports" || fail "-w -: the stream does not read back"
[ "$rc" = 0 ] && [ "$(sort "$WORK/ws.ports" | uniq -c | awk '$1 == 20' | wc -l)" = 6 ] ||
	fail "-w - with 2 workers: exit $rc, ports $(sort "$WORK/ws.ports" | uniq -c | tr '\n' ' ') $(cat "$WORK/ws.err")"
echo "ok: -w - (one pcap stream, 120 datagrams, 20 per flow)"

# -z follow: one TCP connection; with one worker it is stream 0, with two
# stream W of the worker W that has it (streams W, W+2, ...): of two
# captures asking for 0 and 1, the one that names it prints what one worker
# prints (but for the number in its "Filter:" line), the other an empty
# follow.
cap_start fo1 "$NSB" --source packet -i "$VB" -q -z follow,tcp,ascii,0 tcp
PAIRS=$CAP_PID
for w in 0 1; do
	cap_start "fo2$w" "$NSB" --source packet -i "$VB" --workers 2 -q -z "follow,tcp,ascii,$w" tcp
	PAIRS="$PAIRS $CAP_PID"
done
burst 0 1
for CAP_PID in $PAIRS; do cap_stop INT; done
grep -q "hello 0" "$WORK/fo1.out" || fail "-z follow, one worker: $(cat "$WORK/fo1.out")"
same=0
sed 's/^Filter: tcp.stream eq [0-9]*$/Filter: tcp.stream eq N/' "$WORK/fo1.out" >"$WORK/fo1.n"
for w in 0 1; do
	sed 's/^Filter: tcp.stream eq [0-9]*$/Filter: tcp.stream eq N/' "$WORK/fo2$w.out" >"$WORK/fo2$w.n"
	if cmp -s "$WORK/fo1.n" "$WORK/fo2$w.n"; then
		same=$((same + 1)) owner=$w
	elif grep -q hello "$WORK/fo2$w.out"; then
		fail "-z follow,tcp,ascii,$w with 2 workers differs from one worker: $(cat "$WORK/fo2$w.out")"
	fi
done
[ $same = 1 ] || fail "-z follow: $same of the 2-worker captures print the stream, want 1"
echo "ok: -z follow (stream $owner: its worker prints one worker's output)"

# -Z nobody with 2 workers: every thread of the running process is nobody
# (the drop comes after both sockets, rings and -w files are open, before
# the threads start); the workers still capture, and -C 1 rotates each
# worker's file into new files made as nobody in nobody's directory.
if getent passwd nobody >/dev/null; then
	ZUID=$(getent passwd nobody | cut -d: -f3)
	ZGID=$(getent passwd nobody | cut -d: -f4)
	mkdir "$WORK/zd"
	chown nobody "$WORK/zd"
	cap_start zu "$NSB" --source packet -i "$VB" --workers 2 -Z nobody -w "$WORK/zd/f.pcap" -C 1 udp
	pid=$(child_of "$CAP_PID") || fail "-Z: pktscope process not found"
	i=0 # the threads start just after the "listening" line
	while [ "$(ls /proc/"$pid"/task | wc -l)" -lt 3 ] && [ $i -lt 40 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	nt=0
	for st in /proc/"$pid"/task/*/status; do
		ids=$(status_ids "$st")
		[ "$ids" = "$ZUID $ZUID $ZUID $ZUID / $ZGID $ZGID $ZGID $ZGID / $ZGID" ] ||
			fail "-Z nobody --workers 2: thread $st has uid/gid/groups $ids"
		nt=$((nt + 1))
	done
	[ "$nt" -ge 3 ] || fail "-Z: $nt threads, want the main one and 2 workers"
	for i in 0 1 2 3 4 5; do # 2.4 MB: more than -C 1 per worker
		na timeout 20 "$GEN" udp-send --to "$IPB:$((9300 + i))" --count 400 --size 1000 --rate 8000 \
			--report 100 >/dev/null
	done
	cap_stop INT
	total=0
	for f in "$WORK"/zd/*; do
		[ "$(stat -c %u "$f")" = "$ZUID" ] || fail "-Z: $f is not owned by nobody"
		total=$((total + $("$PS" -r "$f" --count | sed 's/ packets*//')))
	done
	nf=$(ls "$WORK/zd" | wc -l)
	[ "$total" = 2400 ] && [ "$(summary_field zu captured)" = 2400 ] && [ "$nf" -ge 3 ] ||
		fail "-Z: $total packets in $nf files ($(ls "$WORK/zd" | tr '\n' ' ')), $(summary_field zu captured) captured"
	echo "ok: -Z nobody ($nt threads as uid $ZUID; 2400 packets in $nf files: $(ls "$WORK/zd" | tr '\n' ' '))"
fi

for args in "--source pcap" "--source packet --merge" "--fanout-mode lb" \
	"--source packet --fanout-mode lb -z probe" "--source packet --fanout-mode qm -z follow,tcp,ascii,0" \
	"--source packet --fanout-mode lb -z conv,tcp" "--source packet --fanout-mode cpu -z endpoints,ip"; do
	rc=0
	# shellcheck disable=SC2086
	"$PS" -i "$VB" --workers 2 $args >/dev/null 2>"$WORK/u.err" || rc=$?
	[ "$rc" = 2 ] || fail "--workers 2 $args: exit $rc, want 2 ($(cat "$WORK/u.err"))"
	case "$args" in *-z\ conv*|*-z\ end*|*-z\ fol*|*-z\ pro*) grep -q "needs --fanout-mode hash" "$WORK/u.err" ||
		fail "--workers 2 $args: $(cat "$WORK/u.err")" ;;
	esac
done
echo "ok: usage errors"
