#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_errors.sh - one clear line and the documented exit status for: an
# unknown interface, an interface that is down, a bad filter, an unwritable
# -w path, a missing CAP_NET_RAW, option mistakes; a closed stdout ends
# quietly; -D lists the namespace's interfaces.
set -eu
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"

live_setup
ip -n "$NSA" link add "${T}d" type veth peer name "${T}e" # both stay down

# expect RC "STDERR" ARGS...: run pktscope in NSA, compare status and stderr
expect() {
	want_rc=$1 want_err=$2
	shift 2
	rc=0
	na timeout 10 "$PS" "$@" >"$WORK/x.out" 2>"$WORK/x.err" || rc=$?
	[ "$rc" = "$want_rc" ] && [ "$(cat "$WORK/x.err")" = "$want_err" ] ||
		fail "pktscope $*: exit $rc, stderr '$(cat "$WORK/x.err")'; want $want_rc, '$want_err'"
}

# like expect, but stderr need only contain the text
expect_has() {
	want_rc=$1 want_err=$2
	shift 2
	rc=0
	na timeout 10 "$PS" "$@" >"$WORK/x.out" 2>"$WORK/x.err" || rc=$?
	[ "$rc" = "$want_rc" ] && [ "$(wc -l <"$WORK/x.err")" = 1 ] && grep -qF -- "$want_err" "$WORK/x.err" ||
		fail "pktscope $*: exit $rc, stderr '$(cat "$WORK/x.err")'; want $want_rc, '...$want_err...'"
}

for s in pcap packet inet; do
	expect 1 "pktscope: eth9: no such device" --source "$s" -i eth9
	expect 1 "pktscope: ${T}d: interface is down" --source "$s" -i "${T}d"
	expect_has 2 "pktscope: filter: " --source "$s" -i "$VA" tcp port
	expect_has 2 "pktscope: filter: " --source "$s" -i "$VA" 'ip and (udp'
	echo "ok: $s: unknown interface, interface down, bad filter"
done
# a bad --inet-proto is a usage error (exit 2), found before anything opens
expect_has 2 "--inet-proto sctp: expected tcp, udp, icmp or all" --source inet --inet-proto sctp

# -w paths that cannot be written
expect 1 "pktscope: /nonexistent-ps-dir: No such file or directory" -i "$VA" -w /nonexistent-ps-dir/x.pcap
expect 1 "pktscope: $WORK/: not a usable file name" -i "$VA" -w "$WORK/"
mkdir "$WORK/isdir.pcap"
expect 1 "pktscope: $WORK/isdir.pcap: Is a directory" -i "$VA" -w "$WORK/isdir.pcap"
expect_has 2 "-C, -G and -W rotate the -w file" -i "$VA" -C 1
expect_has 2 "-C and -G need a file name" -i "$VA" -w - -G 5 # usage (issue 12 item 13)
echo "ok: -w errors"

# no CAP_NET_RAW: the message names the capability
if command -v setpriv >/dev/null 2>&1; then
	for s in pcap packet inet; do
		rc=0
		na timeout 10 setpriv --bounding-set=-net_raw "$PS" --source "$s" -i "$VA" -c 1 2>"$WORK/x.err" >/dev/null || rc=$?
		[ "$rc" = 1 ] && [ "$(wc -l <"$WORK/x.err")" = 1 ] && grep -q "CAP_NET_RAW" "$WORK/x.err" ||
			fail "$s without CAP_NET_RAW: exit $rc, $(cat "$WORK/x.err")"
	done
	echo "ok: missing CAP_NET_RAW is named ($(cat "$WORK/x.err"))"
else
	echo "skipped: setpriv is not installed (missing CAP_NET_RAW)"
fi

# a reader that goes away ends the capture quietly (exit 0, no error line),
# well before timeout(1) would stop it (that would be status 124)
(
	rc=0
	na timeout 8 "$PS" -l --source packet -i "$VA" icmp 2>"$WORK/pipe.err" || rc=$?
	echo "$rc" >"$WORK/pipe.rc"
) | head -n 1 >"$WORK/pipe.out" &
ppid=$!
PIDS="$PIDS $ppid"
sleep 0.5
na timeout 5 ping -c 4 -i 0.3 -W1 "$IPB" >/dev/null
wait "$ppid" || true
[ "$(cat "$WORK/pipe.rc")" = 0 ] && [ "$(wc -l <"$WORK/pipe.out")" = 1 ] &&
	! grep -v "packets\{0,1\} \(captured\|received by filter\|dropped by kernel\)$" "$WORK/pipe.err" ||
	fail "closed stdout: exit $(cat "$WORK/pipe.rc"), stderr $(cat "$WORK/pipe.err")"
echo "ok: closed stdout ends quietly"

# the interface goes down while capturing: one line, exit 1
ip -n "$NSA" link set "${T}e" up
for s in pcap packet; do
	ip -n "$NSA" link set "${T}d" up
	cap_start "down-$s" "$NSA" --source "$s" -i "${T}d"
	ip -n "$NSA" link set "${T}d" down
	rc=0
	wait "$CAP_PID" || rc=$?
	[ "$rc" = 1 ] && grep -q "^pktscope: ${T}d: the interface went down\$" "$WORK/down-$s.err" ||
		fail "down-$s: exit $rc, $(cat "$WORK/down-$s.err")"
done
echo "ok: the interface going down ends the capture with an error"

# -D: the namespace's interfaces with index, state and addresses
na timeout 10 "$PS" -D >"$WORK/d.out"
grep -q "^[0-9]* $VA \[up, running\] $MACA $IPA/24\$" "$WORK/d.out" || fail "-D: $(cat "$WORK/d.out")"
grep -q "^[0-9]* ${T}d \[down\] " "$WORK/d.out" || fail "-D: no down interface: $(cat "$WORK/d.out")"
grep -q "^- any " "$WORK/d.out" || fail "-D: no 'any'"
echo "ok: -D"
