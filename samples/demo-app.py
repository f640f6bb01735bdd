#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Servers and a DNS client for samples/make-demo.sh --app (real traffic in
the namespaces that script makes; nothing here touches another network).

  demo-app.py serve SECONDS   DNS on UDP and TCP port 53 (a fixed zone:
                              A, AAAA, CNAME, TXT, NXDOMAIN, EDNS echoed) and
                              HTTP/1.1 on port 80 (keep-alive, 404 for
                              unknown paths), on every address; exits after
                              SECONDS so a forgotten server cannot linger
  demo-app.py ask SERVER      the DNS queries of the sample: five over UDP,
                              two over one TCP connection (RFC 1035 4.2.2
                              length prefix)
"""
import http.server, socket, socketserver, struct, sys, threading, time

A, AAAA = "192.0.2.2", "2001:db8::2"
TYPES = {"A": 1, "CNAME": 5, "TXT": 16, "AAAA": 28, "OPT": 41}


def name_bytes(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def question(qid, name, qtype, edns=False, rd=True):
    hdr = struct.pack("!HHHHHH", qid, 0x0100 if rd else 0, 1, 0, 0, 1 if edns else 0)
    q = hdr + name_bytes(name) + struct.pack("!HH", TYPES[qtype], 1)
    if edns:  # root name, OPT, 1232-byte UDP size, no options (as dig sends)
        q += b"\0" + struct.pack("!HHIH", TYPES["OPT"], 1232, 0, 0)
    return q


def rr(owner, rtype, rdata, ttl=300):
    """One answer RR; `owner` is already wire bytes (a name or a pointer)."""
    return owner + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def answer(query):
    """The response to one query message, or None if it is not a query."""
    if len(query) < 12:
        return None
    qid, flags, qd, _an, _ns, ar = struct.unpack("!HHHHHH", query[:12])
    if flags & 0x8000 or qd != 1:
        return None
    off, labels = 12, []
    while off < len(query) and query[off]:
        labels.append(query[off + 1:off + 1 + query[off]].decode("ascii", "replace"))
        off += 1 + query[off]
    qname, qtype = ".".join(labels).lower(), struct.unpack("!H", query[off + 1:off + 3])[0]
    qsection = query[12:off + 5]
    ans, rcode, target = [], 0, qname
    if qname == "web.demo.test":  # a CNAME, then the target's address
        # "www" + a pointer to "demo.test" in the question (offset 12 + 4)
        ans.append(rr(b"\xc0\x0c", TYPES["CNAME"], b"\x03www\xc0\x10"))
        target = "www.demo.test"
    if target == "www.demo.test":  # owner: the question, or the CNAME's rdata
        cname_rdata = 12 + len(qsection) + 12
        own = b"\xc0\x0c" if target == qname else struct.pack("!H", 0xc000 | cname_rdata)
        if qtype == TYPES["A"]:
            ans.append(rr(own, TYPES["A"], socket.inet_pton(socket.AF_INET, A)))
        elif qtype == TYPES["AAAA"]:
            ans.append(rr(own, TYPES["AAAA"], socket.inet_pton(socket.AF_INET6, AAAA)))
    elif qname == "demo.test" and qtype == TYPES["TXT"]:
        txt = b"".join(bytes([len(s)]) + s for s in (b"v=pktscope1", b"sample app traffic"))
        ans.append(rr(b"\xc0\x0c", TYPES["TXT"], txt, ttl=60))
    elif qname not in ("demo.test", "www.demo.test"):
        rcode = 3  # NXDOMAIN
    opt = b"\0" + struct.pack("!HHIH", TYPES["OPT"], 1232, 0, 0) if ar else b""
    hdr = struct.pack("!HHHHHH", qid, 0x8400 | (flags & 0x0100) | 0x0080 | rcode,
                      1, len(ans), 0, 1 if opt else 0)
    return hdr + qsection + b"".join(ans) + opt


class Web(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "demo-app/1"
    sys_version = ""
    PAGE = b"<html><body><p>pktscope demo</p></body></html>\n"

    def do_GET(self):
        found = self.path in ("/", "/index.html")
        body = self.PAGE if found else b"not here\n"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/html" if found else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Web6(socketserver.ThreadingMixIn, http.server.HTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def dns_udp(sock):
    while True:
        q, peer = sock.recvfrom(4096)
        r = answer(q)
        if r:
            sock.sendto(r, peer)


def dns_tcp(sock):
    while True:
        c, _peer = sock.accept()
        with c:
            buf = b""
            while True:
                d = c.recv(4096)
                if not d:
                    break
                buf += d
                while len(buf) >= 2 and len(buf) >= 2 + struct.unpack("!H", buf[:2])[0]:
                    n = struct.unpack("!H", buf[:2])[0]
                    r = answer(buf[2:2 + n])
                    buf = buf[2 + n:]
                    if r:
                        c.sendall(struct.pack("!H", len(r)) + r)


def serve(seconds):
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    u.bind(("::", 53))
    t = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    t.bind(("::", 53))
    t.listen(4)
    web = Web6(("::", 80), Web)
    for fn, arg in ((dns_udp, u), (dns_tcp, t), (web.serve_forever, None)):
        threading.Thread(target=fn, args=(arg,) if arg else (), daemon=True).start()
    print("ready", flush=True)
    time.sleep(seconds)


def ask(server):
    fam = socket.AF_INET6 if ":" in server else socket.AF_INET
    u = socket.socket(fam, socket.SOCK_DGRAM)
    u.settimeout(2)
    qid = 0x1a2b
    for name, qtype, edns in (("www.demo.test", "A", False), ("www.demo.test", "AAAA", False),
                              ("web.demo.test", "A", False), ("demo.test", "TXT", True),
                              ("nothing.demo.test", "A", False)):
        u.sendto(question(qid, name, qtype, edns), (server, 53))
        u.recvfrom(4096)
        qid += 1
    with socket.create_connection((server, 53), timeout=2) as c:
        for name, qtype in (("web.demo.test", "AAAA"), ("demo.test", "TXT")):
            q = question(qid, name, qtype)
            c.sendall(struct.pack("!H", len(q)) + q)
            n = struct.unpack("!H", c.recv(2))[0]
            got = b""
            while len(got) < n:
                got += c.recv(n - len(got))
            qid += 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(float(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "ask":
        ask(sys.argv[2])
    else:
        sys.exit(__doc__)
