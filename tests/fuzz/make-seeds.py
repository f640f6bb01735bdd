#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""make-seeds.py - turn the frames of pcap/pcapng files into libFuzzer seeds for fuzz_dissect.

Usage: make-seeds.py SRC_DIR OUT_DIR [--max N]
       make-seeds.py --to-pcap INPUT OUT.pcap   (a seed or crash file as a pcap, to replay it)

Every regular file in SRC_DIR whose magic says pcap (either byte order,
microsecond or nanosecond) or pcapng (SHB byte order, one link type per
interface, EPB/SPB/OPB packets) is read; other files are skipped.  Each frame
on a link type the harness knows becomes one seed, [selector][frame bytes],
named by its SHA-1 like libFuzzer's own corpus files, so duplicates collapse.
Seeds are taken round-robin across files up to --max (default 3000) so one big
capture cannot crowd out the small, odd ones.  Standard library only.
"""
import hashlib
import os
import struct
import sys

# File link type -> selector index; the order is fuzz_dissect.c's links[].
LINK_INDEX = {
    1: 0,      # EN10MB
    113: 1,    # LINUX_SLL
    276: 2,    # LINUX_SLL2
    101: 3,    # LINKTYPE_RAW (as stored in files)
    12: 3,     # DLT_RAW as some writers store it
    228: 4,    # IPV4
    229: 5,    # IPV6
    0: 6,      # NULL
    108: 7,    # LOOP
}

PCAP_MAGICS = {
    b"\xd4\xc3\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">",  # microseconds
    b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\x3c\x4d": ">",  # nanoseconds
}
PCAPNG_SHB = 0x0A0D0D0A


def read_pcap(buf):
    """Yield (linktype, frame, orig_len) from a classic pcap file."""
    bo = PCAP_MAGICS[buf[:4]]
    if len(buf) < 24:
        return
    linktype = struct.unpack(bo + "I", buf[20:24])[0] & 0x0FFFFFFF  # upper bits: FCS info
    off = 24
    while off + 16 <= len(buf):
        _sec, _frac, incl, orig = struct.unpack(bo + "IIII", buf[off:off + 16])
        off += 16
        if incl > len(buf) - off:
            return  # truncated record: keep what came before
        yield linktype, buf[off:off + incl], orig
        off += incl


def pcapng_packet(btype, bo, body, ifaces):
    """(linktype, frame, orig_len) of one EPB/SPB/OPB body, or None."""
    if btype == 6 and len(body) >= 20:  # Enhanced Packet Block
        iface, _hi, _lo, cap, orig = struct.unpack(bo + "IIIII", body[:20])
        data_off = 20
    elif btype == 2 and len(body) >= 20:  # obsolete Packet Block
        iface, _drops, _hi, _lo, cap, orig = struct.unpack(bo + "HHIIII", body[:20])
        data_off = 20
    elif btype == 3 and len(body) >= 4:  # Simple Packet Block: interface 0
        iface, orig = 0, struct.unpack(bo + "I", body[:4])[0]
        data_off = 4
        snap = ifaces[0][1] if ifaces else 0
        cap = min(orig, len(body) - 4, snap or orig)
    else:
        return None
    if iface >= len(ifaces) or cap > len(body) - data_off:
        return None
    return ifaces[iface][0], body[data_off:data_off + cap], orig


def read_pcapng(buf):
    """Yield (linktype, frame, orig_len) from a pcapng file (all sections)."""
    off, bo, ifaces = 0, "<", []
    while off + 12 <= len(buf):
        btype = struct.unpack(bo + "I", buf[off:off + 4])[0]
        if btype == PCAPNG_SHB:  # the SHB type reads the same in either byte order
            # a new section: its byte-order magic decides how to read everything after it
            bom = buf[off + 8:off + 12]
            bo = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">" if bom == b"\x1a\x2b\x3c\x4d" else None
            if bo is None:
                return
            ifaces = []
        blen = struct.unpack(bo + "I", buf[off + 4:off + 8])[0]
        if blen < 12 or blen % 4 or blen > len(buf) - off:
            return  # corrupt or truncated block
        body = buf[off + 8:off + blen - 4]
        if btype == 1 and len(body) >= 8:  # Interface Description Block
            linktype, _res, snap = struct.unpack(bo + "HHI", body[:8])
            ifaces.append((linktype, snap))
        elif btype in (2, 3, 6):
            pkt = pcapng_packet(btype, bo, body, ifaces)
            if pkt:
                yield pkt
        off += blen


def frames_of(path):
    """All frames of one capture file, [] if it is not one."""
    try:
        with open(path, "rb") as f:
            buf = f.read()
    except OSError as e:
        print("make-seeds: %s: %s" % (path, e.strerror), file=sys.stderr)
        return []
    try:
        if buf[:4] in PCAP_MAGICS:
            return list(read_pcap(buf))
        if len(buf) >= 4 and struct.unpack("<I", buf[:4])[0] == PCAPNG_SHB:
            return list(read_pcapng(buf))
    except struct.error:
        pass
    return []


def seed_of(linktype, frame, orig, k):
    """[selector][frame]: link index, length mode and a parameter (see fuzz_dissect.c)."""
    if orig > len(frame):
        mode, param = 1, min(7, (orig - len(frame) - 1) // 97)  # a snaplen cut
    else:
        mode, param = 0, k % 8  # param varies time/hex/verbosity of the full render
    return bytes([LINK_INDEX[linktype] | mode << 3 | param << 5]) + frame


def to_pcap(inp, out):
    """Write one fuzzer input as a one-packet pcap, with the length the harness would use."""
    with open(inp, "rb") as f:
        data = f.read()
    if not data:
        return 1
    sel, frame = data[0], data[1:]
    mode, param, cap = sel >> 3 & 3, sel >> 5, len(frame)
    length = [cap, cap + 1 + param * 97,
              0xFFFFFFFF if param == 7 else cap + (1 << (16 + param)),
              cap - 1 - param if cap > param else 0][mode]
    linktype = [1, 113, 276, 101, 228, 229, 0, 108][sel & 7]
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
        f.write(struct.pack("<IIII", 1700000000, 0, cap, length) + frame)
    return 0


def main(argv):
    args = [a for a in argv[1:]]
    if len(args) == 3 and args[0] == "--to-pcap":
        return to_pcap(args[1], args[2])
    limit = 3000
    if "--max" in args:
        i = args.index("--max")
        limit = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        print("\n".join(__doc__.strip().splitlines()[2:4]), file=sys.stderr)
        return 2
    src, out = args
    os.makedirs(out, exist_ok=True)
    per_file = []
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        if os.path.isfile(path):
            frames = [f for f in frames_of(path) if f[0] in LINK_INDEX]
            if frames:
                per_file.append(frames)
    written, seen, k = 0, set(), 0
    while written < limit and any(k < len(fr) for fr in per_file):
        for frames in per_file:
            if k >= len(frames) or written >= limit:
                continue
            seed = seed_of(*frames[k], k)
            digest = hashlib.sha1(seed).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            with open(os.path.join(out, digest), "wb") as f:
                f.write(seed)
            written += 1
        k += 1
    print("make-seeds: %d seeds from %d capture files in %s" % (written, len(per_file), src))
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
