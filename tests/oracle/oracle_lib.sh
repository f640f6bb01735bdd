# SPDX-License-Identifier: BSD-2-Clause
# oracle_lib.sh - sourced by the oracle scripts (after `set -u`): finding
# ../shared, the skip rule, the temporary directory, running pktscope on a
# capture and walking a capture set's MANIFEST.tsv.  Each script keeps its
# own thresholds, skip lists and the comments that explain them.
#
# Sourcing sets PKTSCOPE, SHARED, `out` (removed on exit) and fail=0.

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
SHARED=${PS_SHARED:-$top_srcdir/../shared}

# oracle_need SET [EXPECTED_DIR [TOOL]]: skip (exit 77) unless
# $SHARED/SET/EXPECTED_DIR (default expected) and $SHARED/oracle/TOOL
# (default compare.py) are there.  Without ../shared (a user's checkout) the
# test is skipped and says so; .ci/run sets PS_REQUIRE_SHARED=1 so it can
# never skip there.  Then python3 is needed.
oracle_need() {
	if [ ! -d "$SHARED/$1/${2:-expected}" ] || [ ! -f "$SHARED/oracle/${3:-compare.py}" ]; then
		if [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
			echo "FAIL: $SHARED/$1 not found and PS_REQUIRE_SHARED=1"
			exit 1
		fi
		echo "SKIP: no $SHARED/$1 (the oracle needs the shared captures beside the checkout)"
		exit 77
	fi
	command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
}

# oracle_pktscope LABEL CAPTURE OUTFILE [pktscope options...]: pktscope -r
# CAPTURE into OUTFILE, within ORACLE_TIMEOUT seconds (default 20).  No
# capture may crash or hang pktscope: exit 1 is allowed only with an error
# line (e.g. a capture cut mid-record); anything above sets fail=1.
oracle_pktscope() {
	_label=$1 _cap=$2 _to=$3
	shift 3
	timeout "${ORACLE_TIMEOUT:-20}" "$PKTSCOPE" -r "$_cap" "$@" >"$_to" 2>"$out/err"
	_rc=$?
	if [ $_rc -ge 124 ] || [ $_rc -gt 1 ]; then
		echo "CRASH/HANG: $_label exit $_rc: $(head -c 300 "$out/err")"
		fail=1
	fi
}

# oracle_manifest SET FUNC: FUNC NAME KIND CAPTURE for every capture that
# $SHARED/SET/MANIFEST.tsv lists (KIND: wellformed or malformed); a listed
# capture that is missing sets fail=1.
oracle_manifest() {
	while IFS='	' read -r _name _kind _rest; do
		case "$_name" in '#'*|'') continue ;; esac
		[ -f "$SHARED/$1/$_name" ] || { echo "missing capture $SHARED/$1/$_name"; fail=1; continue; }
		"$2" "$_name" "$_kind" "$SHARED/$1/$_name"
	done <"$SHARED/$1/MANIFEST.tsv"
}

# compare.py, and compare.py through compare_schema.py (which adapts its
# field paths to SCHEMA.md and reads numbers exactly)
oracle_compare() { python3 "$SHARED/oracle/compare.py" "$@"; }
oracle_compare_schema() {
	python3 "$top_srcdir/tests/oracle/compare_schema.py" "$SHARED/oracle/compare.py" "$@"
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
