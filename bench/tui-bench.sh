#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tui-bench.sh - benchmark of pktscope --tui against termshark (a script, not
# a test).  Both run in a detached tmux terminal on the same capture:
#   first screen  time until the first packet row is on screen (capture-pane
#                 polled every few ms)
#   full load     pktscope: the status bar shows the total ("N packets |");
#                 termshark: its loading progress (<Stop>) is gone
#   peak RSS      VmHWM of the tool, and the sum over it and its children
#                 (termshark runs tshark processes)
# then, for pktscope, the cost of G (jump to the last packet) and g (back), and
# (as root, LIVE=1 default) the key latency of a live view at 100k pkt/s.
#
# usage: bench/tui-bench.sh [CAPTURE]     (default $BENCH_DATA/big.pcap)
# env:   PKTSCOPE (./pktscope)  BENCH_DATA (/tmp/bench)  W H (120 40)
#        TS_TIMEOUT (900 s for termshark)  LIVE (1)  LIVE_PPS (100000)
#        MAKE_CORPUS (../shared/bench/make-corpus.sh) builds big.pcap if missing.
# Targets (issue 5): first screen <= 0.5 s, full index <= 1 s, RSS <= 64 MiB,
# a key answered within 50 ms at 100k pkt/s.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$HERE/.." && pwd)}
top_builddir=${top_builddir:-.}
PKTSCOPE=$(readlink -f "${PKTSCOPE:-$top_builddir/pktscope}")
DATA=${BENCH_DATA:-/tmp/bench}
CAPTURE=${1:-$DATA/big.pcap}
W=${W:-120}
H=${H:-40}
TS_TIMEOUT=${TS_TIMEOUT:-900}
PK_TIMEOUT=${PK_TIMEOUT:-60}
MAKE_CORPUS=${MAKE_CORPUS:-$top_srcdir/../shared/bench/make-corpus.sh}
SOCK_PREFIX="tuibench-$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tui-bench.XXXXXX")
NSA="tuibench_a_$$" NSB="tuibench_b_$$"

