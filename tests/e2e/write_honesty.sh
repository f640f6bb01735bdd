#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# write_honesty.sh - what -w says is what is in the file (issue 12, item 5):
# at a file-size limit (RLIMIT_FSIZE, as a full disk) the file ends on a
# whole record and the error counts only the records in it; the pcap header
# is in the file as soon as it is opened; without -U records reach the file
# within about a second; -C 0 and -W 0 are refused as tcpdump refuses them.
set -eu
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || skip "no python3"
command -v prlimit >/dev/null || skip "no prlimit"
PS=${top_builddir:-.}/pktscope
[ -x "$PS" ] || skip "$PS is not built"
WORK=$(mktemp -d /tmp/harden-wh.XXXXXX)
FEED=""
trap '[ -z "$FEED" ] || kill "$FEED" 2>/dev/null || true; rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM HUP

# mkpcap FILE N: N 1000-byte frames (a local experimental EtherType)
mkpcap() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    frame = b"\xff" * 12 + b"\x88\xb5" + bytes(986)
    for i in range(int(sys.argv[2])):
        f.write(struct.pack("<IIII", 1000000 + i, 0, len(frame), len(frame)) + frame)
PY
}

# records FILE: the number of whole records; fails on a partial one at the end
records() {
	python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
assert len(b) >= 24, "no pcap header (%d bytes)" % len(b)
off, n = 24, 0
while off < len(b):
    assert off + 16 <= len(b), "partial record header at %d" % off
    cap = struct.unpack_from("<I", b, off + 8)[0]
    assert off + 16 + cap <= len(b), "partial record at %d" % off
    off, n = off + 16 + cap, n + 1
print(n)
PY
}

# 1. a file-size limit of 100000 bytes: 98 whole records fit (24 + 98 x 1016)
mkpcap "$WORK/in.pcap" 300
rc=0
prlimit --fsize=100000 "$PS" -r "$WORK/in.pcap" -w "$WORK/out.pcap" 2>"$WORK/lim.err" || rc=$?
n=$(records "$WORK/out.pcap") || fail "limit: the file is not whole: $n"
[ "$rc" = 1 ] || fail "limit: exit $rc (killed by SIGXFSZ?), $(cat "$WORK/lim.err")"
[ "$n" = 98 ] && [ "$(stat -c %s "$WORK/out.pcap")" = $((24 + 98 * 1016)) ] ||
	fail "limit: $n records, $(stat -c %s "$WORK/out.pcap") bytes"
grep -q "out.pcap: write: File too large ($n of [0-9]* packets written)" "$WORK/lim.err" ||
	fail "limit: the message does not say what is in the file: $(cat "$WORK/lim.err")"
[ "$(wc -l <"$WORK/lim.err")" = 1 ] || fail "limit: more than one line: $(cat "$WORK/lim.err")"
echo "ok: at the size limit: $n whole records, and the message says $n"

# 2. header at open, and a flush within ~1 s without -U: a feeder sends the
# header and 3 records, pauses 1.5 s, sends one more, then stalls
mkpcap "$WORK/few.pcap" 4
python3 - "$WORK/few.pcap" "$WORK/fifo" <<'PY' &
import os, sys, time
b = open(sys.argv[1], "rb").read()
os.mkfifo(sys.argv[2])
fd = os.open(sys.argv[2], os.O_WRONLY)
os.write(fd, b[:24 + 3 * 1016]); time.sleep(1.5)
os.write(fd, b[24 + 3 * 1016:]); time.sleep(4)
PY
FEED=$!
while [ ! -p "$WORK/fifo" ]; do sleep 0.05; done
timeout 10 "$PS" -r - -w "$WORK/slow.pcap" <"$WORK/fifo" &
PSPID=$!
sleep 0.7
[ "$(stat -c %s "$WORK/slow.pcap" 2>/dev/null || echo 0)" -ge 24 ] ||
	fail "header: $(stat -c %s "$WORK/slow.pcap" 2>/dev/null || echo no) bytes after 0.7 s"
sleep 1.3
n=$(records "$WORK/slow.pcap") || fail "slow: $n"
[ "$n" = 4 ] || fail "slow: $n records on disk 2 s in, 4 expected"
kill "$PSPID" 2>/dev/null || true
wait "$PSPID" 2>/dev/null || true
echo "ok: header at open; buffered records on disk within a second"

# 3. tcpdump refuses -C 0 and -W 0: so do we (usage, one line)
for a in "-C 0" "-C 1 -W 0"; do
	rc=0
	# shellcheck disable=SC2086
	"$PS" -r "$WORK/few.pcap" -w "$WORK/z.pcap" $a >/dev/null 2>"$WORK/z.err" || rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l <"$WORK/z.err")" = 1 ] && [ ! -e "$WORK/z.pcap" ] ||
		fail "$a: exit $rc, $(cat "$WORK/z.err")"
done
echo "ok: -C 0 and -W 0 refused"
