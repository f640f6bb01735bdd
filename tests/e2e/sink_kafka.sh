#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# sink_kafka.sh - --output kafka:// against librdkafka's mock cluster (the
# real Kafka protocol over loopback TCP; tests/e2e/kafka_mock.c, 3 brokers,
# killed on every exit path; Debian packages no Kafka broker):
#  1. the topic holds exactly the records --json prints, in order (with -X
#     compression.type=zstd and linger.ms passed to librdkafka); on a topic
#     of 4 partitions each message is keyed by its Community ID, a flow's
#     messages on one partition in order; kcat (a consumer that is not
#     ours) reads the same records, partitions and keys back;
#     --flows alone ships the conversation records stdout would print;
#  2. the brokers go away mid-run (the mock's broker-down call): pktscope
#     ends within its bounded flush, exit 1, one line on stderr, and
#     offered = sent + dropped + errors with sent = what the topic holds;
#     then down and up again mid-run: the writer reconnects and the records
#     fed after it reach the topic, which holds exactly what was counted as
#     sent, in order;
#  3. -X with a name librdkafka does not know, a bad value, the brokers, or
#     without a kafka:// output: usage errors (exit 2), one line;
#  4. a port with nothing listening: exit 1 within the drain time, every
#     record counted (nothing sent), in the summary and the final
#     --stats-interval line.
set -u
top_srcdir=${top_srcdir:-.}
B=${top_builddir:-.}
P=$B/pktscope
M=$B/tests/e2e/kafka_mock
S=$top_srcdir/samples
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
if "$P" -r "$S/demo.pcap" --json --output kafka://127.0.0.1:1/t 2>&1 | grep -q "without Kafka"; then
	echo "SKIP: built --without-kafka"
	exit 77
fi
[ -x "$M" ] || { echo "FAIL: $M not built"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
tmp=$(mktemp -d)
mpid=""
cleanup() {
	exec 3>&- 2>/dev/null
	if [ -n "$mpid" ]; then
		kill "$mpid" 2>/dev/null
		wait "$mpid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# The mock cluster with topic $1: commands on fd 3, answers in $tmp/mock.out.
mkfifo "$tmp/ctl"
"$M" pkts <"$tmp/ctl" >"$tmp/mock.out" 2>"$tmp/mock.err" &
mpid=$!
exec 3>"$tmp/ctl"
for i in $(seq 100); do
	[ -s "$tmp/mock.out" ] && break
	sleep 0.1
done
bs=$(head -n 1 "$tmp/mock.out")
case "$bs" in
127.0.0.1:*) ;;
*) echo "FAIL: no bootstrap list from kafka_mock: $bs $(cat "$tmp/mock.err")"; exit 1 ;;
esac
url="kafka://$bs/pkts"

# ask CMD: send CMD to the mock, wait (30 s at most) for its last answer line
# ("ok" or "count N"), print the lines it answered with into $tmp/answer.
ask() {
	from=$(($(wc -l <"$tmp/mock.out") + 1))
	echo "$1" >&3
	for i in $(seq 300); do
		tail -n +"$from" "$tmp/mock.out" | grep -Eq '^(ok|count [0-9]+|unknown command|error: .*)$' && break
		sleep 0.1
	done
	tail -n +"$from" "$tmp/mock.out" >"$tmp/answer"
}
# the topic's records from the start (at most $1; 1 s at its end without a
# new one ends it)
consume() {
	ask "consume $1 1000"
	grep -v '^count ' "$tmp/answer"
}

"$P" -r "$S/demo.pcap" --json >"$tmp/want.json" || bad "--json"
n=$(wc -l <"$tmp/want.json")

# 1. exactly the records --json prints, in order
"$P" -r "$S/demo.pcap" --json --output "$url" -X compression.type=zstd -X linger.ms=20 \
	>"$tmp/out1" 2>"$tmp/err1"
