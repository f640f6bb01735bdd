#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# gen_tls.sh - `pktscope-gen tls-echo` end to end on loopback, with
# `openssl s_client` and python3 `ssl` as the real clients: echo round trip,
# the printed fingerprint, version and cipher selection seen from the client,
# plaintext clients, resets and refused handshakes that must not stop the
# server, --max-conns, the idle timeout, errors and a graceful SIGTERM.
set -u
BIN="${top_builddir:-.}/pktscope-gen"
[ -x "$BIN" ] || { echo "SKIP: $BIN not built"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "SKIP: openssl (the s_client tool) not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }

TMP=$(mktemp -d)
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# The independent python3 client, kept here so the test is one file.
CLIENT="$TMP/client.py"
cat >"$CLIENT" <<'PYEOF'
# SPDX-License-Identifier: BSD-2-Clause
# client.py - python3 `ssl` client for the tls-echo end-to-end test.
#   echo HOST PORT FP BYTES   send BYTES in uneven chunks, check the echo byte
#                             for byte and the server certificate's SHA-256
#   reset HOST PORT           half a ClientHello, then a TCP reset
#   maxconns HOST PORT N      N connections complete a handshake, one more is refused
#   idle HOST PORT            an idle TLS connection is closed by the server
import hashlib
import random
import socket
import ssl
import struct
import sys
import time


def tls(host, port):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # self-signed: checked by fingerprint instead
    raw = socket.create_connection((host, port), timeout=10)
    return ctx.wrap_socket(raw)


def echo(host, port, fp, nbytes):
    s = tls(host, port)
    der = s.getpeercert(binary_form=True)
    got_fp = ":".join("%02X" % b for b in hashlib.sha256(der).digest())
    if got_fp != fp:
        raise SystemExit("FAIL: certificate fingerprint %s, server printed %s" % (got_fp, fp))
    rnd = random.Random(42)
    data = bytes(rnd.getrandbits(8) for _ in range(nbytes))
    back = bytearray()
    off = 0
    s.setblocking(False)
    deadline = time.time() + 30
    while len(back) < nbytes and time.time() < deadline:
        if off < nbytes:
            n = min(nbytes - off, rnd.choice([1, 7, 100, 1500, 16384, 70000]))
            try:
                off += s.send(data[off:off + n])
            except (ssl.SSLWantWriteError, ssl.SSLWantReadError):
                pass
        try:
            back += s.recv(65536)
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            time.sleep(0.001 if off >= nbytes else 0)
    s.setblocking(True)
    if bytes(back) != data:
        raise SystemExit("FAIL: echo of %d bytes: got %d bytes back, equal prefix %s"
                         % (nbytes, len(back), bytes(back) == data[:len(back)]))
    print("ok echo %d bytes, %s %s, fingerprint matches" % (nbytes, s.version(), s.cipher()[0]))
    s.unwrap()  # close_notify both ways
    s.close()


def reset(host, port):
    s = socket.create_connection((host, port), timeout=5)
    s.send(bytes.fromhex("160301020001"))  # the start of a ClientHello record
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()  # RST
    print("ok reset sent")


def maxconns(host, port, n):
    conns = [tls(host, port) for _ in range(n)]
    for c in conns:
        c.send(b"x")
        assert c.recv(1) == b"x"
    try:
        extra = tls(host, port)
        extra.send(b"y")
        if extra.recv(1) == b"y":
            raise SystemExit("FAIL: connection %d was served past --max-conns %d" % (n + 1, n))
    except (ssl.SSLError, OSError):
        pass
    print("ok %d connections served, one more refused" % n)
    for c in conns:
        c.close()


def idle(host, port):
    s = tls(host, port)
    s.settimeout(10)
    t0 = time.time()
    try:
        data = s.recv(1)
    except (ssl.SSLError, OSError):
        data = b""
    if data != b"":
        raise SystemExit("FAIL: idle connection got data")
    print("ok idle connection closed by the server after %.1f s" % (time.time() - t0))


def main():
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "echo":
        echo(host, port, sys.argv[4], int(sys.argv[5]))
    elif mode == "reset":
        reset(host, port)
    elif mode == "maxconns":
        maxconns(host, port, int(sys.argv[4]))
    elif mode == "idle":
        idle(host, port)


if __name__ == "__main__":
    main()
PYEOF
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# start NAME HOST ARGS...: tls-echo on HOST port 0; sets PID, PORT, FP.
start() {
	name=$1 host=$2
	shift 2
	"$BIN" tls-echo --listen "$host:0" -v "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	PID=$!
	PIDS="$PIDS $PID"
	PORT=""
	i=0
	while [ $i -lt 50 ]; do
		PORT=$(sed -n 's/^tls-echo: listening on .*:\([0-9]*\), engine.*/\1/p' "$TMP/$name.out" 2>/dev/null)
		if [ -n "$PORT" ]; then
			FP=$(sed -n 's/.*SHA-256 fingerprint \([0-9A-F:]*\)$/\1/p' "$TMP/$name.out")
			return 0
		fi
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	bad "$name: server did not start: $(cat "$TMP/$name.err")"
	return 1
}

stop() {
	kill -TERM "$PID"
	wait "$PID"
	rc=$?
	if [ $rc -eq 0 ] && grep -q '^tls-echo stats: ' "$TMP/$1.out"; then
		ok "$1: SIGTERM -> exit 0, $(grep '^tls-echo handshakes' "$TMP/$1.out")"
	else
		bad "$1: SIGTERM -> exit $rc: $(cat "$TMP/$1.out")"
	fi
}

alive() {
	if kill -0 "$PID" 2>/dev/null; then ok "server alive after $1"; else bad "server died after $1"; fi
}

# s_client ARGS...: one session sending a line; its session summary in $TMP/sc
s_client() {
	(printf 'hello pktscope\n'; sleep 1) |
		timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -no_ign_eof "$@" >"$TMP/sc" 2>&1
}

# 1. defaults: ephemeral certificate, echo with both clients, fingerprint
if start main 127.0.0.1 --idle-timeout 10s; then
	case "$FP" in
	??:??:*) ok "ephemeral certificate fingerprint $FP" ;;
	*) bad "no fingerprint printed: $(cat "$TMP/main.out")" ;;
	esac
	s_client
	grep -qx 'hello pktscope' "$TMP/sc" && ok "s_client echo round trip" || bad "s_client echo: $(cat "$TMP/sc")"
	got=$(openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256 | sed 's/.*=//')
	[ "$got" = "$FP" ] && ok "s_client sees the printed fingerprint" || bad "fingerprint $got != $FP"
	subj=$(openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null | openssl x509 -noout -subject)
	case "$subj" in
	*CN*=*pktscope-gen*) ok "self-signed: $subj" ;;
	*) bad "certificate subject: $subj" ;;
	esac
	for n in 1 16384 1000000; do
		python3 "$CLIENT" echo 127.0.0.1 "$PORT" "$FP" $n && ok "python3 ssl echo of $n bytes" ||
			bad "python3 ssl echo of $n bytes"
	done

	# a plaintext client, a reset, a garbage record: none stops the server
	printf 'GET / HTTP/1.0\r\n\r\n' | timeout 5 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(sys.stdin.buffer.read()); s.recv(100)' "$PORT" 2>/dev/null
	alive "a plaintext HTTP client"
	python3 "$CLIENT" reset 127.0.0.1 "$PORT" >/dev/null
	alive "a reset mid-handshake"
	head -c 3000 /dev/urandom | timeout 5 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
