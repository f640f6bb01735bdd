#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""ja4_from_oracle.py EXPECTED_DIR ACTUAL_DIR - check pktscope's JA4 on real
ClientHellos: tshark 4.0 has no JA4, but the app oracle holds the lists it is
made of (client_hello.version, ciphers, extensions, sig_algs, alpn,
supported_versions, as tshark decoded them).  This computes JA4 from those
lists, independently of the C code, per FoxIO's JA4.md, and compares it with
the `ja4` pktscope printed for the same frame.  Prints a summary; exit 1 on
any difference or when no frame was compared."""
import hashlib
import json
import os
import sys


def grease(v):
    return (v & 0x0F0F) == 0x0A0A and (v >> 8) == (v & 0xFF)


def ja4(ch):
    versions = [v for v in ch.get("supported_versions", []) if not grease(v)]
    ver = max(versions) if versions else ch["version"]
    vname = {0x0304: "13", 0x0303: "12", 0x0302: "11", 0x0301: "10", 0x0300: "s3"}.get(ver, "00")
    ciphers = [c for c in ch.get("ciphers", []) if not grease(c)]
    exts = [e for e in ch.get("extensions", []) if not grease(e)]
    alpn = ch.get("alpn", [])
    a = "00"
    if alpn and alpn[0]:
        first, last = alpn[0][0], alpn[0][-1]
        if first.isascii() and first.isalnum() and last.isascii() and last.isalnum():
            a = first + last
        else:
            # the first hex digit of the first byte, the last of the last
            a = first.encode()[:1].hex()[0] + last.encode()[-1:].hex()[1]
    head = "t%s%s%02d%02d%s" % (vname, "d" if 0 in exts else "i", min(len(ciphers), 99),
                                min(len(exts), 99), a)
    h = lambda s: hashlib.sha256(s.encode()).hexdigest()[:12]
    b = h(",".join("%04x" % c for c in sorted(ciphers))) if ciphers else "0" * 12
    rest = sorted(e for e in exts if e not in (0, 16))
    cs = ",".join("%04x" % e for e in rest)
    sig = [s for s in ch.get("sig_algs", []) if not grease(s)]
    if sig:
        cs += "_" + ",".join("%04x" % s for s in sig)
    c = h(cs) if rest else "0" * 12
    return "%s_%s_%s" % (head, b, c)


def unflatten(tls):
    ch = {}
    for k, v in tls.items():
        if k.startswith("client_hello."):
            ch[k[len("client_hello."):]] = v
    return ch


compared = bad = 0
exp_dir, act_dir = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(exp_dir)):
    act_path = os.path.join(act_dir, name)
    if not name.endswith(".ndjson") or not os.path.exists(act_path):
        continue
    actual = {}
    for line in open(act_path):
        o = json.loads(line)
        actual[o["frame"]["n"]] = o
    for line in open(os.path.join(exp_dir, name)):
        e = json.loads(line)
        ch = unflatten(e.get("tls", {}))
        if "ciphers" not in ch or "ja3" not in ch:
            continue  # no whole ClientHello in this frame
        got = actual.get(e["frame"]["n"], {}).get("tls", {}).get("client_hello", {}).get("ja4")
        if got is None:
            continue  # tshark completed it by reassembly: not ours to fingerprint yet
        compared += 1
        want = ja4(ch)
        if got != want:
            bad += 1
            if bad <= 5:
                print("%s #%d: ja4 %s, from tshark's lists %s" % (name, e["frame"]["n"], got, want))
print("ja4: %d of %d ClientHellos agree with JA4 computed from tshark's lists" % (compared - bad, compared))
sys.exit(1 if bad or not compared else 0)