rc=$?
[ $rc = 0 ] || bad "kafka run exit $rc: $(cat "$tmp/err1")"
[ -s "$tmp/out1" ] && bad "--output without --print wrote to stdout"
[ "$(cat "$tmp/err1")" = "pktscope: output $url: $n sent, 0 dropped, 0 errors" ] ||
	bad "summary: $(cat "$tmp/err1")"
consume $((n + 10)) >"$tmp/got.json"
cmp -s "$tmp/got.json" "$tmp/want.json" || bad "topic records differ from --json ($(wc -l <"$tmp/got.json") of $n)"
# ...and as kcat, the Kafka client users have, reads them back (a consumer
# that is not ours: the same records, in order)
if command -v kcat >/dev/null 2>&1; then
	timeout 60 kcat -C -b "$bs" -t pkts -o beginning -e -q -f '%s\n' >"$tmp/kcat.json" 2>"$tmp/kcat.err"
	cmp -s "$tmp/kcat.json" "$tmp/want.json" ||
		bad "kcat read $(wc -l <"$tmp/kcat.json") records of $n, not --json's: $(head -c 300 "$tmp/kcat.err")"
else
	bad "kcat not installed (scripts/install-deps.sh installs it)"
fi

# 1a. keys (one worker, then --workers 2): on a topic of 4 partitions
#     (--json --flows), every message is
#     keyed by its record's Community ID (flow.id of a packet, id of a flow
#     record; none without), one key's messages are on one partition in
#     --json's order, and more than one partition is used (--workers 2's
#     writer ships in the same order; its run appends to the topic: what
#     the first run left there is skipped)
"$P" -r "$S/demo.pcap" --json --flows >"$tmp/want.jf" || bad "--json --flows"
njf=$(wc -l <"$tmp/want.jf")
: >"$tmp/keyed0"
for w in 1 2; do
	"$P" -r "$S/demo.pcap" --workers $w --json --flows --output "kafka://$bs/pkts-4" \
		>/dev/null 2>"$tmp/err1a" || bad "keyed run (--workers $w): $(cat "$tmp/err1a")"
	ask "keys $((njf * w + 10)) 3000" # 3 s without a new one: ASan under load is slow
	grep -v '^count ' "$tmp/answer" >"$tmp/keyed"
	python3 - "$tmp/want.jf" "$tmp/keyed" "$tmp/keyed0" <<'PY' || bad "keys (--workers $w): see above"
import json, sys
want = open(sys.argv[1]).read().splitlines()
got = [l.split("\t", 2) for l in open(sys.argv[2]).read().splitlines()]
before = {}
for l in open(sys.argv[3]).read().splitlines():  # an earlier run's, first in each partition
    before[l.split("\t", 1)[0]] = before.get(l.split("\t", 1)[0], 0) + 1
seen = {}
def new(p):
    seen[p] = seen.get(p, 0) + 1
    return seen[p] > before.get(p, 0)
got = [g for g in got if new(g[0])]
ok = sorted(v for _, _, v in got) == sorted(want)
if not ok:
    print("keys: the topic's records are not --json --flows's", len(got), len(want))
part = {}
for p, k, v in got:
    r = json.loads(v)
    want_key = r.get("id", "") if r.get("type") == "flow" else r.get("flow", {}).get("id", "")
    if k != want_key:
        print("keys: key %r for a record whose id is %r" % (k, want_key))
        ok = False
    if k and part.setdefault(k, p) != p:
        print("keys: %s on partitions %s and %s" % (k, part[k], p))
        ok = False
for p in set(p for p, _, _ in got):  # within a partition: --json's order
    mine = [v for q, _, v in got if q == p]
    it = iter(want)
    if not all(v in it for v in mine):
        print("keys: partition %s is not in --json order" % p)
        ok = False
if len(set(part.values())) < 2:
    print("keys: every key on one partition:", set(part.values()))
    ok = False
sys.exit(0 if ok else 1)
PY
	cp "$tmp/keyed" "$tmp/keyed0"
