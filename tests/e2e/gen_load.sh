#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pktscope-gen load against our echo server (TCP v4/v6, UDP, UNIX; every
# loop engine; 1000 concurrent connections on epoll), against an independent
# python3 ssl echo server (--tls), and OpenBSD nc against our echo. Checks
# the --json summary and --interval NDJSON lines with python3's json module.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
G="$top_builddir/pktscope-gen"
E="$top_srcdir/tests/e2e"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
fails=0
check() { # name, status
	if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# start_echo NAME ARGS...: runs an echo server, sets $port from its banner.
start_echo() {
	name=$1; shift
	"$G" echo "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pids="$pids $!"
	port=""
	for _ in $(seq 50); do
		if grep -q "listening on" "$tmp/$name.out"; then
			port=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\) .*/\1/p' "$tmp/$name.out")
			return 0
		fi
		sleep 0.1
	done
	echo "echo server $name did not start: $(cat "$tmp/$name.err")"
	return 1
}

# json_ok FILE EXPR: every line parses as JSON; EXPR (python) holds for the last.
json_ok() {
	python3 - "$1" "$2" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
s = lines[-1]
ok = eval(sys.argv[2], {"s": s, "lines": lines})
sys.exit(0 if ok else 1)
PY
}

for engine in epoll poll select; do
	start_echo "tcp-$engine" --listen 127.0.0.1:0 --engine "$engine" || exit 1
	timeout 60 "$G" load --to "127.0.0.1:$port" -c 20 -n 200 -s 1000 --engine "$engine" --json >"$tmp/l.json"
	check "load tcp4 vs echo --engine $engine: exit 0" $?
	json_ok "$tmp/l.json" 's["messages"] == 4000 and s["errors"] == 0 and s["bytes_received"] == 4000000'
	check "load tcp4 $engine: 4000 messages verified in the JSON summary" $?
done

start_echo tcp6 --listen "[::1]:0" || exit 1
timeout 60 "$G" load --to "[::1]:$port" -c 10 -n 50 -s 100000 >"$tmp/l6.txt"
check "load tcp6 100 kB messages: exit 0" $?
grep -q "messages=500 errors=0" "$tmp/l6.txt"
check "load tcp6: text summary counts 500 messages" $?

start_echo udp --udp --listen 127.0.0.1:0 || exit 1
timeout 60 "$G" load --udp --to "127.0.0.1:$port" -c 10 -n 100 -s 1400 --json >"$tmp/u.json"
check "load udp: exit 0" $?
json_ok "$tmp/u.json" 's["transport"] == "udp" and s["messages"] == 1000'
check "load udp: 1000 datagrams echoed" $?

start_echo unix --unix "$tmp/e.sock" || exit 1
timeout 60 "$G" load --unix "$tmp/e.sock" -c 10 -n 100 -s 65536 --json >"$tmp/x.json"
check "load unix: exit 0" $?
json_ok "$tmp/x.json" 's["transport"] == "unix" and s["messages"] == 1000 and s["latency_us"]["p50"] > 0'
check "load unix: latency percentiles present" $?

# 1000 concurrent connections on epoll, each verified (paced so that all
# 1000 are open at once: about 3 s of traffic).
start_echo big --listen 127.0.0.1:0 || exit 1
timeout 120 "$G" load --to "127.0.0.1:$port" -c 1000 -n 30 -s 512 --rate 10000 --json >"$tmp/big.json"
check "load 1000 connections on epoll: exit 0" $?
json_ok "$tmp/big.json" 's["connected"] == 1000 and s["messages"] == 30000 and s["errors"] == 0'
check "load 1000 connections: all connected, 30000 messages" $?
bigpid=$(echo $pids | awk '{print $NF}')
kill -TERM "$bigpid" 2>/dev/null
wait "$bigpid" 2>/dev/null
grep -q "peak=1000" "$tmp/big.out"
check "echo saw 1000 connections at once" $?

