#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# gen_exit.sh - pktscope-gen's exit codes and messages (issue 12, item 13):
# getopt's own errors carry the "pktscope-gen CMD:" prefix; sendfile's
# "(use --name)" hint only when --name was not given; udp-send that could
# not send a single datagram (no route, in a namespace of our own) exits 1.
set -u
BIN="${top_builddir:-.}/pktscope-gen"
[ -x "$BIN" ] || { echo "SKIP: $BIN not built"; exit 77; }
TMP=$(mktemp -d)
NS=harden-gx$$
trap 'ip netns del "$NS" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
bad=0
ck() { if [ "$2" = 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; bad=1; fi; }

for cmd in echo load udp-send sendfile crypto tls-echo resolve; do
	"$BIN" "$cmd" --bogus >/dev/null 2>"$TMP/err"
	rc=$?
	first=$(head -1 "$TMP/err")
	[ "$rc" = 2 ] && case $first in "pktscope-gen $cmd: "*) true ;; *) false ;; esac
	ck "$cmd --bogus: exit $rc, '$first'" $?
done

"$BIN" sendfile --to 127.0.0.1:9 --name 'a/b' "$TMP" >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" = 2 ] && grep -q "bad file name 'a/b'" "$TMP/err" && ! grep -q "use --name" "$TMP/err"
ck "sendfile --name a/b: no '(use --name)' hint: $(cat "$TMP/err")" $?
"$BIN" sendfile --to 127.0.0.1:9 .. >/dev/null 2>"$TMP/err"
grep -q "(use --name)" "$TMP/err"
ck "sendfile ..: the hint when the name comes from the path" $?

if [ "$(id -u)" = 0 ] && ip netns add "$NS" 2>/dev/null; then
	ip -n "$NS" link set lo up
	rc=0
	ip netns exec "$NS" timeout 10 "$BIN" udp-send --to 192.0.2.1:9 --count 2 >"$TMP/out" 2>"$TMP/err" || rc=$?
	[ "$rc" = 1 ] && grep -q "sent=0 " "$TMP/out" && grep -q "nothing was sent" "$TMP/err"
	ck "udp-send with no route: exit $rc, $(tail -1 "$TMP/out"), $(tail -1 "$TMP/err")" $?
	rc=0
	ip netns exec "$NS" timeout 10 "$BIN" udp-send --to 127.0.0.1:9 --count 2 >"$TMP/out" 2>&1 || rc=$?
	[ "$rc" = 0 ] && grep -q "sent=2 " "$TMP/out"
	ck "udp-send that sends: exit 0" $?
else
	echo "skip: udp-send without a route needs root and a network namespace"
fi
exit $bad