done
# kcat sees the same partition, key and record for every message of both runs
if command -v kcat >/dev/null 2>&1; then
	timeout 60 kcat -C -b "$bs" -t pkts-4 -o beginning -e -q -f '%p\t%k\t%s\n' 2>"$tmp/kcat.err" |
		sort >"$tmp/kcat.keyed"
	sort "$tmp/keyed" | cmp -s - "$tmp/kcat.keyed" ||
		bad "kcat's partitions/keys differ from the mock's ($(wc -l <"$tmp/kcat.keyed") vs $(wc -l <"$tmp/keyed")): $(head -c 300 "$tmp/kcat.err")"
fi

# 1b. --flows alone: the topic gets the conversation records stdout would
ask "consume 1000000 500"
before=$(sed -n 's/^count //p' "$tmp/answer")
"$P" -r "$S/demo.pcap" --flows >"$tmp/want.flows" || bad "--flows"
nf=$(wc -l <"$tmp/want.flows")
"$P" -r "$S/demo.pcap" --flows --output "$url" >/dev/null 2>"$tmp/err1b" || bad "--flows to kafka: $(cat "$tmp/err1b")"
consume $((before + nf + 10)) | tail -n +$((before + 1)) >"$tmp/got.flows"
[ "$nf" -gt 0 ] && cmp -s "$tmp/got.flows" "$tmp/want.flows" || bad "--flows: topic differs from stdout ($(wc -l <"$tmp/got.flows") of $nf)"

# 2. the brokers go away mid-run: the first 20 packets are fed through a
#    pipe and confirmed, then every broker goes down, then the rest is fed
python3 - "$S/demo.pcap" "$tmp/head.pcap" "$tmp/tail.bin" 20 <<'PY'
import sys
src, head, tail, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
d = open(src, "rb").read()
le = d[:4] == bytes.fromhex("d4c3b2a1") or d[:4] == bytes.fromhex("4d3cb2a1")
off, i = 24, 0
while i < k:
    incl = int.from_bytes(d[off + 8:off + 12], "little" if le else "big")
    off += 16 + incl
    i += 1
open(head, "wb").write(d[:off])
open(tail, "wb").write(d[off:])
PY
ask "consume 1000000 500" # the topic's length before this run
before=$(sed -n 's/^count //p' "$tmp/answer")
mkfifo "$tmp/feed"
timeout 60 "$P" -r - --json --output "$url" <"$tmp/feed" >/dev/null 2>"$tmp/err2" &
ppid=$!
exec 4>"$tmp/feed"
cat "$tmp/head.pcap" >&4
for i in $(seq 20); do # until the 20 are in the topic
	ask "consume $((before + 20)) 500"
	[ "$(sed -n 's/^count //p' "$tmp/answer")" = $((before + 20)) ] && break
done
ask down
[ "$(cat "$tmp/answer")" = ok ] || bad "mock down: $(cat "$tmp/answer")"
sleep 0.5 # the mock's own thread closes the connections
start=$(date +%s)
cat "$tmp/tail.bin" >&4
exec 4>&-
wait $ppid
rc=$?
took=$(($(date +%s) - start))
[ $rc = 1 ] || bad "brokers down: exit $rc, want 1 ($(cat "$tmp/err2"))"
[ $took -le 10 ] || bad "brokers down: pktscope took $took s to end (bounded flush: ~2 s)"
[ "$(wc -l <"$tmp/err2")" = 1 ] || bad "brokers down: stderr is not one line: $(cat "$tmp/err2")"
line=$(cat "$tmp/err2")
sent=$(echo "$line" | sed -n 's/.*: \([0-9]*\) sent, \([0-9]*\) dropped, \([0-9]*\) errors.*/\1/p')
dropped=$(echo "$line" | sed -n 's/.*: \([0-9]*\) sent, \([0-9]*\) dropped, \([0-9]*\) errors.*/\2/p')
errors=$(echo "$line" | sed -n 's/.*: \([0-9]*\) sent, \([0-9]*\) dropped, \([0-9]*\) errors.*/\3/p')
case "$line" in
"pktscope: output $url: "*" (last error: kafka "*) ;;
*) bad "brokers down: summary line: $line" ;;
esac
if [ -n "$sent" ] && [ -n "$dropped" ] && [ -n "$errors" ]; then
	[ $((sent + dropped + errors)) = "$n" ] || bad "brokers down: $sent + $dropped + $errors != $n"
	[ "$sent" -ge 20 ] && [ "$sent" -lt "$n" ] || bad "brokers down: $sent sent (20 to $((n - 1)) expected)"
	ask up
	# what the topic holds from this run: exactly the first $sent records
	consume $((before + n + 10)) | tail -n +$((before + 1)) >"$tmp/got2.json"
	head -n "$sent" "$tmp/want.json" | cmp -s - "$tmp/got2.json" ||
		bad "brokers down: the topic holds $(wc -l <"$tmp/got2.json") records, not the $sent sent"
