#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Flow oracle: `pktscope --flows` on every capture in ../shared/pcaps and
# ../shared/pcaps-app, scored by ../shared/oracle/compare_flows.py against
# tshark's -z conv,tcp / -z conv,udp (packets and IP bytes both ways), and
# the per-packet flow.id / flow.stream / tcp.seq_rel / tcp.ack_rel of
# `--json` against ../shared/pcaps-app/expected with compare.py.
# tshark never ends a conversation by time, so the records are made with
# idle timeouts of a year (a conversation is then split only by a new SYN,
# as tshark splits it).  On pcaps-app, tunnel payloads and fragmented
# datagrams are scored too (--with-inner --with-frag): a datagram is counted
# once, on the fragment that completes it (IP defragmentation,
# docs/reassembly.md), as tshark counts it.  On pcaps they are skipped: the
# fragmented datagrams there are single malformed first fragments
# (frame.len 262144, a bad fragment length) that never complete, which tshark
# still counts in a UDP conversation and we key by address pair.  Per packet,
# fragments are scored, tunnel payloads skipped.  Without ../shared the test
# is skipped; .ci/run sets PS_REQUIRE_SHARED=1 so it can never skip there.
set -u
. "${top_srcdir:-.}/tests/oracle/oracle_lib.sh"
oracle_need pcaps-app expected-flows compare_flows.py
YEAR=31536000
LONG="syn=$YEAR,tcp=$YEAR,closed=$YEAR,udp=$YEAR,icmp=$YEAR,other=$YEAR"
ORACLE_TIMEOUT=30
for set in pcaps pcaps-app; do
	mkdir -p "$out/$set/flows" "$out/$set/json"
	for f in "$SHARED/$set"/*.pcap*; do
		name=$(basename "$f")
		oracle_pktscope "$name --flows" "$f" "$out/$set/flows/$name.ndjson" \
			--flows --flow-timeout "$LONG"
		oracle_pktscope "$name --json" "$f" "$out/$set/json/$name.ndjson" --json
	done
	echo "== $set: --flows against tshark's conversations"
	more=
	[ "$set" = pcaps-app ] && more="--with-inner --with-frag"
	# shellcheck disable=SC2086 # $more: two options or none
	python3 "$SHARED/oracle/compare_flows.py" "$SHARED/$set/expected-flows" "$out/$set/flows" \
		--threshold 99.8 --show 10 $more || fail=1
done
echo "== pcaps-app: flow.id, flow.stream, tcp.seq_rel, tcp.ack_rel per packet"
oracle_compare "$SHARED/pcaps-app/expected" "$out/pcaps-app/json" \
	--fields flow.id,flow.stream,tcp.seq_rel,tcp.ack_rel --skip-tunnel \
	--threshold 99.9 --show 10 || fail=1
exit $fail
