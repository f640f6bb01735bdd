#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# -Y and -T fields through the command line: text, --json, -q, -w (only
# matching packets written), BPF first, errors (one line, column, caret,
# exit 2), and a live capture on loopback (root only; skipped otherwise).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
P="$top_builddir/pktscope"
F="$top_srcdir/samples/demo.pcap"
[ -f "$F" ] || F=$(ls "$top_srcdir"/samples/*.pcap 2>/dev/null | head -1)
[ -n "$F" ] && [ -f "$F" ] || { echo "SKIP: no sample capture"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name, condition result
	if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

all=$("$P" -r "$F" -T fields -e frame.number | wc -l)
tcp=$("$P" -r "$F" -Y tcp -T fields -e frame.number | wc -l)
[ "$tcp" -gt 0 ] && [ "$tcp" -lt "$all" ]; check "-Y tcp selects some frames ($tcp of $all)" $?

n=$("$P" -r "$F" -Y tcp | wc -l)
[ "$n" = "$tcp" ]; check "text output: one line per matching packet" $?
n=$("$P" -r "$F" -Y tcp --json | grep -c '"tcp":')
[ "$n" = "$tcp" ]; check "--json: every object has tcp" $?
"$P" -r "$F" -Y tcp -q 2>&1 | head -1 | grep -q "^$tcp packets"; check "-q counts matching packets" $?

"$P" -r "$F" -Y tcp -w "$tmp/t.pcap" && n=$("$P" -r "$tmp/t.pcap" -T fields -e frame.number | wc -l)
[ "$n" = "$tcp" ]; check "-w writes only the $tcp matching packets (got $n)" $?
n=$("$P" -r "$tmp/t.pcap" -Y 'not tcp' -T fields -e frame.number | wc -l)
[ "$n" = 0 ]; check "-w file holds no other packet" $?

u=$("$P" -r "$F" -Y 'tcp' -T fields -e frame.number udp | wc -l)
[ "$u" = 0 ]; check "BPF 'udp' then -Y tcp: nothing" $?

"$P" -r "$F" -T fields -E header=y -E separator=, -e frame.number -e ip.src | head -1 | grep -qx 'frame.number,ip.src'
check "-E header=y -E separator=," $?

# frame.time_delta_displayed: from the previous frame -Y passed (0 on the
# first), also with offline --workers (the filter runs in frame order there)
T='-T fields -e frame.time_epoch -e frame.time_delta_displayed -e frame.time_relative'
"$P" -r "$F" -Y tcp $T >"$tmp/d1"
awk -F'\t' 'NR == 1 { ok = $2 == "0.000000000" }
	NR > 1 { d = $1 - prev - $2; if (d > 1e-6 || d < -1e-6) ok = 0 }
	{ prev = $1 } END { exit !(ok && NR > 1) }' "$tmp/d1"
check "-Y tcp: frame.time_delta_displayed is the gap to the previous tcp frame" $?
"$P" -r "$F" -Y tcp --workers 2 $T >"$tmp/d2" 2>/dev/null
cmp -s "$tmp/d1" "$tmp/d2"; check "--workers 2: the same frame times" $?

"$P" -r "$F" -Y 'tcp.prot == 1' >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && head -1 "$tmp/err" | grep -qx 'pktscope: -Y: unknown field "tcp.prot" at 1 (did you mean tcp.port?)' \
	&& sed -n 3p "$tmp/err" | grep -qx '    ^~~~~~~~' && [ ! -s "$tmp/out" ]
check "unknown field: exit 2, one line with column and hint, then the caret" $?
"$P" -r "$F" -Y 'ip.ttl == ' 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "at 11" "$tmp/err"; check "syntax error at the end: exit 2, column" $?
"$P" -r "$F" -T fields 2>/dev/null; [ $? = 2 ]; check "-T fields without -e: exit 2" $?
"$P" -r "$F" -T fields -e ip.srcc 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q 'did you mean ip.src' "$tmp/err"; check "-e unknown field: exit 2 with hint" $?
"$P" -r "$F" -e -c 1 | grep -Eq '([0-9a-f]{2}:){5}[0-9a-f]{2} > '; check "-e without -T fields is still tcpdump's link-header flag" $?

# a protocol tshark knows and pktscope does not decode: accepted, never
# present, and said once on stderr (the capture may hold it); a decoded one
# is not warned about
"$P" -r "$F" -Y 'sip or tcp' -T fields -e frame.number >"$tmp/out" 2>"$tmp/err"; rc=$?
n=$(wc -l <"$tmp/out")
[ "$rc" = 0 ] && [ "$n" = "$tcp" ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
	grep -qx 'pktscope: -Y: warning: pktscope does not decode "sip": it is never present' "$tmp/err"
check "-Y 'sip or tcp': the tcp frames, one warning line about sip" $?
"$P" -r "$F" -T fields -e sip.Method -e frame.number 2>"$tmp/err" | head -1 | grep -q '^	1$' &&
	grep -qx 'pktscope: -e: warning: pktscope does not decode "sip.Method": it is never present' "$tmp/err"
check "-e sip.Method: an empty column and one warning line" $?
"$P" -r "$F" -Y tcp -T fields -e frame.number 2>"$tmp/err" >/dev/null; [ ! -s "$tmp/err" ]
check "-Y tcp: no warning" $?
# a relative time with text after its fraction: read as tshark 4.0 reads it
# (1.5e-1 is 1.5 s: the frames of "> 1.5"), and said once
"$P" -r "$F" -Y 'frame.time_relative > 1.5' -T fields -e frame.number >"$tmp/want" 2>/dev/null
"$P" -r "$F" -Y 'frame.time_relative > 1.5e-1' -T fields -e frame.number >"$tmp/out" 2>"$tmp/err"; rc=$?
[ "$rc" = 0 ] && [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/out" && [ "$(wc -l <"$tmp/err")" = 1 ] &&
	grep -qx 'pktscope: -Y: warning: "1.5e-1" is read as 1.5 s (tshark 4.0 ignores "e-1" after a time'"'"'s fraction)' "$tmp/err"
check "-Y 'frame.time_relative > 1.5e-1': the frames of > 1.5, one warning line" $?
"$P" -r "$F" -Y 'frame.time_relative > 1e3' 2>/dev/null; [ $? = 2 ]
check "-Y 'frame.time_relative > 1e3': exit 2 (no fraction, as tshark)" $?

if [ "$(id -u)" = 0 ] && command -v ping >/dev/null; then
	("$P" -i lo -c 4 -Y 'icmp.type == 8' -T fields -e icmp.type >"$tmp/live" 2>/dev/null &
	 echo $! >"$tmp/pid"; wait) &
	sleep 1
	ping -c 8 -i 0.2 -W 1 127.0.0.1 >/dev/null 2>&1
	sleep 1
	kill "$(cat "$tmp/pid")" 2>/dev/null
	wait
	n=$(grep -c '^8$' "$tmp/live"); m=$(grep -vc '^8$' "$tmp/live")
	[ "$n" -ge 1 ] && [ "$m" = 0 ]; check "live capture on lo: -Y icmp.type == 8 keeps only echo requests ($n)" $?
else
	echo "skip live capture (needs root and ping)"
fi
exit $fail
