#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The echo test suite every engine must pass: an independent client
(python3 socket) against `pktscope-gen echo` on loopback only.

usage: gen_echo_suite.py BINARY ENGINE
Prints "ok NAME" / "FAIL NAME: why" per check; exit 0 if all passed."""
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BIN, ENGINE = sys.argv[1], sys.argv[2]
FAILS = []
PROCS = []


def check(name, cond, why=""):
    print(("ok   %s" if cond else "FAIL %s: " + why) % name if cond else "FAIL %s: %s" % (name, why), flush=True)
    if not cond:
        FAILS.append(name)


class Server:
    """One echo server; reads its banner for the bound address."""

    def __init__(self, *args):
        self.p = subprocess.Popen([BIN, "echo", "--engine", ENGINE] + list(args),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        PROCS.append(self.p)
        line = self.p.stdout.readline()
        m = re.search(r"listening on (\S+)", line)
        if not m:
            raise RuntimeError("no banner: %r %r" % (line, self.p.stderr.read()))
        self.where = m.group(1)
        m = re.search(r":(\d+)$", self.where)
        self.port = int(m.group(1)) if m else None

    def stop(self, sig=signal.SIGTERM, timeout=10):
        self.p.send_signal(sig)
        out, err = self.p.communicate(timeout=timeout)
        self.stats = dict(re.findall(r"(\w+)=([\d.]+)", out))
        if "Sanitizer" in err or "runtime error:" in err:  # --enable-sanitizers builds
            check("server ran clean under the sanitizers", False, err[-2000:])
        return self.p.returncode, out, err

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def echo_stream(sock, data, maxsplit=70000, halfclose=True):
    """Send data in random splits while a thread reads; return what came back."""
    got = bytearray()

    def reader():
        while True:
            b = sock.recv(65536)
            if not b:
                return
            got.extend(b)

    t = threading.Thread(target=reader)
    t.start()
    i = 0
    rnd = random.Random(len(data))
    while i < len(data):
        n = rnd.randint(1, maxsplit)
        sock.sendall(data[i:i + n])
        i += n
    if halfclose:
        sock.shutdown(socket.SHUT_WR)
    t.join(30)
    return bytes(got)


def stream_sizes(family, host, port, name):
    sizes = [1, 100, 4096, 65536, 65537, 1 << 20, 5 << 20]
    ok = True
    for n in sizes:
        data = os.urandom(n)
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(30)
            s.connect((host, port))
            back = echo_stream(s, data)
        if back != data:
            ok = False
            check("%s size %d" % (name, n), False, "got %d bytes back" % len(back))
    check("%s: sizes 1..5MiB, random splits, half-close" % name, ok)


def test_tcp(family, host):
    srv = Server("--listen", "[%s]:0" % host if family == socket.AF_INET6 else "%s:0" % host)
    stream_sizes(family, host, srv.port, "tcp %s" % host)
    # Ping-pong: one message at a time without half-close.
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect((host, srv.port))
        ok = True
        for i in range(200):
            msg = ("ping %d " % i).encode() * (i % 7 + 1)
            s.sendall(msg)
            got = b""
            while len(got) < len(msg):
                got += s.recv(65536)
            ok = ok and got == msg
        check("tcp %s: 200 request/response rounds" % host, ok)
    rc, out, err = srv.stop()
    check("tcp %s: graceful stop exit 0 with stats" % host, rc == 0 and "echo stats:" in out, err)


def test_concurrent():
    srv = Server("--listen", "127.0.0.1:0")
    results = []

    def client(i):
        data = os.urandom(200000 + i)
        with socket.socket() as s:
            s.settimeout(30)
            s.connect(("127.0.0.1", srv.port))
            results.append(echo_stream(s, data, maxsplit=9000) == data)

    ts = [threading.Thread(target=client, args=(i,)) for i in range(50)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    check("50 concurrent clients x 200 kB", len(results) == 50 and all(results),
          "%d/%d ok" % (sum(results), len(results)))
    srv.stop()
    check("stats count 50 accepted, peak <= 50", srv.stats.get("accepted") == "50"
          and int(srv.stats.get("peak", 99)) <= 50, str(srv.stats))


def test_dual_stack():
    srv = Server("--listen", "[::]:0")
    for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        with socket.socket(fam) as s:
            s.settimeout(5)
            s.connect((host, srv.port))
            check("dual-stack [::] reached over %s" % host, echo_stream(s, b"dual") == b"dual")
    srv.stop()
    srv = Server("--listen", "[::]:0", "--v6only")
    try:
        with socket.socket() as s:
            s.settimeout(5)
            s.connect(("127.0.0.1", srv.port))
            v4 = True
    except OSError:
        v4 = False
    check("--v6only refuses IPv4 clients", not v4)
    srv.stop()


def test_udp(family, host):
    srv = Server("--udp", "--listen", "[%s]:0" % host if family == socket.AF_INET6 else "%s:0" % host)
    ok = True
    socks = [socket.socket(family, socket.SOCK_DGRAM) for _ in range(2)]
    for s in socks:
        s.settimeout(3)
    for n in (1, 512, 1472, 8000, 65507):
        for i, s in enumerate(socks):
            data = bytes([i]) + os.urandom(n - 1)
            s.sendto(data, (host, srv.port))
            back, frm = s.recvfrom(70000)
            ok = ok and back == data and frm[1] == srv.port
    for s in socks:
        s.close()
    check("udp %s: each datagram (1..65507 B) back to its own sender" % host, ok)
    srv.stop()
    check("udp %s: stats count datagrams" % host, srv.stats.get("datagrams") == "10", str(srv.stats))


def test_unix():
    d = tempfile.mkdtemp()
    path = os.path.join(d, "echo.sock")
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(path)
    stale.close()  # a stale socket file: nobody listens
    srv = Server("--unix", path)
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(10)
        s.connect(path)
        data = os.urandom(3 << 20)
        check("unix: stale socket replaced, 3 MiB echoed", echo_stream(s, data) == data)
    try:
        Server("--unix", path)
        second = True
    except RuntimeError as e:
        second = False
        check("unix: live socket not stolen (one-line error)", "already in use" in str(e), str(e))
    check("unix: second server refused", not second)
    srv.stop()
    check("unix: socket file removed at exit", not os.path.exists(path))
    os.rmdir(d)


def test_max_conns():
    srv = Server("--listen", "127.0.0.1:0", "--max-conns", "3")
    keep, served = [], []
    for i in range(3):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        s.sendall(b"x")
        served.append(s.recv(1) == b"x")
        keep.append(s)
    extra = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    try:
        extra.sendall(b"y")
        refused = extra.recv(1) == b""
    except OSError:
        refused = True
    check("--max-conns 3: three served, fourth closed", served == [True] * 3 and refused)
    extra.close()
    for s in keep:
        s.close()
    srv.stop()
    check("--max-conns: refused counted", srv.stats.get("refused") == "1", str(srv.stats))


def test_idle_timeout():
    srv = Server("--listen", "127.0.0.1:0", "--idle-timeout", "300ms")
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    t0 = time.monotonic()
    try:
        closed = s.recv(1) == b""
    except OSError:
        closed = True
    took = time.monotonic() - t0
    s.close()
    check("idle connection closed after ~300ms", closed and 0.2 < took < 2.5, "%.2fs" % took)
    srv.stop()
    check("idle timeout counted", srv.stats.get("timeouts") == "1", str(srv.stats))


def test_slow_reader():
    """A client that sends but never reads: the server's memory must not
    grow, and other clients are still served meanwhile."""
    srv = Server("--listen", "127.0.0.1:0", "--buffer", "16k")
    time.sleep(0.1)
    rss0 = srv.rss_kb()
    bad = socket.create_connection(("127.0.0.1", srv.port))
    bad.setblocking(False)
    chunk = b"z" * 65536
    sent, t_end = 0, time.monotonic() + 1.5
    while time.monotonic() < t_end:
        try:
            sent += bad.send(chunk)
        except BlockingIOError:
            time.sleep(0.01)
    with socket.socket() as good:
        good.settimeout(10)
        good.connect(("127.0.0.1", srv.port))
        data = os.urandom(1 << 20)
        check("other clients served while one never reads", echo_stream(good, data) == data)
    grow = srv.rss_kb() - rss0
    check("never-reading client: sender blocked after %d kB, server RSS +%d kB (< 4096)"
          % (sent // 1024, grow), grow < 4096 and sent < (64 << 20))
    bad.close()
    srv.stop()


def test_graceful_stop():
    srv = Server("--listen", "127.0.0.1:0", "--grace", "1s")
    idle = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    busy = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    busy.sendall(b"q")
    busy.recv(1)
    t0 = time.monotonic()
    rc, out, err = srv.stop(signal.SIGINT)
    took = time.monotonic() - t0
    check("SIGINT: exit 0 within the grace bound (%.2fs)" % took, rc == 0 and took < 3.0, err)
    check("SIGINT: stats printed", "echo stats:" in out, out)
    try:
        idle.settimeout(2)
        eof = idle.recv(1) == b""
    except OSError:
        eof = True
    check("SIGINT: open connections closed", eof)
    try:
        socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
        listening = True
    except OSError:
        listening = False
    check("SIGINT: listener closed", not listening)
    idle.close()
    busy.close()


def run_fail(args):
    p = subprocess.run([BIN, "echo", "--engine", ENGINE] + args, capture_output=True, text=True, timeout=10)
    return p.returncode, p.stderr.strip()


def test_errors():
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    rc, err = run_fail(["--listen", "127.0.0.1:%d" % port])
    check("port in use: exit 1, one line", rc == 1 and "already in use" in err and "\n" not in err, err)
    holder.close()
    rc, err = run_fail(["--listen", "300.1.1.1:80"])
    check("bad address: exit 2, one line", rc == 2 and "bad address" in err and "\n" not in err, err)
    rc, err = run_fail(["--listen", "127.0.0.1:5566", "--engine", "kqueue"])
    check("unknown engine: exit 2", rc == 2 and "unknown engine" in err, err)
    try:
        unpriv = int(open("/proc/sys/net/ipv4/ip_unprivileged_port_start").read())
    except OSError:
        unpriv = 1024
    drop = []
    if os.geteuid() == 0 and os.path.exists("/usr/bin/setpriv"):
        drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if unpriv > 80 and (drop or os.geteuid() != 0):
        p = subprocess.run(drop + [BIN, "echo", "--engine", ENGINE, "--listen", "127.0.0.1:80"],
                           capture_output=True, text=True, timeout=10)
        err = p.stderr.strip()
        check("privileged port as nobody: exit 1, permission denied", p.returncode == 1
              and "permission denied" in err and "\n" not in err, err)


def main():
    random.seed(4)
    tests = [lambda: test_tcp(socket.AF_INET, "127.0.0.1"), lambda: test_tcp(socket.AF_INET6, "::1"),
             test_concurrent, test_dual_stack,
             lambda: test_udp(socket.AF_INET, "127.0.0.1"), lambda: test_udp(socket.AF_INET6, "::1"),
             test_unix, test_max_conns, test_idle_timeout, test_slow_reader, test_graceful_stop,
             test_errors]
    only = os.environ.get("GEN_ECHO_ONLY")
    for t in tests:
        if only and only not in getattr(t, "__name__", ""):
            continue
        try:
            t()
        except Exception as e:  # a crash of one check is a failure, not an abort
            check(getattr(t, "__name__", "test"), False, repr(e))
    for p in PROCS:
        if p.poll() is None:
            p.kill()
            p.wait()
    print("engine %s: %d failure(s)" % (ENGINE, len(FAILS)))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
