# SPDX-License-Identifier: BSD-2-Clause
# gen_lib.sh - sourced by the pktscope-gen e2e tests (after `set -u`): $G,
# the python3 skip rule, check()/finish, a temporary directory $tmp and the
# one background process $bg, killed (by its PID) and $tmp removed on every
# exit.

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
G="$top_builddir/pktscope-gen"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }

fails=0
# check NAME STATUS: one "ok"/"FAIL" line; failures are counted for finish
check() {
	if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}
# finish: exit 1 when any check failed, else 0
finish() {
	[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
	exit 0
}

tmp=$(mktemp -d)
bg=""
trap '[ -n "$bg" ] && kill $bg 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# await_port CMD...: run CMD (which prints the port once the background
# process has reported it) every 0.1 s for at most 5 s; sets $port, false
# when it never came.
await_port() {
	port=""
	for _ in $(seq 50); do
		port=$("$@")
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	return 1
}
