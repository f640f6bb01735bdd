#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_live.sh - pktscope --tui -i on a veth between two private network
# namespaces: ping from one side, ICMP rows appear on the other; pause holds
# the display while the capture goes on; a display filter applies to the
# live packets; SIGTERM ends it with exit 0 and a restored terminal.
# Needs root and a working live source; skips (77) otherwise.
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespaces)"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
command -v ip >/dev/null && command -v ping >/dev/null || { echo "SKIP: needs ip and ping"; exit 77; }

# Live sources available?  (lo gets a ping so -c 1 ends; bounded by timeout)
(sleep 0.3; ping -c 3 -i 0.2 -W 1 127.0.0.1 >/dev/null 2>&1) &
if ! timeout 5 "$PKTSCOPE" --source pcap -i lo -c 1 >/dev/null 2>&1; then
  wait; echo "SKIP: live capture (--source pcap) not available"; exit 77
fi
wait

NSA="pstui_a_$$" NSB="pstui_b_$$" VA="pt$$a" VB="pt$$b"
cleanup() {
  tui_cleanup
  ip netns del "$NSA" 2>/dev/null || true
  ip netns del "$NSB" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
ip netns add "$NSA" && ip netns add "$NSB" || { echo "SKIP: cannot create namespaces"; exit 77; }
ip link add "$VA" netns "$NSA" type veth peer name "$VB" netns "$NSB" || fail "veth"
ip -n "$NSA" addr add 10.77.0.1/24 dev "$VA"
ip -n "$NSB" addr add 10.77.0.2/24 dev "$VB"
ip -n "$NSA" link set "$VA" up
ip -n "$NSB" link set "$VB" up
ip -n "$NSA" link set lo up
ip -n "$NSB" link set lo up

PKTSCOPE_PREFIX="ip netns exec $NSA"
start_tui 100 30 -i "$VA" icmp
wait_for "^ live $VA \| 0 packets"

ping_b() { ip netns exec "$NSB" ping -c "$1" -i 0.05 -W 1 10.77.0.1 >/dev/null 2>&1 || true; }
ping_b 5
wait_for '10 packets'
wait_for '^ +[0-9]+ [0-9.]+ +10\.77\.0\.2 +10\.77\.0\.1 +ICMP +98 ICMP echo request, id [0-9]+, seq 5,'
wait_for '^ +[0-9]+ [0-9.]+ +10\.77\.0\.1 +10\.77\.0\.2 +ICMP +98 ICMP echo reply'
screen | grep -q "FOLLOW" || fail "live view does not follow by default"
wait_for '^-- packet 10: 98 bytes on wire'   # following: the newest is selected

# pause: the display holds while packets keep arriving
keys p
wait_for 'PAUSED'
ping_b 3
sleep 0.3
screen | grep -q ' 10 packets' || fail "paused display changed"
keys p
wait_for ' 16 packets'

# a display filter over the live packets (replies only)
keys / C-u
keys -l "icmp.type == 0"
keys Enter
wait_for 'shown 8 \|'
ping_b 2
wait_for 'shown 10 \| filter: icmp'
screen | sed -n '2,11p' | grep -q 'echo request' && fail "request shown under a reply filter"

# SIGTERM: leaves through the normal path
pid=$(ip netns pids "$NSA" | head -1)
[ -n "$pid" ] || fail "no pktscope in the namespace"
kill -TERM "$pid"
rc=$(wait_exit)
[ "$rc" = 0 ] || fail "exit code $rc after SIGTERM ($(cat "$WORK/stderr"))"
[ -f "$WORK/stty" ] || fail "terminal modes not restored after SIGTERM"
wait_for 'SHELL-AFTER-TUI'
echo "PASS: tui_live"
exit 0