try:
    s.sendall(sys.stdin.buffer.read()); s.recv(100)
except OSError:
    pass' "$PORT"
	alive "random bytes"
	sleep 0.3
	grep -q 'handshake failed: ' "$TMP/main.err" && ok "-v: $(grep -m1 'handshake failed' "$TMP/main.err")" ||
		bad "no handshake failure logged"
	s_client
	grep -qx 'hello pktscope' "$TMP/sc" && ok "echo still works after bad clients" || bad "echo after bad clients"
	grep -q ' TLSv1.3 TLS_' "$TMP/main.err" && ok "-v logs version and cipher: $(grep -m1 ' TLSv1.3 ' "$TMP/main.err")" ||
		bad "-v did not log version and cipher"
	stop main
fi

# 2. TLS 1.2 cipher chosen by --ciphers, seen from the client side
if start t12 127.0.0.1 --max-tls 1.2 --ciphers ECDHE-ECDSA-AES256-GCM-SHA384; then
	s_client
	if grep -q 'Protocol *: TLSv1.2' "$TMP/sc" && grep -q 'Cipher *: ECDHE-ECDSA-AES256-GCM-SHA384' "$TMP/sc" &&
		grep -qx 'hello pktscope' "$TMP/sc"; then
		ok "--max-tls 1.2 --ciphers: client negotiated TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384"
	else
		bad "--ciphers: $(grep -E 'Protocol|Cipher' "$TMP/sc")"
	fi
	s_client -cipher ECDHE-ECDSA-CHACHA20-POLY1305
	grep -q 'Cipher *: ECDHE-ECDSA-CHACHA20' "$TMP/sc" && bad "a cipher outside --ciphers was accepted" ||
		ok "a client offering only a cipher outside --ciphers is refused"
	alive "a refused cipher"
	stop t12
