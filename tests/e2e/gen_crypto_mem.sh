#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# gen_crypto_mem.sh - `pktscope-gen crypto` memory follows the bytes that
# arrive, not the length a client declares (issue 12, item 6): 300 clients
# that each declare a 1 MiB request and send 100 bytes of it cost the server
# far less than 300 MiB; a whole 1 MiB request is still answered correctly.
set -u
BIN="${top_builddir:-.}/pktscope-gen"
[ -x "$BIN" ] || { echo "SKIP: $BIN not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
TMP=$(mktemp -d)
SPID=""
trap '[ -z "$SPID" ] || kill "$SPID" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" crypto --listen "127.0.0.1:$PORT" --alg sha256 >"$TMP/srv.out" 2>&1 &
SPID=$!
python3 - "$PORT" "$SPID" <<'PY' || exit 1
import hashlib, socket, struct, sys, time
port, pid = int(sys.argv[1]), sys.argv[2]

def vmdata():
    for line in open("/proc/%s/status" % pid):
        if line.startswith("VmData:"):
            return int(line.split()[1])  # KiB

def conn():
    for _ in range(100):
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(0.05)
    raise SystemExit("FAIL: the server does not accept")

conn().close()
time.sleep(0.2)
before = vmdata()
socks = []
for _ in range(300):
    s = conn()
    s.sendall(struct.pack(">I", 1 << 20) + bytes(100))
    socks.append(s)
time.sleep(1.0)
grown = vmdata() - before
print("VmData grew by %d KiB for 300 partial 1 MiB requests" % grown)
if grown > 64 * 1024:
    raise SystemExit("FAIL: the server allocated the declared sizes (%d KiB)" % grown)
for s in socks:
    s.close()
data = bytes(range(256)) * 4096  # 1 MiB
s = conn()
s.sendall(struct.pack(">I", len(data)) + data)
buf = b""
while len(buf) < 5 + 32:
    chunk = s.recv(4096)
    if not chunk:
        raise SystemExit("FAIL: connection closed")
    buf += chunk
n, st = struct.unpack(">IB", buf[:5])
if st != 0 or buf[5:37] != hashlib.sha256(data).digest():
    raise SystemExit("FAIL: wrong answer to a whole 1 MiB request (status %d)" % st)
print("ok: a whole 1 MiB request still hashes correctly")
PY
echo "ok: memory follows the bytes received"
