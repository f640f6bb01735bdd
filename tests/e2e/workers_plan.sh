#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# workers_plan.sh - `-r FILE --workers N` runs as one worker with read-ahead
# where that is faster (src/cli/workers_plan.c, docs/workers.md "Which plan
# runs"): on one usable core, and on two for light output; it says so in one
# line on stderr, and stdout and the exit code are one worker's.  Heavy
# output on two cores, three usable cores, and --workers-pipeline run the
# pipeline, silently.  The cores are set with taskset (skipped without it).
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
command -v taskset >/dev/null || { echo "SKIP: no taskset"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
export TZ=UTC
C=$S/demo.pcap
# the CPUs this test may use (a container's cpuset need not start at 0)
set -- $(python3 -c 'import os; print(*sorted(os.sched_getaffinity(0))[:3])')
ncpu=$# c0=${1:-0} c1=${2:-} c2=${3:-}

# plan CPUS WANT ARGS...: under taskset -c CPUS, `--workers` ARGS give one
# worker's stdout and exit code, and the note (WANT=note: its one line,
# naming the reason) or nothing on stderr (WANT=pipeline)
plan() {
	cpus=$1 want=$2
	shift 2
	"$P" -r "$C" $(echo "$@" | sed 's/--workers [0-9]*//; s/--workers-pipeline//') \
		>"$tmp/1.out" 2>"$tmp/1.err"
	rc1=$?
	taskset -c "$cpus" "$P" -r "$C" "$@" >"$tmp/n.out" 2>"$tmp/n.err"
	rcn=$?
	if [ $rcn != $rc1 ] || ! cmp -s "$tmp/1.out" "$tmp/n.out"; then
		echo "FAIL: taskset -c $cpus $*: exit $rcn (want $rc1) or stdout differs"
		fail=1
	fi
	if [ "$want" = note ]; then
		grep -v '^pktscope: --workers [0-9]* runs as one worker with read-ahead, faster here (' \
			"$tmp/n.err" >"$tmp/rest.err"
		if [ "$(grep -c 'runs as one worker' "$tmp/n.err")" != 1 ] ||
		   ! cmp -s "$tmp/1.err" "$tmp/rest.err"; then
			echo "FAIL: taskset -c $cpus $*: want one note on stderr, got: $(cat "$tmp/n.err")"
			fail=1
		fi
	elif ! cmp -s "$tmp/1.err" "$tmp/n.err"; then
		echo "FAIL: taskset -c $cpus $*: the pipeline's stderr: $(cat "$tmp/n.err")"
		fail=1
	fi
}

# one usable core: one worker, whatever the output
plan $c0 note --workers 2
plan $c0 note --workers 4 --json
grep -q '(1 usable core)' "$tmp/n.err" || { echo "FAIL: no '1 usable core' in the note"; fail=1; }
plan $c0 pipeline --workers 2 --workers-pipeline
plan $c0 pipeline --workers 3 --workers-pipeline -q
if [ "$ncpu" -ge 2 ]; then
	# two: light output runs as one worker, heavy output the pipeline
	plan $c0,$c1 note --workers 2
	grep -q '(2 cores and light per-packet work)' "$tmp/n.err" ||
		{ echo "FAIL: no '2 cores' in the note: $(cat "$tmp/n.err")"; fail=1; }
	plan $c0,$c1 note --workers 3 -q
	plan $c0,$c1 note --workers 2 -T fields -e frame.number -e ip.src
	plan $c0,$c1 note --workers 2 --flows
	plan $c0,$c1 pipeline --workers 2 --json
	plan $c0,$c1 pipeline --workers 2 -T ek
	plan $c0,$c1 pipeline --workers 2 -v
	plan $c0,$c1 pipeline --workers 2 -x
	plan $c0,$c1 pipeline --workers 2 --workers-pipeline
fi
if [ "$ncpu" -ge 3 ]; then
	plan $c0,$c1,$c2 pipeline --workers 3
	plan $c0,$c1,$c2 note --workers 2  # the pipeline would get 2 of them
fi
[ $fail = 0 ] && echo "PASS: --workers plans (on $ncpu usable CPUs)"
exit $fail
