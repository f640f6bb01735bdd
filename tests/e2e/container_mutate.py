#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""container_mutate.py - mutate the pcap/pcapng containers of real captures
and run `pktscope -r` on every mutant (issue 12 item 7).

Usage: container_mutate.py PKTSCOPE PCAP_DIR [--mutants N] [--seed S] [--keep DIR]

Each capture is cut to its records in the first 32 KiB (fast runs), its
container fields are located (pcap: file header snap length and link type,
record time stamps, caplen and len; pcapng: block types and both lengths,
section byte-order magic, interface link type and snap length, option codes
and lengths, if_tsresol and if_tsoffset values, packet interface, time
stamp, caplen and len), and N mutants each overwrite one field with an edge
value (0, 1, all ones, the sign bit, the length +-1 and +-4, INT64_MAX ...)
or insert if_tsresol / if_tsoffset options into an interface block.  The
choice is seeded, so a run is repeatable.  Every mutant runs in text,
--json and -q mode; each run must exit 0 or 1 (never a signal or a hang) and
print at most one line on stderr, starting "pktscope: " (a sanitizer report
is more).  Exit 0 when all pass, 1 otherwise (with the failing mutants kept).
"""
import concurrent.futures
import os
import random
import struct
import subprocess
import sys
import tempfile

CUT = 32 * 1024
MODES = ([], ["--json"], ["-q"])
U32_EDGES = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFF, 0x10000, 64 << 20, (64 << 20) + 1]
U64_EDGES = [0, 1, 2**63 - 1, 2**63, 2**64 - 1, 2**62, 2**64 - 1562346644]
RESOL_EDGES = [0, 1, 6, 9, 19, 20, 63, 0x80, 0x80 | 63, 0x80 | 64, 0xFF]


class Capture:
    """A capture's bytes (cut) and the fields a mutant may overwrite:
    (offset, width in bytes, byte order, kind, current value)."""

    def __init__(self, data):
        self.data = data
        self.fields = []
        self.idbs = []  # (offset, length, byte order) of interface blocks
        if data[:4] == b"\x0a\x0d\x0d\x0a":
            self.walk_pcapng()
        else:
            self.walk_pcap()

    def field(self, off, width, order, kind):
        fmt = {2: "H", 4: "I", 8: "Q", 1: "B"}[width]
        val = struct.unpack_from(order + fmt, self.data, off)[0]
        self.fields.append((off, width, order, kind, val))

    def walk_pcap(self):
        d = self.data
        order = "<" if d[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        self.field(16, 4, order, "snaplen")
        self.field(20, 4, order, "linktype")
        off = 24
        while off + 16 <= len(d):
            caplen = struct.unpack_from(order + "I", d, off + 8)[0]
            if off + 16 + caplen > CUT:
                break
            for k, name in ((0, "ts"), (4, "ts"), (8, "caplen"), (12, "len")):
                self.field(off + k, 4, order, name)
            off += 16 + caplen
        self.data = d[:off]

    def walk_pcapng(self):
        d, off, order = self.data, 0, "<"
        while off + 12 <= len(d):
            btype = struct.unpack_from("<I", d, off)[0]
            if btype == 0x0A0D0D0A:
                order = "<" if d[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
                self.field(off + 8, 4, "<", "bom")
            blen = struct.unpack_from(order + "I", d, off + 4)[0]
            if blen < 12 or off + blen > len(d) or off + blen > CUT:
                break
            self.field(off, 4, order, "btype")
            self.field(off + 4, 4, order, "blen")
            self.field(off + blen - 4, 4, order, "blen")
            if btype == 1 and blen >= 20:
                self.idbs.append((off, blen, order))
                self.field(off + 8, 2, order, "linktype")
                self.field(off + 12, 4, order, "snaplen")
                self.walk_options(off + 16, off + blen - 4, order, idb=True)
            elif btype == 6 and blen >= 32:
                for k, name in ((8, "ifid"), (12, "ts"), (16, "ts"), (20, "caplen"), (24, "len")):
                    self.field(off + k, 4, order, name)
            elif btype == 3 and blen >= 16:
                self.field(off + 8, 4, order, "len")
            off += blen
        self.data = d[:off]

    def walk_options(self, o, end, order, idb):
        d = self.data
        while o + 4 <= end:
            code, olen = struct.unpack_from(order + "HH", d, o)
            self.field(o, 2, order, "optcode")
            self.field(o + 2, 2, order, "optlen")
            if code == 0:
                break
            if idb and code == 9 and olen >= 1:
                self.field(o + 4, 1, order, "tsresol")
            if idb and code == 14 and olen >= 8:
                self.field(o + 4, 8, order, "tsoffset")
            o += 4 + ((olen + 3) & ~3)


def edge_values(width, kind, val):
    if kind == "tsresol":
        return RESOL_EDGES
    if width == 8:
        return U64_EDGES
    if width == 2:
        return [0, 1, 0xFFFF, 0x8000, (val + 1) & 0xFFFF, (val + 4) & 0xFFFF]
    near = [(val + k) & 0xFFFFFFFF for k in (-4, -1, 1, 4)]
    return U32_EDGES + near + ([0x0A0D0D0A, 1, 6, 3, 2] if kind == "btype" else [])


def overwrite(cap, rnd):
    off, width, order, kind, val = rnd.choice(cap.fields)
    new = rnd.choice(edge_values(width, kind, val))
    fmt = {1: "B", 2: "H", 4: "I", 8: "Q"}[width]
    b = bytearray(cap.data)
    struct.pack_into(order + fmt, b, off, new)
    return bytes(b), "%s@%d=%#x" % (kind, off, new)


def insert_options(cap, rnd):
    """An interface block rebuilt with if_tsresol and/or if_tsoffset options."""
    off, blen, order = rnd.choice(cap.idbs)
    opts = b""
    if rnd.random() < 0.7:
        opts += struct.pack(order + "HHB3x", 9, 1, rnd.choice(RESOL_EDGES))
    tsoff = rnd.choice(U64_EDGES)
    opts += struct.pack(order + "HHQ", 14, 8, tsoff)
    body = cap.data[off + 8:off + 16] + opts + cap.data[off + 16:off + blen - 4]
    nlen = len(body) + 12
    block = struct.pack(order + "II", 1, nlen) + body + struct.pack(order + "I", nlen)
    return cap.data[:off] + block + cap.data[off + blen:], "idb@%d+tsoffset=%#x" % (off, tsoff)


def run_one(pktscope, path, label):
    """The failures of one mutant's three runs (empty when it passes)."""
    bad = []
    for mode in MODES:
        try:
            p = subprocess.run([pktscope, "-r", path] + mode, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=20)
        except subprocess.TimeoutExpired:
            bad.append("%s %s: hang" % (label, " ".join(mode)))
            continue
        err = p.stderr.decode("utf-8", "replace").splitlines()
        if p.returncode not in (0, 1):
            bad.append("%s %s: exit %d" % (label, " ".join(mode), p.returncode))
        if len(err) > 1 or (err and not err[0].startswith("pktscope: ")):
            bad.append("%s %s: stderr: %s" % (label, " ".join(mode), " | ".join(err[:6])))
    return bad


