#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# cli_usage.sh - options that contradict each other are usage errors: exit 2
# and one line on stderr, before anything is opened (issue 12, items 9, 13,
# 6): --source against -r/-i, --inet-proto, "-w -" with rotation, counts that
# strtoull would take (" -1", "+1").
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
D=$top_srcdir/samples/demo.pcap
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0

# usage2 WHAT EXPECTED-REGEX ARGS...: exit 2, exactly one line matching
usage2() {
	what=$1 re=$2
	shift 2
	rc=0
	timeout 10 "$P" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
	lines=1
	[ "${VALUE:-0}" = 1 ] && lines=$(wc -l <"$tmp/err") # a bad value: the usage follows
	if [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" = "$lines" ] && head -1 "$tmp/err" | grep -Eq "^pktscope: $re"; then
		echo "ok: $what"
	else
		echo "FAIL: $what: exit $rc, stderr: $(head -3 "$tmp/err")"
		bad=1
	fi
}

usage2 "--source inet -r FILE" "--source inet captures live" --source inet -r "$D"
usage2 "--source pcap -r FILE" "--source pcap captures live" --source pcap -r "$D"
usage2 "--source packet -r FILE" "--source packet captures live" --source packet -r "$D"
usage2 "--source file -i IFACE" "--source file needs -r" --source file -i lo
usage2 "--source bogus" "--source bogus: expected" --source bogus -i lo
usage2 "--inet-proto bogus" "--inet-proto bogus: expected" --source inet --inet-proto bogus
usage2 "--inet-proto without inet" "--inet-proto needs --source inet" -i lo --inet-proto tcp
usage2 "-w - -C 1" "-w -: -C and -G need a file name" -r "$D" -w - -C 1
usage2 "-w - -G 1" "-w -: -C and -G need a file name" -r "$D" -w - -G 1
VALUE=1
usage2 "-c ' -1'" "invalid count ' -1'" -r "$D" -c ' -1'
usage2 "-c '+1'" "invalid count '\\+1'" -r "$D" -c '+1'
usage2 "-s ' 5'" "invalid snap length ' 5'" -r "$D" -s ' 5'
VALUE=0

# the consistent forms still work
"$P" --source file -r "$D" -c 1 >/dev/null 2>&1 && echo "ok: --source file -r" || { echo "FAIL: --source file -r"; bad=1; }
exit $bad
