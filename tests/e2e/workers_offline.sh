#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# workers_offline.sh - `-r FILE --workers N` (docs/workers.md): stdout, stderr
# and the exit code are those of one worker, byte for byte, on every shared
# capture and sample, for text, --json and -T ek with N = 2 and 3; text
# options with per-packet state (-ttt, -ttttt, -#, -S, -v, -x) on the larger
# captures; frames bigger than a batch's buffers (-X on 60 kB frames: the
# arena grows, the writer renders what did not fit); a file cut mid-record;
# -c; a reader that goes away; --flows, -Y, -T fields, -z, -q, --count and
# -w FILE (the in-order stage's); --output (the file sink's contents) and
# --stats-interval; the combinations refused as usage errors.  Every run
# forces the pipeline (--workers-pipeline): on 2 cores or fewer a light
# output would run as one worker (workers_plan.c; tests/e2e/workers_plan.sh).
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
SHARED=${PS_SHARED:-$top_srcdir/../shared}
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
export TZ=UTC
# wopt N: the options of N workers, the pipeline forced for N > 1
wopt() { if [ "$1" = 1 ]; then echo "--workers 1"; else echo "--workers $1 --workers-pipeline"; fi; }

# differ WHAT PREFIX N X...: $tmp/PREFIX1.X against $tmp/PREFIXN.X
differ() {
	what=$1 pre=$2 n=$3
	shift 3
	for x in "$@"; do
		cmp -s "$tmp/${pre}1.$x" "$tmp/$pre$n.$x" && continue
		echo "FAIL: $what --workers $n: $x differs"
		fail=1
	done
}

# same CAPTURE ARGS...: N=2 and N=3 give N=1's stdout, stderr and exit code
same() {
	c=$1
	shift
	"$P" -r "$c" "$@" >"$tmp/1.out" 2>"$tmp/1.err"
	rc1=$?
	for n in 2 3; do
		"$P" -r "$c" $(wopt $n) "$@" >"$tmp/n.out" 2>"$tmp/n.err"
		rcn=$?
		if [ $rcn != $rc1 ] || ! cmp -s "$tmp/1.out" "$tmp/n.out" ||
		   ! cmp -s "$tmp/1.err" "$tmp/n.err"; then
			echo "FAIL: $(basename "$c") $* --workers $n: exit $rcn (want $rc1) or output differs"
			cmp "$tmp/1.out" "$tmp/n.out" | head -1
			fail=1
		fi
	done
	checked=$((checked + 1))
}

