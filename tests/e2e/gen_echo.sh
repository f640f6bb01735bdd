#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The echo suite (gen_echo_suite.py, python3 socket clients on loopback)
# run against every engine: epoll, poll, select and thread must all pass.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
G="$top_builddir/pktscope-gen"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$G" ] || { echo "FAIL: $G not built"; exit 1; }
fails=0
for engine in ${GEN_ENGINES:-epoll poll select thread}; do
	echo "== engine $engine"
	timeout 300 python3 "$top_srcdir/tests/e2e/gen_echo_suite.py" "$G" "$engine" || fails=$((fails + 1))
done
[ "$fails" = 0 ] || { echo "FAIL: $fails engine(s) failed the echo suite"; exit 1; }
exit 0
