#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A DNS-over-TCP exchange on 127.0.0.1:PORT (argv[2], default 53) for
tests/e2e/dns_tcp_stream.sh:
`server` answers every query on one connection (A records, as many as the
query's first label says: n5.example.com gets 5), `client` sends queries cut
at chosen places (TCP_NODELAY and a pause between send() calls, so each
piece is its own segment) and prints the ids and answers it received."""
import socket, struct, sys, time

PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 53

def qname(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"

def query(qid, name):
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + qname(name) + struct.pack(">HH", 1, 1)

def answer(q):
    qid = struct.unpack(">H", q[:2])[0]
    end = 12
    labels = []
    while q[end]:
        labels.append(q[end + 1:end + 1 + q[end]].decode())
        end += 1 + q[end]
    n = int(labels[0][1:]) if labels[0][:1] == "n" and labels[0][1:].isdigit() else 1
    m = struct.pack(">HHHHHH", qid, 0x8180, 1, n, 0, 0) + q[12:end + 5]
    for i in range(n):
        m += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 300, 4) + bytes([10, qid & 255, i >> 8, i & 255])
    return struct.pack(">H", len(m)) + m

def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            return None
        b += c
    return b

def pieces(s, data, cuts):
    """send data in pieces ending at the offsets in cuts"""
    at = 0
    for c in list(cuts) + [len(data)]:
        if c > at:
            s.sendall(data[at:c])
            time.sleep(0.05)
            at = c

def server():
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", PORT))
    ls.listen(1)
    ls.settimeout(20)
    print("ready", flush=True)
    c, _ = ls.accept()
    c.settimeout(20)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    out = []
    while True:
        h = recv_exact(c, 2)
        if h is None:
            break
        q = recv_exact(c, struct.unpack(">H", h)[0])
        r = answer(q)
        qid = struct.unpack(">H", q[:2])[0]
        if qid == 1:          # the prefix alone, then one byte, then the rest
            pieces(c, r, [1, 2, 3])
        elif qid == 2:        # held back: answered with 3 in one segment
            out.append(r)
            continue
        elif qid == 3:
            pieces(c, out.pop() + r, [])
        elif qid == 4:        # a large answer over several segments
            pieces(c, r, [700, 1400])
        elif qid == 5:        # tail of this one and head of the next together
            out.append(r)
            continue
        elif qid == 6:
            a, b = out.pop(), r
            pieces(c, a + b, [20, len(a) + 5])
        else:
            pieces(c, r, [])
    c.close()

def client():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=20)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def msg(qid, name):
        q = query(qid, name)
        return struct.pack(">H", len(q)) + q
    pieces(s, msg(1, "split.example.com"), [1, 2, 9])   # every kind of cut
    pieces(s, msg(2, "n2.example.com") + msg(3, "n3.example.com"), [])  # two in one segment
    pieces(s, msg(4, "n150.example.com"), [])
    a = msg(5, "five.example.org")
    pieces(s, a + msg(6, "six.example.org"), [len(a) - 3, len(a) + 1])
    got = []
    for _ in range(6):
        h = recv_exact(s, 2)
        m = recv_exact(s, struct.unpack(">H", h)[0])
        got.append(struct.unpack(">HHHH", m[:8]))
    s.close()
    print(" ".join("%d:%d" % (g[0], g[3]) for g in got))

(server if sys.argv[1] == "server" else client)()
