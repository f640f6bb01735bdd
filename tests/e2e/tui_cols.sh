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
#  - ndpi__wechat.pcap: mDNS and LLMNR named MDNS and LLMNR (tshark's names);
#  - tshark's "[TCP segment of a reassembled PDU]" (ps_flow_note.pdu), on
#    ndpi__teams.pcap frames 1026-1036 in a 360-column terminal (the tag
#    ends a long TCP text): tshark 4.0 lists 1027 as "TCP [TCP segment of
#    a reassembled PDU]" (the ServerHello's record begins there), 1028 (held
#    behind a lost segment, inside the record), 1030 (fills the hole) and
#    1033 as "TCP <its TCP text> [TCP segment of a reassembled PDU]", the
#    others without it; every row is compared with tshark's line when tshark
#    is installed, and with those tshark 4.0 results otherwise; at 160
#    columns a long TCP text is cut before the tag ("..") so it stays seen.
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

TAG='[TCP segment of a reassembled PDU]'
# kind LINE: how a list line carries the tag: solo (the Info column is the
# tag alone; tshark keeps its own "[TCP ...]" analysis labels before it),
# suffix (after the TCP text), none
kind() {
  printf '%s\n' "$1" | sed 's/ *$//' | awk -v tag="$TAG" '{
    n = length(tag); if (substr($0, length($0) - n + 1) != tag) { print "none"; exit }
    s = substr($0, 1, length($0) - n); sub(/ +$/, "", s)
    while (s ~ /\[TCP [^]]*\]$/) { sub(/ *\[TCP [^]]*\]$/, "", s) }
    print (s ~ /(TCP|\t) *[0-9]*$/) ? "solo" : "suffix" }'
}
# tshark 4.0's kinds for frames 1026-1036 (checked again below when tshark is there)
WANT="1026 none|1027 solo|1028 suffix|1029 none|1030 suffix|1031 none|1032 none|1033 suffix|1034 none|1035 none|1036 none"
if command -v tshark >/dev/null; then
  got=$(tshark -n -r "$TEAMS" -T fields -e frame.number -e _ws.col.Protocol -e _ws.col.Info \
          -Y 'frame.number >= 1026 && frame.number <= 1036' 2>/dev/null |
        while IFS= read -r l; do printf '%s %s|' "${l%%	*}" "$(kind "$l")"; done)
  [ "${got%|}" = "$WANT" ] || fail "tshark lists these frames otherwise: '$got'"
fi

start_tui 360 50 -r "$TEAMS"
wait_for '^ +2 [0-9.]+ '
filter 'frame.n >= 1026 && frame.n <= 1036' 11
# the columns come from the conversations scan: wait for its rows
wait_for '^ +1034 .* TLS +295 443 > 60562 TLS ServerHello TLS1\.2 cipher=0xc030 alpn=h2, Certificate'
row 1027 | grep -Eq '^ +1027 [0-9.]+ +104\.40\.187\.151 +192\.168\.1\.6 +TCP +1506 \[TCP segment of a reassembled PDU\] *$' ||
  fail "row 1027: '$(row 1027)'"
row 1028 | grep -Eq ' TCP +1506 443 > 60562 Flags \[\.\], seq [0-9:]+, .*length 1440 \[TCP segment of a reassembled PDU\] *$' ||
  fail "row 1028: '$(row 1028)'"
row 1026 | grep -Eq ' TLS +280 60562 > 443 TLS ClientHello sni=api\.microsoftstream\.com ' ||
  fail "row 1026: '$(row 1026)'"
for want in $(echo "$WANT" | tr ' |' ':\n'); do
  n=${want%%:*}
  [ "$(kind "$(row "$n")")" = "${want#*:}" ] || fail "row $n is not '${want#*:}' as tshark's: '$(row "$n")'"
done
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
stop_tui

# at 160 columns the TCP text does not fit: cut before the tag, which stays
start_tui 160 50 -r "$TEAMS"
wait_for '^ +2 [0-9.]+ '
filter 'frame.n >= 1026 && frame.n <= 1036' 11
wait_for '^ +1034 .* TLS +295 443 > 60562 TLS ServerHello'
wait_for '^ +1028 .* TCP +1506 443 > 60562 Flags \[\.\], seq .*\.\. \[TCP segment of a reassembled PDU\]$'
row 1027 | grep -Eq ' TCP +1506 \[TCP segment of a reassembled PDU\] *$' || fail "row 1027 at 160: '$(row 1027)'"
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