def main():
    args = sys.argv[1:]
    opt = {"--mutants": "240", "--seed": "12", "--keep": None}
    pos = []
    while args:
        a = args.pop(0)
        if a in opt:
            opt[a] = args.pop(0)
        else:
            pos.append(a)
    pktscope, src = pos
    names = sorted(n for n in os.listdir(src) if n.endswith((".pcap", ".pcapng")))
    caps = [(n, Capture(open(os.path.join(src, n), "rb").read())) for n in names]
    caps = [(n, c) for n, c in caps if c.fields]
    rnd = random.Random(int(opt["--seed"]))
    keep = opt["--keep"] or tempfile.mkdtemp(prefix="container_mutate-")
    mutants = []  # made in order from one seed, so a run is repeatable
    for i in range(int(opt["--mutants"])):
        name, cap = caps[i % len(caps)]
        if cap.idbs and rnd.random() < 0.25:
            data, what = insert_options(cap, rnd)
        else:
            data, what = overwrite(cap, rnd)
        mutants.append((i, name, data, what))
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        def check(m):
            i, name, data, what = m
            path = os.path.join(tmp, "mutant-%d" % i)
            with open(path, "wb") as f:
                f.write(data)
            bad = run_one(pktscope, path, "%d %s %s" % (i, name, what))
            if bad:
                os.replace(path, os.path.join(keep, "mutant-%d-%s" % (i, name)))
            else:
                os.unlink(path)
            return bad
        # two at a time: the runs are mostly process start-up (ASan's above all)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for bad in pool.map(check, mutants):
                failures += bad
    print("%d mutants of %d captures, 3 runs each: %d failures" %
          (int(opt["--mutants"]), len(caps), len(failures)))
    for f in failures[:40]:
        print("FAIL:", f)
    if failures:
        print("failing mutants kept in", keep)
        return 1
    if not opt["--keep"]:
        os.rmdir(keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
