#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Oracle test: every capture in ../shared/pcaps through `pktscope --json`,
# compared field by field with tshark's decode (../shared/pcaps/expected) by
# ../shared/oracle/compare.py.  Well-formed captures must agree 100%; on the
# malformed ones every field tshark decoded must agree.  No capture may crash
# or hang pktscope.  compare_schema.py adapts compare.py's field paths to
# SCHEMA.md (vlan is an array) and reads numbers exactly (9-decimal ts).  Without ../shared (a user's checkout) the test is skipped
# and says so; .ci/run sets PS_REQUIRE_SHARED=1 so it can never skip there.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
SHARED=${PS_SHARED:-$top_srcdir/../shared}
if [ ! -d "$SHARED/pcaps/expected" ] || [ ! -f "$SHARED/oracle/compare.py" ]; then
	if [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
		echo "FAIL: $SHARED/pcaps not found and PS_REQUIRE_SHARED=1"
		exit 1
	fi
	echo "SKIP: no $SHARED/pcaps (the oracle needs the shared captures beside the checkout)"
	exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/wellformed" "$out/malformed" "$out/exp_wellformed" "$out/exp_malformed"
fail=0
while IFS='	' read -r name kind rest; do
	case "$name" in '#'*|'') continue ;; esac
	f="$SHARED/pcaps/$name"
	[ -f "$f" ] || { echo "missing capture $f"; fail=1; continue; }
	timeout 20 "$PKTSCOPE" -r "$f" --json >"$out/$kind/$name.ndjson" 2>"$out/$name.err"
	rc=$?
	# exit 1 is allowed only with an error line (e.g. a capture cut mid-record)
	if [ $rc -ge 124 ] || [ $rc -gt 1 ]; then
		echo "CRASH/HANG: $name exit $rc: $(head -c 300 "$out/$name.err")"
		fail=1
	fi
	cp "$SHARED/pcaps/expected/$name.ndjson" "$out/exp_$kind/"
done <"$SHARED/pcaps/MANIFEST.tsv"

echo "== well-formed captures (must be 100%)"
python3 "$top_srcdir/tests/oracle/compare_schema.py" "$SHARED/oracle/compare.py" "$out/exp_wellformed" "$out/wellformed" --threshold 100 --show 30 || fail=1
echo "== malformed captures (every field tshark decoded must agree)"
python3 "$top_srcdir/tests/oracle/compare_schema.py" "$SHARED/oracle/compare.py" "$out/exp_malformed" "$out/malformed" --threshold 100 --show 30 || fail=1
exit $fail
