#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_save.sh - the w prompt (issue 12, item 12): it starts empty with the
# default name as a hint, so what is typed is the name (never appended to
# the default); Enter on nothing saves to the default; an existing file is
# overwritten only after "y"; ~ is the home directory.
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
trap tui_cleanup EXIT INT TERM
DEMO=$(cd "$top_srcdir/samples" && pwd)/demo.pcap
PKTSCOPE=$(cd "$(dirname "$PKTSCOPE")" && pwd)/$(basename "$PKTSCOPE")
mkdir "$WORK/home" "$WORK/cwd"
cd "$WORK/cwd" || exit 1
PKTSCOPE_PREFIX="env HOME=$WORK/home"

start_tui 100 24 -r "$DEMO"
wait_for '56 packets \|'

# 1. the prompt is empty and shows the default as a hint
keys w
wait_for '^save to: \(Enter: pktscope-saved\.pcap'
keys -l "$WORK/a.pcap"
wait_for "^save to: $WORK/a\\.pcap *\$"
keys Enter
wait_for 'saved 56 packets to'
[ -s "$WORK/a.pcap" ] && [ ! -e "$WORK/cwd/pktscope-saved.pcap$WORK/a.pcap" ] || fail "typed name not used as is"
echo "ok: typed name used as is"

# 2. Enter on nothing: the default name, in the current directory
keys w
wait_for '^save to: \(Enter'
keys Enter
wait_for 'saved 56 packets to pktscope-saved\.pcap'
[ -s "$WORK/cwd/pktscope-saved.pcap" ] || fail "default name not saved"
echo "ok: Enter alone saves to the default name"

# 3. an existing file: asked; n keeps it, y overwrites
printf 'keep me' >"$WORK/exists.pcap"
keys w
wait_for '^save to: '
keys -l "$WORK/exists.pcap"
keys Enter
wait_for 'exists\.pcap exists: overwrite\? \(y/n\)'
keys n
wait_for 'not saved'
[ "$(cat "$WORK/exists.pcap")" = "keep me" ] || fail "overwritten without confirmation"
keys w
wait_for '^save to: '
keys -l "$WORK/exists.pcap"
keys Enter
wait_for 'overwrite\? \(y/n\)'
keys y
wait_for 'saved 56 packets to'
cmp -s "$WORK/exists.pcap" "$WORK/a.pcap" || fail "y did not overwrite"
echo "ok: existing file kept on n, overwritten on y"

# 4. ~ expands to the home directory
keys w
wait_for '^save to: '
keys -l "~/t.pcap"
keys Enter
wait_for 'saved 56 packets to'
[ -s "$WORK/home/t.pcap" ] || fail "~/t.pcap not in HOME ($(ls "$WORK/home" "$WORK/cwd"))"
echo "ok: ~ expanded"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
