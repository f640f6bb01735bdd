#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Issue 13, benchmark: pktscope-gen recv and pktscope -z probe at the
# sender's maximum rate over a veth pair between two network namespaces made
# here.  udp-send --stamp --rate 0 sends COUNT stamped datagrams (with a
# known loss: --drop-every K skips sequence numbers) from namespace A; in
# namespace B, recv counts them and pktscope captures them on the veth
# (--source packet, -w) and prints -z probe live.  Printed: the sender's
# achieved rate, what recv and the live -z probe counted (must equal the
# sender's count exactly unless the kernel dropped: then the drops are
# printed and the row says so), and the offline decode rate of the same
# stamps (pktscope -r FILE -q -z probe: stamps decoded per second, CPU).
# Needs root.  Traffic stays inside the two namespaces, which are removed on
# every exit path.  usage: PKTSCOPE=build/pktscope GEN=build/pktscope-gen
#   COUNT=500000 bench/probe-bench.sh
set -u
PS=${PKTSCOPE:-./pktscope} G=${GEN:-./pktscope-gen}
COUNT=${COUNT:-500000} K=${DROP_EVERY:-997} ID=7331 SIZE=${SIZE:-64}
[ "$(id -u)" = 0 ] || { echo "probe-bench: needs root (network namespaces)" >&2; exit 2; }
for t in ip timeout awk /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 || { echo "probe-bench: $t not installed" >&2; exit 2; }
done
A=pbench_a$$ B=pbench_b$$
TMP=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ip netns add "$A" && ip netns add "$B" || exit 2
ip link add pa netns "$A" type veth peer name pb netns "$B" || exit 2
ip -n "$A" addr add 10.203.0.1/24 dev pa
ip -n "$B" addr add 10.203.0.2/24 dev pb
ip -n "$A" link set pa up; ip -n "$B" link set pb up
ip -n "$A" link set lo up; ip -n "$B" link set lo up

ip netns exec "$B" timeout -s KILL 120 "$PS" -i pb --source packet -q -z probe \
	-w "$TMP/cap.pcap" 'udp port 9100' >"$TMP/z.txt" 2>"$TMP/cap.err" &
cap=$!; pids="$pids $cap"
for _ in $(seq 100); do grep -q "snapshot length" "$TMP/cap.err" 2>/dev/null && break; sleep 0.05; done
WANT=$((COUNT - COUNT / K))
# the receiver's "lost" counts skipped numbers below the last one it saw
LAST=$((COUNT - 1)); [ $((LAST % K)) = $((K - 1)) ] && LAST=$((LAST - 1))
LOST=$(((LAST + 1) / K))
ip netns exec "$B" timeout -s KILL 120 "$G" recv --listen 10.203.0.2:9100 --count "$WANT" \
	--duration 60s >"$TMP/recv.txt" 2>&1 &
rcv=$!; pids="$pids $rcv"
sleep 0.3
ip netns exec "$A" "$G" udp-send --to 10.203.0.2:9100 --stamp --rate 0 --count "$COUNT" \
	--drop-every "$K" --id "$ID" --size "$SIZE" --report 100s >"$TMP/send.txt" 2>&1
wait $rcv
sleep 0.3
kill -INT $cap 2>/dev/null; wait $cap

echo "sender: $COUNT datagrams of $SIZE bytes, every ${K}th sequence number skipped: $WANT on the wire"
echo "  udp-send says: $(tail -1 "$TMP/send.txt")"
echo "recv (namespace B):"
sed 's/^/  /' "$TMP/recv.txt" | tail -6
echo "pktscope -i pb --source packet -q -z probe (live):"
sed 's/^/  /' "$TMP/z.txt"
grep -E 'captured|received by filter|dropped by kernel' "$TMP/cap.err" | sed 's/^/  /'
drops=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' "$TMP/cap.err")
# the live -z probe row of our stream: received, expected, lost
row=$(awk -v id=$ID '$1 == id { print $2, $3, $4 }' "$TMP/z.txt")
set -- $row
rc=0
if [ "${1:-x}" = "$WANT" ] && [ "${3:-x}" = "$LOST" ]; then
	echo "MATCH  live -z probe: received $1, lost $3 = what was sent and skipped"
	grep -q "received=$WANT .*lost=$LOST " "$TMP/recv.txt" || { echo "MISMATCH recv's count"; rc=1; }
elif [ "${drops:-0}" != 0 ]; then
	echo "DROPS  live -z probe: received ${1:-?} of $WANT with $drops kernel drops reported"
else
	echo "MISMATCH live -z probe: received ${1:-?}, lost ${3:-?}; want $WANT and $LOST"; rc=1
fi
# offline: stamps decoded per CPU second on the captured file
/usr/bin/time -f '%U %S %M' -o "$TMP/t" "$PS" -r "$TMP/cap.pcap" -q -z probe >"$TMP/zoff.txt" 2>/dev/null
read -r u s m <"$TMP/t"
n=$(awk -v id=$ID '$1 == id { print $2 }' "$TMP/zoff.txt")
awk -v n="${n:-0}" -v u="$u" -v s="$s" -v m="$m" 'BEGIN {
	c = u + s; if (c <= 0) c = 0.01
	printf "offline: pktscope -r cap.pcap -q -z probe: %d stamps in %.2f s CPU = %.0f stamps/s, peak RSS %.1f MiB\n", n, c, n / c, m / 1024 }'
[ "${n:-x}" = "${1:-y}" ] || { echo "MISMATCH offline count ${n:-?} vs live ${1:-?}"; rc=1; }
exit $rc
