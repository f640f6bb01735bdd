#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# render_ek.sh - -T ek (docs/sinks.md): every line is JSON; lines pair up as
# an index action and a document; the document is the --json object with
# "timestamp" and "@timestamp" first, byte for byte; and against tshark -T ek
# (TZ=UTC) on the samples and the shared captures: the same number of pairs,
# the same action line less "_type", the same "timestamp" string.  -T json is
# --json.
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
SHARED=${PS_SHARED:-$top_srcdir/../shared}
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
command -v tshark >/dev/null || { echo "SKIP: no tshark"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

caps="$S/demo.pcap $S/demo-ns.pcap $S/demo.pcapng $S/demo-sll2.pcap"
for c in "$SHARED"/pcaps/*.pcap "$SHARED"/pcaps/*.pcapng; do
	[ -f "$c" ] && caps="$caps $c"
done
i=0
for c in $caps; do
	i=$((i + 1))
	"$P" -r "$c" -T ek >"$tmp/$i.ek" 2>/dev/null
	"$P" -r "$c" --json >"$tmp/$i.json" 2>/dev/null
	TZ=UTC tshark -r "$c" -T ek >"$tmp/$i.tshark" 2>/dev/null
	echo "$c $tmp/$i.ek $tmp/$i.json $tmp/$i.tshark" >>"$tmp/list"
done
"$P" -r "$S/demo.pcap" -T json >"$tmp/T.json" || fail=1
"$P" -r "$S/demo.pcap" --json | cmp -s - "$tmp/T.json" || { echo "FAIL: -T json is not --json"; fail=1; }

python3 - "$tmp/list" <<'PY' || fail=1
import datetime, json, re, sys
bad = 0
def fail(msg):
    global bad
    bad += 1
    if bad <= 20:
        print("FAIL: " + msg)
pairs = files = 0
for row in open(sys.argv[1]):
    cap, ek, js, ts = row.split()
    ours = open(ek, "rb").read().decode("utf-8").split("\n")
    plain = open(js, "rb").read().decode("utf-8").split("\n")
    assert ours[-1] == "" and plain[-1] == ""
    ours, plain = ours[:-1], plain[:-1]
    theirs = [l for l in open(ts, encoding="utf-8", errors="replace").read().split("\n") if l]
    if len(ours) != 2 * len(plain):
        fail("%s: %d ek lines for %d packets" % (cap, len(ours), len(plain))); continue
    if len(theirs) != len(ours):
        fail("%s: %d lines, tshark -T ek %d" % (cap, len(ours), len(theirs)))
    files += 1
    for k in range(len(plain)):
        action, doc = ours[2 * k], ours[2 * k + 1]
        a, d = json.loads(action), json.loads(doc)
        # the action: {"index":{"_index":"packets-YYYY-MM-DD"}}, nothing else
        if list(a) != ["index"] or list(a["index"]) != ["_index"]:
            fail("%s #%d: action %s" % (cap, k + 1, action))
        # the document: "timestamp", "@timestamp", then the --json members
        keys = list(d)
        if keys[:2] != ["timestamp", "@timestamp"]:
            fail("%s #%d: first keys %s" % (cap, k + 1, keys[:3]))
        head = '{"timestamp":%s,"@timestamp":%s,' % (json.dumps(d["timestamp"]), json.dumps(d["@timestamp"]))
        if not doc.startswith(head) or "{" + doc[len(head):] != plain[k]:
            fail("%s #%d: document is not the --json line" % (cap, k + 1))
        # @timestamp is frame.ts in UTC, same digits; the index is its day
        m = re.match(r'\{"schema":\d+,"frame":\{"n":\d+,"ts":(-?\d+)\.(\d+),', plain[k])
        if not m:
            fail("%s #%d: no frame.ts in %s" % (cap, k + 1, plain[k][:80])); continue
        sec, frac = m.groups()
        ts_str = sec + "." + frac
        t = datetime.datetime.fromtimestamp(int(sec), datetime.timezone.utc)
        if d["@timestamp"] != t.strftime("%Y-%m-%dT%H:%M:%S.") + frac + "Z":
            fail("%s #%d: @timestamp %s, frame.ts %s" % (cap, k + 1, d["@timestamp"], ts_str))
        if a["index"]["_index"] != "packets-" + t.strftime("%Y-%m-%d"):
            fail("%s #%d: index %s" % (cap, k + 1, a["index"]["_index"]))
        # against tshark: the action less _type, and "timestamp"
        if 2 * k + 1 < len(theirs):
            ta, td = json.loads(theirs[2 * k]), json.loads(theirs[2 * k + 1])
            ta["index"].pop("_type", None)
            if ta != a:
                fail("%s #%d: action %s, tshark %s" % (cap, k + 1, a, ta))
            if td.get("timestamp") != d["timestamp"]:
                fail("%s #%d: timestamp %s, tshark %s" % (cap, k + 1, d["timestamp"], td.get("timestamp")))
        pairs += 1
print("render_ek: %d captures, %d action/document pairs checked, %d failures" % (files, pairs, bad))
sys.exit(1 if bad else 0)
PY
exit $fail
