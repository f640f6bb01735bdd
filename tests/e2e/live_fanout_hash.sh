#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_fanout_hash.sh - live --workers' hash mode (src/capture/afpacket_fanout.c)
# keeps a UDP conversation that mixes fragmented and whole datagrams on one
# worker.  In a namespace pair (MTU 1500), one socket sends on one 5-tuple
# a mix of 3000-byte datagrams (3 fragments each) and 100-byte ones; a
# second conversation goes to a second address of the receiver, which the
# hash gives to the other worker.  Captured at once with --workers 1 and
# --workers 2 (--flows --json, -w): each conversation is one flow record
# with every packet, the same as one worker's, and all its frames
# (fragments included) are in one worker's -w file.  The kernel's own
# PACKET_FANOUT_HASH failed this: the fragments (hashed without ports) and
# the whole datagrams (with) went to different workers, two flow records.
set -eu
LIVE_TAG=livescale-
LIVE_VETH_TAG=ls$$
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
live_setup
IPB2=10.77.0.4 # 10.77.0.1 <-> .2 hash to worker 0 of 2, .1 <-> .4 to worker 1
ip -n "$NSB" addr add "$IPB2/24" dev "$VB"

start() { # start NAME ARGS...
	cap_start "$@"
	eval "PID_$1=\$CAP_PID"
}
start w1 "$NSB" --source packet -i "$VB" --flows --json udp
start w2 "$NSB" --source packet -i "$VB" --workers 2 --flows --json -w "$WORK/w2.pcap" --print udp
# 12 large + 24 small datagrams per conversation, interleaved: 36 datagrams
# (the flow record counts datagrams), 12 * 3 + 24 = 60 frames
na timeout 20 python3 - "$IPA" "$IPB" "$IPB2" <<'PY' || fail "the sender failed"
import socket, sys, time
a, b, b2 = sys.argv[1:4]
for dst, sport in ((b, 40000), (b2, 40001)):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, 10, 0)  # IP_MTU_DISCOVER = IP_PMTUDISC_DONT: fragment
    s.bind((a, sport))
    for i in range(36):
        s.sendto(b"x" * (3000 if i % 3 == 0 else 100), (dst, 7000))
        time.sleep(0.002)
    s.close()
PY
CAP_PID=$PID_w1 cap_stop INT
CAP_PID=$PID_w2 cap_stop INT
for w in 0 1; do
	[ -f "$WORK/w2.$w.pcap" ] || fail "no w2.$w.pcap"
	"$PS" -r "$WORK/w2.$w.pcap" --json --no-defrag >"$WORK/f$w" || fail "cannot read w2.$w.pcap"
done
python3 - "$WORK" "$IPB" "$IPB2" <<'PY' || { cat "$WORK/w2.err" >&2; fail "checks failed"; }
import collections, json, sys
d, b, b2 = sys.argv[1:4]
def recs(name):
    return [json.loads(l) for l in open("%s/%s" % (d, name))]
def flows(name):
    return [r for r in recs(name) if r.get("type") == "flow" and r.get("dport") == 7000]
bad = []
one, two = flows("w1.out"), flows("w2.out")
key = lambda r: (r["src"], r["sport"], r["dst"], r["dport"])
for name, fl in (("--workers 1", one), ("--workers 2", two)):
    c = collections.Counter(map(key, fl))
    for dst, sport in ((b, 40000), (b2, 40001)):
        n = c[("10.77.0.1", sport, dst, 7000)]
        if n != 1:
            bad.append("%s: %d flow records for 10.77.0.1:%d -> %s:7000, want 1" % (name, n, sport, dst))
    for r in fl:
        if r["orig_pkts"] != 36 or r["resp_pkts"] != 0: # datagrams (one worker counts so)
            bad.append("%s: %s: %d + %d datagrams, want 36 + 0" % (name, key(r), r["orig_pkts"], r["resp_pkts"]))
shape = lambda r: (key(r), r["orig_pkts"], r["orig_bytes"], r["orig_payload"])
if sorted(map(shape, one)) != sorted(map(shape, two)):
    bad.append("flow records differ: one worker %s, two %s" % (sorted(map(shape, one)), sorted(map(shape, two))))
# every frame of a conversation (fragments too) in one worker's file
where = collections.defaultdict(collections.Counter)
for w in (0, 1):
    for p in recs("f%d" % w):
        where[p["ip"]["dst"]][w] += 1
for dst in (b, b2):
    if sum(where[dst].values()) != 60 or len(where[dst]) != 1:
        bad.append("frames to %s per worker file: %s, want 60 in one" % (dst, dict(where[dst])))
if where[b].keys() == where[b2].keys():
    bad.append("both conversations in one worker: the hash is not spreading address pairs")
for x in bad:
    print("FAIL:", x, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
echo "ok: mixed fragmented and whole UDP datagrams: one flow record per conversation with 2 workers, as with 1"
