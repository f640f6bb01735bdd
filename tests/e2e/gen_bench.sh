#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Echo benchmark (not part of make check): throughput and latency of every
# engine at 1, 100 and 1000 connections, measured with `pktscope-gen load`
# on loopback. Prints a Markdown table.
#   usage: tests/e2e/gen_bench.sh [PKTSCOPE_GEN] [SIZE]
set -u
G=${1:-./pktscope-gen}
SIZE=${2:-512}
command -v python3 >/dev/null 2>&1 || { echo "python3 needed"; exit 1; }
tmp=$(mktemp -d)
spid=""
trap '[ -n "$spid" ] && kill $spid 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

echo "| engine | connections | messages | msgs/s | MB/s | p50 us | p90 us | p99 us | max us | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for engine in epoll poll select thread; do
	"$G" echo --listen 127.0.0.1:0 --engine "$engine" >"$tmp/srv.out" 2>&1 &
	spid=$!
	port=""
	for _ in $(seq 50); do
		port=$(sed -n 's/.*127.0.0.1:\([0-9][0-9]*\) .*/\1/p' "$tmp/srv.out")
		[ -n "$port" ] && break
		sleep 0.1
	done
	for spec in "1 20000" "100 500" "1000 50"; do
		set -- $spec
		"$G" load --to "127.0.0.1:$port" -c "$1" -n "$2" -s "$SIZE" --json >"$tmp/l.json" 2>/dev/null
		python3 - "$tmp/l.json" "$engine" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
l = s["latency_us"]
print("| %s | %d | %d | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | %d |" % (
    sys.argv[2], s["connections"], s["messages"], s["msgs_per_s"], s["throughput_mb_s"],
    l["p50"], l["p90"], l["p99"], l["max"], s["errors"]))
PY
	done
	kill "$spid"
	wait "$spid" 2>/dev/null
	spid=""
done