fi

# 3. TLS 1.3 suite chosen by --ciphersuites; --min-tls 1.3 refuses a 1.2 client
if start t13 127.0.0.1 --min-tls 1.3 --ciphersuites TLS_CHACHA20_POLY1305_SHA256; then
	s_client
	if grep -q 'TLSv1.3' "$TMP/sc" && grep -q 'TLS_CHACHA20_POLY1305_SHA256' "$TMP/sc"; then
		ok "--ciphersuites: client negotiated TLSv1.3 TLS_CHACHA20_POLY1305_SHA256"
	else
		bad "--ciphersuites: $(grep -E 'Protocol|Cipher' "$TMP/sc")"
	fi
	s_client -tls1_2
	grep -qx 'hello pktscope' "$TMP/sc" && bad "--min-tls 1.3 accepted a TLS 1.2 client" ||
		ok "--min-tls 1.3 refuses a TLS 1.2 client"
	alive "a refused protocol version"
	stop t13
fi

# 4. --cert/--key files, and IPv6 loopback when the host has it
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=e2e \
	-keyout "$TMP/k.pem" -out "$TMP/c.pem" -days 1 2>/dev/null
want=$(openssl x509 -in "$TMP/c.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
host=127.0.0.1
python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null && host='[::1]'
if start files "$host" --cert "$TMP/c.pem" --key "$TMP/k.pem"; then
	[ "$FP" = "$want" ] && ok "--cert: fingerprint of the file's certificate" || bad "--cert fingerprint $FP != $want"
	h=$(echo "$host" | tr -d '[]')
	python3 "$CLIENT" echo "$h" "$PORT" "$FP" 5000 && ok "echo on $host with --cert/--key" || bad "echo on $host"
	stop files
fi

# 5. --max-conns and the idle timeout
if start lim 127.0.0.1 --max-conns 2 --idle-timeout 700ms; then
	python3 "$CLIENT" maxconns 127.0.0.1 "$PORT" 2 && ok "--max-conns 2" || bad "--max-conns"
	python3 "$CLIENT" idle 127.0.0.1 "$PORT" && ok "--idle-timeout 700ms" || bad "idle timeout"
	stop lim
	grep -q 'refused=[1-9]' "$TMP/lim.out" && grep -q 'timeouts=[1-9]' "$TMP/lim.out" &&
		ok "stats count refused and timed-out connections" || bad "stats: $(cat "$TMP/lim.out")"
fi

# 6. one-line errors with exit codes
"$BIN" tls-echo --listen 127.0.0.1:0 --cert "$TMP/missing.pem" >/dev/null 2>"$TMP/e1"; rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$TMP/e1")" -eq 1 ] && grep -q "missing.pem: No such file or directory" "$TMP/e1" &&
	ok "missing cert: $(cat "$TMP/e1")" || bad "missing cert: exit $rc: $(cat "$TMP/e1")"
"$BIN" tls-echo --min-tls 1.7 2>"$TMP/e2"; rc=$?
[ $rc -eq 2 ] && ok "bad version: $(cat "$TMP/e2")" || bad "bad version: exit $rc"
"$BIN" tls-echo --listen 127.0.0.1:0 --ciphers NOPE >/dev/null 2>"$TMP/e3"; rc=$?
[ $rc -eq 1 ] && grep -q "ciphers 'NOPE'" "$TMP/e3" && ok "bad cipher list: $(cat "$TMP/e3")" || bad "bad ciphers: exit $rc"
if start busy 127.0.0.1; then
	"$BIN" tls-echo --listen "127.0.0.1:$PORT" >/dev/null 2>"$TMP/e4"; rc=$?
	[ $rc -eq 1 ] && grep -qi 'in use' "$TMP/e4" && ok "port in use: $(cat "$TMP/e4")" || bad "port in use: exit $rc: $(cat "$TMP/e4")"
	stop busy
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
