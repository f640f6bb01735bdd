#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# live-bench.sh - live capture benchmark (not a test): bench/udpflood sends
# 60-byte frames over a veth pair between two private network namespaces at
# increasing rates; for each capture configuration (tcpdump and pktscope's
# pcap and packet sources; -w /dev/null, text, --json) find the highest rate
# at which the kernel drops nothing, all in the same run, and print a table.
#
#
# ONLY=drops: the live --workers drop sweep instead: at every rate of RATES
# (each trial, not only up to the first drop), --workers 1 and 2 (hash
# mode), two flood senders (one to each of two receiver addresses, which
# hash mode gives to different workers, half the rate each), and a table
# of what each worker received and dropped and the totals.  env:
# PAYLOAD (bytes per datagram, default 1472: 1514-byte frames), CAPARGS
# (the capture's output options, default "--json -x": per-packet work that
# grows with the frame), and BUF_KIB, the capture buffer in all (each of
# N workers' sockets gets 1/N of it, so both rows use the same memory).
#
# usage (as root, from the build directory):
#   sh ../bench/live-bench.sh [SECONDS_PER_TRIAL [RATES...]]
#   env: top_builddir (default .), top_srcdir (default: this script's ..),
#        BUF_KIB capture buffer for every tool (default 4096), CPU pinning
#        with taskset when there are 2+ CPUs (sender on CPU 0, capture on 1).
# Traffic stays inside the two namespaces the script creates and removes
# (named livescale-PID..., LIVE_TAG to change), with bounded senders (the
# trial's seconds and a packet count).
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
export top_srcdir top_builddir
LIVE_TAG=${LIVE_TAG:-livescale-}
LIVE_VETH_TAG=${LIVE_VETH_TAG:-lsb$$} # interface names: 15 characters at most
. "$top_srcdir/tests/e2e/live_lib.sh"
need tcpdump
FLOOD=$top_builddir/bench/udpflood
if [ ! -x "$FLOOD" ]; then
	FLOOD=$WORK/udpflood
	cc -O2 -o "$FLOOD" "$top_srcdir/bench/udpflood.c" || fail "cannot build bench/udpflood"
fi
DUR=${1:-2}
[ $# -gt 0 ] && shift
RATES=${*:-"100000 200000 300000 400000 500000 600000 800000 0"}
BUF=${BUF_KIB:-4096}
PIN_TX="" PIN_RX=""
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
	PIN_TX="taskset -c 0" PIN_RX="taskset -c 1"
fi

live_setup
FILTER="udp and dst port 9999"

# cpu_ns PID: CPU time the process used so far, in ns
# (every thread's: --workers runs several)
cpu_ns() {
	if [ -r "/proc/$1/schedstat" ]; then
		cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'
	else
		awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1e9 / hz }' "/proc/$1/stat"
	fi
}

# trial RATE CMD...: capture with CMD in NSB while flooding at RATE (0 = max);
# sets SENT ("count pps"), DROPS, RECV and NS (capture CPU ns per packet)
trial() {
	rate=$1
	shift
	ip netns exec "$NSB" $PIN_RX "$@" >/dev/null 2>"$WORK/cap.err" &
	cpid=$! # ip netns exec and taskset exec the tool: same PID
	PIDS="$PIDS $cpid"
	sleep 1 # both tools are listening well within a second
	c0=$(cpu_ns "$cpid")
	SENT=$(ip netns exec "$NSA" $PIN_TX "$FLOOD" "$IPB" 9999 "$rate" "$DUR" 18 |
		sed -n 's/^sent \([0-9]*\) in \([0-9.]*\) s = \([0-9]*\) pps$/\1 \3/p')
	sleep 1 # let the capture drain what the kernel holds
	c1=$(cpu_ns "$cpid")
	kill -INT "$cpid" 2>/dev/null || true
	wait "$cpid" || true
	DROPS=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' "$WORK/cap.err")
	RECV=$(sed -n 's/^\([0-9]*\) packets\{0,1\} received by filter$/\1/p' "$WORK/cap.err")
	NS=$(awk -v a="$c0" -v b="$c1" -v n="${RECV:-0}" 'BEGIN { if (n > 0) printf "%.0f", (b - a) / n; else print "?" }')
}

