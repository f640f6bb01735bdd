# SPDX-License-Identifier: BSD-2-Clause
# tui_lib.sh - helpers for the tmux-driven TUI tests (sourced).
# Each test runs its own tmux server (-L) so it never touches the user's.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
PKTSCOPE=${PKTSCOPE:-$top_builddir/pktscope}
TMUX_SOCK="pktscope-tui-$$"
TMUX_CMD="tmux -L $TMUX_SOCK -f /dev/null"
SESSION=tui
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pktscope-tui.XXXXXX")

fail() { echo "FAIL: $*" >&2; echo "--- screen ---" >&2; screen >&2 || true; exit 1; }
screen() { $TMUX_CMD capture-pane -p -t "$SESSION"; }
keys() { $TMUX_CMD send-keys -t "$SESSION" "$@"; }

# wait_for REGEX [tries]: poll the screen until a line matches (20 ms steps).
wait_for() {
  local i tries=${2:-250}
  for i in $(seq "$tries"); do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.02
  done
  fail "screen never showed /$1/"
}

# wait_gone REGEX: poll until no line matches.
wait_gone() {
  local i
  for i in $(seq 250); do
    screen | grep -Eq -- "$1" || return 0
    sleep 0.02
  done
  fail "screen still shows /$1/"
}

# line N (1-based) of the screen
line() { screen | sed -n "${1}p"; }

tui_cleanup() {
  $TMUX_CMD kill-server 2>/dev/null || true
  rm -rf "$WORK"
}

# start_tui W H ARGS...: pktscope --tui ARGS in a W x H detached session
# (prefixed by $PKTSCOPE_PREFIX, e.g. "ip netns exec NS").
# When it exits, the pane records the exit code and whether the terminal
# modes (stty -g) came back as they were, then stays open for inspection.
start_tui() {
  local w=$1 h=$2
  shift 2
  local args="" a
  for a in "$@"; do args="$args '$a'"; done
  cat > "$WORK/run.sh" <<EOS
S1=\$(stty -g)
${PKTSCOPE_PREFIX:-} "$PKTSCOPE" --tui $args 2> "$WORK/stderr"
rc=\$?
S2=\$(stty -g)
[ "\$S1" = "\$S2" ] && echo STTY_SAME > "$WORK/stty"
echo "EXIT=\$rc" > "$WORK/exit"
echo "SHELL-AFTER-TUI"
sleep 600
EOS
  # After stop_tui the old server may still be exiting on this socket; a new
  # session then fails with "server exited unexpectedly": try again shortly.
  local try
  for try in 1 2 3 4 5; do
    $TMUX_CMD new-session -d -s "$SESSION" -x "$w" -y "$h" "sh $WORK/run.sh" && return 0
    sleep 0.2
  done
  fail "tmux could not start a session"
}

# stop_tui: end the session and forget its results, for another start_tui.
stop_tui() {
  $TMUX_CMD kill-session -t "$SESSION" 2>/dev/null || true
  rm -f "$WORK/exit" "$WORK/stty" "$WORK/stderr"
}

# wait_exit: the exit code of pktscope, after it ended.
wait_exit() {
  local i
  for i in $(seq 250); do
    [ -s "$WORK/exit" ] && { sed 's/EXIT=//' "$WORK/exit"; return 0; }
    sleep 0.02
  done
  fail "pktscope did not exit"
}
