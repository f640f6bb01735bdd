#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# cli_robust.sh - the small robustness items of issue 12, item 6: no terminal
# escape from a file name or filter text reaches stderr; SIGINT/SIGTERM
# during a long BPF compile end the process at once; -v prints a snapshot
# length above INT_MAX as the file says it (not negative).
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
D=$top_srcdir/samples/demo.pcap
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
tmp=$(mktemp -d)
PID=""
trap '[ -z "$PID" ] || kill -9 "$PID" 2>/dev/null; rm -rf "$tmp"' EXIT
bad=0
ck() { if [ "$2" = 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; bad=1; fi; }
has_esc() { python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); sys.exit(0 if any(c < 32 and c != 10 or c == 127 for c in b) else 1)' "$1"; }

# 1. escapes in a file name and in filter text
"$P" -r "$(printf '%s/no\033[2Jsuch\007file' "$tmp")" >/dev/null 2>"$tmp/e1"
! has_esc "$tmp/e1" && grep -q 'no\\x1b\[2Jsuch\\x07file' "$tmp/e1"
ck "file name escaped: $(cat "$tmp/e1")" $?
"$P" -r "$D" "$(printf 'ether proto \\a\033]0;x\007')" >/dev/null 2>"$tmp/e2"
! has_esc "$tmp/e2" && grep -q '\\x1b' "$tmp/e2"
ck "filter text escaped: $(cat "$tmp/e2")" $?
cp "$D" "$tmp/$(printf 'caf\303\251.pcap')"
"$P" -v -r "$tmp/$(printf 'caf\303\251.pcap')" -c 1 >/dev/null 2>"$tmp/e3"
grep -q "$(printf 'caf\303\251.pcap')" "$tmp/e3"
ck "UTF-8 names are kept" $?

# 2. a filter that takes minutes to compile (600 alternatives): stop in < 2 s
F=$(python3 -c 'print(" or ".join("port %d" % i for i in range(1, 600)))')
for sig in INT TERM; do
	"$P" -r "$D" -q "$F" >/dev/null 2>&1 &
	PID=$!
	sleep 0.5
	t0=$(date +%s%N)
	kill -"$sig" "$PID"
	i=0
	while kill -0 "$PID" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	kill -0 "$PID" 2>/dev/null && { kill -9 "$PID"; ms=timeout; }
	wait "$PID" 2>/dev/null
	PID=""
	[ "$ms" != timeout ] && [ "$ms" -lt 2000 ]
	ck "SIG$sig during a long filter compile: stopped after $ms ms" $?
done

# 3. -v with a snapshot length above INT_MAX
python3 - "$D" "$tmp/snap.pcap" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(b[:16] + struct.pack("<I", 0x80000000) + b[20:])
PY
"$P" -v -r "$tmp/snap.pcap" -c 1 >/dev/null 2>"$tmp/e4"
grep -q "snapshot length 2147483648 " "$tmp/e4"
ck "-v snaplen > INT_MAX: $(head -1 "$tmp/e4")" $?
exit $bad
