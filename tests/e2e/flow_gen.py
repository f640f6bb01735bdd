#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write a pcap of N distinct UDP flows, one 60-byte Ethernet/IPv4/UDP
packet each (10.x.y.z:port -> 192.0.2.1:53), 1 us apart: the flow table's
memory-cap test.  usage: flow_gen.py N OUT.pcap"""
import struct
import sys


def main():
    n, path = int(sys.argv[1]), sys.argv[2]
    eth = bytes.fromhex("020000000002020000000001") + b"\x08\x00"
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        out = []
        for i in range(n):
            src = bytes((10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF))
            sport = 1024 + (i >> 24)
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 46, i & 0xFFFF, 0, 64, 17, 0,
                             src, b"\xc0\x00\x02\x01")
            udp = struct.pack("!HHHH", sport, 53, 26, 0) + b"\0" * 18
            t = 1000000 + i
            rec = eth + ip + udp
            out.append(struct.pack("<IIII", t // 1000000, t % 1000000, len(rec), len(rec)) + rec)
            if len(out) == 65536:
                f.write(b"".join(out))
                out = []
        f.write(b"".join(out))


if __name__ == "__main__":
    main()