fi

# 2b. recovery: 20 packets confirmed, brokers down, 20 more fed, brokers up;
#     once the writer has reconnected (4 s: its back-off and probe) the
#     last 16 are fed: they reach the topic, the counters add up, and the
#     topic holds exactly the records counted as sent, in --json's order
python3 - "$tmp/head.pcap" "$tmp/tail.bin" "$tmp/mid.bin" "$tmp/end.bin" 20 <<'PY'
import sys
head, tail, mid, end, k = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
d = open(tail, "rb").read()
le = open(head, "rb").read(4) in (bytes.fromhex("d4c3b2a1"), bytes.fromhex("4d3cb2a1"))
off = 0
for _ in range(k):
    off += 16 + int.from_bytes(d[off + 8:off + 12], "little" if le else "big")
open(mid, "wb").write(d[:off])
open(end, "wb").write(d[off:])
PY
ask up
ask "consume 1000000 500"
before=$(sed -n 's/^count //p' "$tmp/answer")
rm -f "$tmp/feed"
mkfifo "$tmp/feed"
# librdkafka's reconnect back-off grows to 10 s by default: cap it so the
# reconnection fits the wait below also under ASan
timeout 60 "$P" -r - --json --output "$url" --stats-interval 60 \
	-X reconnect.backoff.ms=100 -X reconnect.backoff.max.ms=1000 \
	<"$tmp/feed" >/dev/null 2>"$tmp/err2b" &
ppid=$!
exec 4>"$tmp/feed"
cat "$tmp/head.pcap" >&4
for i in $(seq 20); do
	ask "consume $((before + 20)) 500"
	[ "$(sed -n 's/^count //p' "$tmp/answer")" = $((before + 20)) ] && break
