#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_privdrop.sh - --tui honours -Z (issue 12, item 4): the running TUI has
# the user's uid, gid and groups, its w key writes only where the user may;
# -w, -C, -G and -W, which the TUI does not implement, are usage errors.
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (-Z)"; exit 77; }
getent passwd nobody >/dev/null || { echo "SKIP: no user nobody"; exit 77; }
trap tui_cleanup EXIT INT TERM
DEMO="$top_srcdir/samples/demo.pcap"
ZUID=$(getent passwd nobody | cut -d: -f3)
ZGID=$(getent passwd nobody | cut -d: -f4)
chmod 755 "$WORK"

# the security options it does not implement: refused, one line, exit 2
for a in "-w $WORK/x.pcap" "-C 1" "-G 5" "-W 2"; do
  rc=0
  # shellcheck disable=SC2086
  "$PKTSCOPE" --tui -r "$DEMO" $a >/dev/null 2>"$WORK/u.err" </dev/null || rc=$?
  [ "$rc" = 2 ] && [ "$(wc -l <"$WORK/u.err")" = 1 ] && grep -q -- "--tui does not write" "$WORK/u.err" ||
    fail "--tui $a: exit $rc, $(cat "$WORK/u.err")"
done
echo "ok: --tui refuses -w/-C/-G/-W"

start_tui 80 24 -r "$DEMO" -Z nobody
wait_for '56 packets \|'
shpid=$($TMUX_CMD list-panes -t "$SESSION" -F '#{pane_pid}')
pid=""
for st in /proc/[0-9]*/status; do
  [ "$(sed -n 's/^PPid:[[:space:]]*//p' "$st" 2>/dev/null)" = "$shpid" ] &&
    grep -q '^Name:[[:space:]]*pktscope' "$st" && pid=$(basename "$(dirname "$st")")
done
[ -n "$pid" ] || fail "pktscope process not found under pane $shpid"
ids=$(awk '/^Uid:/{u=$2" "$3" "$4" "$5} /^Gid:/{g=$2" "$3" "$4" "$5} /^CapEff:/{c=$2}
  END{print u" / "g" / "c}' "/proc/$pid/status")
[ "$ids" = "$ZUID $ZUID $ZUID $ZUID / $ZGID $ZGID $ZGID $ZGID / 0000000000000000" ] ||
  fail "--tui -Z nobody runs as uid/gid/caps $ids"
echo "ok: --tui -Z nobody runs as nobody ($ids)"

# the w key writes as nobody: not into a root-only directory
mkdir -m 700 "$WORK/rootonly"
keys w
wait_for 'save to:'
keys C-u "$WORK/rootonly/s.pcap" Enter
wait_for 'save failed|cannot|denied|Permission'
[ ! -e "$WORK/rootonly/s.pcap" ] || fail "the TUI wrote into a root-only directory"
echo "ok: w as nobody cannot write where root may"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
