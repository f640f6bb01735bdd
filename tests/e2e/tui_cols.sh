#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_cols.sh - the packet list's Protocol and Info columns show the
# highest decoded layer, as Wireshark does (ui/tui_cols.h), in tmux at
# 160x50 on shared captures:
#  - ndpi__teams.pcap: frame 1034 completes a ServerHello begun in frame
#    1027 (tshark: 1027 "TCP [TCP segment of a reassembled PDU]", 1034
#    "TLSv1.2 Server Hello, Certificate, ..."): the row of 1034 is TLS with
#    the ServerHello, the row of 1027 TCP (decoded alone it looked like a
#    TLS ServerHello), as --json has them;
#  - ndpi__vxlan.pcap: frame 1 is a DNS query in VXLAN (tshark: Source
#    10.10.20.4, Protocol DNS): the row shows the inner addresses and DNS,
#    on one line (the tunnel's text put the inner packet on a second line,
#    which broke the list);
#  - ndpi__wechat.pcap: mDNS and LLMNR named MDNS and LLMNR (tshark's names).
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
APP="$top_srcdir/../shared/pcaps-app"
TEAMS="$APP/ndpi__teams.pcap"
VXLAN="$APP/ndpi__vxlan.pcap"
WECHAT="$APP/ndpi__wechat.pcap"
[ -f "$TEAMS" ] && [ -f "$VXLAN" ] && [ -f "$WECHAT" ] || { echo "SKIP: ../shared/pcaps-app not found"; exit 77; }
TMUX_SOCK="tuicols-$$"
TMUX_CMD="tmux -L $TMUX_SOCK -f /dev/null"
SESSION=tuicols
trap tui_cleanup EXIT INT TERM

json() { "$PKTSCOPE" -r "$1" --json | jq -r "select(.frame.n == $2) | $3"; }

# filter EXPR COUNT: the display filter EXPR, COUNT rows shown
filter() {
  keys Escape
  keys /
  wait_for '^filter:'
  keys C-u "$1" Enter
  wait_for "shown $2 \\| filter: "
}

# row N: the list's line of frame N (one screen line)
row() { screen | sed -n '2,20p' | grep -E "^ +$1 " | head -1; }

# ---- the command line's record: what the rows must show ----
[ "$(json "$TEAMS" 1034 '.tls.server_hello.alpn')" = h2 ] || fail "--json: 1034 is no ServerHello"
[ "$(json "$TEAMS" 1027 '.tls')" = null ] || fail "--json: 1027 has a TLS layer"
[ "$("$PKTSCOPE" -r "$TEAMS" --json --no-flows | jq -r 'select(.frame.n == 1027) | .tls.server_hello.version')" = 771 ] ||
  fail "1027 alone is no partial ServerHello: the test would prove nothing"

start_tui 160 50 -r "$TEAMS"
wait_for '^ +2 [0-9.]+ '
filter 'frame.n >= 1026 && frame.n <= 1036' 11
# the columns come from the conversations scan: wait for its rows
wait_for '^ +1034 .* TLS +295 443 > 60562 TLS ServerHello TLS1\.2 cipher=0xc030 alpn=h2, Certificate'
row 1027 | grep -Eq '^ +1027 [0-9.]+ +104\.40\.187\.151 +192\.168\.1\.6 +TCP +1506 443 > 60562 Flags \[\.\], seq ' ||
  fail "row 1027: '$(row 1027)'"
row 1026 | grep -Eq ' TLS +280 60562 > 443 TLS ClientHello sni=api\.microsoftstream\.com ' ||
  fail "row 1026: '$(row 1026)'"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
stop_tui

start_tui 160 50 -r "$VXLAN"
wait_for '^ +2 [0-9.]+ '
[ "$(line 2 | sed 's/  */ /g')" = " 1 0.000000 10.10.20.4 8.8.8.8 DNS 126 44437 > 53 37062+ A? facebook.com. (30)" ] ||
  fail "row 1: '$(line 2)'"
line 3 | grep -Eq '^ +2 [0-9.]+ +10\.10\.20\.4 +8\.8\.8\.8 +DNS ' || fail "row 2: '$(line 3)'"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
stop_tui

start_tui 160 50 -r "$WECHAT"
wait_for '^ +2 [0-9.]+ '
filter 'udp.port == 5353 && frame.n < 30' 8
line 2 | grep -Eq ' MDNS +[0-9]+ 5353 > 5353 ' || fail "mDNS row: '$(line 2)'"
filter 'udp.port == 5355' 12
line 2 | grep -Eq ' LLMNR +[0-9]+ [0-9]+ > 5355 ' || fail "LLMNR row: '$(line 2)'"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
[ -f "$WORK/stty" ] || fail "terminal modes not restored"
echo "PASS: tui_cols"
