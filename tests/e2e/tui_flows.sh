#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_flows.sh - the conversations and follow-stream views of pktscope --tui
# on samples/demo.pcap in tmux at 100x30: c lists the conversations (the
# two TCP ones first, by packets), 2 sorts by bytes, Enter filters the
# packet list to the selected conversation, the tree shows its stream
# number, F follows the stream (both directions), x switches to hex, q goes
# back, q quits with exit 0.
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
trap tui_cleanup EXIT INT TERM
DEMO="$top_srcdir/samples/demo.pcap"

start_tui 100 30 -r "$DEMO"
wait_for '56 packets \|'
wait_for '^\+ flow'    # packet 1's flow note in the tree (the scan may come after the first draw)

keys c
# as many as pktscope --flows reports (defragmentation included: the
# fragments completing ICMP datagrams count in the ICMP conversations)
[ "$("$PKTSCOPE" -r "$DEMO" --flows | wc -l)" = 17 ] || fail "pktscope --flows: not 17"
wait_for '^Conversations: 17, by packets'
line 3 | grep -q '^TCP      0 192\.0\.2\.1:55148       192\.0\.2\.2:7000            11      772 SF ' ||
  fail "first conversation by packets: '$(line 3)'"
screen | grep -q '^TCP      1 \[2001:db8::1\]:52082   \[2001:db8::2\]:7000        11      992 SF ' ||
  fail "IPv6 TCP conversation"
screen | grep -Eq '^UDP +1 192\.0\.2\.1:40171 +192\.0\.2\.2:40999 +1 +56 S0 ' ||
  fail "UDP conversation without a reply"
keys 2
wait_for '^Conversations: 17, by bytes'
screen | grep -q '^IP       0 192\.0\.2\.1 ' || fail "fragments (3028 bytes: the datagrams they complete are ICMP) not first by bytes"
keys 1
wait_for '^Conversations: 17, by packets'

# Enter: the list filtered to TCP stream 0 (11 packets)
keys Enter
wait_for 'shown 11 \| filter: bpf:host 192\.0\.2\.1 and host 192\.0\.2\.2 and tcp port 551'
screen | grep -q '^     22 1\.192970 ' || fail "first packet of the stream"
screen | grep -q '^     29 1\.193295 ' || fail "FIN of the stream"
screen | grep -q '^+ flow' || fail "flow node in the tree"
keys Tab G
wait_for '^- flow|^\+ flow'
keys Enter
wait_for '^    stream: 0'
screen | grep -q '^    dir: orig' || fail "dir in the tree"
# the TCP layer above it: tshark's relative numbers from the flow table
keys k Enter
for i in $(seq 40); do
  screen | grep -q '^    seq_rel: 0' && break
  keys j
  sleep 0.02
done
wait_for '^    seq_rel: 0'
keys Tab Tab

# F: follow the stream of the selected packet
keys F
wait_for '^Follow TCP stream 0: > 192\.0\.2\.1:55148 -> 192\.0\.2\.2:7000'
wait_for '^lines 1-2 of 2'
[ "$(line 3)" = "> hello pktscope" ] || fail "client line: '$(line 3)'"
[ "$(line 4)" = "< HELLO PKTSCOPE" ] || fail "server line: '$(line 4)'"
# colours: client red (31), server blue (34)
$TMUX_CMD capture-pane -p -e -t "$SESSION" | grep -q "$(printf '\033')\[31m[^>]*> hello pktscope" ||
  fail "client line not red"
$TMUX_CMD capture-pane -p -e -t "$SESSION" | grep -q "$(printf '\033')\[34m[^<]*< HELLO PKTSCOPE" ||
  fail "server line not blue"
keys x
wait_for '^> 00000000  68 65 6c 6c 6f 20 70 6b  74 73 63 6f 70 65 0a     hello pktscope\.$'
screen | grep -q '^< 00000000  48 45 4c 4c 4f 20 50 4b  54 53 43 4f 50 45 0a     HELLO PKTSCOPE\.$' ||
  fail "server hex line"
keys q
wait_for '^    No\. Time'
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
[ -f "$WORK/stty" ] || fail "terminal modes not restored"
echo "PASS: tui_flows"