checked=0
for c in "$S"/*.pcap "$S"/*.pcapng "$SHARED"/pcaps/* "$SHARED"/pcaps-app/*; do
	[ -f "$c" ] || continue
	for fmt in text --json "-T ek"; do
		# shellcheck disable=SC2086
		[ "$fmt" = text ] && same "$c" || same "$c" $fmt
	done
	# the in-order stage's own output: flow records between the packets,
	# -Y on flow-stage fields, -z tables and -q's counters at the end
	same "$c" --flows --json
	same "$c" -Y 'tcp.stream >= 1 || udp || arp' -T fields -e frame.number -e tcp.stream -e ip.src
	same "$c" -q -z conv,tcp -z endpoints,ip -z follow,tcp,ascii,0 -z conv,udp
	same "$c" -q
done
[ "$checked" -ge 500 ] || { echo "FAIL: only $checked runs: captures missing?"; fail=1; }

# text options whose output depends on earlier packets or flow state, on the
# captures of more than one batch (64 frames)
for c in "$SHARED"/pcaps-app/ndpi__netflix.pcap "$SHARED"/pcaps/ppa__synscan.pcapng \
	 "$SHARED"/pcaps/tcpdump__arp-oobr.pcap "$S"/demo.pcap; do
	[ -f "$c" ] || continue
	same "$c" -ttt
	same "$c" -ttttt -#
	same "$c" -S -v
	same "$c" -x -e
	same "$c" --no-flows --json
	same "$c" -c 100 --json
	same "$c" -ttt -Y 'tcp.stream == 2 || udp' -c 20
	same "$c" -T ek --flows -Y tcp -c 30
	same "$c" --count -Y 'tcp.analysis.flags'
	same "$c" -z conv,ip -z probe
	same "$c" --flows
done

# -Q on a cooked capture (the direction is in its header), with -c
for c in "$S"/demo-sll.pcap "$S"/demo-sll2.pcap; do
	same "$c" -Q in
	same "$c" -Q out --json -c 3
done

# 60 kB frames: past the batch arena and, with -X, past its output buffer
python3 - "$tmp/big.pcap" <<'PY' || { echo "FAIL: cannot write big.pcap"; fail=1; }
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    for i in range(6):
        pay = bytes((i + k) & 0xff for k in range(60000 - i * 7))
        udp = struct.pack(">HHHH", 5000 + i, 53, 8 + len(pay), 0) + pay
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i, 0, 64, 17, 0,
                         bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        frame = bytes(6) + bytes([2, 0, 0, 0, 0, 1]) + b"\x08\x00" + ip + udp
        f.write(struct.pack("<IIII", 1700000000 + i, i, len(frame), len(frame)) + frame)
PY
same "$tmp/big.pcap" -X
same "$tmp/big.pcap" --json -x

# 3000 UDP conversations, then one frame 10 minutes later: their timeouts
# end them all at that frame, ~1 MB of flow records before its own line
# (the batch's side buffer grows past its normal size, then shrinks)
python3 - "$tmp/sweep.pcap" <<'PY' || { echo "FAIL: cannot write sweep.pcap"; fail=1; }
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    def frame(t, i):
        udp = struct.pack(">HHHH", 10000 + i % 50000, 53, 12, 0) + b"abcd"
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xffff, 0, 64, 17, 0,
                         bytes([10, 1, i >> 8 & 0xff, i & 0xff]), bytes([10, 0, 0, 2]))
        fr = bytes(6) + bytes([2, 0, 0, 0, 0, 1]) + b"\x08\x00" + ip + udp
        f.write(struct.pack("<IIII", t, i % 1000000, len(fr), len(fr)) + fr)
    for i in range(3000):
        frame(1700000000, i)
    for i in range(200):
        frame(1700000600 + i, 3000 + i)
PY
same "$tmp/sweep.pcap" --flows --json
same "$tmp/sweep.pcap" -T ek --flows -c 3100 -Y 'udp.srcport >= 10000'
same "$tmp/sweep.pcap" --flows -q -z conv,udp
"$P" -r "$tmp/sweep.pcap" --flows --json | grep -c '^{"type":"flow"' >"$tmp/nflows"
[ "$(cat "$tmp/nflows")" -ge 3000 ] || { echo "FAIL: sweep.pcap: $(cat "$tmp/nflows") flow records"; fail=1; }

# -w FILE from the in-order stage: the files, stdout, stderr and the exit
# code of one worker; FSIZE (ulimit -f blocks: 512 or 1024 bytes, by shell)
# makes a write fail (EFBIG), which ends the run with exit 1 after what was
# printed before it
samew() {
	fs=$1
	c=$2
	shift 2
	for n in 1 2 3; do
		rm -rf "$tmp/w"
		mkdir "$tmp/w"
		(
			trap '' XFSZ
			[ "$fs" = 0 ] || ulimit -f "$fs"
			"$P" -r "$c" $(wopt $n) -w "$tmp/w/x.pcap" "$@" 2>"$tmp/w$n.err"
			echo $? >"$tmp/w$n.rc"
		) | cat >"$tmp/w$n.out"
		(cd "$tmp/w" && for f in *; do [ -f "$f" ] && echo "$f" && cksum <"$f"; done) >"$tmp/w$n.files"
		[ $n = 1 ] || differ "$(basename "$c") -w $* (FSIZE $fs)" w $n out err rc files
	done
	checked=$((checked + 1))
}
net=$SHARED/pcaps-app/ndpi__netflix.pcap
if [ -f "$net" ]; then
	samew 0 "$net"
	samew 0 "$net" --print --json -Y 'tcp.stream >= 3'
	samew 0 "$net" --print -c 300 --flows -z conv,tcp
	samew 0 "$net" -C 1 -W 3 -q
	samew 64 "$net" --print --flows --json
	samew 4 "$net" -Y 'udp || tcp.stream == 5' -z conv,udp
	[ "$(cat "$tmp/w2.rc")" = 1 ] || { echo "FAIL: -w past FSIZE: exit $(cat "$tmp/w2.rc")"; fail=1; }
fi

# a file cut inside a record: everything before it, then the error, exit 1
same "$S/demo-cut.pcap"
same "$S/demo-cut.pcap" --json
same "$S/demo-cut.pcap" -Y 'frame.number >= 2' -c 3  # -Y's count reached before the cut: exit 0

# a reader that goes away: no error, exit 0
out=$("$P" -r "$S/demo.pcap" $(wopt 2) --json 2>&1 | head -1)
case $out in '{'*) ;; *) echo "FAIL: --workers 2 | head -1: $out"; fail=1 ;; esac

# --output (file:, the reference sink) and --stats-interval: the sink gets
# the records of one worker, in the same order (N = 2; N = 3 runs the same
# code as above); stdout, stderr (the summary
# line; the stats line but its elapsed time) and the exit code are the same
sames() {
	c=$1
	shift
	for n in 1 2; do
		rm -f "$tmp/sink.ndjson"
		"$P" -r "$c" $(wopt $n) --output "file:$tmp/sink.ndjson" --stats-interval 60 "$@" \
			>"$tmp/s$n.out" 2>"$tmp/s$n.err0"
		echo $? >"$tmp/s$n.rc"
		sed 's/"elapsed":[0-9.]*,//' "$tmp/s$n.err0" >"$tmp/s$n.err"
		mv "$tmp/sink.ndjson" "$tmp/s$n.sink" 2>/dev/null || : >"$tmp/s$n.sink"
		[ $n = 1 ] || differ "$(basename "$c") --output $*" s $n sink out err rc
	done
	[ "$(cat "$tmp/s1.rc")" != 0 ] || grep -q '"final":true' "$tmp/s1.err" ||
		{ echo "FAIL: $(basename "$c") $*: no final stats line"; fail=1; }
	checked=$((checked + 1))
}
shipped=0
for c in "$S"/*.pcap "$SHARED"/pcaps/* "$SHARED"/pcaps-app/*; do
	[ -f "$c" ] || continue
	sames "$c" --json --flows
	shipped=$((shipped + $(wc -l <"$tmp/s1.sink")))
done
for c in "$net" "$SHARED"/pcaps/ppa__synscan.pcapng "$tmp/sweep.pcap" "$tmp/big.pcap"; do
	[ -f "$c" ] || continue
	sames "$c" -T ek --flows
	sames "$c" --json --print -Y 'tcp.stream >= 1 || udp' -c 150
	sames "$c" --json -x  # -x: records past the batch's output buffer (big.pcap)
done
[ "$shipped" -ge 10000 ] || { echo "FAIL: only $shipped records shipped"; fail=1; }
# the file sink checked against stdout: the records are --json --flows's
"$P" -r "$S/demo.pcap" --json --flows >"$tmp/want.ndjson"
rm -f "$tmp/sink.ndjson"
"$P" -r "$S/demo.pcap" $(wopt 2) --json --flows --output "file:$tmp/sink.ndjson" 2>/dev/null
cmp -s "$tmp/want.ndjson" "$tmp/sink.ndjson" || { echo "FAIL: --workers 2 sink differs from --json --flows"; fail=1; }

# --stats-interval 1 on a slow feed (a packet every 0.05 s from stdin):
# periodic lines while the workers wait for input, frames never decreasing
python3 "$top_srcdir/tests/e2e/pcap_feed.py" "$S/demo.pcap" 0.05 |
	"$P" -r - $(wopt 2) --json --stats-interval 1 >/dev/null 2>"$tmp/st.err"
python3 - "$tmp/st.err" <<'PY' || fail=1
import json, sys
stats = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
periodic = [s["frames"] for s in stats if not s["final"]]
final = [s for s in stats if s["final"]]
ok = len(periodic) >= 2 and len(final) == 1 and periodic == sorted(periodic) \
    and 0 < periodic[0] < 56 and final[0]["frames"] == 56
if not ok:
    print("FAIL: --workers 2 --stats-interval 1: periodic frames %s, final %s" % (periodic, final))
sys.exit(0 if ok else 1)
PY

# refused combinations: exit 2 with one line naming what is not supported
# (live --output and --stats-interval work now: tests/e2e/live_workers.sh; the
# timeout keeps a combination that starts capturing from hanging the test)
for args in "-r $S/demo.pcap -w -" "-i lo --source packet --tui"; do
	# shellcheck disable=SC2086
	timeout 20 "$P" --workers 2 $args >"$tmp/u.out" 2>"$tmp/u.err"
	rc=$?
	if [ $rc != 2 ] || ! grep -q "^pktscope: --workers with .* is not supported yet" "$tmp/u.err"; then
		echo "FAIL: --workers 2 $args: exit $rc: $(cat "$tmp/u.err")"
		fail=1
	fi
done
for args in "--workers 0" "--workers 65" "--workers x" "--fanout-mode lb" "--workers-pipeline" \
	    "--workers 1 --workers-pipeline"; do
	# shellcheck disable=SC2086
	"$P" -r "$S/demo.pcap" $args >/dev/null 2>&1
	rc=$?
	[ $rc = 2 ] || { echo "FAIL: $args: exit $rc, want 2"; fail=1; }
done
[ $fail = 0 ] && echo "PASS: --workers 2 and 3 match one worker ($checked runs)"
exit $fail
