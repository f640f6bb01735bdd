#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Golden tests: each line of tests/golden/MANIFEST runs pktscope on a capture
# in samples/ and compares stdout, stderr's first line and the exit code with
# tests/golden/expected/NAME.out (tcpdump's TESTLIST idea).  Every --json
# line is also checked to be a JSON object.
#   MANIFEST columns (tab-separated): name  capture  TZ  arguments
#   REGEN=1 tests/golden/run.sh   rewrites the expected files (review the diff!)
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
# run from the source tree so file names in messages read "samples/X"
PKTSCOPE="$(cd "$top_builddir" && pwd)/pktscope"
cd "$top_srcdir" || exit 1
G=tests/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while IFS='	' read -r name capture tz args; do
	case "$name" in '#'*|'') continue ;; esac
	# shellcheck disable=SC2086  # args are split on purpose; filters are quoted with ''
	eval "set -- $args"
	TZ=$tz "$PKTSCOPE" -r "samples/$capture" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	{ cat "$tmp/out"; echo "--- stderr"; head -n 1 "$tmp/err"; echo "--- exit $rc"; } >"$tmp/got"
	case " $args " in
	*" --json "*)
		python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1]), 1):
    if not isinstance(json.loads(line), dict): sys.exit("line %d: not an object" % n)
' "$tmp/out" || { echo "FAIL $name: invalid JSON"; fail=$((fail + 1)); continue; } ;;
	esac
	if [ "${REGEN:-0}" = 1 ]; then
		cp "$tmp/got" "$G/expected/$name.out"
	fi
	if cmp -s "$tmp/got" "$G/expected/$name.out"; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: pktscope -r samples/$capture $args (TZ=$tz)"
		diff -u "$G/expected/$name.out" "$tmp/got" | head -40
		fail=$((fail + 1))
	fi
done <"$G/MANIFEST"
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
