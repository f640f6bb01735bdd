#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pktscope-gen selftest, run for real: every row passes (or is a skip with
# a reason), every group of checks is in the table, and nothing is left
# behind: no namespace, no /etc/netns directory, no scratch directory, no
# child process.  Then the same after a SIGINT in the middle of the run
# (exit 1, an "interrupted" row, everything removed), a --timeout too short
# (exit 1, the checks not run are FAIL rows), usage errors (exit 2) and,
# when setpriv exists, a non-root run (one line, exit 77).
set -u
. "${top_srcdir:-.}/tests/e2e/gen_lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespaces, capture)"; exit 77; }
command -v ip >/dev/null 2>&1 || { echo "SKIP: ip(8) not installed"; exit 77; }

# Each run gets its own TMPDIR (the scratch directory goes there) and a
# marker in its environment, which every child inherits.
mkdir "$tmp/scratch"
mark="gen_selftest_sh_$$"
# st_start NAME ARGS: selftest in the background, output in NAME.out/.err
# (a simple command in the background and env execs: $! is selftest's pid)
st_start() {
	n=$1; shift
	env TMPDIR="$tmp/scratch" GEN_SELFTEST_MARK="$mark" "$G" selftest "$@" >"$tmp/$n.out" 2>"$tmp/$n.err" &
	bg=$!
}
# st_wait: sets rc and pid
st_wait() {
	wait $bg
	rc=$?
	pid=$bg
	bg=""
}
# leftovers PID: what the run of that pid left behind; empty when clean.
leftovers() {
	ip netns list 2>/dev/null | grep "^selftest-$1-"
	ls -d "/etc/netns/selftest-$1-c" 2>/dev/null
	ls -A "$tmp/scratch"
	grep -l "GEN_SELFTEST_MARK=$mark" /proc/[0-9]*/environ 2>/dev/null
}

st_start full --timeout 200s
st_wait
cat "$tmp/full.out"
[ $rc = 77 ] && { echo "SKIP: $(cat "$tmp/full.err")"; exit 77; }
check "selftest: exit 0" $rc
! grep -q '^FAIL' "$tmp/full.out"
check "selftest: no FAIL row" $?
# every group is in the table, with the rows it must have
python3 - "$tmp/full.out" <<'PY'
import re, sys
rows = [l.split(None, 1) for l in open(sys.argv[1]) if re.match(r"^(pass|FAIL|skip) ", l)]
text = "\n".join(r[1] for r in rows)
want = {"echo tcp --engine": 4, "echo udp --engine": 4, "echo unix --engine": 4, "tls-echo": 2,
        "udp-send --stamp": 3, "udp-send --broadcast": 1, "sendfile": 1, "resolve": 1,
        "crypto": 5, "socketpair": 3, "info": 1, "netns pair": 1}
bad = ["%s: %d rows, want >= %d" % (k, text.count(k), n) for k, n in want.items() if text.count(k) < n]
skips = [r for r in rows if r[0] == "skip" and len(r[1].split()) < 4]
if skips: bad.append("a skip row without a reason")
if bad: print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
check "selftest: every module has its rows; skips give a reason" $?
grep -q "^selftest: [0-9]* passed, 0 failed" "$tmp/full.out"
check "selftest: summary line" $?
[ -z "$(leftovers $pid)" ]
check "selftest: namespaces, /etc/netns, scratch files and children removed" $?

# SIGINT in the middle of the run
st_start int --timeout 60s
sleep 2
kill -INT $bg
st_wait
[ $rc = 1 ] && grep -q "^FAIL *interrupted" "$tmp/int.out"
check "selftest: SIGINT gives exit 1 and an interrupted row" $?
[ -z "$(leftovers $pid)" ]
check "selftest: after SIGINT everything is removed" $?

# a --timeout too short: the checks not run fail, and say why
st_start to --timeout 1s
st_wait
[ $rc = 1 ] && grep -q "^FAIL.*--timeout reached" "$tmp/to.out"
check "selftest --timeout 1s: exit 1, rows 'not run: --timeout reached'" $?
[ -z "$(leftovers $pid)" ]
check "selftest --timeout 1s: everything removed" $?

"$G" selftest --timeout 0 2>/dev/null
check "selftest --timeout 0: exit 2" $([ $? = 2 ]; echo $?)
"$G" selftest extra 2>/dev/null
check "selftest with an argument: exit 2" $([ $? = 2 ]; echo $?)
if command -v setpriv >/dev/null 2>&1; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$G" selftest >"$tmp/nr.out" 2>"$tmp/nr.err"
	rc=$?
	[ $rc = 77 ] && [ "$(wc -l <"$tmp/nr.err")" = 1 ] && grep -q "needs root" "$tmp/nr.err" &&
		[ ! -s "$tmp/nr.out" ]
	check "selftest as non-root: one line on stderr, exit 77" $?
fi
finish
