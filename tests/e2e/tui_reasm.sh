#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_reasm.sh - the detail tree shows what --json shows for a frame that
# completes something rebuilt from several frames (ui/tui_replay.h), with a
# "[reassembled from frames ...]" line, in tmux at 160x50 on shared captures:
#  - zeek__gtp1_gn_normal_incl_fragmentation.pcap: frame 5 is the last
#    fragment of a GTP-U datagram (frames 4,5: tshark's ip.fragment "4,5"):
#    the tree shows udp, gtp and the inner TCP of the whole datagram (a GTP
#    field selected: the bytes pane shows the reassembled bytes); frame
#    7 completes an HTTP request whose headers began in that datagram
#    (tshark's tcp.segment "5,7"): the tree shows its Host, tcp seq_rel
#    1441, flow stream 0, and the marker highlights frame 7's HTTP bytes;
#  - ndpi__teams.pcap: frame 1034 completes a ServerHello spanning five
#    segments, one out of order (tshark's tcp.segment
#    "1027,1030,1028,1033,1034"): alpn h2 and JA3S, flow stream 30.
# A field of a layer rebuilt from segments whose bytes the stream decoder
# joined (HTTP Host, TLS ALPN: the record keeps no copy of the joined
# bytes) shows in the bytes pane the bytes the marker's frames delivered,
# as the replay kept them (tshark's "Reassembled TCP" bytes), the field's
# selected where the record says (HTTP header fields; TLS hello fields,
# ps_emit_span_stream), else this frame's.  A TLS hello's fields are
# selected where tshark -T pdml puts them (frame 1034: ServerHello version
# pos 9, ciphersuite 76, ALPN "h2" 92 of the reassembled bytes; frame 1026,
# a ClientHello in one segment: server_name 162 (23 bytes), the first
# ciphersuite 112 of the frame), compared with tshark's PDML when tshark
# is installed.
# No shared capture has a ClientHello or an HTTP Host split over segments
# (every capture's --json with and without --no-flows: only these differ).
# Each value is checked against pktscope --json first, so the test fails if
# the command line stops showing it too.
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
APP="$top_srcdir/../shared/pcaps-app"
GTP="$APP/zeek__gtp1_gn_normal_incl_fragmentation.pcap"
TEAMS="$APP/ndpi__teams.pcap"
[ -f "$GTP" ] && [ -f "$TEAMS" ] || { echo "SKIP: ../shared/pcaps-app not found"; exit 77; }
# this test's own tmux server and session (tests run side by side)
TMUX_SOCK="tuitree-reasm-$$"
TMUX_CMD="tmux -L $TMUX_SOCK -f /dev/null"
SESSION=tuitree-reasm
trap tui_cleanup EXIT INT TERM
ESC=$(printf '\033')

# The line under the tree's cursor: in the tree pane (between its title
# and the bytes pane's), drawn in reverse video while the tree has focus.
cursor() {
  $TMUX_CMD capture-pane -p -e -t "$SESSION" |
    sed -n "/-- packet [0-9]*: /,/-- bytes/p" | sed '1d;$d' |
    grep -E "^($ESC\[[0-9;]*m)*$ESC\[([0-9]*;)*7m" | head -1 | sed "s/$ESC\[[0-9;]*m//g"
}

# tree_goto REGEX: move the cursor down from the first field until its
# line matches (it must be in the tree, not only somewhere on the screen).
tree_goto() {
  local i k c prev
  keys g
  for k in $(seq 250); do # g done: the cursor is on the tree's first line
    c=$(cursor)
    [ -n "$c" ] && [ "$c" = "$(screen | sed -n '/^-- packet [0-9]*: /{n;p;q;}')" ] && break
    sleep 0.02
  done
  for i in $(seq 400); do
    printf '%s\n' "$c" | grep -Eq -- "$1" && return 0
    prev=$c
    keys j
    for k in $(seq 50); do # until the cursor moved (the last line: it does not)
      c=$(cursor)
      [ "$c" != "$prev" ] && break
      sleep 0.01
    done
    [ "$c" = "$prev" ] && break
  done
  fail "tree has no line /$1/ (cursor stopped at '$c')"
}

# tree_open NAME: expand the container NAME (left open if it is).
tree_open() {
  tree_goto "^ *[-+] $1\$"
  case "$(cursor)" in *"+ $1") keys Enter ;; esac
  for i in $(seq 100); do
    case "$(cursor)" in *"- $1") return 0 ;; esac
    sleep 0.02
  done
  fail "$1 did not open"
}

# select_frame N: the display filter frame.n == N, its one packet selected, tree focused.
select_frame() {
  keys Escape
  keys /
  wait_for '^filter:'
  keys C-u "frame.n == $1" Enter
  wait_for "shown 1 \| filter: frame\.n == $1"
  wait_for "^-- packet $1: "
  local i
  for i in $(seq 100); do # focus on the tree: its cursor in reverse video
    [ $((i % 20)) = 1 ] && [ -z "$(cursor)" ] && keys Tab
    [ -n "$(cursor)" ] && return 0
    sleep 0.02
  done
  fail "no tree cursor"
}

json() { "$PKTSCOPE" -r "$1" --json | jq -r "select(.frame.n == $2) | $3"; }

