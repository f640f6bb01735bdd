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
# (fragments included) are in one worker's -w file.  The same over IPv6
# (fragment headers), and 4 TCP connections (IPv4, IPv6); every frame of
# the test's traffic is in the file of the worker the documented hash
# (docs/workers.md) names.  The kernel's own PACKET_FANOUT_HASH failed
# this: the fragments (hashed without ports) and the whole datagrams (with)
# went to different workers, two flow records.
set -eu
LIVE_TAG=livescale-
LIVE_VETH_TAG=ls$$
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
need nc
live_setup
IPB2=10.77.0.4 # 10.77.0.1 <-> .2 hash to worker 0 of 2, .1 <-> .4 to worker 1
ip -n "$NSB" addr add "$IPB2/24" dev "$VB"
# IPv6 too (fd77::1 <-> ::2 worker 0, ::4 worker 1): fragment headers, TCP's ports
for n in "$NSA:$VA:1" "$NSB:$VB:2" "$NSB:$VB:4"; do
	ns=${n%%:*} dev=${n#*:} dev=${dev%:*}
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 "net.ipv6.conf.$dev.disable_ipv6=0" >/dev/null ||
		skip "cannot enable IPv6 in the namespaces"
	ip -n "$ns" addr add "fd77::${n##*:}/64" dev "$dev" nodad
done

start() { # start NAME ARGS...
	cap_start "$@"
	eval "PID_$1=\$CAP_PID"
}
start w1 "$NSB" --source packet -i "$VB" --flows --json
start w2 "$NSB" --source packet -i "$VB" --workers 2 --flows --json -w "$WORK/w2.pcap" --print
# 12 large + 24 small datagrams per conversation, interleaved: 36 datagrams
# (the flow record counts datagrams), 12 * 3 + 24 = 60 frames
na timeout 20 python3 - "$IPA" "$IPB" "$IPB2" <<'PY' || fail "the sender failed"
import socket, sys, time
a, b, b2 = sys.argv[1:4]
for dst, src, sport in ((b, a, 40000), (b2, a, 40001), ("fd77::2", "fd77::1", 40002),
                        ("fd77::4", "fd77::1", 40003)):
    v6 = ":" in dst
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
    if not v6:
        s.setsockopt(socket.IPPROTO_IP, 10, 0)  # IP_MTU_DISCOVER = IP_PMTUDISC_DONT: fragment
    s.bind((src, sport))
    for i in range(36):
        s.sendto(b"x" * (3000 if i % 3 == 0 else 100), (dst, 7000))
        time.sleep(0.002)
    s.close()
PY
for i in 0 1 2 3; do # TCP: hashed with the ports
	dst=$IPB
	[ $i -ge 2 ] && dst=fd77::2
	nb timeout 10 nc -l "$dst" $((8090 + i)) >/dev/null &
	PIDS="$PIDS $!"
	sleep 0.3
	printf 'hello %d\n' "$i" | na timeout 5 nc -N "$dst" $((8090 + i))
done
CAP_PID=$PID_w1 cap_stop INT
CAP_PID=$PID_w2 cap_stop INT
for w in 0 1; do
	[ -f "$WORK/w2.$w.pcap" ] || fail "no w2.$w.pcap"
	"$PS" -r "$WORK/w2.$w.pcap" --json --no-defrag >"$WORK/f$w" || fail "cannot read w2.$w.pcap"
done
python3 - "$WORK" "$IPB" "$IPB2" <<'PY' || { cat "$WORK/w2.err" >&2; fail "checks failed"; }
import collections, ipaddress, json, struct, sys
d, b, b2 = sys.argv[1:4]
def recs(name):
    return [json.loads(l) for l in open("%s/%s" % (d, name))]
def flows(name):
    return [r for r in recs(name) if r.get("type") == "flow" and r.get("dport") == 7000]
bad = []
one, two = flows("w1.out"), flows("w2.out")
key = lambda r: (r["src"], r["sport"], r["dst"], r["dport"])
convs = (("10.77.0.1", 40000, b), ("10.77.0.1", 40001, b2), ("fd77::1", 40002, "fd77::2"),
         ("fd77::1", 40003, "fd77::4"))
for name, fl in (("--workers 1", one), ("--workers 2", two)):
    c = collections.Counter(map(key, fl))
    for src, sport, dst in convs:
        n = c[(src, sport, dst, 7000)]
        if n != 1:
            bad.append("%s: %d flow records for %s:%d -> %s:7000, want 1" % (name, n, src, sport, dst))
    for r in fl:
        if r["orig_pkts"] != 36 or r["resp_pkts"] != 0: # datagrams (one worker counts so)
            bad.append("%s: %s: %d + %d datagrams, want 36 + 0" % (name, key(r), r["orig_pkts"], r["resp_pkts"]))
shape = lambda r: (key(r), r["orig_pkts"], r["orig_bytes"], r["orig_payload"])
if sorted(map(shape, one)) != sorted(map(shape, two)):
    bad.append("flow records differ: one worker %s, two %s" % (sorted(map(shape, one)), sorted(map(shape, two))))
# every frame of a conversation (fragments too) in one worker's file
where = collections.defaultdict(collections.Counter)
def words(addr):
    return struct.unpack(">4I", ipaddress.ip_address(addr).packed) if ":" in addr else \
        struct.unpack(">I", ipaddress.ip_address(addr).packed)
def worker(p): # the hash of docs/workers.md, for 2 workers
    ip = p.get("ip") or p.get("ipv6")
    if not ip:
        return 0
    x = 0
    for wd in words(ip["src"]) + words(ip["dst"]):
        x ^= wd
    whole = not ip.get("mf") and not ip.get("frag_off") if "ip" in p else ip["nxt"] == 6
    if "tcp" in p and whole:
        x ^= p["tcp"]["sport"] ^ p["tcp"]["dport"]
    return (((x * 0x9e3779b1) & 0xffffffff) >> 16) % 2
wrong = collections.Counter()
for w in (0, 1):
    for p in recs("f%d" % w):
        ip = p.get("ip") or p.get("ipv6") or {}
        ours = p.get("udp", {}).get("dport") == 7000 or ip.get("mf") or ip.get("frag_off") or \
            any(e["type"] == 44 for e in ip.get("ext", []))
        if ours:
            where[ip["dst"]][w] += 1
        # the test's traffic only: a frame from before the second worker joined
        # (IPv6 neighbour discovery at start-up) is worker 0's whatever its hash
        if (ours or "tcp" in p) and worker(p) != w:
            wrong[("tcp" if "tcp" in p else "udp" if "udp" in p else "other", w)] += 1
            print("frame on worker %d: %s" % (w, {k: p[k] for k in ("eth", "ip", "ipv6", "arp") if k in p}), file=sys.stderr)
for dst in (b, b2, "fd77::2", "fd77::4"):
    if sum(where[dst].values()) != 60 or len(where[dst]) != 1:
        bad.append("frames to %s per worker file: %s, want 60 in one" % (dst, dict(where[dst])))
if wrong:
    bad.append("frames not on the worker the documented hash names: %s" % dict(wrong))
if where[b].keys() == where[b2].keys():
    bad.append("both conversations in one worker: the hash is not spreading address pairs")
tcp = [p for w in (0, 1) for p in recs("f%d" % w) if "tcp" in p]
if len(tcp) < 32 or not any("ipv6" in p for p in tcp):
    bad.append("%d TCP frames captured (4 connections over IPv4 and IPv6)" % len(tcp))
for x in bad:
    print("FAIL:", x, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
echo "ok: mixed fragmented and whole UDP datagrams: one flow record per conversation with 2 workers, as with 1"
