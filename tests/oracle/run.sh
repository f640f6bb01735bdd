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
. "${top_srcdir:-.}/tests/oracle/oracle_lib.sh"
oracle_need pcaps

mkdir -p "$out/wellformed" "$out/malformed" "$out/exp_wellformed" "$out/exp_malformed"
capture() { # name kind path
	oracle_pktscope "$1" "$3" "$out/$2/$1.ndjson" --json
	cp "$SHARED/pcaps/expected/$1.ndjson" "$out/exp_$2/"
}
oracle_manifest pcaps capture

echo "== well-formed captures (must be 100%)"
oracle_compare_schema "$out/exp_wellformed" "$out/wellformed" --threshold 100 --show 30 || fail=1
echo "== malformed captures (every field tshark decoded must agree)"
oracle_compare_schema "$out/exp_malformed" "$out/malformed" --threshold 100 --show 30 || fail=1
exit $fail
