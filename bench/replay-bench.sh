#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# replay-bench.sh - offline replay benchmark: pktscope vs tcpdump, tshark and the libpcap floor.
#
# Builds the corpus with ../shared/bench/make-corpus.sh (2M packets of real
# traffic; needs root for its network namespaces) unless $BENCH_DATA/big.pcap
# exists, then prints one table of packets/s and peak RSS per tool and the
# ratios against pktscope's targets.  See bench/README.md.
#
# Env: PKTSCOPE   binary to measure (default: <repo>/build/pktscope, else pktscope in PATH)
#      BENCH_DATA corpus directory (default /tmp/bench); BIG_N etc. go to make-corpus.sh
#      MAKE_CORPUS path of make-corpus.sh (default <repo>/../shared/bench/make-corpus.sh)
#      REPEAT     runs per measurement, best time kept (default 3); TSHARK_REPEAT (default 1)
#      STARTUP_RUNS runs of the one-packet start-up measurement (default 100)
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
DATA=${BENCH_DATA:-/tmp/bench}
MAKE_CORPUS=${MAKE_CORPUS:-$REPO/../shared/bench/make-corpus.sh}
REPEAT=${REPEAT:-3}
TSHARK_REPEAT=${TSHARK_REPEAT:-1}
STARTUP_RUNS=${STARTUP_RUNS:-100}

