#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Flow oracle: `pktscope --flows` on every capture in ../shared/pcaps and
# ../shared/pcaps-app, scored by ../shared/oracle/compare_flows.py against
# tshark's -z conv,tcp / -z conv,udp (packets and IP bytes both ways), and
# the per-packet flow.id / flow.stream / tcp.seq_rel / tcp.ack_rel of
# `--json` against ../shared/pcaps-app/expected with compare.py.
# tshark never ends a conversation by time, so the records are made with
# idle timeouts of a year (a conversation is then split only by a new SYN,
# as tshark splits it).  Tunnel payloads and fragmented datagrams are
# skipped (no tunnel dissectors and no defragmentation yet: their flow is
# the outer one).  Without ../shared the test is skipped; .ci/run sets
# PS_REQUIRE_SHARED=1 so it can never skip there.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
SHARED=${PS_SHARED:-$top_srcdir/../shared}
if [ ! -d "$SHARED/pcaps-app/expected-flows" ] || [ ! -f "$SHARED/oracle/compare_flows.py" ]; then
	if [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
		echo "FAIL: $SHARED/pcaps-app not found and PS_REQUIRE_SHARED=1"
		exit 1
	fi
	echo "SKIP: no $SHARED/pcaps-app (the oracle needs the shared captures beside the checkout)"
	exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
YEAR=31536000
LONG="syn=$YEAR,tcp=$YEAR,closed=$YEAR,udp=$YEAR,icmp=$YEAR,other=$YEAR"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
for set in pcaps pcaps-app; do
	mkdir -p "$out/$set/flows" "$out/$set/json"
	for f in "$SHARED/$set"/*.pcap*; do
		name=$(basename "$f")
		for mode in flows json; do
			if [ $mode = flows ]; then
				timeout 30 "$PKTSCOPE" -r "$f" --flows --flow-timeout "$LONG" \
					>"$out/$set/$mode/$name.ndjson" 2>"$out/err"
			else
				timeout 30 "$PKTSCOPE" -r "$f" --json >"$out/$set/$mode/$name.ndjson" 2>"$out/err"
			fi
			rc=$?
			if [ $rc -ge 124 ] || [ $rc -gt 1 ]; then
				echo "CRASH/HANG: $name --$mode exit $rc: $(head -c 300 "$out/err")"
				fail=1
			fi
		done
	done
	echo "== $set: --flows against tshark's conversations"
	python3 "$SHARED/oracle/compare_flows.py" "$SHARED/$set/expected-flows" "$out/$set/flows" \
		--threshold 99.8 --show 10 || fail=1
done
echo "== pcaps-app: flow.id, flow.stream, tcp.seq_rel, tcp.ack_rel per packet"
python3 "$SHARED/oracle/compare.py" "$SHARED/pcaps-app/expected" "$out/pcaps-app/json" \
	--fields flow.id,flow.stream,tcp.seq_rel,tcp.ack_rel --skip-tunnel --skip-meta frag \
	--threshold 99.9 --show 10 || fail=1
exit $fail
