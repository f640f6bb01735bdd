#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_file.sh - pktscope --tui on samples/demo.pcap in a real terminal (tmux
# at 80x24): header, rows, detail tree and hex of packet 1, navigation,
# expanding a layer, a display filter, statistics, saving, a resize to
# 120x40, quitting with q (exit 0) and a restored terminal.
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
trap tui_cleanup EXIT INT TERM
DEMO="$top_srcdir/samples/demo.pcap"

start_tui 80 24 -r "$DEMO"
wait_for '56 packets \|'

# colours per protocol: ARP yellow (33), ICMP magenta (35)
$TMUX_CMD capture-pane -p -e -t "$SESSION" | grep -q "$(printf '\033')\[35m      7 0\.621977" ||
  fail "ICMP row 7 not in magenta"

# header row, a known row, the tree of packet 1, the hex of its first bytes
[ "$(line 1)" = "    No. Time        Source          Destination     Proto    Len Info" ] ||
  fail "header row: '$(line 1)'"
screen | grep -q '^      7 0\.621977    192\.0\.2\.1       192\.0\.2\.2       ICMP      98 ICMP echo reque$' ||
  fail "row 7"
screen | grep -q '^-- packet 1: 110 bytes on wire, 110 captured --' || fail "tree title"
for n in frame eth ipv6 icmpv6 payload; do
  screen | grep -q "^+ $n *\$" || fail "tree node $n"
done
screen | grep -q '^0000  33 33 00 00 00 16 02 00  00 00 00 0a 86 dd 60 00  33\.\.\.\.\.\.\.\.\.\.\.\.`\.$' ||
  fail "hex of packet 1"
[ "$(screen | sed -n 24p | cut -c1-27)" = " demo.pcap | 56 packets | m" ] || fail "status bar"

# navigate: j, G, g
keys j
wait_for '^-- packet 2: 70 bytes on wire'
keys G
wait_for '^-- packet 56: '
screen | grep -q '^     56 13\.439902 ' || fail "last row after G"
keys g
wait_for '^-- packet 1: '
screen | grep -q '^      1 0\.000000 ' || fail "first row after g"

# expand a node: Enter goes into the tree, j to eth, Enter opens it
keys Enter j Enter
wait_for '^    src: 02:00:00:00:00:0a'
screen | grep -q '^- eth' || fail "eth not shown open"
screen | grep -q '^-- bytes 0-13 selected' || fail "eth bytes not highlighted"
keys j
wait_for '^-- bytes 6-11 selected'    # eth.src is frame bytes 6..11
keys Tab Tab                          # tree -> bytes -> list

# BPF filter ("bpf:" prefix): only ICMP rows remain (IPv4 ICMP and its fragments)
keys / b p f : i c m p Enter
wait_for 'shown 9 \| filter: bpf:icmp'
rows=$(screen | sed -n '2,9p' | awk '{print $1 ":" $5}' | tr '\n' ' ')
# 13 and 15 are last fragments: the datagram they complete is an echo,
# as tshark lists them ("ICMP Echo (ping) request"), once the conversations
# scan (which defragments) has passed them
wait_for '^     15 .* ICMP  '
rows=$(screen | sed -n '2,9p' | awk '{print $1 ":" $5}' | tr '\n' ' ')
[ "$rows" = "7:ICMP 8:ICMP 10:ICMP 11:ICMP 12:ICMP 13:ICMP 14:ICMP 15:ICMP " ] ||
  fail "filtered rows: $rows"
screen | sed -n '2,9p' | grep -Eq 'ICMPv6|TCP|UDP|ARP' && fail "non-ICMP row after filter"

# a display filter (Wireshark syntax), a bad one (the error and its hint in
# the status bar, the filter there was stays), then the BPF one again
keys / C-u
keys -l 'frame.number>40 && tcp.port==7000'
keys Enter
wait_for 'shown 3 \| filter: frame.number>40 && tcp.port==7000'
keys / C-u Enter                      # cleared: the status line has room for the error
wait_for 'filter cleared'
keys / C-u
keys -l 'tcp.prot == 1'
keys Enter
wait_for 'filter: unknown field "tcp.prot" at 1 \(did you mean tc'   # 80 columns
keys Escape
keys / C-u
keys -l 'bpf:icmp'
keys Enter
wait_for 'shown 9 \| filter: bpf:icmp'

# statistics and help screens
keys s
wait_for '^Protocol hierarchy'
wait_for '^ETH +56 +100\.0%'
keys q
wait_for '^    No\. Time'
keys '?'
wait_for 'pktscope --tui keys'
keys x
wait_for '^    No\. Time'

# save the displayed (filtered) packets
keys w C-u
keys -l "$WORK/saved.pcap"
keys Enter
wait_for 'saved 9 packets to'
n=$(tcpdump -r "$WORK/saved.pcap" 2>/dev/null | wc -l)
[ "$n" = 9 ] || fail "saved file has $n packets"

# resize: panes spread over 40 rows, status on the last line; Source and
# Destination as wide as the widest address seen (a MAC, 17), Info the rest
# (row 49 below shows 51 columns of Info, 35 before)
$TMUX_CMD resize-window -t "$SESSION" -x 120 -y 40
wait_for '^    No\. Time        Source            Destination       Proto    Len Info'
[ "$(screen | sed -n 40p | cut -c1-28)" = " demo.pcap | 56 packets | sh" ] || fail "status not on row 40"
screen | sed -n 16p | grep -q '^-- packet 7: ' || fail "tree title not on row 16"
screen | sed -n 28p | grep -q '^-- bytes' || fail "hex title not on row 28"
screen | grep -q '^     49 1\.193974    192\.0\.2\.2 .* ICMP 192\.0\.2\.2 udp port 40999 unreachable, length 5$' ||
  fail "row 49 in the wider list"

# quit: exit 0, terminal modes restored, the shell's screen is back
keys q
rc=$(wait_exit)
[ "$rc" = 0 ] || fail "exit code $rc ($(cat "$WORK/stderr"))"
[ -f "$WORK/stty" ] || fail "terminal modes not restored"
wait_for 'SHELL-AFTER-TUI'
screen | grep -q 'No\. Time' && fail "TUI still on screen after exit"
[ -s "$WORK/stderr" ] && fail "stderr: $(cat "$WORK/stderr")"

# below 80x24 the view says so, then works once the terminal is big enough;
# NO_COLOR gives a monochrome view
stop_tui
PKTSCOPE_PREFIX="env NO_COLOR=1" start_tui 70 20 -r "$DEMO"
wait_for '^terminal too small: 70x20, pktscope needs 80x24'
$TMUX_CMD resize-window -t "$SESSION" -x 80 -y 24
wait_for '56 packets \|'
$TMUX_CMD capture-pane -p -e -t "$SESSION" | sed -n '2,9p' | grep -q "$(printf '\033')\[3[0-7]m" &&
  fail "colours despite NO_COLOR"
keys q
rc=$(wait_exit)
[ "$rc" = 0 ] || fail "exit code $rc after the resize"

# errors before the screen is set up: plain messages, exit codes 1 and 2
"$PKTSCOPE" --tui -r /nonexistent.pcap 2> "$WORK/err1" && fail "a missing file succeeded"
grep -q 'pktscope: /nonexistent.pcap: No such file' "$WORK/err1" || fail "missing file message"
"$PKTSCOPE" --tui -r "$DEMO" 'port port' 2> "$WORK/err2"
[ $? = 2 ] || fail "a bad filter is not exit 2"
grep -q '^pktscope: filter: ' "$WORK/err2" || fail "bad filter message"
echo "PASS: tui_file"
exit 0