die() { echo "replay-bench: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "missing tool: $1 (see bench/README.md)"; }

if [ -z "${PKTSCOPE:-}" ]; then
	if [ -x "$REPO/build/pktscope" ]; then PKTSCOPE=$REPO/build/pktscope
	else PKTSCOPE=$(command -v pktscope) || die "no pktscope: build it or set PKTSCOPE"; fi
fi
[ -x "$PKTSCOPE" ] || die "PKTSCOPE=$PKTSCOPE is not executable"
for t in cc tcpdump tshark awk; do need "$t"; done
[ -x /usr/bin/time ] || die "missing /usr/bin/time (apt-get install time)"

# glibc re-reads /etc/localtime (a stat per packet) on every localtime()
# call when TZ is unset, which halves tcpdump's rate; the same zone, named
# once, keeps the comparison about the tools rather than the environment.
export TZ=${TZ:-:/etc/localtime}
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ------------------------------------------------------------------ corpus
if [ ! -s "$DATA/big.pcap" ]; then
	[ "$(id -u)" = 0 ] || die "the corpus must be built first, which needs root (network namespaces)"
	[ -f "$MAKE_CORPUS" ] || die "no $MAKE_CORPUS"
	echo "building the corpus in $DATA (a few minutes)..." >&2
	BENCH_DATA=$DATA bash "$MAKE_CORPUS" >&2
fi
for f in big slice50k one; do [ -s "$DATA/$f.pcap" ] || die "corpus incomplete: no $DATA/$f.pcap"; done

cc -O2 -o "$TMP/pcap_floor" "$REPO/bench/pcap_floor.c" -lpcap || die "cannot build pcap_floor (libpcap-dev?)"
npackets() { "$TMP/pcap_floor" "$1" | awk '{print $1}'; }
N_BIG=$(npackets "$DATA/big.pcap")
N_SLICE=$(npackets "$DATA/slice50k.pcap")

# ------------------------------------------------------------------ measuring
# run_once LABEL NPKTS cmd...: one run, stdout to /dev/null; appends
# "label pkts wall_ns cpu_s rss_kib cmd" (wall_ns = FAIL on a non-zero exit)
# to $RUNS.  CPU time (user + sys) is kept beside wall time because on a
# shared machine it is the steadier of the two.
RUNS=$TMP/runs
: >"$RUNS"
run_once() {
	local label=$1 n=$2 t0 t1 rc=0
	shift 2
	t0=$(date +%s%N)
	/usr/bin/time -f '%M %U %S' -o "$TMP/rss" "$@" >/dev/null 2>"$TMP/err" || rc=$?
	t1=$(date +%s%N)
	if [ "$rc" != 0 ]; then
		echo "replay-bench: $label failed (exit $rc): $(tail -n 2 "$TMP/err")" >&2
		printf '%s\t%s\tFAIL\t0\t0\t%s\n' "$label" "$n" "$*" >>"$RUNS"
	else
		tail -n 1 "$TMP/rss" | awk -v OFS='\t' -v l="$label" -v n="$n" -v ns=$((t1 - t0)) \
			-v c="$*" '{ print l, n, ns, $2 + $3, $1, c }' >>"$RUNS"
	fi
}

# sanity: one line per packet, or the rates below would be meaningless
for mode in "" --json; do
	got=$("$PKTSCOPE" -r "$DATA/slice50k.pcap" $mode | wc -l)
	[ "$got" = "$N_SLICE" ] || die "pktscope $mode printed $got lines for $N_SLICE packets"
done

# The corpus must exercise the application decoders (always on: there is no
# switch to turn them off), or the app-layer targets below would say nothing:
# packets of the slice with a dns, http and tls object in pktscope's JSON.
"$PKTSCOPE" -r "$DATA/slice50k.pcap" --json >"$TMP/slice.json"
APP_DNS=$(grep -c '"dns":{' "$TMP/slice.json" || true)
APP_HTTP=$(grep -c '"http":{' "$TMP/slice.json" || true)
APP_TLS=$(grep -c '"tls":{' "$TMP/slice.json" || true)
rm -f "$TMP/slice.json"
for v in "$APP_DNS" "$APP_HTTP" "$APP_TLS"; do
	[ "$v" -gt 0 ] || die "the corpus lacks DNS, HTTP or TLS (slice: dns $APP_DNS, http $APP_HTTP, tls $APP_TLS)"
done

# Rounds interleave the tools, so a burst of load elsewhere on the machine
# hurts one run of each rather than every run of one tool.
B=$DATA/big.pcap S=$DATA/slice50k.pcap
for round in $(seq "$REPEAT"); do
	echo "round $round/$REPEAT..." >&2
	run_once "pktscope text" "$N_BIG" "$PKTSCOPE" -r "$B"
	run_once "pktscope --json" "$N_BIG" "$PKTSCOPE" -r "$B" --json
	run_once "pktscope -q" "$N_BIG" "$PKTSCOPE" -r "$B" -q
	run_once "json --workers 2" "$N_BIG" "$PKTSCOPE" -r "$B" --json --workers 2
	run_once "text --workers 2" "$N_BIG" "$PKTSCOPE" -r "$B" --workers 2
	run_once "tcpdump -nn" "$N_BIG" tcpdump -nn -r "$B"
	run_once "tcpdump -v" "$N_BIG" tcpdump -v -r "$B"
	# flow tracking alone: one record per conversation, and tshark's table
	run_once "pktscope --flows" "$N_BIG" "$PKTSCOPE" -r "$B" --flows
	run_once "pktscope conv,tcp" "$N_BIG" "$PKTSCOPE" -r "$B" -q -z conv,tcp
	if [ "$round" -le "$TSHARK_REPEAT" ]; then
		run_once "tshark -T json" "$N_SLICE" tshark -r "$S" -T json
		run_once "tshark conv,tcp" "$N_BIG" tshark -n -r "$B" -q -z conv,tcp
	fi
	run_once "libpcap floor" "$N_BIG" "$TMP/pcap_floor" "$B"
done

# Per tool, in first-seen order: best wall s, best CPU s, largest RSS:
# "label pkts wall_s cpu_s rss_kib cmd".
ROWS=$TMP/rows
awk -F'\t' -v OFS='\t' '
	!($1 in seen) { seen[$1] = 1; order[++n] = $1; pk[$1] = $2; cmd[$1] = $6; rss[$1] = 0 }
	$3 == "FAIL" { fail[$1] = 1; next }
	{ if (!($1 in wall) || $3 + 0 < wall[$1]) wall[$1] = $3 + 0
	  if (!($1 in cpu) || $4 + 0 < cpu[$1]) cpu[$1] = $4 + 0
	  if ($5 + 0 > rss[$1]) rss[$1] = $5 + 0 }
	END { for (i = 1; i <= n; i++) { l = order[i]
		if (l in fail) print l, pk[l], "FAIL", "FAIL", rss[l], cmd[l]
		else print l, pk[l], sprintf("%.3f", wall[l] / 1e9), sprintf("%.2f", cpu[l]), rss[l], cmd[l] } }' \
	"$RUNS" >"$ROWS"
# rate LABEL [COLUMN]: packets/s of a row by wall (3, default) or CPU (4) time; 0 if failed
rate() {
	awk -F'\t' -v l="$1" -v c="${2:-3}" '$1 == l { if ($c == "FAIL" || $c + 0 == 0) print 0;
		else printf "%.0f", $2 / $c }' "$ROWS"
}
rss_of() { awk -F'\t' -v l="$1" '$1 == l { print $5 + 0 }' "$ROWS"; }

# start-up: mean wall time of a one-packet file
startup_ms() {
	if command -v hyperfine >/dev/null; then
		hyperfine -N --style none --warmup 5 --runs "$STARTUP_RUNS" --export-json "$TMP/hf.json" \
			"$*" >/dev/null 2>&1 || { echo 0; return; }
		awk -F': *' '/"mean"/ { gsub(/,/, "", $2); printf "%.2f", $2 * 1000; exit }' "$TMP/hf.json"
	else
		local t0 t1 i
		t0=$(date +%s%N)
		for i in $(seq "$STARTUP_RUNS"); do "$@" >/dev/null 2>&1 || true; done
		t1=$(date +%s%N)
		awk -v ns=$((t1 - t0)) -v n="$STARTUP_RUNS" 'BEGIN{printf "%.2f", ns / n / 1e6}'
	fi
}
ST_PS=$(startup_ms "$PKTSCOPE" -r "$DATA/one.pcap")
ST_TD=$(startup_ms tcpdump -nn -r "$DATA/one.pcap")

