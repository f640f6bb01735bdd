#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_privdrop.sh - -Z really changes the running process's uid, gid and
# groups on every source; capture and rotated -w files keep working after the
# drop (created through the directory opened before it, even when the user
# cannot reach that directory by its path); clear errors otherwise.
set -eu
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
getent passwd nobody >/dev/null || skip "no user 'nobody'"
ZUID=$(getent passwd nobody | cut -d: -f3)
ZGID=$(getent passwd nobody | cut -d: -f4)
FLOOD=${top_builddir:-.}/bench/udpflood
if [ ! -x "$FLOOD" ]; then
	FLOOD=$WORK/udpflood
	cc -O2 -o "$FLOOD" "${top_srcdir:-.}/bench/udpflood.c" 2>/dev/null || skip "cannot build bench/udpflood"
fi

live_setup

# a directory only nobody can write, inside one nobody cannot even enter
mkdir -m 700 "$WORK/z"
mkdir "$WORK/z/d"
chown nobody "$WORK/z/d"

for s in pcap packet inet; do
	ns=$NSA ifc=$VA
	[ "$s" = inet ] && ns=$NSB ifc=$VB
	rm -f "$WORK"/z/d/*
	cap_start "z-$s" "$ns" --source "$s" -i "$ifc" -B 16384 -Z nobody -w "$WORK/z/d/f.pcap" -C 1 udp
	pid=$(child_of "$CAP_PID") || fail "z-$s: pktscope process not found"
	ids=$(status_ids "/proc/$pid/status")
	[ "$ids" = "$ZUID $ZUID $ZUID $ZUID / $ZGID $ZGID $ZGID $ZGID / $ZGID" ] ||
		fail "z-$s: after -Z nobody the process has uid/gid/groups $ids"
	# 8000 x 358-byte records: 3 files, two of them created after the drop
	na "$FLOOD" "$IPB" 9999 20000 5 300 8000 >"$WORK/flood.out"
	cap_stop INT
	[ "$(ls "$WORK/z/d" | tr '\n' ' ')" = "f.pcap f.pcap1 f.pcap2 " ] ||
		fail "z-$s: files $(ls "$WORK/z/d")"
	total=0
	for f in "$WORK"/z/d/*; do
		[ "$(stat -c %u "$f")" = "$ZUID" ] || fail "z-$s: $f is not owned by nobody"
		total=$((total + $(timeout 30 "$PS" -r "$f" | wc -l)))
	done
	[ "$total" = 8000 ] && [ "$(summary_field "z-$s" captured)" = 8000 ] ||
		fail "z-$s: $total packets in the files, $(summary_field "z-$s" captured) captured"
	echo "ok: z-$s (uid/gid/groups $ids; 3 files, 8000 packets after the drop)"
done

# -Z without -w: the capture goes on as nobody
cap_start z-plain "$NSA" --source packet -i "$VA" -Z nobody icmp
pid=$(child_of "$CAP_PID") || fail "z-plain: process not found"
case $(status_ids "/proc/$pid/status") in "$ZUID "*) ;; *) fail "z-plain: still $(status_ids "/proc/$pid/status")" ;; esac
na timeout 5 ping -c2 -i0.2 -W1 "$IPB" >/dev/null
cap_stop INT
[ "$(grep -c 'ICMP echo' "$WORK/z-plain.out")" = 4 ] || fail "z-plain: $(cat "$WORK/z-plain.out")"
echo "ok: z-plain (capture as nobody)"

# an unknown user: a clear error before anything is opened
rc=0
na timeout 10 "$PS" -i "$VA" -Z "nosuchuser$$" 2>"$WORK/e.err" >/dev/null || rc=$?
[ "$rc" = 1 ] && [ "$(cat "$WORK/e.err")" = "pktscope: -Z nosuchuser$$: unknown user" ] ||
	fail "unknown user: exit $rc, $(cat "$WORK/e.err")"
echo "ok: unknown user"

# rotation into a directory the user cannot write: said up front
mkdir "$WORK/rootonly"
rc=0
na timeout 10 "$PS" -i "$VA" -Z nobody -w "$WORK/rootonly/f.pcap" -C 1 2>"$WORK/e.err" >/dev/null || rc=$?
[ "$rc" = 1 ] && grep -q "rootonly: Permission denied for the new user" "$WORK/e.err" ||
	fail "unwritable rotation dir: exit $rc, $(cat "$WORK/e.err")"
echo "ok: rotation dir not writable after -Z"
