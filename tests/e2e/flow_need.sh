#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The flow stage's Community ID, TCP sequence analysis, Zeek history and
# per-direction counters are computed only when an output of the run reads
# them (src/cli/run.c, flow_parts_needed):
#  1. every output that reads them prints with them what --all-stages (which
#     computes everything) prints, and the id and the analysis are really
#     there (samples/demo-app.pcap has a retransmission): a run whose need
#     flag were wrongly off would print no id or no analysis and fail here;
#  2. the text line, which reads neither, prints the same either way;
#  3. with valgrind, the instructions a text run spends in community_id.c and
#     tcp_analysis.c are none, and a --json run's are not (the work is really
#     skipped).  Without valgrind or debug line info, part 3 is skipped.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
CAP="$top_srcdir/samples/demo-app.pcap"
[ -f "$CAP" ] || { echo "SKIP: $CAP missing"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0

# run NAME ARGS...: the output with and without --all-stages must be equal
run() {
	name=$1
	shift
	"$PKTSCOPE" -r "$CAP" "$@" >"$out/$name" 2>"$out/$name.err"
	rc=$?
	"$PKTSCOPE" -r "$CAP" --all-stages "$@" >"$out/$name.all" 2>"$out/$name.all.err"
	if [ $rc -ne 0 ] || ! cmp -s "$out/$name" "$out/$name.all"; then
		echo "FAIL: $* (exit $rc) differs from --all-stages"
		fail=1
	fi
}
# has NAME PATTERN: the output must contain it
has() {
	if ! grep -q -e "$2" "$out/$1"; then
		echo "FAIL: $1 lacks $2"
		fail=1
	fi
}

run json --json
has json '"flow":{"id":"1:'
has json 'tcp.retransmission'
run ek -T ek
has ek '"id":"1:'
run flows --flows
has flows '"id":"1:'
has flows '"history":"ShA'
has flows '"end":"fin"'
has flows '"orig_pkts":7'
run jflows --json --flows
has jflows '"id":"1:'
run quiet -q
has quiet 'tcp.retransmission 1'
run filter -Y tcp.analysis.retransmission
[ -s "$out/filter" ] || { echo "FAIL: -Y tcp.analysis.retransmission selects nothing"; fail=1; }
run fields -T fields -e frame.number -e tcp.analysis.retransmission -e tcp.analysis.flags
has fields '	1	1$'
"$PKTSCOPE" -r "$CAP" --json --output "file:$out/sink" >/dev/null 2>&1 || fail=1
"$PKTSCOPE" -r "$CAP" --json --all-stages --output "file:$out/sink.all" >/dev/null 2>&1 || fail=1
cmp -s "$out/sink" "$out/sink.all" || { echo "FAIL: --output records differ"; fail=1; }
has sink '"flow":{"id":"1:'
# what reads neither: the same output, whatever was computed
run text
run textv -vv
run conv -q -z conv,tcp -z endpoints,ip
has conv '192.0.2.1:56892 *<-> *192.0.2.2:53 *5 489 bytes'
run tfields -T fields -e frame.number -e tcp.stream -e tcp.seq

# 3. the work itself
if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
	# inclusive instructions per source file:function, lines of the two files
	spent() {
		TZ=UTC valgrind --tool=callgrind --callgrind-out-file="$out/$1.cg" \
			"$PKTSCOPE" -r "$CAP" $2 >/dev/null 2>&1
		callgrind_annotate "$out/$1.cg" 2>/dev/null >"$out/$1.ann"
		grep -E '(community_id|tcp_analysis)\.c:' "$out/$1.ann" |
			awk '{gsub(",", "", $1); s += $1} END {print s + 0}'
	}
	json_ir=$(spent cgjson --json)
	if ! grep -q 'flow_track\.c:' "$out/cgjson.ann"; then
		echo "SKIP part 3: callgrind gave no line info for $PKTSCOPE (no -g, or a sanitizer build)"
	else
		text_ir=$(spent cgtext "")
		echo "community_id.c + tcp_analysis.c: text $text_ir Ir, --json $json_ir Ir"
		[ "$text_ir" -eq 0 ] || { echo "FAIL: the text run computed them"; fail=1; }
		[ "$json_ir" -gt 0 ] || { echo "FAIL: the --json run did not compute them"; fail=1; }
	fi
else
	echo "SKIP part 3: valgrind missing"
fi
[ $fail -eq 0 ] && echo "PASS: flow parts computed only when read"
exit $fail
