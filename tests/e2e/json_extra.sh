#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# json_extra.sh - NDJSON keys asked for by options (issue 12, item 11):
# --json -x / -X adds payload.hex (the captured payload bytes); -v adds
# ip/tcp/udp/icmp/icmpv6 .checksum_ok, false exactly on the checksums this
# test corrupts; nanosecond captures carry frame.ts_str, the exact time
# stamp as a string.  Checked against the capture bytes read by python.
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# bad.pcap: demo.pcap with one checksum of each kind broken, listed in bad.txt
python3 - "$S/demo.pcap" "$tmp/bad.pcap" "$tmp/bad.txt" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
off, n, recs = 24, 0, []
while off < len(b):
    cap = struct.unpack_from("<I", b, off + 8)[0]
    recs.append((off + 16, cap)); off += 16 + cap
broken = {}
for i, (o, cap) in enumerate(recs):
    f = b[o:o + cap]
    if f[12:14] != b"\x08\x00":
        continue
    ihl = (f[14] & 15) * 4; proto = f[23]; l4 = 14 + ihl
    key = {6: "tcp", 17: "udp", 1: "icmp"}.get(proto)
    if key and key not in broken:
        b[o + l4 + {6: 16, 17: 6, 1: 2}[proto]] ^= 0x5a; broken[key] = i + 1
    elif "ip" not in broken:
        b[o + 14 + 10] ^= 0x5a; broken["ip"] = i + 1
open(sys.argv[2], "wb").write(b)
open(sys.argv[3], "w").write(" ".join("%s=%d" % kv for kv in sorted(broken.items())))
PY
"$P" --json -v -r "$tmp/bad.pcap" >"$tmp/bad.json" || exit 1
"$P" --json -x -r "$S/demo.pcap" >"$tmp/x.json" || exit 1
"$P" --json -X -r "$S/demo.pcap" >"$tmp/X.json" || exit 1
"$P" --json -r "$S/demo.pcap" >"$tmp/plain.json" || exit 1
"$P" --json -r "$S/demo-ns.pcap" >"$tmp/ns.json" || exit 1
python3 - "$tmp" "$S" <<'PY'
import json, struct, sys
tmp, S = sys.argv[1], sys.argv[2]
bad = 0
def fail(msg):
    global bad
    print("FAIL: " + msg); bad = 1

def frames(path):
    b = open(path, "rb").read(); off, out = 24, []
    while off < len(b):
        sec, frac, cap = struct.unpack_from("<III", b, off)
        out.append((sec, frac, b[off + 16:off + 16 + cap])); off += 16 + cap
    return out

# 1. checksum_ok: false exactly where broken, true on every other checked layer
broken = dict(kv.split("=") for kv in open(tmp + "/bad.txt").read().split())
seen = {"ip": 0, "tcp": 0, "udp": 0, "icmp": 0, "icmpv6": 0}
for line in open(tmp + "/bad.json"):
    o = json.loads(line); n = o["frame"]["n"]
    for k in seen:
        if k in o and "checksum_ok" in o[k]:
            seen[k] += 1
            want = str(n) != broken.get(k)
            if o[k]["checksum_ok"] != want:
                fail("packet %d: %s.checksum_ok %s" % (n, k, o[k]["checksum_ok"]))
for k in ("ip", "tcp", "udp", "icmp", "icmpv6"):
    if not seen[k]:
        fail("no %s.checksum_ok at all" % k)
print("ok: checksum_ok on %s; false exactly on %s" % (seen, broken))
if any("checksum_ok" in l for l in open(tmp + "/plain.json")):
    fail("checksum_ok without -v")

# 2. payload.hex = the captured payload bytes (with -x and with -X); on a
# fragment that completed an IPv4 datagram (ip.reassembled), the end of the
# datagram's payload, put together here from the fragments (Ethernet, no VLAN)
fr = frames(S + "/demo.pcap")
def dgram(n):
    last = fr[n - 1][2][14:]
    key = (last[12:20], last[4:6], last[9])
    parts = {}
    for _, _, d in fr[:n]:
        ip = d[14:]
        if len(ip) >= 20 and ip[0] >> 4 == 4 and (ip[12:20], ip[4:6], ip[9]) == key:
            hl, tl = (ip[0] & 15) * 4, ip[2] << 8 | ip[3]
            parts[((ip[6] & 0x1f) << 8 | ip[7]) * 8] = ip[hl:tl]
    return b"".join(parts[k] for k in sorted(parts))
nre = 0
for name in ("x", "X"):
    k = 0
    for line in open("%s/%s.json" % (tmp, name)):
        o = json.loads(line)
        if "payload" not in o:
            continue
        data = fr[o["frame"]["n"] - 1][2]
        h = o["payload"].get("hex")
        if "reassembled" in o.get("ip", {}):
            nre += 1
            want = dgram(o["frame"]["n"])[-o["payload"]["len"]:].hex()
            if h != want or len(want) != 2 * o["payload"]["len"]:
                fail("-%s packet %d: reassembled payload.hex %r" % (name, o["frame"]["n"], h)); break
            k += 1
            continue
        if h is None or len(h) != 2 * min(o["payload"]["len"], len(data)) or h not in data.hex():
            fail("-%s packet %d: payload.hex %r" % (name, o["frame"]["n"], h)); break
        k += 1
    print("ok: --json -%s: payload.hex on %d packets" % (name, k))
if not nre:
    fail("no reassembled datagram in demo.pcap's JSON")
if any('"hex"' in l for l in open(tmp + "/plain.json")):
    fail("payload.hex without -x")

# 3. frame.ts_str: exact, for nanosecond captures only
frn = frames(S + "/demo-ns.pcap")
for line in open(tmp + "/ns.json"):
    o = json.loads(line); sec, frac, _ = frn[o["frame"]["n"] - 1]
    if o["frame"].get("ts_str") != "%d.%09d" % (sec, frac):
        fail("ts_str %r, want %d.%09d" % (o["frame"].get("ts_str"), sec, frac)); break
else:
    print("ok: frame.ts_str exact on %d nanosecond packets" % len(frn))
if any("ts_str" in l for l in open(tmp + "/plain.json")):
    fail("ts_str on a microsecond capture")
sys.exit(bad)
PY
