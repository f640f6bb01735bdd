#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Receives udp-send datagrams and checks the documented payload layout.
usage: gen_udp_recv.py BIND_HOST SECONDS  — prints "port N" first, then one
JSON line: count, first/last seq, gaps, reordered, bad, streams, max clock skew."""
import json
import socket
import struct
import sys
import time

host, secs = sys.argv[1], float(sys.argv[2])
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.bind((host, 0))
print("port %d" % s.getsockname()[1], flush=True)
s.settimeout(0.2)
res = {"count": 0, "bad": 0, "gaps": 0, "reordered": 0, "streams": [], "first": None,
       "last": None, "max_skew_ms": 0.0, "sizes": []}
prev = None
end = time.time() + secs
while time.time() < end:
    try:
        b = s.recv(70000)
    except socket.timeout:
        continue
    if len(b) < 24 or b[:4] != b"PSG1" or any(b[i] != (i & 0xFF) for i in range(24, len(b))):
        res["bad"] += 1
        continue
    stream, seq, tx = struct.unpack(">IQQ", b[4:24])
    skew = abs(time.time() - tx / 1e9) * 1000
    res["max_skew_ms"] = max(res["max_skew_ms"], skew)
    if stream not in res["streams"]:
        res["streams"].append(stream)
    if len(b) not in res["sizes"]:
        res["sizes"].append(len(b))
    if prev is not None:
        if seq < prev:
            res["reordered"] += 1
        elif seq > prev + 1:
            res["gaps"] += seq - prev - 1
    if res["first"] is None:
        res["first"] = seq
    res["last"] = seq
    prev = seq
    res["count"] += 1
print(json.dumps(res), flush=True)