# config LABEL CMD...: ascend the rates until the first drop, then always
# one trial at the sender's maximum.  The table reports rates the sender
# achieved (it may fall short of the one asked for).
config() {
	label=$1
	shift
	best=0 at_max="" dropped=no
	for r in $RATES; do
		[ "$dropped" = yes ] && [ "$r" != 0 ] && continue
		trial "$r" "$@"
		n=${SENT% *} pps=${SENT#* } drops=${DROPS:-?}
		printf '  %-26s rate %6s: sent %8s (%6s pps) received %8s dropped %6s, %5s ns/packet\n' \
			"$label" "$([ "$r" = 0 ] && echo max || echo "$r")" "$n" "$pps" "${RECV:-?}" "$drops" "$NS" >&2
		if [ "$r" = 0 ]; then
			pct=$(awk -v d="$drops" -v n="$n" 'BEGIN { if (n > 0 && d != "?") printf "%.1f%%", 100 * d / n; else print "?" }')
			at_max="$(printf '%7s %8s (%5s) %9s' "$pps" "$drops" "$pct" "$NS")"
		fi
		if [ "$drops" != 0 ]; then
			dropped=yes
		elif [ "$dropped" = no ] && [ "$pps" -gt "$best" ]; then
			best=$pps
		fi
	done
	printf '%-28s %14s   %s\n' "$label" "$best" "$at_max" >>"$WORK/table"
}

# dtrial RATE WORKERS: the drop sweep's trial (ONLY=drops): two floods at
# RATE/2 each (0: both as fast as they can), to $IPB and $IPB2; appends a row
# to $WORK/table.  Bounded: the trial's seconds and RATE * seconds packets.
dtrial() {
	rate=$1 nw=$2
	# shellcheck disable=SC2086
	ip netns exec "$NSB" "$PS" --source packet -i "$VB" -B "$((BUF / nw))" --workers "$nw" $CAPARGS \
		udp and dst port 9999 >/dev/null 2>"$WORK/cap.err" &
	cpid=$!
	PIDS="$PIDS $cpid"
	sleep 1
	c0=$(cpu_ns "$cpid")
	half=$((rate / 2))
	max=$([ "$rate" = 0 ] && echo 5000000 || echo $((half * DUR + 1)))
	floods=""
	for dst in "$IPB" "$IPB2"; do
		ip netns exec "$NSA" $PIN_TX "$FLOOD" "$dst" 9999 "$half" "$DUR" "$PAYLOAD" "$max" \
			>"$WORK/flood.$dst" &
		floods="$floods $!"
	done
	PIDS="$PIDS $floods"
	for p in $floods; do wait "$p" || true; done
	sleep 1
	c1=$(cpu_ns "$cpid")
	kill -INT "$cpid" 2>/dev/null || true
	wait "$cpid" || true
	sent=$(cat "$WORK/flood.$IPB" "$WORK/flood.$IPB2" |
		awk '/^sent/ { n += $2; r += $7 } END { printf "%d %d", n, r }')
	awk -v rate="$rate" -v nw="$nw" -v sent="${sent% *}" -v pps="${sent#* }" -v c0="$c0" -v c1="$c1" '
	/^worker [0-9]+: [0-9]+ packets? received by filter$/ { sub(":", "", $2); rw[$2] = $3 }
	/^worker [0-9]+: [0-9]+ packets? dropped by kernel$/ { sub(":", "", $2); dw[$2] = $3 }
	/^[0-9]+ packets? received by filter$/ { rt = $1 }
	/^[0-9]+ packets? dropped by kernel$/ { dt = $1 }
	END {
		per = ""
		for (w = 0; w < nw; w++) {
			r = "?"; d = "?"
			if (w in rw) r = rw[w]
			if (w in dw) d = dw[w]
			per = per sprintf(" w%d %8s/%-7s", w, r, d)
		}
		if (nw == 1) # one worker prints no worker lines: its totals are its own
			per = sprintf(" w0 %8s/%-7s", rt, dt)
		asked = rate; pct = 0; ns = "?"
		if (rate == 0) asked = "max"
		if (sent > 0) pct = 100 * dt / sent
		if (rt > 0) ns = sprintf("%.0f", (c1 - c0) / rt)
		printf "%7s %7s %3d %9s %9s %8s %6.2f%% %7s  %s\n", asked, pps, nw, sent, rt, dt, pct, ns, per
	}' "$WORK/cap.err" >>"$WORK/table"
	tail -1 "$WORK/table" >&2
}

if [ "${ONLY:-}" = drops ]; then
	PAYLOAD=${PAYLOAD:-1472}
	CAPARGS=${CAPARGS:---json -x}
	IPB2=10.77.0.4 # 10.77.0.1 with .2: worker 0 of 2, with .4: worker 1 (afpacket_fanout.c)
	ip -n "$NSB" addr add "$IPB2/24" dev "$VB"
	echo "live-bench drops: $(nproc) CPUs, $DUR s per trial, buffer $BUF KiB in all (shared out)," \
		"$PAYLOAD-byte datagrams, capture: $CAPARGS; senders ${PIN_TX:-unpinned}," \
		"capture unpinned" >&2
	printf '%7s %7s %3s %9s %9s %8s %7s %7s  %s\n' rate "sent/s" "-W" sent received dropped \
		"drop%" "ns/pkt" "per worker: received/dropped" >"$WORK/table"
	for r in $RATES; do
		for nw in 1 2; do
			dtrial "$r" "$nw"
		done
	done
	cat "$WORK/table"
	echo "(rate: asked, both senders together (max: as fast as they go); sent/s: achieved;"
	echo " -W: --workers; received/dropped: the kernel's counts (PACKET_STATISTICS), in"
	echo " total and per worker socket; ns/pkt: the capture process's CPU time per packet"
	echo " received, all threads)"
	exit 0
fi

# ONLY=workers: just the --workers rows
echo "live-bench: $(nproc) CPUs, $DUR s per trial, buffer $BUF KiB, rates: $RATES" >&2
echo "pinning: sender ${PIN_TX:-none}, capture ${PIN_RX:-none}" >&2
: >"$WORK/table"
if [ "${ONLY:-}" != workers ]; then
	config "tcpdump -w /dev/null" tcpdump -i "$VB" -nn -B "$BUF" -w /dev/null "$FILTER"
	config "tcpdump text" tcpdump -i "$VB" -nn -B "$BUF" "$FILTER"
	for s in pcap packet; do
		config "pktscope $s -w /dev/null" "$PS" --source "$s" -i "$VB" -B "$BUF" -w /dev/null "$FILTER"
		config "pktscope $s text" "$PS" --source "$s" -i "$VB" -B "$BUF" "$FILTER"
		config "pktscope $s --json" "$PS" --source "$s" -i "$VB" -B "$BUF" --json "$FILTER"
	done
fi
# --workers (docs/workers.md): the flood is one flow, which hash mode gives to
# one worker, so lb spreads it; not pinned, so the workers have both CPUs
PIN_KEEP=$PIN_RX PIN_RX=""
config "pktscope --json 1 unpinned" "$PS" --source packet -i "$VB" -B "$BUF" --json "$FILTER"
config "pktscope --json --workers 2 lb" "$PS" --source packet -i "$VB" -B "$((BUF / 2))" --json \
	--workers 2 --fanout-mode lb "$FILTER"
# the analysis each worker runs on its own (flows, -q's counters, summed at the end)
config "pktscope -q --flows 1 unpinned" "$PS" --source packet -i "$VB" -B "$BUF" -q --flows "$FILTER"
config "pktscope -q --flows --workers 2 lb" "$PS" --source packet -i "$VB" -B "$((BUF / 2))" -q \
	--flows --workers 2 --fanout-mode lb "$FILTER"
PIN_RX=$PIN_KEEP
printf '\n%-28s %14s   %s\n' "" "highest pps" "at the sender's maximum"
printf '%-28s %14s   %7s %8s %7s %9s\n' "configuration" "with 0 drops" "pps" "dropped" "" "ns/packet"
cat "$WORK/table"
echo "(ns/packet: the capture process's CPU time per packet received; the kernel's"
echo " copy into the ring runs on the sender's CPU and is not included)"
