#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# DNS over TCP from the reassembled stream (dissectors/dis_dns_stream.c),
# against tshark 4.0 on a real exchange: a python3 server and client
# (dns_tcp_peer.py) talk on 127.0.0.1 in a network namespace of this test,
# captured by tcpdump on its lo, once on each port: 53, 5353 (tshark 4.0
# decodes TCP 5353 with its dns dissector: DNS, not mDNS; tcpdump prints no
# DNS there) and 5355 (LLMNR's port: tshark decodes nothing over TCP, nor
# does pktscope).  The client cuts a query after the
# first length byte, after the prefix and inside the header, sends two
# queries in one segment and a message whose tail shares a segment with the
# next one's head; the server answers likewise and sends a 150-record
# answer over three segments.
#  1. --json: every frame on which tshark reports a DNS message carries the
#     same first message in pktscope (id, first question name, answer count,
#     every A record of a frame with one message), and no other frame has a
#     dns object (a segment whose message a later frame completes has none).
#  2. -Y 'dns.qry.name == "n150.example.com"', -Y dns and -Y mdns select the
#     frames tshark's filter selects.
#  3. the text of every frame is tcpdump -nn's, also with --no-flows.
#  4. -q prints the dns streams line (53, 5353).
#  5. -Y and -e of DNS fields alone run the flow stage for DNS's TCP ports
#     only, with the DNS stream decoder only (src/cli/flow_plan.c): the same
#     lines as with --all-stages, and -q -Y says so, with a full run's counts.
# Skips (77) without root, ip, python3, tcpdump or tshark.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
PEER="$top_srcdir/tests/e2e/dns_tcp_peer.py"
for c in python3 tshark tcpdump ip; do
	command -v $c >/dev/null 2>&1 || { echo "dns_tcp_stream: no $c, skipping"; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "dns_tcp_stream: needs root (netns), skipping"; exit 77; }
ns="dnstcp_e2e_$$"
tmp=$(mktemp -d)
tdpid=
cleanup() {
	[ -n "$tdpid" ] && kill "$tdpid" 2>/dev/null
	ip netns pids "$ns" 2>/dev/null | while read -r p; do kill "$p" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
	[ -n "${KEEP:-}" ] && cp -r "$tmp" "$KEEP"
	rm -rf "$tmp"
}
trap cleanup EXIT

