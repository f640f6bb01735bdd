#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_dfilter.sh - the '/' filter box in a real terminal (tmux, 80x24, on
# samples/demo.pcap): red/green as one types (the colour escapes of
# capture-pane -e and the error text), Tab completion (common prefix, then
# cycling), Up/Down history of applied filters, and a / A applying the detail
# tree's selected field as "field == value" / "!=".
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
trap tui_cleanup EXIT INT TERM
DEMO="$top_srcdir/samples/demo.pcap"
ESC=$(printf '\033')

# the status line with its escapes; green box: 42 (background), red: 41, yellow: 43
status_e() { $TMUX_CMD capture-pane -p -e -t "$SESSION" | sed -n 24p; }
box_is() { # box_is 41|42 TEXT: TEXT drawn on that background
  local i
  for i in $(seq 250); do
    status_e | grep -q "${ESC}\[[0-9;]*$1m$2" && return 0
    sleep 0.02
  done
  fail "filter box '$2' not on background $1: $(status_e | cat -v)"
}

start_tui 80 24 -r "$DEMO"
wait_for '56 packets \|'

# an unknown field is red with the reason; Tab completes it; it turns green
keys / i p . t t
wait_for '^filter: ip\.tt +unknown field "ip\.tt" at 1 \(did you mean ip\.ttl\?\)'
box_is 41 'ip\.tt'
keys Tab
wait_for '^filter: ip\.ttl *$'
box_is 42 'ip\.ttl'
# a literal wider than the field: red, tshark's words
keys ' ' = = ' ' 3 0 0
wait_for 'filter: ip\.ttl == 300 +"300" too big for this field, maximum 255 at 11'
box_is 41 'ip\.ttl == 300'
keys BSpace BSpace BSpace 6 4
box_is 42 'ip\.ttl == 64'
keys Enter
wait_for 'shown 25 \| filter: ip\.ttl == 64'

# Tab: the common prefix and the candidates, then each candidate in turn
keys / C-u t c p . a n a l y s i s . z Tab
wait_for '^filter: tcp\.analysis\.zero_window +tcp\.analysis\.zero_window tcp\.analysis\.zero_wi'
keys C-u t c p . f l a g s . Tab
wait_for '^filter: tcp\.flags\.res '
keys Tab
wait_for '^filter: tcp\.flags\.ae '
keys Tab
wait_for '^filter: tcp\.flags\.cwr '
# fields of the flow table are accepted (the scan runs its own flow table:
# tui_dfilter_flow.sh compares the counts with pktscope -Y)
keys C-u t c p . s t r e a m ' ' = = ' ' 0
box_is 42 'tcp\.stream == 0'
keys C-u i c m p Enter
wait_for 'shown [0-9]+ \| filter: icmp \|'

# history: Up shows the filters applied before, Down comes back
keys /
wait_for '^filter: icmp *$'
keys Up Up
wait_for '^filter: ip\.ttl == 64 *$'
box_is 42 'ip\.ttl == 64'
keys Down
wait_for '^filter: icmp *$'
keys C-u Enter
wait_for 'filter cleared'

# a name tshark knows and pktscope does not decode: it compiles (yellow, as
# Wireshark's box for a filter that works but may mislead) with -Y's
# warning; Tab offers no tshark-only names and says why; once applied the
# status line keeps the warning (yellow) while the list is empty
keys / s i p
wait_for '^filter: sip +pktscope does not decode "sip": it is never present'
box_is 43 'sip'
keys Tab
wait_for '^filter: sip +no decoded field starts with "sip" \(tshark'
keys Enter
wait_for 'shown 0 \| filter: sip \| not decoded: sip'
status_e | grep -q "${ESC}\[[0-9;]*43mnot decoded: sip" ||
  fail "status warning not yellow: $(status_e | cat -v)"
# a decoded name next to it: still yellow; a decoded name alone: green
keys / C-u i p ' ' '|' '|' ' ' s i p . M e t h o d ' ' = = ' ' '"' I N V I T E '"'
wait_for 'INVITE" +pktscope does not decode "sip\.Method"'
box_is 43 'ip \|\| sip\.Method'
keys C-u i p Enter
wait_for 'shown 25 \| filter: ip \|'
screen | grep -q 'not decoded' && fail "warning kept after a decoded filter"
keys / C-u Enter
wait_for 'filter cleared'

# a / A on the detail tree: packet 7 (ICMP over IPv4), the ip layer, its first field
keys g j j j j j j
wait_for '^-- packet 7: '
keys Enter j j
keys a
wait_for 'shown 25 \| filter: ip \| the selected field applied'
keys Enter j a
wait_for 'filter: ip\.version == 4 *\|'
keys A
wait_for 'shown [0-9]+ \| filter: ip\.version != 4 \|'
# the help screen lists the keys and still fits 80x24
keys '?'
wait_for '^ *a / A +filter on the selected field'
wait_for '^ *q +quit'
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit code"
[ -s "$WORK/stderr" ] && fail "stderr: $(cat "$WORK/stderr")"
echo "ok: filter box colours, completion, history, apply as filter"
