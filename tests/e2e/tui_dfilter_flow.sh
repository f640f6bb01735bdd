#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_dfilter_flow.sh - the '/' display filter on fields that need the flow
# stage (tcp.stream, tcp.analysis.*, TLS records reassembled over segments,
# fields of defragmented datagrams) and on fields that need none: the TUI
# (tmux) shows as many packets as `pktscope -r F -Y EXPR` prints, and as
# tshark -Y selects where tshark agrees on the field; the same with -Y on
# the command line, and a bad -Y is exit 2.  Captures from
# ../shared/pcaps and ../shared/pcaps-app (skip without them).
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
SHARED=${PKTSCOPE_SHARED:-$top_srcdir/../shared}
[ -d "$SHARED/pcaps-app" ] || { echo "SKIP: no $SHARED/pcaps-app"; exit 77; }
trap tui_cleanup EXIT INT TERM
TSHARK=$(command -v tshark || true)
checked=0

# shown EXPR: the status bar's "shown N" once the filter EXPR has finished
# (no "(NN%)" after it)
shown() {
  local i n
  for i in $(seq 1500); do
    n=$(screen | grep -F -- "| filter: $1 |" | sed -n 's/.*| shown \([0-9]*\) | filter: .*/\1/p')
    [ -n "$n" ] && { echo "$n"; return 0; }
    sleep 0.02
  done
  fail "filter '$1' never finished"
}

# case_file FILE EXPR...: every EXPR applied in one TUI on FILE; "T:EXPR"
# is also compared with tshark -Y (where tshark and pktscope -Y agree: the
# others are pktscope's own view, e.g. a TLS record tshark does not
# reassemble)
case_file() {
  local f=$1 e want got ref ts
  shift
  [ -r "$f" ] || { echo "SKIP: no $f"; exit 77; }
  start_tui 200 30 -r "$f"
  wait_for '[0-9]+ packets \|'
  wait_gone 'indexing'
  for e in "$@"; do
    ts=n
    case $e in T:*) ts=y; e=${e#T:} ;; esac
    want=$("$PKTSCOPE" -r "$f" -Y "$e" | wc -l)
    keys / C-u
    keys -l "$e"
    keys Enter
    got=$(shown "$e")
    [ "$got" = "$want" ] || fail "$(basename "$f"): '$e': TUI shows $got, pktscope -Y prints $want"
    if [ "$ts" = y ] && [ -n "$TSHARK" ]; then
      ref=$("$TSHARK" -r "$f" -Y "$e" 2>/dev/null | wc -l)
      [ "$got" = "$ref" ] || fail "$(basename "$f"): '$e': TUI shows $got, tshark -Y $ref"
    fi
    echo "ok: $(basename "$f"): '$e': $got packets (tshark: $ts)"
    checked=$((checked + 1))
  done
  keys q
  [ "$(wait_exit)" = 0 ] || fail "exit code"
  [ -s "$WORK/stderr" ] && fail "stderr: $(cat "$WORK/stderr")"
  stop_tui
}

APP=$SHARED/pcaps-app
# flow-table fields, TLS records over several segments (certificates), and
# filters that need no flow state (the fast path) in the same session
case_file "$APP/ndpi__android.pcap" 'T:tcp.stream == 3' 'T:tcp.analysis.retransmission' \
  'T:tls.handshake.extensions_server_name contains "google"' 'tls.handshake.type == 11' \
  'tcp.port == 443 && !tls' 'T:tcp.len > 0 and ip.ttl < 64'
case_file "$APP/ndpi__wechat.pcap" 'T:tcp.stream == 3' 'T:tcp.analysis.retransmission' \
  'T:tls.handshake.type == 11' 'T:udp.stream == 2' 'T:tcp.seq == 1 && tcp.ack == 1' \
  'T:tls.handshake.extensions_server_name'
case_file "$APP/ndpi__netflix.pcap" 'T:tls.handshake.type == 11' 'T:tcp.analysis.lost_segment'
case_file "$SHARED/pcaps/ppa__http_espn_fail.pcapng" 'T:tcp.stream == 3' \
  'T:tcp.analysis.retransmission' 'T:http.response.code == 200' 'T:http.request.method == "GET"'
# GTP over fragmented UDP: the datagram's fields are on the frame that
# completes it (defragmentation runs before every display filter), and a
# fragment that does not complete it shows nothing above IP (issue 11)
case_file "$APP/zeek__gtp1_gn_normal_incl_fragmentation.pcap" 'T:tcp.len > 0' 'T:gtp' \
  'T:tcp.stream == 0' 'T:udp' 'T:udp.port == 2152'
# -Y on the command line: the list starts filtered, stage included
f=$APP/ndpi__android.pcap
e='tcp.analysis.retransmission || tcp.stream == 3'
want=$("$PKTSCOPE" -r "$f" -Y "$e" | wc -l)
start_tui 200 30 -r "$f" -Y "$e"
got=$(shown "$e")
[ "$got" = "$want" ] || fail "--tui -Y '$e': TUI shows $got, pktscope -Y prints $want"
echo "ok: --tui -Y '$e': $got packets"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
stop_tui
# a bad -Y is a usage error before the screen is taken, as for -Y without --tui
start_tui 200 30 -r "$f" -Y 'tcp.stram == 1'
[ "$(wait_exit)" = 2 ] || fail "--tui with a bad -Y: exit code"
grep -q '^pktscope: -Y: unknown field "tcp.stram" at 1 (did you mean tcp.stream?)' "$WORK/stderr" ||
  fail "--tui with a bad -Y: $(cat "$WORK/stderr")"
stop_tui
[ "$checked" -gt 0 ] || fail "nothing checked"
echo "ok: $checked filters select what pktscope -Y selects"