done
ask down
sleep 0.5
cat "$tmp/mid.bin" >&4
sleep 1.5 # librdkafka notices: all brokers down
ask up
# the writer's probe succeeds within its back-off (2 s at most) + 1 s; no
# stats line can say so meanwhile: the run loop is blocked reading the pipe;
# 10 s, more than twice what a quiet machine needs: the ASan build once
# took longer than 4 s
sleep 10
cat "$tmp/end.bin" >&4
exec 4>&-
wait $ppid
rc=$?
line=$(grep '^pktscope: output' "$tmp/err2b")
s2=$(echo "$line" | sed -n 's/.*: \([0-9]*\) sent, \([0-9]*\) dropped, \([0-9]*\) errors.*/\1 \2 \3/p')
set -- $s2
if [ $# = 3 ]; then
	[ $(($1 + $2 + $3)) = "$n" ] || bad "recovery: $1 + $2 + $3 != $n"
	[ "$1" -ge 36 ] || bad "recovery: $1 sent, want at least the 20 before and the 16 after"
	[ $rc = 0 ] || [ $(($2 + $3)) -gt 0 ] || bad "recovery: exit $rc with nothing lost"
	consume $((before + n + 10)) | tail -n +$((before + 1)) >"$tmp/got2b.json"
	[ "$(wc -l <"$tmp/got2b.json")" = "$1" ] || bad "recovery: topic holds $(wc -l <"$tmp/got2b.json"), $1 sent"
	tail -n 16 "$tmp/want.json" | cmp -s - "$(tail -n 16 "$tmp/got2b.json" >"$tmp/last16"; echo "$tmp/last16")" ||
		bad "recovery: the last 16 records are not the topic's last 16"
	python3 -c '
import sys
want = open(sys.argv[1]).read().splitlines()
got = open(sys.argv[2]).read().splitlines()
it = iter(want)
sys.exit(0 if all(g in it for g in got) else 1)' "$tmp/want.json" "$tmp/got2b.json" ||
		bad "recovery: the topic is not the sent records in --json order"
	grep -q '"final":true.*"connects":2' "$tmp/err2b" || bad "recovery: final stats: $(tail -n 1 "$tmp/err2b")"
	recovered="$1 sent, $2 dropped, $3 errors"
else
	bad "recovery: summary line: $line"
fi

# 3. -X: librdkafka's names and values, usage errors otherwise
for x in no.such.property=1 compression.type=rot13 bootstrap.servers=127.0.0.1:1; do
	"$P" -r "$S/demo.pcap" --json --output "$url" -X "$x" >/dev/null 2>"$tmp/err3"
	rc=$?
	[ $rc = 2 ] || bad "-X $x: exit $rc, want 2"
	[ "$(wc -l <"$tmp/err3")" = 1 ] && grep -q "^pktscope: .*-X ${x%%=*}" "$tmp/err3" ||
		bad "-X $x: $(cat "$tmp/err3")"
done
"$P" -r "$S/demo.pcap" --json --output file:"$tmp/f" -X acks=all >/dev/null 2>"$tmp/err3"
rc=$?
[ $rc = 2 ] && grep -q "needs --output kafka" "$tmp/err3" || bad "-X without kafka: exit $rc $(cat "$tmp/err3")"
# tcpdump's -X (hex and ASCII) is still -X before anything else
"$P" -r "$S/demo.pcap" -c 1 -X >"$tmp/hex" 2>&1 && grep -q '0x0000:' "$tmp/hex" || bad "-X hex dump"
"$P" -r "$S/demo.pcap" -c 1 -X -- 'len=86' >"$tmp/hex" 2>&1 && grep -q '0x0000:' "$tmp/hex" ||
	bad "-X -- FILTER: $(head -2 "$tmp/hex")"

# 4. nothing listening: bounded, counted
dead=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(date +%s)
timeout 60 "$P" -r "$S/demo.pcap" --json --output "kafka://127.0.0.1:$dead/t" --stats-interval 1 \
	>/dev/null 2>"$tmp/err4"
rc=$?
took=$(($(date +%s) - start))
[ $rc = 1 ] || bad "no broker: exit $rc, want 1"
[ $took -le 10 ] || bad "no broker: took $took s"
grep -q "^pktscope: output kafka://127.0.0.1:$dead/t: 0 sent, $n dropped, 0 errors (last error: kafka " "$tmp/err4" ||
	bad "no broker: $(cat "$tmp/err4")"
grep -q "^{\"type\":\"stats\",\"final\":true,.*\"output\":\"kafka://127.0.0.1:$dead/t\",\"queued\":$n,\"sent\":0,\"dropped\":$n,\"errors\":0," \
	"$tmp/err4" || bad "no broker: final stats line: $(grep final "$tmp/err4")"

[ -s "$tmp/mock.err" ] && echo "kafka_mock said: $(head -5 "$tmp/mock.err")"
[ $fail = 0 ] && echo "PASS: sink_kafka ($n records; brokers down mid-run: ${sent:-?} sent, ${dropped:-?} dropped, ${errors:-?} errors; down then up: ${recovered:-?})"
exit $fail
