#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tui_probe.sh - the probe view (P) of pktscope --tui in tmux: on a capture
# made here (two stamped UDP streams: one with two sequence numbers missing,
# one with a duplicate and a late packet, every capture 1 ms after its send
# time) each stream's row shows what `pktscope -z probe` prints for it;
# P and q leave the view.  Then, as root, live on a veth between two
# namespaces: udp-send --stamp --drop-every rows appear and grow while the
# capture runs, and the loss is the skipped count.
set -u
. "$(dirname "$0")/tui_lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$PKTSCOPE" ] || { echo "SKIP: $PKTSCOPE not built"; exit 77; }
G="$top_builddir/pktscope-gen"
NSA="" NSB=""
cleanup() {
  tui_cleanup
  [ -n "$NSA" ] && ip netns del "$NSA" 2>/dev/null
  [ -n "$NSB" ] && ip netns del "$NSB" 2>/dev/null
  return 0
}
trap cleanup EXIT INT TERM

python3 - "$WORK/probe.pcap" <<'PY'
import struct, sys
def cks(b):
    s = sum((b[i] << 8 | b[i + 1]) for i in range(0, 32, 2) if i != 6)
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def stamp(stream, seq, send_ns, size=64):
    h = bytearray(struct.pack(">4sBBHIIQQ", b"\x89PST", 1, 1, 0, stream, size, seq, send_ns))
    h[6:8] = struct.pack(">H", cks(h))
    return bytes(h) + bytes(i & 0xff for i in range(32, size))
def frame(payload):
    udp = struct.pack(">HHHH", 40000, 9000, 8 + len(payload), 0) + payload
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    s = sum(struct.unpack(">10H", ip))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    ip = ip[:10] + struct.pack(">H", ~s & 0xffff) + ip[12:]
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00" + ip + udp
t0 = 1_800_000_000 * 10**9
pk = [(77, q) for q in range(100) if q not in (10, 20)]
pk += [(78, q) for q in (0, 1, 2, 4, 3, 5, 5, 6)]
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b23c4d, 2, 4, 0, 0, 65535, 1))  # nanosecond pcap
    for i, (sid, q) in enumerate(pk):
        send = t0 + i * 1_000_000
        cap = send + 1_000_000                      # captured 1 ms after it was sent
        d = frame(stamp(sid, q, send))
        f.write(struct.pack("<IIII", cap // 10**9, cap % 10**9, len(d), len(d)) + d)
PY
"$PKTSCOPE" -r "$WORK/probe.pcap" -q -z probe >"$WORK/z.txt" || fail "-z probe"
# the -z probe rows: stream received expected lost
z77=$(awk '$1 == 77 { print $2, $3, $4 }' "$WORK/z.txt")
z78=$(awk '$1 == 78 { print $2, $3, $4 }' "$WORK/z.txt")
[ "$z77" = "98 100 2" ] && [ "$z78" = "7 7 0" ] || fail "-z probe rows: '$z77' '$z78'"

start_tui 140 30 -r "$WORK/probe.pcap"
wait_for '106 packets \|'
keys P
wait_for '^ Probe streams: 2, 0 untracked'
screen | grep -Eq '^ +stream +received +expected +lost +loss +dup +reord +delay_min' || fail "probe header"
# stream received expected lost loss dup reord delay_min avg max: as -z probe, delays 1000 us
screen | grep -Eq "^ +77 +98 +100 +2 +2\.00% +0 +0 +1000\.0 +1000\.0 +1000\.0 " || fail "row of stream 77"
screen | grep -Eq "^ +78 +7 +7 +0 +0\.00% +1 +1 +1000\.0 +1000\.0 +1000\.0 " || fail "row of stream 78 (1 dup, 1 reordered)"
keys P
wait_for '106 packets \|'
keys P
wait_for '^ Probe streams: 2'
keys q
wait_gone '^ Probe streams'
keys q
[ "$(wait_exit)" = 0 ] || fail "exit code"
echo "ok   probe view of a file: rows as -z probe"
stop_tui

# Live, in two namespaces of our own (root only).
[ "$(id -u)" = 0 ] && command -v ip >/dev/null || { echo "ok   (live part skipped: needs root and ip)"; exit 0; }
NSA="pstuiprobe_a_$$" NSB="pstuiprobe_b_$$"
ip netns add "$NSA" && ip netns add "$NSB" || { NSA="" NSB=""; echo "ok   (live part skipped: no namespaces)"; exit 0; }
ip link add "tp$$a" netns "$NSA" type veth peer name "tp$$b" netns "$NSB" || fail "veth"
ip -n "$NSA" addr add 10.78.0.1/24 dev "tp$$a"
ip -n "$NSB" addr add 10.78.0.2/24 dev "tp$$b"
ip -n "$NSA" link set "tp$$a" up
ip -n "$NSB" link set "tp$$b" up
PKTSCOPE_PREFIX="ip netns exec $NSB"
start_tui 140 30 -i "tp$$b" udp port 9000
wait_for "^ live tp$$b \| 0 packets"
keys P
wait_for '^ Probe streams: 0,'
wait_for 'no probe stamps yet'
# 300 sequence numbers, every 10th skipped: 270 sent, 29 lost in the seen range
ip netns exec "$NSA" "$G" udp-send --to 10.78.0.2:9000 --stamp --id 4321 --rate 1000 \
  --count 300 --drop-every 10 --size 64 >/dev/null || fail "udp-send"
wait_for "^ +4321 +270 +299 +29 "
keys q
keys q
[ "$(wait_exit)" = 0 ] || fail "live exit code"
echo "ok   probe view live: stream 4321 received 270, lost 29 of 299 seen"
