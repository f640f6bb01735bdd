#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# gen_crypto.sh - `pktscope-gen crypto` end to end on 127.0.0.1: the server
# driven by an independent python3 client checking published vectors (FIPS
# 180-2, SP 800-38A, McGrew-Viega GCM) on every loop engine, backend choice
# and its messages, protocol errors, --bench, and a graceful SIGTERM.
set -u
BIN="${top_builddir:-.}/pktscope-gen"
[ -x "$BIN" ] || { echo "SKIP: $BIN not built"; exit 77; }
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
# client.py - an independent client of `pktscope-gen crypto`:
# sends length-prefixed requests (4-byte big-endian length + input) and
# checks each response (4-byte length + status byte + result) against a
# published vector.  usage: client.py PORT ALG [HOST]
import hashlib
import socket
import struct
import sys


def frame(data):
    return struct.pack(">I", len(data)) + data


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise SystemExit("FAIL: server closed the connection mid-response")
        buf += chunk
    return buf


def response(s):
    (n,) = struct.unpack(">I", recv_exact(s, 4))
    body = recv_exact(s, n)
    return body[0], body[1:]


# (input, expected output) per algorithm; key/iv/aad are on the server's command line.
SP800_38A_PT = bytes.fromhex(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
VECTORS = {
    # FIPS 180-2 B.1 and B.2, checked by hashlib as well
    "sha256": [
        (b"abc", bytes.fromhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")),
        (b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         bytes.fromhex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")),
        (b"", hashlib.sha256(b"").digest()),
        (b"x" * 300000, hashlib.sha256(b"x" * 300000).digest()),
    ],
    # NIST SP 800-38A F.2.1 (key 2b7e..., iv 0001...0f) + the PKCS#7 block
    "cbc(aes)": [
        (SP800_38A_PT, bytes.fromhex(
            "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
            "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"
            "8cb82807230e1321d3fae00d18cc2012")),
    ],
    # McGrew-Viega GCM test case 4 (key feffe992..., iv cafebabe..., aad feedface...)
    "gcm(aes)": [
        (bytes.fromhex(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"),
         bytes.fromhex(
             "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
             "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
             "5bc94fbc3221a5db94fae95ae7121a47")),
    ],
}


# --decrypt: the same vectors the other way round
for _alg in ("cbc(aes)", "gcm(aes)"):
    VECTORS[_alg + "-decrypt"] = [(o, i) for i, o in VECTORS[_alg]]
# damaged inputs and the error each must give (status 2, the connection goes on)
DAMAGED = {
    "cbc(aes)-decrypt": [(VECTORS["cbc(aes)"][0][1][:-1] + b"\x00", b"bad padding"),
                         (b"x" * 17, b"not a non-zero multiple of 16"), (b"", b"multiple of 16")],
    "gcm(aes)-decrypt": [(VECTORS["gcm(aes)"][0][1][:-1] + b"\x00", b"tag check failed"),
                         (b"\x01" + VECTORS["gcm(aes)"][0][1][1:], b"tag check failed"),
                         (b"x" * 15, b"cannot hold the 16-byte tag")],
}


def damaged(s, alg):
    for data, text in DAMAGED.get(alg, []):
        s.sendall(frame(data))
        status, got = response(s)
        if status != 2 or text not in got:
            raise SystemExit("FAIL: %s damaged input: status %d, %r" % (alg, status, got))
    # and the connection still serves a good request
    data, want = VECTORS[alg][0]
    s.sendall(frame(data))
    if response(s) != (0, want):
        raise SystemExit("FAIL: %s: no answer after the errors" % alg)


def main():
    port, alg = int(sys.argv[1]), sys.argv[2]
    host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
    vecs = VECTORS[alg]
    with socket.create_connection((host, port), timeout=10) as s:
        # pipelined: all requests first, then all responses, in order
        s.sendall(b"".join(frame(i) for i, _ in vecs))
        for i, (data, want) in enumerate(vecs):
            status, got = response(s)
            if status != 0 or got != want:
                raise SystemExit("FAIL: %s vector %d: status %d, got %s want %s"
                                 % (alg, i, status, got.hex(), want.hex()))
        # 100 pipelined requests: more than the server serves per event
        data, want = vecs[0]
        s.sendall(frame(data) * 100)
        for i in range(100):
            status, got = response(s)
            if status != 0 or got != want:
                raise SystemExit("FAIL: %s pipelined request %d" % (alg, i))
        # one byte at a time: any read split must work
        data, want = vecs[0]
        for b in frame(data):
            s.send(bytes([b]))
        status, got = response(s)
        if status != 0 or got != want:
            raise SystemExit("FAIL: %s byte-at-a-time request" % alg)
        damaged(s, alg)
    print("ok %s: %d vectors, 100 pipelined, 1 byte by byte" % (alg, len(vecs)))


if __name__ == "__main__":
    main()
PYEOF
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# start NAME ARGS...: runs the server on port 0, sets PID and PORT.
start() {
	name=$1; shift
	"$BIN" crypto --listen 127.0.0.1:0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	PID=$!
	PIDS="$PIDS $PID"
	PORT=""
	i=0
	while [ $i -lt 50 ]; do
		PORT=$(sed -n 's/^crypto: listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$TMP/$name.out" 2>/dev/null)
		[ -n "$PORT" ] && return 0
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	bad "$name: server did not start: $(cat "$TMP/$name.err")"
	return 1
}

# stop: SIGTERM, the exit status must be 0 and the stats line printed.
stop() {
	kill -TERM "$PID"
	wait "$PID"
	rc=$?
	if [ $rc -eq 0 ] && grep -q '^crypto stats: ' "$TMP/$1.out"; then
		ok "$1: SIGTERM -> exit 0 with stats"
	else
		bad "$1: SIGTERM -> exit $rc, output: $(cat "$TMP/$1.out")"
	fi
}

K1=2b7e151628aed2a6abf7158809cf4f3c
IV1=000102030405060708090a0b0c0d0e0f
K3=feffe9928665731c6d6a8f9467308308
IV3=cafebabefacedbaddecaf888
A4=feedfacedeadbeeffeedfacedeadbeefabaddad2

for engine in epoll poll select; do
	start "sha-$engine" --alg sha256 --engine "$engine" || continue
	if python3 "$CLIENT" "$PORT" sha256; then ok "sha256 vectors ($engine)"; else bad "sha256 ($engine)"; fi
	stop "sha-$engine"
done

if start cbc --alg 'cbc(aes)' --key $K1 --iv $IV1; then
	if python3 "$CLIENT" "$PORT" 'cbc(aes)'; then ok "cbc(aes) SP 800-38A F.2.1"; else bad "cbc(aes)"; fi
	stop cbc
fi
if start cbcd --alg 'cbc(aes)' --key $K1 --iv $IV1 --decrypt; then
	if python3 "$CLIENT" "$PORT" 'cbc(aes)-decrypt'; then ok "cbc(aes) --decrypt: SP 800-38A F.2.2, bad padding and lengths refused"; else bad "cbc(aes) --decrypt"; fi
	grep -q "backend openssl" "$TMP/cbcd.out" && ok "--decrypt: auto picks openssl" || bad "--decrypt backend: $(cat "$TMP/cbcd.out")"
	stop cbcd
fi
if start gcmd --alg 'gcm(aes)' --key $K3 --iv $IV3 --aad $A4 --decrypt; then
	if python3 "$CLIENT" "$PORT" 'gcm(aes)-decrypt'; then ok "gcm(aes) --decrypt: test case 4, tag check failures reported"; else bad "gcm(aes) --decrypt"; fi
	stop gcmd
fi
"$BIN" crypto --alg sha256 --decrypt 2>/dev/null
[ $? = 2 ] && ok "--decrypt sha256: exit 2" || bad "--decrypt sha256 must be a usage error"
"$BIN" crypto --alg 'cbc(aes)' --key $K1 --decrypt --bench 2>/dev/null
[ $? = 2 ] && ok "--decrypt --bench: exit 2" || bad "--decrypt --bench must be a usage error"
if start gcm --alg 'gcm(aes)' --key $K3 --iv $IV3 --aad $A4 -v; then
	if python3 "$CLIENT" "$PORT" 'gcm(aes)'; then ok "gcm(aes) test case 4"; else bad "gcm(aes)"; fi
	grep -q 'connected' "$TMP/gcm.err" && ok "-v logs connections" || bad "-v logged nothing"
	stop gcm
fi

# auto says which backend it chose and why; afalg fails in one line where the kernel lacks it
if python3 -c 'import socket; socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET)' 2>/dev/null; then
	HAVE_AFALG=1
else
	HAVE_AFALG=0
fi
if start auto; then
	if [ $HAVE_AFALG = 1 ]; then want='backend afalg'; else want='backend openssl (afalg unavailable: socket(AF_ALG): '; fi
	grep -qF "$want" "$TMP/auto.out" && ok "auto: $(grep -o 'backend [^,]*(.*)' "$TMP/auto.out")" \
		|| bad "auto did not say '$want': $(cat "$TMP/auto.out")"
	stop auto
fi
if [ $HAVE_AFALG = 0 ]; then
	"$BIN" crypto --listen 127.0.0.1:0 --backend afalg >"$TMP/afalg.out" 2>"$TMP/afalg.err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l <"$TMP/afalg.err")" -eq 1 ] &&
		grep -q '^pktscope-gen crypto: backend afalg unavailable: socket(AF_ALG): ' "$TMP/afalg.err"; then
		ok "--backend afalg: $(cat "$TMP/afalg.err")"
	else
		bad "--backend afalg: exit $rc: $(cat "$TMP/afalg.err")"
	fi
	echo "SKIP afalg server vectors: $(sed 's/.*unavailable: //' "$TMP/afalg.err")"
else
	if start afalg --backend afalg --alg 'gcm(aes)' --key $K3 --iv $IV3 --aad $A4; then
		python3 "$CLIENT" "$PORT" 'gcm(aes)' && ok "afalg gcm(aes) test case 4" || bad "afalg gcm(aes)"
		stop afalg
	fi
fi

# protocol: a request over --max-size gets status 1 and the connection closes;
# the server goes on serving others
if start big --max-size 100; then
	python3 - "$PORT" <<'EOF' && ok "over --max-size: status 1, closed, server alive" || bad "over --max-size"
import socket, struct, sys
port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(struct.pack(">I", 101) + b"x" * 101)
data = b""
while True:
    c = s.recv(4096)
    if not c:
        break
    data += c
(n,) = struct.unpack(">I", data[:4])
assert data[4] == 1 and b"exceeds --max-size 100" in data[5:4 + n], data
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(struct.pack(">I", 3) + b"abc")
assert s.recv(64)[4] == 0
EOF
	stop big
fi

# usage errors exit 2, runtime errors exit 1, each one line
"$BIN" crypto --alg 'cbc(aes)' --key 0011 2>"$TMP/e1"; rc=$?
[ $rc -eq 2 ] && grep -q '16, 24 or 32 bytes' "$TMP/e1" && ok "short key: $(cat "$TMP/e1")" || bad "short key: exit $rc"
"$BIN" crypto --alg 'ctr(aes)' 2>"$TMP/e2"; rc=$?
[ $rc -eq 2 ] && ok "unknown alg: $(cat "$TMP/e2")" || bad "unknown alg: exit $rc"
if start inuse; then
	"$BIN" crypto --listen "127.0.0.1:$PORT" 2>"$TMP/e3"; rc=$?
	[ $rc -eq 1 ] && grep -qi 'in use' "$TMP/e3" && ok "port in use: $(cat "$TMP/e3")" || bad "port in use: exit $rc: $(cat "$TMP/e3")"
	stop inuse
fi

# --bench: both backends side by side, the missing one said unavailable
"$BIN" crypto --bench --duration 100ms >"$TMP/bench" 2>&1; rc=$?
cat "$TMP/bench"
if [ $rc -eq 0 ] && grep -q '^sha256 ' "$TMP/bench" && grep -q '^gcm(aes) ' "$TMP/bench" &&
	grep -q 'openssl MB/s' "$TMP/bench"; then
	ok "--bench"
else
	bad "--bench: exit $rc"
fi
if [ $HAVE_AFALG = 0 ]; then
	grep -q '^afalg: unavailable: socket(AF_ALG): ' "$TMP/bench" && ok "--bench reports afalg unavailable" ||
		bad "--bench did not say afalg is unavailable"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