# ---- the command line shows it, per frame ----
[ "$(json "$GTP" 5 '.gtp.inner.tcp.seq_rel')" = 1 ] || fail "--json: frame 5 is not the whole datagram"
[ "$(json "$GTP" 5 '.ip.reassembled.len')" = 1516 ] || fail "--json: frame 5 reassembled length"
HOST=o-o.preferred.telekomrs-beg1.v2.lscache8.c.youtube.com
[ "$(json "$GTP" 7 '.gtp.inner.http.host')" = "$HOST" ] || fail "--json: frame 7 Host"
[ "$(json "$GTP" 7 '.gtp.inner.tcp.seq_rel')" = 1441 ] || fail "--json: frame 7 seq_rel"
[ "$(json "$TEAMS" 1034 '.tls.server_hello.alpn')" = h2 ] || fail "--json: frame 1034 ALPN"
JA3S=$(json "$TEAMS" 1034 '.tls.server_hello.ja3s')
[ "$(json "$TEAMS" 1034 '.flow.stream')" = 30 ] || fail "--json: frame 1034 stream"
# decoded alone (no defragmentation, no flows) they show none of it
[ "$("$PKTSCOPE" -r "$GTP" --json --no-flows --no-defrag | jq -r 'select(.frame.n == 7) | .gtp.inner.http.host')" = null ] ||
  fail "frame 7 alone already has the Host: the test would prove nothing"

# ---- GTP: the fragment completing a datagram, the HTTP request completed from two frames ----
start_tui 160 50 -r "$GTP"
wait_for '108 packets \|'
select_frame 5
tree_open ip
tree_goto '^    \[reassembled from frames 4,5\]$'
tree_goto '^  [-+] reassembled$'
tree_goto '^[-+] udp$'
tree_open gtp
# a field of the datagram's bytes from frame 4: the bytes pane shows the
# reassembled bytes (after the frame's), the UDP header first
tree_goto '^    flags: 48$'
wait_for '^-- reassembled bytes 8-8 selected \(of 1496, not in this frame\)'
wait_for '^0000  08 68 08 68 05 d8 a6 65  30 ff 05 c8 8c 61 be 36 '
tree_open inner
tree_open tcp
tree_goto '^        seq_rel: 1$'
tree_open flow
tree_goto '^    stream: 0$'

select_frame 7
tree_open gtp
tree_open inner
tree_open http
tree_goto "^        host: $(printf '%s' "$HOST" | sed 's/\./\\./g')\$"
# the Host line was joined in the HTTP stream decoder's buffer: the bytes
# pane shows the bytes frames 5 and 7 delivered (tshark -x: "Reassembled
# TCP (2100 bytes)"), the Host value selected in them (tshark -T pdml:
# http.host at pos 1820, "Host: " then 54 bytes)
wait_for "^-- bytes 1826-1879 selected of those reassembled from frames 5,7 \(2100; this frame's 1440-2099\) -"
wait_for '^0720  3a 20 6f 2d 6f 2e 70 72  65 66 65 72 72 65 64 2e  : o-o\.preferred\.$'
tree_goto '^        \[reassembled from frames 5,7\]$'
# the marker highlights this frame's HTTP bytes: eth 14 + ip 20 + udp 8 + gtp 8 + ip 20 + tcp 20 = 90
wait_for '^-- bytes 90-749 selected'
tree_open tcp
tree_goto '^        seq_rel: 1441$'
tree_goto '^    stream: 0$'
tree_goto '^    dir: orig$'
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
stop_tui

# tshark's places of the hello fields checked below (pos, size)
if command -v tshark >/dev/null; then
  pdml() { tshark -n -r "$TEAMS" -T pdml -Y "frame.number == $1" 2>/dev/null |
           grep -m1 "name=\"$2\"" | sed 's/.* size="\([0-9]*\)" pos="\([0-9]*\)".*/\2 \1/'; }
  [ "$(pdml 1034 tls.handshake.version)" = "9 2" ] || fail "tshark: 1034 version at '$(pdml 1034 tls.handshake.version)'"
  [ "$(pdml 1034 tls.handshake.ciphersuite)" = "76 2" ] || fail "tshark: 1034 cipher"
  [ "$(pdml 1034 tls.handshake.extensions_alpn_str)" = "92 2" ] || fail "tshark: 1034 alpn"
  [ "$(pdml 1026 tls.handshake.extensions_server_name)" = "162 23" ] || fail "tshark: 1026 sni"
  [ "$(pdml 1026 tls.handshake.ciphersuite)" = "112 2" ] || fail "tshark: 1026 cipher"
fi

# ---- TLS: a ServerHello over five segments, one out of order ----
start_tui 160 50 -r "$TEAMS"
wait_for ' packets \|'
select_frame 1034
tree_open tls
tree_open server_hello
tree_goto '^      alpn: h2$'
# tshark -x: "Reassembled TCP (5989 bytes)"; the ALPN name at 92 (0x5c) of them
MARK='reassembled from frames 1027,1030,1028,1033,1034 \(5989; this frame.s 5760-5988\)'
wait_for "^-- bytes 92-93 selected of those $MARK -"
wait_for '^0050  .* 68 32 .*h2'
tree_goto '^      version: 771$'
wait_for "^-- bytes 9-10 selected of those $MARK -"
tree_goto '^      cipher: 49200$'
wait_for "^-- bytes 76-77 selected of those $MARK -"
tree_goto "^      ja3s: $JA3S\$"
tree_goto '^    \[reassembled from frames 1027,1030,1028,1033,1034\]$'
tree_open flow
tree_goto '^    stream: 30$'
# a field without bytes: the frame again
wait_for '^-- bytes -'
wait_for '^0000  28 37 37 00 6d c8 10 13  31 f1 39 76 08 00 45 00  '
# the ClientHello, wholly in frame 1026: its fields are the frame's bytes
select_frame 1026
tree_open tls
tree_open client_hello
tree_goto '^      sni: api\.microsoftstream\.com$'
wait_for '^-- bytes 162-184 selected -'
tree_open ciphers
tree_goto '^        51914$'
wait_for '^-- bytes 112-113 selected -'
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
[ -f "$WORK/stty" ] || fail "terminal modes not restored"
echo "PASS: tui_reasm"