cleanup() {
  local s
  for s in pk ts live; do tmux -L "$SOCK_PREFIX-$s" kill-server 2>/dev/null || true; done
  ip netns del "$NSA" 2>/dev/null || true
  ip netns del "$NSB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

die() { echo "tui-bench: $*" >&2; exit 1; }
[ -x "$PKTSCOPE" ] || die "no pktscope at $PKTSCOPE (set PKTSCOPE=)"
command -v tmux >/dev/null || die "tmux is needed"
if [ ! -f "$CAPTURE" ]; then
  [ -x "$MAKE_CORPUS" ] || die "$CAPTURE missing and no $MAKE_CORPUS to build it"
  echo "building the corpus with $MAKE_CORPUS (root, a few minutes)..." >&2
  BENCH_DATA=$DATA "$MAKE_CORPUS" >&2
fi

ns() { date +%s%N; }
secs() { awk -v n="$1" 'BEGIN { if (n == "") print "-"; else printf "%.3f s", n / 1e9 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

# VmHWM (kB) of a pid and of its descendants, remembered per pid in HWM[].
declare -A HWM=()
sample_rss() {
  local p k
  for p in $1 $(pgrep -P "$1" 2>/dev/null) $(for c in $(pgrep -P "$1" 2>/dev/null); do pgrep -P "$c"; done); do
    k=$(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    [ -n "$k" ] && { [ -z "${HWM[$p]:-}" ] || [ "$k" -gt "${HWM[$p]}" ]; } && HWM[$p]=$k
  done
  return 0
}

# run_tool NAME FIRST_RE DONE_FN LIMIT CMD: start CMD in tmux, poll the screen.
# Sets T_FIRST, T_FULL (ns after start, empty if never), RSS_TOOL, RSS_TREE (kB).
run_tool() {
  local name=$1 first_re=$2 done_fn=$3 limit=$4 cmd=$5
  local sock="$SOCK_PREFIX-$name" t0 now scr
  T_FIRST="" T_FULL="" HWM=()
  t0=$(ns)
  tmux -L "$sock" -f /dev/null new-session -d -s b -x "$W" -y "$H" "exec $cmd"
  PID=$(tmux -L "$sock" display -p -t b '#{pane_pid}')
  while :; do
    now=$(ns)
    scr=$(tmux -L "$sock" capture-pane -p -t b 2>/dev/null) || break
    [ -z "$T_FIRST" ] && grep -Eq -- "$first_re" <<<"$scr" && T_FIRST=$((now - t0))
    [ -n "$T_FIRST" ] && $done_fn "$scr" && T_FULL=$((now - t0))
    sample_rss "$PID"
    [ -n "$T_FULL" ] && break
    [ $(((now - t0) / 1000000000)) -ge "$limit" ] && break
    sleep 0.002
  done
  sleep 0.2
  sample_rss "$PID"
  RSS_TOOL=${HWM[$PID]:-0}
  RSS_TREE=0
  local p
  for p in "${!HWM[@]}"; do RSS_TREE=$((RSS_TREE + HWM[$p])); done
  echo "$scr" > "$WORK/$name.screen"
}

pk_done() { grep -Eq ' [0-9]+ packets \| ' <<<"$1"; }
ts_done() { ! grep -q '<Stop>' <<<"$1"; }

# key_latency SOCK KEY REGEX: ns from send-keys until the screen matches.
key_latency() {
  local sock=$1 key=$2 re=$3 t0 i
  t0=$(ns)
  tmux -L "$sock" send-keys -t b "$key"
  for i in $(seq 2000); do
    tmux -L "$sock" capture-pane -p -t b | grep -Eq -- "$re" && { echo $(($(ns) - t0)); return; }
  done
  echo ""
}

echo "warming the page cache with $CAPTURE (both tools read it warm)..." >&2
cat "$CAPTURE" > /dev/null
NPKT=$(capinfos -M -c "$CAPTURE" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}' || true)

# ---- pktscope ----
run_tool pk '^ +1 0\.0+ ' pk_done "$PK_TIMEOUT" "$PKTSCOPE --tui -r $CAPTURE"
PK_FIRST=$T_FIRST PK_FULL=$T_FULL PK_RSS=$RSS_TOOL PK_TREE=$RSS_TREE
LAST=${NPKT:-$(grep -Eo ' [0-9]+ packets \| ' "$WORK/pk.screen" | grep -Eo '[0-9]+')}
PK_G=$(key_latency "$SOCK_PREFIX-pk" G "^ *$LAST [0-9]")
PK_g=$(key_latency "$SOCK_PREFIX-pk" g '^ +1 0\.0+ ')
tmux -L "$SOCK_PREFIX-pk" send-keys -t b /
sleep 0.1
tmux -L "$SOCK_PREFIX-pk" send-keys -t b -l "icmp"
t0=$(ns)
tmux -L "$SOCK_PREFIX-pk" send-keys -t b Enter
PK_FILTER=""
for i in $(seq 20000); do
  s=$(tmux -L "$SOCK_PREFIX-pk" capture-pane -p -t b | tail -1)
  grep -q 'filter: icmp' <<<"$s" && ! grep -q 'filter: icmp (' <<<"$s" && { PK_FILTER=$(($(ns) - t0)); break; }
  sleep 0.005
done
sample_rss "$PID"
PK_RSS=${HWM[$PID]:-$PK_RSS}
PK_TREE=0
for p in "${!HWM[@]}"; do PK_TREE=$((PK_TREE + HWM[$p])); done
tmux -L "$SOCK_PREFIX-pk" send-keys -t b q
sleep 0.3
tmux -L "$SOCK_PREFIX-pk" kill-server 2>/dev/null || true

# ---- termshark ----
TS_VER=""
if command -v termshark >/dev/null; then
  TS_VER=$(dpkg-query -W -f='${Version}' termshark 2>/dev/null || echo "?")
  echo "running termshark ${TS_VER} (up to ${TS_TIMEOUT} s)..." >&2
  run_tool ts '^ 1 +0\.0' ts_done "$TS_TIMEOUT" "termshark -r $CAPTURE"
  TS_FIRST=$T_FIRST TS_FULL=$T_FULL TS_RSS=$RSS_TOOL TS_TREE=$RSS_TREE
  tmux -L "$SOCK_PREFIX-ts" kill-server 2>/dev/null || true
fi

# ---- live: key latency at LIVE_PPS (root, namespaces) ----
LIVE_LAT="" LIVE_MAX="" LIVE_IDLE="" LIVE_RATE="" LIVE_DROPS="" LIVE_SENT="" LIVE_INPROC=""
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# p toggles PAUSED in the status bar: n round trips, latencies (ns) on stdout
toggle_lat() {
  local sock=$1 n=$2 k l
  for k in $(seq "$n"); do
    l=$(key_latency "$sock" p 'PAUSED'); echo "${l:-999000000}"
    l=$(key_latency "$sock" p '(FOLLOW|pkt/s) \|'); echo "${l:-999000000}"
    sleep 0.2
  done
}
live_bench() {
  local flood=$top_builddir/bench/udpflood pps=${LIVE_PPS:-100000} sock="$SOCK_PREFIX-live"
  if [ ! -x "$flood" ]; then
    flood=$WORK/udpflood
    cc -O2 -o "$flood" "$top_srcdir/bench/udpflood.c" || return 0
  fi
  ip netns add "$NSA" && ip netns add "$NSB" || return 0
  ip link add tbva netns "$NSA" type veth peer name tbvb netns "$NSB"
  ip -n "$NSA" addr add 10.78.0.1/24 dev tbva
  ip -n "$NSB" addr add 10.78.0.2/24 dev tbvb
  ip -n "$NSA" link set tbva up
  ip -n "$NSB" link set tbvb up
  tmux -L "$sock" -f /dev/null new-session -d -s b -x "$W" -y "$H" \
    "exec env PKTSCOPE_TUI_LATENCY=$WORK/lat.txt ip netns exec $NSA $PKTSCOPE --tui -i tbva udp"
  sleep 1
  # the same measurement with no traffic: what tmux itself adds
  LIVE_IDLE=$(toggle_lat "$sock" 3 | median)
  ip netns exec "$NSB" "$flood" 10.78.0.1 9 "$pps" 12 > "$WORK/flood.out" &
  local fpid=$!
  sleep 3
  toggle_lat "$sock" 10 > "$WORK/lat.ns"
  LIVE_LAT=$(median < "$WORK/lat.ns")
  LIVE_MAX=$(sort -n "$WORK/lat.ns" | tail -1)
  LIVE_RATE=$(tmux -L "$sock" capture-pane -p -t b | tail -1 | grep -Eo '[0-9.]+[kM]? pkt/s' || true)
  wait "$fpid" || true
  sleep 0.5
  LIVE_DROPS=$(tmux -L "$sock" capture-pane -p -t b | tail -1 | grep -Eo '[0-9]+ packets \|.*drops [0-9]+( \([0-9]+ by the UI queue\))?' | sed 's/ |.*drops/, drops/' || echo "drops ?")
  LIVE_SENT=$(cat "$WORK/flood.out")
  tmux -L "$sock" send-keys -t b q
  local i
  for i in $(seq 100); do [ -s "$WORK/lat.txt" ] && break; sleep 0.05; done
  LIVE_INPROC=$(cat "$WORK/lat.txt" 2>/dev/null || true)
  tmux -L "$sock" kill-server 2>/dev/null || true
}
if [ "${LIVE:-1}" = 1 ] && [ "$(id -u)" = 0 ] && command -v ip >/dev/null; then
  echo "live: ${LIVE_PPS:-100000} pkt/s through a veth for 12 s..." >&2
  live_bench
fi

# ---- report ----
verdict() { awk -v v="$1" -v lim="$2" 'BEGIN { print (v != "" && v <= lim) ? "ok" : "MISSED" }'; }
echo
echo "capture: $CAPTURE (${NPKT:-?} packets, $(du -h "$CAPTURE" | cut -f1)), terminal ${W}x${H}, page cache warm"
printf '%-22s %14s %14s %16s %22s\n' tool "first screen" "full load" "peak RSS" "peak RSS + children"
printf '%-22s %14s %14s %16s %22s\n' "pktscope --tui" "$(secs "$PK_FIRST")" "$(secs "$PK_FULL")" \
  "$(mib "$PK_RSS")" "$(mib "$PK_TREE")"
if [ -n "$TS_VER" ]; then
  printf '%-22s %14s %14s %16s %22s\n' "termshark $TS_VER" "$(secs "$TS_FIRST")" \
    "$( [ -n "$TS_FULL" ] && secs "$TS_FULL" || echo "> ${TS_TIMEOUT} s")" "$(mib "$TS_RSS")" "$(mib "$TS_TREE")"
else
  echo "termshark: not installed"
fi
echo "pktscope: G (to packet $LAST) $(secs "$PK_G"), g (back to 1) $(secs "$PK_g"), filter 'icmp' over all packets $(secs "$PK_FILTER")"
if [ -n "$LIVE_LAT" ]; then
  echo "pktscope live at ${LIVE_PPS:-100000} pkt/s: key -> screen (seen through tmux) $(secs "$LIVE_LAT") median, $(secs "$LIVE_MAX") worst of 20; idle baseline $(secs "$LIVE_IDLE")"
  echo "  in process (PKTSCOPE_TUI_LATENCY): ${LIVE_INPROC:-?}"
  echo "  view: ${LIVE_RATE:-?}; ${LIVE_DROPS}; sender: $LIVE_SENT"
fi
# in process, a key waits at most one loop turn, then is handled and drawn
LIVE_BOUND=$(awk '{for (i = 1; i < NF; i++) v[$i] = $(i + 1)} END {if (v["max_ms"] != "") print (v["max_ms"] + v["max_turn_ms"]) * 1e6}' <<<"$LIVE_INPROC")
echo "targets: first screen <= 0.5 s $(verdict "$PK_FIRST" 500000000), full index <= 1 s $(verdict "$PK_FULL" 1000000000), RSS <= 64 MiB $(verdict "$PK_RSS" 65536)$( [ -n "$LIVE_BOUND" ] && echo ", live key <= 50 ms $(verdict "$LIVE_BOUND" 50000000) (in process: worst key + worst loop turn = $(secs "$LIVE_BOUND"))")"
