#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live_sources.sh - each live source captures ARP (where it has a link
# layer), ping, a TCP connection and UDP datagrams between two namespaces,
# with the right JSON fields; -i any gives LINUX_SLL2.
set -eu
. "${top_srcdir:-.}/tests/e2e/live_lib.sh"
need nc
CHECK="python3 ${top_srcdir:-.}/tests/e2e/live_check.py"

live_setup
IFX=$(na cat "/sys/class/net/$VA/ifindex")

run() { # NAME NS KIND SOURCE IFNAME ARGS...
	name=$1 ns=$2 kind=$3 source=$4 ifname=$5
	shift 5
	cap_start "$name" "$ns" --json --source "$source" "$@"
	traffic
	cap_stop INT
	if ! $CHECK sources "$WORK/$name.out" "$kind" "$IFX" "$source" "$ifname"; then
		head -c 3000 "$WORK/$name.out" >&2
		fail "$name: wrong or missing packets"
	fi
	grep -q "^[0-9]* packets captured$" "$WORK/$name.err" || fail "$name: no summary on stderr"
	echo "ok: $name ($(summary_field "$name" captured) packets; $(sed -n 's/^.*snapshot length [0-9]* (\(.*\))$/\1/p' "$WORK/$name.err"))"
}

run pcap-eth "$NSA" eth pcap "$VA" -i "$VA"
run packet-eth "$NSA" eth packet "$VA" -i "$VA"
run pcap-any "$NSA" sll pcap "$VA" -i any
run packet-any "$NSA" sll packet "$VA" -i any
run inet-all "$NSB" raw inet "$VB" --inet-proto all
run inet-veth "$NSB" raw inet "$VB" -i "$VB"
# the recvmsg fallback of the packet source, and a filter it runs in the kernel
PKTSCOPE_PACKET_NORING=1
export PKTSCOPE_PACKET_NORING
run packet-noring "$NSA" eth packet "$VA" -i "$VA"
grep -q "no TPACKET_V3 ring" "$WORK/packet-noring.err" || fail "the fallback does not say why"
unset PKTSCOPE_PACKET_NORING

# a filter: only the ICMP packets come through, on every source
for s in pcap packet inet; do
	ns=$NSA
	[ "$s" = inet ] && ns=$NSB
	cap_start "flt-$s" "$ns" --json --source "$s" -i any icmp
	traffic
	cap_stop INT
	n=$(wc -l <"$WORK/flt-$s.out")
	bad=$(grep -vc '"icmp":' "$WORK/flt-$s.out" || true)
	[ "$bad" = 0 ] && [ "$n" -ge 2 ] || fail "flt-$s: filter 'icmp' let $bad other packets through ($n total)"
	echo "ok: flt-$s ($n icmp packets)"
done
# --inet-proto: one protocol only
cap_start inet-udp "$NSB" --json --source inet --inet-proto udp
traffic
cap_stop INT
[ "$(grep -c '"udp":' "$WORK/inet-udp.out")" = 2 ] && ! grep -q '"icmp":\|"tcp":' "$WORK/inet-udp.out" ||
	fail "--inet-proto udp: $(cat "$WORK/inet-udp.out")"
echo "ok: inet-udp"

# -s: frames cut at the snap length, wire length kept
for s in pcap packet inet; do
	ns=$NSA
	[ "$s" = inet ] && ns=$NSB
	cap_start "snap-$s" "$ns" --json --source "$s" -i any -s 64 icmp
	na timeout 5 ping -c2 -i0.2 -W1 "$IPB" >/dev/null
	cap_stop INT
	python3 - "$WORK/snap-$s.out" <<'PY' || fail "snap-$s: -s 64 not applied"
import json, sys
pkts = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(pkts) >= 2, pkts
for p in pkts:
    f = p["frame"]
    assert f["caplen"] == 64 and f["len"] > 64, f
PY
	echo "ok: snap-$s"
done

# promiscuous mode while capturing, unless -p; --immediate shortens the block timeout
# PACKET_MR_PROMISC raises the device's promiscuity count (not IFF_PROMISC)
promisc() { ip -d -n "$NSA" link show "$VA" | sed -n 's/.* promiscuity \([0-9]*\) .*/\1/p'; }
for s in pcap packet; do
	cap_start "promisc-$s" "$NSA" --source "$s" -i "$VA"
	[ "$(promisc)" = 1 ] || fail "promisc-$s: $VA is not promiscuous during the capture"
	cap_stop INT
	[ "$(promisc)" = 0 ] || fail "promisc-$s: $VA stays promiscuous after the capture"
	cap_start "nopromisc-$s" "$NSA" --source "$s" -i "$VA" -p
	[ "$(promisc)" = 0 ] || fail "nopromisc-$s: -p but $VA is promiscuous"
	cap_stop INT
	echo "ok: promisc-$s (and -p)"
done
cap_start immediate "$NSA" --source packet -i "$VA" --immediate
cap_stop INT
grep -q "TPACKET_V3 ring .*, 1 ms" "$WORK/immediate.err" || fail "--immediate: $(cat "$WORK/immediate.err")"
echo "ok: --immediate (block timeout 1 ms)"
