#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Derive the other sample captures from samples/demo.pcap (real traffic):
the same packets re-framed for every link type and file format pktscope reads.

  demo-ns.pcap        nanosecond pcap (time stamps * 1000 + a sub-µs digit)
  demo-be.pcap        big-endian (byte-swapped) pcap
  demo.pcapng         pcapng, two interfaces (packets alternate between them)
  demo-null.pcap      DLT_NULL: 4-byte family in little-endian host order
  demo-loop.pcap      DLT_LOOP: 4-byte family in network order
  demo-raw.pcap       LINKTYPE_RAW (IP only; ARP frames are left out)
  demo-sll.pcap       LINUX_SLL (cooked v1)
  demo-sll2.pcap      LINUX_SLL2 (cooked v2)
  demo-snap64.pcap    snap length 64: headers cut short
  demo-cut.pcap       the file ends in the middle of the 10th record
usage: make-variants.py [DIR]   (default: the directory of this script)
"""
import os, struct, sys

d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(d, "demo.pcap"), "rb").read()
magic = struct.unpack("<I", src[:4])[0]
assert magic == 0xa1b2c3d4, "demo.pcap must be a little-endian microsecond pcap"
_, _, _, _, _, snap, link = struct.unpack("<IHHiIII", src[:24])
assert link == 1
pkts, off = [], 24
while off + 16 <= len(src):
    sec, usec, cap, ln = struct.unpack("<IIII", src[off:off + 16])
    pkts.append((sec, usec, ln, src[off + 16:off + 16 + cap]))
    off += 16 + cap

def pcap(name, linktype, recs, endian="<", magic=0xa1b2c3d4, snaplen=262144, cut=None):
    out = bytearray(struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype))
    for i, (sec, frac, ln, data) in enumerate(recs):
        rec = struct.pack(endian + "IIII", sec, frac, len(data), ln) + data
        if cut is not None and i == cut:
            out += rec[: len(rec) // 2]
            break
        out += rec
    open(os.path.join(d, name), "wb").write(out)

def strip_eth(data):
    return struct.unpack("!H", data[12:14])[0], data[14:]

def reframe(hdr_for):
    out = []
    for sec, usec, ln, data in pkts:
        et, rest = strip_eth(data)
        h = hdr_for(et, data)
        if h is None:
            continue
        out.append((sec, usec, ln - 14 + len(h), h + rest))
    return out

fam = {0x0800: 2, 0x86dd: 10}
pcap("demo-ns.pcap", 1, [(s, u * 1000 + (i % 10), l, b) for i, (s, u, l, b) in enumerate(pkts)],
     magic=0xa1b23c4d)
pcap("demo-be.pcap", 1, pkts, endian=">")
pcap("demo-null.pcap", 0, reframe(lambda et, f: struct.pack("<I", {0x0800: 2, 0x86dd: 30}[et]) if et in fam else None))
pcap("demo-loop.pcap", 108, reframe(lambda et, f: struct.pack("!I", {0x0800: 2, 0x86dd: 24}[et]) if et in fam else None))
pcap("demo-raw.pcap", 101, reframe(lambda et, f: b"" if et in fam else None))
# SLL: packet type (0 to us, 4 outgoing), ARPHRD_ETHER, address length 6, address + 2 pad, protocol
pcap("demo-sll.pcap", 113, reframe(lambda et, f: struct.pack("!HHH6s2sH", 4 if f[11] == 0x0a else 0, 1, 6, f[6:12], b"\0\0", et)))
# SLL2: protocol, reserved, ifindex, ARPHRD_ETHER, packet type, address length, address + 2 pad
pcap("demo-sll2.pcap", 276, reframe(lambda et, f: struct.pack("!HHIHBB6s2s", et, 0, 2, 1, 4 if f[11] == 0x0a else 0, 6, f[6:12], b"\0\0")))
pcap("demo-snap64.pcap", 1, [(s, u, l, b[:64]) for s, u, l, b in pkts], snaplen=64)
pcap("demo-cut.pcap", 1, pkts[:12], cut=9)

# pcapng: section header, two Ethernet interfaces, enhanced packet blocks
def block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)
ng = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
for _ in range(2):
    ng += block(1, struct.pack("<HHI", 1, 0, 262144))
for i, (sec, usec, ln, data) in enumerate(pkts):
    ts = sec * 1000000 + usec
    ng += block(6, struct.pack("<IIIII", i % 2, ts >> 32, ts & 0xffffffff, len(data), ln) + data)
open(os.path.join(d, "demo.pcapng"), "wb").write(ng)
print("variants written to", d)
