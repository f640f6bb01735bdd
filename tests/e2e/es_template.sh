#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# es_template.sh - docs/elasticsearch-template.json (packets-*) and
# docs/elasticsearch-flows-template.json (flows-*) against what -T ek
# writes, without an Elasticsearch server (none is packaged here; nothing is
# sent anywhere): es_template.py checks that both are well-formed composable
# index templates, that every field of every document is mapped by the
# template or one of its dynamic rules, and that each value fits its type
# (ip fields parse, ports fit integer, ...).  Documents: every capture in
# samples/ with -T ek, -T ek -x -v (payload.hex, checksum_ok, ts_str) and
# -T ek --flows; then every shared capture (../shared/pcaps) when present.
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
T="$top_srcdir/docs/elasticsearch-template.json $top_srcdir/docs/elasticsearch-flows-template.json"
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# shellcheck disable=SC2086 # $T is two paths
python3 "$top_srcdir/tests/e2e/es_template.py" --self-test $T || fail=1

for f in "$S"/*.pcap "$S"/*.pcapng; do
	for opts in "-T ek" "-T ek -x -v" "-T ek --flows"; do
		# shellcheck disable=SC2086
		"$P" -r "$f" $opts 2>/dev/null >>"$tmp/samples.ndjson"
	done
done
grep -q '"_index":"flows-' "$tmp/samples.ndjson" || { echo "FAIL: no flow documents"; fail=1; }
echo "samples/: $(($(wc -l <"$tmp/samples.ndjson") / 2)) documents"
# shellcheck disable=SC2086
python3 "$top_srcdir/tests/e2e/es_template.py" $T <"$tmp/samples.ndjson" || fail=1

shared=$top_srcdir/../shared/pcaps
if [ -d "$shared" ]; then
	for f in "$shared"/*; do
		[ -f "$f" ] || continue
		"$P" -r "$f" -T ek --flows -x -v 2>/dev/null >>"$tmp/shared.ndjson"
	done
	echo "../shared/pcaps: $(($(wc -l <"$tmp/shared.ndjson") / 2)) documents"
	# shellcheck disable=SC2086
	python3 "$top_srcdir/tests/e2e/es_template.py" $T <"$tmp/shared.ndjson" || fail=1
else
	echo "../shared/pcaps absent: samples/ only"
fi
exit $fail
