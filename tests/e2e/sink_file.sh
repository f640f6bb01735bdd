#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# sink_file.sh - --output file:PATH (docs/sinks.md): the file holds what
# stdout would, for --json and -T ek; two outputs at once both get every
# record; --flows conversation records are shipped too (alone, interleaved
# with --json, and as bulk pairs with -T ek, every line JSON); a path that cannot be opened ends the run with exit 1 and every
# record counted; the usage errors exit 2.
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

"$P" -r "$S/demo.pcap" --json >"$tmp/want.json" || bad "--json"
"$P" -r "$S/demo.pcap" -T ek >"$tmp/want.ek" || bad "-T ek"
n=$(wc -l <"$tmp/want.json")

"$P" -r "$S/demo.pcap" --json --output "file:$tmp/a.json" --output "file:$tmp/b.json" \
	>"$tmp/out" 2>"$tmp/err" || bad "two file outputs: $(cat "$tmp/err")"
cmp -s "$tmp/a.json" "$tmp/want.json" || bad "file:a differs from --json"
cmp -s "$tmp/b.json" "$tmp/want.json" || bad "file:b differs from --json"
[ -s "$tmp/out" ] && bad "stdout written without --print"
[ "$(grep -c ": $n sent, 0 dropped, 0 errors" "$tmp/err")" = 2 ] || bad "summaries: $(cat "$tmp/err")"

"$P" -r "$S/demo.pcap" -T ek --output "file:$tmp/bulk.ndjson" 2>/dev/null || bad "-T ek to file"
cmp -s "$tmp/bulk.ndjson" "$tmp/want.ek" || bad "file: -T ek differs from stdout"

# --flows: the conversation records go to the sinks as the packets do
for fmt in "" "--json" "-T ek"; do
	# shellcheck disable=SC2086 # $fmt is zero, one or two words
	"$P" -r "$S/demo.pcap" $fmt --flows >"$tmp/want.flows" || bad "$fmt --flows"
	nf=$(grep -c '"type":"flow"' "$tmp/want.flows")
	[ "$nf" -gt 0 ] || bad "$fmt --flows printed no flow record"
	rm -f "$tmp/flows.out"
	# shellcheck disable=SC2086
	"$P" -r "$S/demo.pcap" $fmt --flows --output "file:$tmp/flows.out" >"$tmp/out" 2>"$tmp/err" ||
		bad "$fmt --flows to file: $(cat "$tmp/err")"
	cmp -s "$tmp/flows.out" "$tmp/want.flows" || bad "file: $fmt --flows differs from stdout"
	[ -s "$tmp/out" ] && bad "$fmt --flows: stdout written without --print"
	recs=$(grep -c '"type":"flow"' "$tmp/flows.out")
	[ "$fmt" = "" ] || recs=$((recs + $(grep -c '"frame":' "$tmp/flows.out")))
	grep -q ": $recs sent, 0 dropped, 0 errors" "$tmp/err" || bad "$fmt --flows summary: $(cat "$tmp/err") (want $recs)"
done
# -T ek --flows: a bulk body, an action line before every document, flows in flows-DAY
python3 - "$tmp/flows.out" <<'PY' || bad "-T ek --flows is not a bulk body"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) % 2 == 0, "odd line count"
flows = 0
for a, d in zip(lines[::2], lines[1::2]):
    a, d = json.loads(a), json.loads(d)
    index = a["index"]["_index"]
    if d.get("type") == "flow":
        flows += 1
        assert index == "flows-" + d["@timestamp"][:10], (index, d["@timestamp"])
        assert d["timestamp"] == "%d" % int(d["last_ts"] * 1000) or abs(int(d["timestamp"]) - d["last_ts"] * 1000) <= 1
    else:
        assert index.startswith("packets-") and "frame" in d, index
assert flows > 0
PY

# a directory cannot be opened for writing: retried until the drain time,
# then every record is counted as dropped; exit 1
mkdir "$tmp/dir"
"$P" -r "$S/demo.pcap" --json --output "file:$tmp/dir" >/dev/null 2>"$tmp/err2"
rc=$?
[ $rc = 1 ] || bad "unopenable file: exit $rc"
grep -q ": 0 sent, $n dropped, 0 errors (last error: .*Is a directory)" "$tmp/err2" ||
	bad "unopenable file summary: $(cat "$tmp/err2")"

# usage errors: exit 2, one line naming the problem
usage() {
	want=$1; shift
	"$P" "$@" >/dev/null 2>"$tmp/uerr"
	rc=$?
	[ $rc = 2 ] || bad "$*: exit $rc, want 2"
	grep -q -- "$want" "$tmp/uerr" || bad "$*: message $(head -1 "$tmp/uerr")"
}
usage "needs --json, -T ek or --flows" -r "$S/demo.pcap" --output "file:$tmp/x"
usage "expected redis://" -r "$S/demo.pcap" --json --output "mqtt://k1:1883/flows"
usage "kafka://BROKER" -r "$S/demo.pcap" --json --output "kafka://k1:9092"
usage "the stream key is missing" -r "$S/demo.pcap" --json --output "redis://127.0.0.1:6379/"
usage "bad %XX escape" -r "$S/demo.pcap" --json --output "redis://u:p%zz@h/k"
grep -q "p%zz" "$tmp/uerr" && bad "a refused redis URL's password is in the message"
usage "no user:password@" -r "$S/demo.pcap" --json --output "kafka://u:pw@h/t"
grep -q "u:pw" "$tmp/uerr" && bad "a refused kafka URL's password is in the message"
usage "Redis over TLS is not supported" -r "$S/demo.pcap" --json --output "rediss://h/k"
usage "invalid stats interval" -r "$S/demo.pcap" --stats-interval 0
usage "expected fields, json, ek or text" -r "$S/demo.pcap" -T pdml
usage "--tui does not ship" -r "$S/demo.pcap" --json --tui --output "file:$tmp/x"
[ -e "$tmp/x" ] && bad "a refused command created its output file"
exit $fail