# --duration with --rate and --interval: NDJSON lines, paced rate.
start_echo rate --listen 127.0.0.1:0 || exit 1
timeout 30 "$G" load --to "127.0.0.1:$port" -c 4 --duration 1500ms --rate 400 --interval 500ms --json >"$tmp/r.json"
check "load --duration --rate --interval: exit 0" $?
json_ok "$tmp/r.json" 'len([l for l in lines if l["type"] == "interval"]) >= 2 and s["type"] == "summary" and 450 <= s["messages"] <= 700 and 300 <= s["msgs_per_s"] <= 460'
check "load --rate 400 for 1.5 s: ~600 messages, interval lines" $?

# TLS against an independent python3 ssl echo server.
if command -v openssl >/dev/null 2>&1; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/k.pem" \
		-out "$tmp/c.pem" -days 1 -subj /CN=localhost >/dev/null 2>&1
	python3 "$E/gen_tls_echo_peer.py" "$tmp/c.pem" "$tmp/k.pem" >"$tmp/tls.out" &
	pids="$pids $!"
	for _ in $(seq 50); do grep -q port "$tmp/tls.out" && break; sleep 0.1; done
	tport=$(awk '{print $2}' "$tmp/tls.out")
	timeout 60 "$G" load --tls --to "127.0.0.1:$tport" -c 5 -n 20 -s 3000 --json >"$tmp/t.json"
	check "load --tls vs python ssl echo: exit 0" $?
	json_ok "$tmp/t.json" 's["transport"] == "tls" and s["messages"] == 100'
	check "load --tls: 100 messages verified" $?
	# A plaintext echo is not a TLS server: a tls error, exit 1.
	start_echo plain --listen 127.0.0.1:0 || exit 1
	timeout 30 "$G" load --tls --to "127.0.0.1:$port" -c 1 -n 1 --json >"$tmp/tp.json" 2>"$tmp/tp.err"
	[ $? = 1 ] && json_ok "$tmp/tp.json" 's["errors_by_kind"]["tls"] == 1'
	check "load --tls vs a plaintext server: tls error, exit 1" $?
else
	echo "skip TLS checks: openssl not installed"
fi

# TLS against our own tls-echo (the gen-tls helper's server), when built in.
if "$G" tls-echo --help >/dev/null 2>&1; then
	"$G" tls-echo --listen 127.0.0.1:0 >"$tmp/te.out" 2>"$tmp/te.err" &
	tepid=$!
	pids="$pids $tepid"
	teport=""
	for _ in $(seq 50); do
		teport=$(sed -n 's/.*listening on 127.0.0.1:\([0-9][0-9]*\).*/\1/p' "$tmp/te.out")
		[ -n "$teport" ] && break
		sleep 0.1
	done
	timeout 60 "$G" load --tls --to "127.0.0.1:$teport" -c 50 -n 40 -s 4096 --json >"$tmp/te.json"
	check "load --tls vs pktscope-gen tls-echo (50 connections): exit 0" $?
	json_ok "$tmp/te.json" 's["messages"] == 2000 and s["errors"] == 0'
	check "load --tls vs tls-echo: 2000 messages verified" $?
else
	echo "skip load vs tls-echo: not built into this pktscope-gen"
fi

# Errors: refused, bad address, bad option.
"$G" load --to 127.0.0.1:1 -c 2 -n 1 >/dev/null 2>"$tmp/e1"
[ $? = 1 ] && grep -q "connect" "$tmp/e1"
check "load to a closed port: exit 1 with a connect error" $?
"$G" load --to 300.0.0.1:80 2>"$tmp/e2"
[ $? = 2 ] && [ "$(wc -l <"$tmp/e2")" = 1 ] && grep -q "bad address" "$tmp/e2"
check "load bad address: exit 2, one line" $?
"$G" load --to 127.0.0.1:80 --udp -s 70000 2>/dev/null
check "load --udp --size 70000: usage error" $([ $? = 2 ]; echo $?)

# An independent client (OpenBSD nc) against our echo server.
if nc -h 2>&1 | grep -q OpenBSD; then
	start_echo nc --listen 127.0.0.1:0 || exit 1
	out=$(printf 'hello pktscope\n' | timeout 10 nc -N 127.0.0.1 "$port")
	[ "$out" = "hello pktscope" ]
	check "nc (OpenBSD) gets its line echoed, half-close ends it" $?
else
	echo "skip nc check: OpenBSD netcat not installed"
fi

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
exit 0
