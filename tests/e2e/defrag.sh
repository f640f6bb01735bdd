#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# IP defragmentation in the run path (docs/reassembly.md), against tshark 4.0
# with its default reassembly.  A capture built here holds DNS responses too
# large for one packet, sent as IPv4 fragments in order, as IPv4 fragments
# last-first (the first fragment completes the datagram), and as IPv6
# fragments, plus a datagram whose last fragment never comes.
#  1. --json: the DNS messages tshark reports (frame, id, answer count, every
#     A record) are the ones pktscope reports, on the same frames, and the
#     completing fragment says ip.reassembled / ipv6.reassembled.
#  2. --no-defrag: no frame carries a reassembled message (what this test
#     checks is the feed, not a DNS decoder that reads partial datagrams).
#  3. the text (default, -v) is the same with and without --no-defrag:
#     tcpdump never reassembles, and neither does our text.
#  4. -q counts the fragments, datagrams and the one that never completed.
# Skips (77) without python3 or tshark.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
command -v python3 >/dev/null 2>&1 || { echo "defrag: no python3, skipping"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "defrag: no tshark, skipping"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

python3 - "$tmp/frag.pcap" <<'PY' || exit 1
import struct, sys
def dns(qid, n):
    m = struct.pack(">HHHHHH", qid, 0x8180, 1, n, 0, 0)
    m += b"\x07example\x03com\x00" + struct.pack(">HH", 1, 1)
    for i in range(n):
        m += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + bytes([10, qid & 255, i >> 8, i & 255])
    return m
def udp(sport, dport, payload):
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
def v4_frags(ident, data, size):
    out = []
    for off in range(0, len(data), size):
        part = data[off:off + size]
        more = off + size < len(data)
        fl = (0x2000 if more else 0) | (off // 8)
        h = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(part), ident, fl, 64, 17, 0,
                        bytes([192, 0, 2, 53]), bytes([192, 0, 2, 1]))
        s = sum(struct.unpack(">10H", h)); s = (s & 0xffff) + (s >> 16); s = (s & 0xffff) + (s >> 16)
        h = h[:10] + struct.pack(">H", ~s & 0xffff) + h[12:]
        out.append(b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00" + h + part)
    return out
def v6_frags(ident, data, size):
    out = []
    src = bytes.fromhex("20010db8000000000000000000000035")
    dst = bytes.fromhex("20010db8000000000000000000000001")
    for off in range(0, len(data), size):
        part = data[off:off + size]
        more = off + size < len(data)
        fh = struct.pack(">BBHI", 17, 0, off | (1 if more else 0), ident)
        h = struct.pack(">IHBB", 6 << 28, 8 + len(part), 44, 64) + src + dst
        out.append(b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x86\xdd" + h + fh + part)
    return out
frames = []
frames += v4_frags(0x1001, udp(53, 40001, dns(0x1111, 150)), 1480)        # in order
frames += v4_frags(0x1002, udp(53, 40002, dns(0x2222, 120)), 1000)[::-1]  # last first
frames += v6_frags(0x1003, udp(53, 40003, dns(0x3333, 100)), 1232)        # IPv6
frames += v4_frags(0x1004, udp(53, 40004, dns(0x4444, 150)), 1480)[:1]    # never completed
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, fr in enumerate(frames):
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr), len(fr)) + fr)
PY

"$PKTSCOPE" -r "$tmp/frag.pcap" --json >"$tmp/on.json" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
"$PKTSCOPE" -r "$tmp/frag.pcap" --json --no-defrag >"$tmp/off.json" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
tshark -n -r "$tmp/frag.pcap" -T fields -E occurrence=a -E aggregator=, -e frame.number \
	-e dns.id -e dns.count.answers -e dns.a -Y dns >"$tmp/tshark.txt" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }

python3 - "$tmp/tshark.txt" "$tmp/on.json" "$tmp/off.json" <<'PY' || fail=1
import json, sys
want = {}
for line in open(sys.argv[1]):
    n, qid, an, a = line.rstrip("\n").split("\t")
    want[int(n)] = (int(qid, 0), int(an), a.split(",") if a else [])
def got(path):
    out, marked = {}, set()
    for line in open(path):
        o = json.loads(line)
        n = o["frame"]["n"]
        if "reassembled" in o.get("ip", {}) or "reassembled" in o.get("ipv6", {}):
            marked.add(n)
        d = o.get("dns")
        if d and "answers" in d and len(d["answers"]) == d.get("ancount"):
            out[n] = (d["id"], d["ancount"], [r["a"] for r in d["answers"] if "a" in r])
    return out, marked
on, marked = got(sys.argv[2])
off, off_marked = got(sys.argv[3])
bad = 0
if len(want) != 3:
    print("FAIL: tshark reports %d reassembled DNS messages, the capture holds 3" % len(want)); bad = 1
if on != want:
    print("FAIL: DNS messages differ from tshark's")
    for n in sorted(set(on) | set(want)):
        if on.get(n) != want.get(n):
            print("  frame %d: tshark %s pktscope %s" % (n, str(want.get(n))[:120], str(on.get(n))[:120]))
    bad = 1
if marked != set(want):
    print("FAIL: frames marked reassembled %s, tshark's %s" % (sorted(marked), sorted(want))); bad = 1
if off or off_marked:
    print("FAIL: --no-defrag still gives whole messages on %s" % sorted(set(off) | off_marked)); bad = 1
if not bad:
    print("ok: %d reassembled DNS messages (IPv4 in order, IPv4 last-first, IPv6) on tshark's frames %s, "
          "%d A records; none with --no-defrag" % (len(on), sorted(on), sum(len(v[2]) for v in on.values())))
sys.exit(bad)
PY

for v in "" -v -vv; do
	"$PKTSCOPE" -r "$tmp/frag.pcap" $v >"$tmp/t_on" 2>&1
	"$PKTSCOPE" -r "$tmp/frag.pcap" $v --no-defrag >"$tmp/t_off" 2>&1
	if cmp -s "$tmp/t_on" "$tmp/t_off"; then
		echo "ok: text ${v:-(default)} the same with and without --no-defrag"
	else
		echo "FAIL: text ${v:-(default)} changes with defragmentation"
		diff "$tmp/t_off" "$tmp/t_on" | head -10
		fail=1
	fi
done

"$PKTSCOPE" -r "$tmp/frag.pcap" -q >"$tmp/q" 2>&1
want="ip defragmentation: fragments 7, datagrams 4, reassembled 3, peak memory "
if grep -q "^$want" "$tmp/q"; then
	echo "ok: -q: $(grep '^ip defrag' "$tmp/q")"
else
	echo "FAIL: -q has no '$want...' line:"; cat "$tmp/q"; fail=1
fi
if "$PKTSCOPE" -r "$tmp/frag.pcap" -q --no-defrag 2>&1 | grep -q "^ip defrag"; then
	echo "FAIL: -q --no-defrag prints a defragmentation line"; fail=1
fi
exit $fail