# ------------------------------------------------------------------ report
echo
echo "pktscope replay benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "host: $(nproc) CPU $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), $(uname -r)"
echo "load average before: $LOAD0, after: $(cut -d' ' -f1-3 /proc/loadavg); TZ=$TZ"
echo "pktscope: $PKTSCOPE ($("$PKTSCOPE" --version 2>/dev/null | head -n 1))"
echo "corpus: $DATA/big.pcap $N_BIG packets, slice50k.pcap $N_SLICE packets; best of $REPEAT runs (tshark $TSHARK_REPEAT)"
echo "application layers in slice50k.pcap (decoded in every pktscope row): dns $APP_DNS, http $APP_HTTP, tls $APP_TLS packets"
echo
printf '%-16s %9s %8s %10s %7s %10s %8s  %s\n' tool packets wall_s 'pkt/s' cpu_s 'pkt/cpu-s' 'RSS MiB' command
awk -F'\t' 'function r(t) { return (t == "FAIL" || t + 0 == 0) ? "FAIL" : sprintf("%.0f", $2 / t) }
	{ printf "%-16s %9s %8s %10s %7s %10s %8.1f  %s\n", $1, $2, $3, r($3), $4, r($4), $5 / 1024, $6 }' \
	"$ROWS" | sed "s|$TMP/||; s|$DATA/||g"
echo "start-up (one.pcap, mean of $STARTUP_RUNS): pktscope ${ST_PS} ms, tcpdump -nn ${ST_TD} ms"
echo

RSS_MAX=0
for l in "pktscope text" "pktscope --json" "pktscope -q"; do
	r=$(rss_of "$l"); [ "$r" -gt "$RSS_MAX" ] && RSS_MAX=$r
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ printf "%.4f", (b > 0) ? a / b : 0 }'; }
# check NAME A B OP TARGET: the wall-time ratio A/B against the target (OP >= or <=),
# with the CPU-time ratio beside it
check() {
	local w c
	w=$(ratio "$(rate "$2")" "$(rate "$3")")
	c=$(ratio "$(rate "$2" 4)" "$(rate "$3" 4)")
	awk -v n="$1" -v v="$w" -v c="$c" -v op="$4" -v t="$5" 'BEGIN {
		ok = (op == ">=") ? (v >= t) : (v <= t)
		printf "%-26s %8.2fx  (cpu %6.2fx)  target %s %sx  %s\n", n, v, c, op, t, ok ? "PASS" : "FAIL"
	}'
}
limit() {
	awk -v n="$1" -v v="$2" -v t="$3" -v u="$4" 'BEGIN {
		printf "%-26s %8.2f%-4s %14s target <= %s%s  %s\n", n, v, u, "", t, u, (v <= t) ? "PASS" : "FAIL"
	}'
}
echo "ratios (wall time; CPU time in brackets)"
check "text / tcpdump -nn" "pktscope text" "tcpdump -nn" ">=" 2
check "json / tcpdump -nn" "pktscope --json" "tcpdump -nn" ">=" 1
check "json / tshark -T json" "pktscope --json" "tshark -T json" ">=" 100
check "-q / libpcap floor" "pktscope -q" "libpcap floor" ">=" 0.5
# issue 14: offline workers; the CPU ratio (< 1) is what the threads cost,
# the wall ratio what they gain when cores are free (bench/workers-bench.sh:
# more runs of just these, RT=1 for free cores).  --workers 2 gives the
# pipeline 2 cores, as many as one worker and its read-ahead thread use, so
# the plan (docs/workers.md, "Which plan runs") runs text as one worker (no
# slower: >= 0.9x) and --json as the pipeline, whose render work is heavy
# enough to gain (>= 1.1x; measured 1.16-1.45x; issue 14's 1.6x is past what
# a perfect split of one worker's CPU time over 2 cores gives for text)
check "text --workers 2 / 1" "text --workers 2" "pktscope text" ">=" 0.9
check "json --workers 2 / 1" "json --workers 2" "pktscope --json" ">=" 1.1
check "--flows / tshark conv,tcp" "pktscope --flows" "tshark conv,tcp" ">=" 10
check "conv,tcp / tshark conv,tcp" "pktscope conv,tcp" "tshark conv,tcp" ">=" 10
limit "peak RSS (3 modes)" "$(awk -v k="$RSS_MAX" 'BEGIN{print k / 1024}')" 16 " MiB"
RSS_FLOWS=$(rss_of "pktscope --flows"); r=$(rss_of "pktscope conv,tcp")
[ "$r" -gt "$RSS_FLOWS" ] && RSS_FLOWS=$r
limit "peak RSS (flows, conv)" "$(awk -v k="$RSS_FLOWS" 'BEGIN{print k / 1024}')" 32 " MiB"
limit "start-up, one packet" "$ST_PS" 10 " ms"
echo
echo "application layer targets (issue 10: DNS, HTTP, TLS decoded), same runs"
check "text / tcpdump -nn" "pktscope text" "tcpdump -nn" ">=" 4
check "json / tcpdump -nn" "pktscope --json" "tcpdump -nn" ">=" 2
check "json / tshark -T json" "pktscope --json" "tshark -T json" ">=" 100
limit "peak RSS (3 modes)" "$(awk -v k="$RSS_MAX" 'BEGIN{print k / 1024}')" 16 " MiB"