ip netns add "$ns" || { echo "dns_tcp_stream: cannot create netns, skipping"; exit 77; }
ip -n "$ns" link set lo up || exit 1
fail=0
oks=
run_port() { # port
	port=$1
	rm -f "$tmp/td.err" "$tmp/srv.out"
	ip netns exec "$ns" tcpdump -U --immediate-mode -s0 -i lo -w "$tmp/x$port.pcap" tcp port "$port" 2>"$tmp/td.err" &
	tdpid=$!
	i=0
	while ! grep -q listening "$tmp/td.err" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	ip netns exec "$ns" timeout 30 python3 "$PEER" server "$port" >"$tmp/srv.out" 2>&1 &
	i=0
	while ! grep -q ready "$tmp/srv.out" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	got=$(ip netns exec "$ns" timeout 30 python3 "$PEER" client "$port") || { echo "client failed: $got"; cat "$tmp/srv.out"; exit 1; }
	[ "$got" = "1:1 2:2 3:3 4:150 5:1 6:1" ] || { echo "exchange went wrong: $got"; exit 1; }
	sleep 1
	kill -INT "$tdpid"; wait "$tdpid" 2>/dev/null; tdpid=

	# 1. JSON against tshark, frame by frame
	tshark -r "$tmp/x$port.pcap" -T fields -e frame.number -e dns.id -e dns.qry.name \
		-e dns.count.answers -e dns.a -E occurrence=a -E aggregator='|' >"$tmp/ts.tsv" 2>/dev/null || exit 1
	"$PKTSCOPE" -r "$tmp/x$port.pcap" --json >"$tmp/ps.json" || exit 1
	python3 - "$tmp/ts.tsv" "$tmp/ps.json" "$port" <<'PY' || fail=1
import json, sys
want = {}
for line in open(sys.argv[1]):
    f = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
    if not f[1]:
        continue
    ids = f[1].split("|")
    # several messages in one frame: tshark lists all, our object is the first
    want[int(f[0])] = (int(ids[0], 16), f[2].split("|")[0], int(f[3].split("|")[0]),
                       f[4].split("|") if len(ids) == 1 and f[4] else None)
bad = 0
for n, line in enumerate(open(sys.argv[2]), 1):
    d = json.loads(line).get("dns")
    if n not in want:
        if d:
            print("frame %d: dns object tshark does not report: %s" % (n, d)); bad += 1
        continue
    w = want.pop(n)
    if not d:
        print("frame %d: no dns object, tshark has %s" % (n, w)); bad += 1
        continue
    a = [r["a"] for r in d.get("answers", []) if "a" in r]
    g = (d["id"], d["queries"][0]["name"], d["ancount"], a if w[3] is not None else None)
    if g != w:
        print("frame %d: pktscope %s, tshark %s" % (n, g[:3], w[:3])); bad += 1
if want:
    print("frames tshark decodes and pktscope does not read:", sorted(want)); bad += 1
ndns = len([1 for k in open(sys.argv[1]) if k.split("\t")[1].strip()])
if (ndns < 10) if sys.argv[3] != "5355" else ndns:
    print("port %s: %d DNS frames in tshark" % (sys.argv[3], ndns)); bad += 1
print("dns_tcp_stream: port %s: %d frame(s) differ" % (sys.argv[3], bad))
sys.exit(bad != 0)
PY

	# 2. the display filter on the completing frames
	flt='dns.qry.name == "n150.example.com"'
	tshark -r "$tmp/x$port.pcap" -Y "$flt" -T fields -e frame.number >"$tmp/ts.y" 2>/dev/null
	"$PKTSCOPE" -r "$tmp/x$port.pcap" -Y "$flt" -T fields -e frame.number >"$tmp/ps.y" 2>/dev/null
	if ! diff "$tmp/ts.y" "$tmp/ps.y" >/dev/null || { [ ! -s "$tmp/ts.y" ] && [ "$port" != 5355 ]; }; then
		echo "port $port: -Y $flt: tshark frames $(tr '\n' ' ' <"$tmp/ts.y"), pktscope $(tr '\n' ' ' <"$tmp/ps.y")"
		fail=1
	fi
	for flt in dns mdns llmnr; do # tshark's mdns and llmnr are UDP only
		tshark -r "$tmp/x$port.pcap" -Y "$flt" -T fields -e frame.number >"$tmp/ts.y" 2>/dev/null
		"$PKTSCOPE" -r "$tmp/x$port.pcap" -Y "$flt" -T fields -e frame.number >"$tmp/ps.y" 2>/dev/null
		if ! diff "$tmp/ts.y" "$tmp/ps.y" >/dev/null; then
			echo "port $port: -Y $flt: tshark frames $(tr '\n' ' ' <"$tmp/ts.y"), pktscope $(tr '\n' ' ' <"$tmp/ps.y")"
			fail=1
		fi
	done

	# 3. the text of every frame is tcpdump -nn's (each segment read alone: the
	#    length-prefix check of a continuation), with and without flow tracking
	#    (--no-flows: absolute sequence numbers, as tcpdump -S)
	tcpdump -nn -r "$tmp/x$port.pcap" 2>/dev/null | sed 's/^[0-9:.]* //' >"$tmp/td.txt"
	"$PKTSCOPE" -r "$tmp/x$port.pcap" 2>/dev/null | sed 's/^[0-9:.]* //' >"$tmp/ps.txt"
	tcpdump -S -nn -r "$tmp/x$port.pcap" 2>/dev/null | sed 's/^[0-9:.]* //' >"$tmp/tdS.txt"
	"$PKTSCOPE" --no-flows -r "$tmp/x$port.pcap" 2>/dev/null | sed 's/^[0-9:.]* //' >"$tmp/psS.txt"
	for v in "" S; do
		if ! diff "$tmp/td$v.txt" "$tmp/ps$v.txt" >"$tmp/text.diff"; then
			echo "port $port: text${v:+ (--no-flows)} differs from tcpdump -nn${v:+ -S}:"; head -6 "$tmp/text.diff"; fail=1
		fi
	done
	if [ "$port" = 53 ]; then
		grep -q 'length 1 \[DNS over TCP: length 1 < 2\] (invalid)$' "$tmp/ps.txt" &&
			grep -q 'A? n150.example.com. (34)$' "$tmp/ps.txt" || { echo "text: expected lines missing"; fail=1; }
	elif grep -q 'A?' "$tmp/ps.txt"; then
		echo "port $port: DNS text where tcpdump prints none"; fail=1
	fi

	# 4. -q
	q=$("$PKTSCOPE" -r "$tmp/x$port.pcap" -q 2>&1 | grep '^dns streams:')
	case "$port:$q" in
	5355:"dns streams: messages 0, syncs 0,"* | 5355:) ;;
	5355:*) echo "port $port: -q: unexpected '$q'"; fail=1 ;;
	*:"dns streams: messages 12, syncs 2,"*"same-frame 2"*) ;;
	*) echo "port $port: -q: unexpected '$q'"; fail=1 ;;
	esac
	oks="$oks $port: ${q:-no dns streams line};"

	# 5. the narrowed flow stage against the whole one
	for e in "-Y dns -T fields -e frame.number -e dns.id -e dns.qry.name -e dns.a" \
		"-Y dns.count.answers>1 -T fields -e frame.number -e dns.resp.name" \
		"-Y dns&&tcp.stream==0 -T fields -e frame.number -e tcp.stream -e dns.id"; do
		# shellcheck disable=SC2086 # the options are words
		"$PKTSCOPE" -r "$tmp/x$port.pcap" $e >"$tmp/n.out" 2>&1
		# shellcheck disable=SC2086
		"$PKTSCOPE" -r "$tmp/x$port.pcap" --all-stages $e >"$tmp/a.out" 2>&1
		cmp -s "$tmp/n.out" "$tmp/a.out" || { echo "port $port: $e: differs from --all-stages"; fail=1; }
	done
	"$PKTSCOPE" -r "$tmp/x$port.pcap" -q -Y dns >"$tmp/n.out" 2>&1
	"$PKTSCOPE" -r "$tmp/x$port.pcap" -q -Y dns --all-stages >"$tmp/a.out" 2>&1
	grep -q "^flow stage: dns streams only" "$tmp/n.out" || { echo "port $port: -q -Y dns: no narrowed stage line"; fail=1; }
	# every TCP conversation is on a DNS port but on 5355: the stage's
	# reassembly counters then cover all of them
	lines="'^[0-9]* packets' '^protocols:' '^dns streams:'"
	[ "$port" = 5355 ] || lines="$lines '^tcp reassembly:'"
	eval "set -- $lines"
	for l in "$@"; do
		[ "$(grep "$l" "$tmp/n.out")" = "$(grep "$l" "$tmp/a.out")" ] ||
			{ echo "port $port: -q -Y dns: '$l' differs from --all-stages"; fail=1; }
	done
}
for p in 53 5353 5355; do
	run_port $p
done
[ $fail = 0 ] && echo "dns_tcp_stream: ok ($oks)"
exit $fail
