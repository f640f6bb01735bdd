#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""llc_frames.py OUT.pcap [SNAPLEN] - a capture of IEEE 802.3 frames with
an LLC header for tests/e2e/llc_text.sh: every kind of BPDU (STP config,
RSTP, MSTP with MSTIs, TCN, malformed ones), PVST+ and bridged BPDUs over
SNAP, SNAP with an EtherType (IPv4) and with unknown protocols, U/I/S/XID
frames with unknown SAPs, headers cut by the 802.3 length and a VLAN-tagged
BPDU.  With SNAPLEN every frame is cut to that many bytes."""
import struct, sys
def eth8023(dst, llc):
    src = b"\x02\x00\x00\x00\x00\x01"
    fr = dst + src + struct.pack(">H", len(llc)) + llc
    return fr + bytes(max(0, 60 - len(fr)))
STPMAC = b"\x01\x80\xc2\x00\x00\x00"
PVST = b"\x01\x00\x0c\xcc\xcc\xcd"
bid = bytes.fromhex("8001aabbcc000300")
def cfg(ver=0, typ=0, flags=0, extra=b""):
    b = struct.pack(">HBBB", 0, ver, typ, flags) + bid + struct.pack(">I", 4) + bytes.fromhex("7002aabbcc000301") + struct.pack(">HHHHH", 0x8002, 256, 20*256, 2*256, 15*256)
    return b + extra
def mstp(nmsti=2, v1=0):
    base = cfg(3, 2, 0x7c)
    name = b"region1".ljust(32, b"\0")
    cfgid = b"\x00" + name + struct.pack(">H", 7) + bytes(range(16))
    cist = struct.pack(">I", 2000) + bid + b"\x14"
    mstis = b""
    for i in range(nmsti):
        mstis += bytes([0x78 if i else 0x01]) + struct.pack(">H", 0x8000 | (i + 10)) + bid[2:] + struct.pack(">I", 100 * i) + bytes([0x80, 0x90, 20 - i])
    v3 = len(cfgid) + len(cist) + len(mstis)
    return base + bytes([v1]) + struct.pack(">H", v3) + cfgid + cist + mstis
frames = [
    eth8023(STPMAC, b"\x42\x42\x03" + cfg()),                                  # STP config
    eth8023(STPMAC, b"\x42\x42\x03" + cfg(0, 0, 0x81)),                        # TC + TCA flags
    eth8023(STPMAC, b"\x42\x42\x03" + cfg(2, 2, 0x3e, b"\x00")),               # RSTP
    eth8023(STPMAC, b"\x42\x42\x03" + mstp()),                                 # MSTP 2 MSTIs
    eth8023(STPMAC, b"\x42\x42\x03" + mstp(0)),                                # MSTP no MSTI
    eth8023(STPMAC, b"\x42\x42\x03" + mstp(1, v1=3)),                          # MSTP bad v1 len
    eth8023(STPMAC, b"\x42\x42\x03" + b"\x00\x00\x00\x80"),                     # TCN
    eth8023(STPMAC, b"\x42\x42\x03" + cfg()[:20]),                             # config too short
    eth8023(STPMAC, b"\x42\x42\x03" + b"\x00\x01\x00\x00"),                     # protocol id 1
    eth8023(STPMAC, b"\x42\x42\x03" + b"\x00\x00\x07\x00"),                     # unknown version
    eth8023(STPMAC, b"\x42\x42\x03" + b"\x00\x00\x00\x05" + bytes(40)),         # unknown type
    eth8023(STPMAC, b"\x42\x42\x03\x00"),                                      # STP len 1
    eth8023(PVST, b"\xaa\xaa\x03\x00\x00\x0c\x01\x0b" + cfg() + b"\x00\x00\x00\x02\x00\x01"),  # PVST
    eth8023(STPMAC, b"\xaa\xaa\x03\x00\x80\xc2\x00\x0e" + cfg()),              # RFC 2684 BPDU
    eth8023(STPMAC, b"\xaa\xaa\x03\x00\x00\x0c\x20\x03" + bytes(20)),          # Cisco VTP (raw)
    eth8023(STPMAC, b"\xaa\xaa\x03\x00\x00\x00\x88\xb5" + bytes(20)),          # SNAP ethertype unknown
    eth8023(STPMAC, b"\xaa\xaa\x03\x12\x34\x56\x00\x01" + bytes(20)),          # SNAP unknown OUI
    eth8023(STPMAC, b"\xaa\xaa\x03\x00\x00\x00\x08\x00" + bytes.fromhex("450000200001000040117ccb0a0000010a000002") + struct.pack(">HHHH", 1000, 2000, 12, 0) + b"abcd"),  # SNAP IPv4 UDP
    eth8023(STPMAC, b"\x06\x06\x03" + bytes.fromhex("450000200001000040117ccb0a0000010a000002") + struct.pack(">HHHH", 1000, 2000, 12, 0) + b"abcd"),  # RFC 948 IP
    eth8023(STPMAC, b"\xf0\xf0\x03" + bytes(10)),                              # NetBeui UI (tcpdump decodes)
    eth8023(STPMAC, b"\x80\x81\x03" + bytes(10)),                              # unknown SAPs, response
    eth8023(STPMAC, b"\x80\x80\xf3" + bytes(10)),                              # TEST with poll
    eth8023(STPMAC, b"\x04\x05\xbf\x81\x01\x02" + bytes(4)),                   # XID final with FI
    eth8023(STPMAC, b"\x04\x04\xaf"),                                          # XID empty
    eth8023(STPMAC, b"\x04\x04\xaf\x82\x01\x02"),                              # XID other FI
    eth8023(STPMAC, b"\x04\x04\x01\x15" + bytes(4)),                           # S frame RR poll
    eth8023(STPMAC, b"\x04\x05\x09\x14" + bytes(4)),                           # S frame REJ final
    eth8023(STPMAC, b"\x04\x04\x0c\x1a" + bytes(8)),                           # I frame
    eth8023(STPMAC, b"\x04\x04\x27" + bytes(8)),                               # unknown U command
    eth8023(STPMAC, b"\x42\x43\x03" + cfg()),                                  # mixed SAPs
    eth8023(STPMAC, b"\x42"),                                                  # LLC len 1
    eth8023(STPMAC, b"\x04\x04\x0c"),                                          # I frame len 3
    eth8023(STPMAC, b"\xaa\xaa\x03\x00\x00"),                                  # SNAP cut by length
    # VLAN-tagged 802.3 STP
    STPMAC + b"\x02\x00\x00\x00\x00\x01\x81\x00\x00\x0a" + struct.pack(">H", 38) + b"\x42\x42\x03" + cfg() + bytes(4),
]
snap = int(sys.argv[2]) if len(sys.argv) > 2 else 65535
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snap, 1))
    for i, fr in enumerate(frames):
        cap = fr[:snap]
        f.write(struct.pack("<IIII", 1000 + i, 0, len(cap), len(fr)) + cap)
