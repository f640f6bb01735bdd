#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# gen_tls_peer.sh - tls-echo and load --tls against each other and against
# openssl s_client, over real sockets on loopback: ALPN selection (server's
# preference, no overlap, reported on both sides), client certificates
# (--verify-client with a CA and client certificates made here with the
# openssl CLI: none, a good one, one from another CA), and session
# resumption counters (TLS 1.3 tickets, TLS 1.2, --no-resume, with mutual
# TLS). Every server is killed on every exit.
set -u
. "${top_srcdir:-.}/tests/e2e/gen_lib.sh"
command -v openssl >/dev/null 2>&1 || { echo "SKIP: openssl (the CLI) not installed"; exit 77; }

# srv NAME ARGS: tls-echo -v on a free port in the background; sets $port.
srv() {
	n=$1; shift
	"$G" tls-echo --listen 127.0.0.1:0 -v "$@" >"$tmp/$n.out" 2>"$tmp/$n.err" &
	bg=$!
	await_port sh -c "sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' '$tmp/$n.out'"
}
# srv_stop: SIGINT, wait; the stats lines stay in NAME.out
srv_stop() {
	kill -INT "$bg" 2>/dev/null
	wait "$bg"
	bg=""
}
# load NAME ARGS: load --tls --json against $port; its summary in NAME.json
load() {
	n=$1; shift
	"$G" load --tls --to "127.0.0.1:$port" --json -s 100 --timeout 5s "$@" >"$tmp/$n.json" 2>"$tmp/$n.lerr"
}
# tlsq NAME EXPR: EXPR on the summary's "tls" object t and the summary s
tlsq() {
	python3 -c 'import json, sys
s = json.loads(open(sys.argv[1]).read()); t = s["tls"]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/$1.json" "$2"
}

# --- ALPN
srv alpn --alpn h2,http/1.1 || { echo "FAIL: tls-echo did not start"; exit 1; }
load a1 -c 3 -n 5 --alpn http/1.1
check "load --alpn http/1.1: exit 0" $?
tlsq a1 't["alpn"] == "http/1.1" and t["alpn_connections"] == 3'
check "load reports alpn http/1.1 on 3 connections" $?
load a2 -c 2 -n 5 --alpn http/1.1,h2
tlsq a2 't["alpn"] == "h2"'
check "the server's preference wins: h2 (client offered http/1.1,h2)" $?
load a3 -c 2 -n 5 --alpn spdy/1
tlsq a3 't["alpn"] is None and t["alpn_connections"] == 0 and s["errors"] == 0'
check "no common protocol: no ALPN, the echo still works" $?
echo | timeout 10 openssl s_client -connect "127.0.0.1:$port" -alpn http/1.1 >"$tmp/sc.out" 2>&1
grep -q "ALPN protocol: http/1.1" "$tmp/sc.out"
check "openssl s_client -alpn http/1.1 is given http/1.1" $?
srv_stop
grep -q "^tls-echo handshakes: ok=8 failed=0 resumed=0 alpn=6$" "$tmp/alpn.out"
check "tls-echo stats: 8 handshakes, 6 with ALPN" $?
[ "$(grep -c 'alpn=h2 full' "$tmp/alpn.err")" = 2 ] && [ "$(grep -c 'alpn=none' "$tmp/alpn.err")" = 2 ]
check "tls-echo -v logs each connection's ALPN" $?
"$G" tls-echo --alpn "" 2>/dev/null
check "tls-echo --alpn '': exit 2" $([ $? = 2 ]; echo $?)
"$G" load --to 127.0.0.1:1 --alpn h2 2>/dev/null
check "load --alpn without --tls: exit 2" $([ $? = 2 ]; echo $?)

# --- client certificates, made here
mk() { openssl "$@" >>"$tmp/openssl.log" 2>&1; }
ca() {
	mk req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$1" \
		-keyout "$tmp/$1.key" -out "$tmp/$1.pem"
}
client() { # client NAME CA
	mk req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
		-keyout "$tmp/$1.key" -out "$tmp/$1.csr" &&
	mk x509 -req -in "$tmp/$1.csr" -CA "$tmp/$2.pem" -CAkey "$tmp/$2.key" -CAcreateserial \
		-days 2 -out "$tmp/$1.pem"
}
ca testca && client goodclient testca && ca rogueca && client rogueclient rogueca
check "openssl CLI: a CA, a client certificate, a second CA and its client" $?
srv mtls --verify-client "$tmp/testca.pem" || { echo "FAIL: tls-echo --verify-client did not start"; exit 1; }
load m1 -c 1 -n 3
check "no client certificate: load exit 1" $([ $? = 1 ]; echo $?)
load m2 -c 2 -n 3 --cert "$tmp/goodclient.pem" --key "$tmp/goodclient.key"
check "client certificate from the CA: load exit 0, every echo verified" $?
load m3 -c 1 -n 3 --cert "$tmp/rogueclient.pem" --key "$tmp/rogueclient.key"
check "client certificate from another CA: load exit 1" $([ $? = 1 ]; echo $?)
echo hello | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$port" \
	-cert "$tmp/goodclient.pem" -key "$tmp/goodclient.key" >"$tmp/msc.out" 2>/dev/null
grep -q hello "$tmp/msc.out"
check "openssl s_client with the good certificate: echo" $?
srv_stop
grep -q "^tls-echo handshakes: ok=3 failed=2 " "$tmp/mtls.out"
check "tls-echo stats: 3 verified handshakes, 2 refused" $?
[ "$(grep -c 'client=/CN=goodclient' "$tmp/mtls.err")" = 3 ]
check "tls-echo -v names the client certificate's subject" $?
"$G" tls-echo --verify-client "$tmp/nonexistent.pem" 2>"$tmp/nx.err"
rc=$?
[ $rc = 1 ] && [ "$(wc -l <"$tmp/nx.err")" = 1 ]
check "tls-echo --verify-client MISSING: one line, exit 1" $?

# --- session resumption
for v in 1.3 1.2; do
	srv res$v --max-tls $v || { echo "FAIL: tls-echo did not start"; exit 1; }
	load r$v -c 10 -n 2 --resume
	tlsq r$v 't["full"] == 1 and t["resumed"] == 9 and s["errors"] == 0'
	check "TLS $v load --resume -c 10: 1 full, 9 resumed handshakes" $?
	load f$v -c 3 -n 2
	tlsq f$v 't["full"] == 3 and t["resumed"] == 0'
	check "TLS $v load without --resume: 3 full" $?
	srv_stop
	grep -q "^tls-echo handshakes: ok=13 failed=0 resumed=9 " "$tmp/res$v.out"
	check "TLS $v tls-echo counts the same: resumed=9" $?
done
srv nores --no-resume || exit 1
load nr -c 4 -n 2 --resume
tlsq nr 't["full"] == 4 and t["resumed"] == 0 and s["errors"] == 0'
check "tls-echo --no-resume: every handshake full" $?
srv_stop
srv mres --verify-client "$tmp/testca.pem" || exit 1
load mr -c 5 -n 2 --resume --cert "$tmp/goodclient.pem" --key "$tmp/goodclient.key"
tlsq mr 't["full"] == 1 and t["resumed"] == 4'
check "mutual TLS and --resume: 1 full, 4 resumed" $?
srv_stop
finish
