#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# write_safety.sh - -w as root never follows a name someone else planted:
# with -Z nobody, a symbolic link nobody made in its own directory does not
# hand the target to nobody (issue 12, item 1: the repro of the issue); no
# symlink, FIFO or foreign file is truncated or chowned, for the first file
# and for rotated names; files root really creates are nobody's.
set -eu
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root (-Z, chown)"
getent passwd nobody >/dev/null || skip "no user 'nobody'"
command -v setpriv >/dev/null || skip "no setpriv"
PS=${top_builddir:-.}/pktscope
DEMO=${top_srcdir:-.}/samples/demo.pcap
[ -x "$PS" ] || skip "$PS is not built"
ZUID=$(getent passwd nobody | cut -d: -f3)
ZGID=$(getent passwd nobody | cut -d: -f4)
WORK=$(mktemp -d /tmp/harden-ws.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM HUP
chmod 755 "$WORK"
D=$WORK/d
mkdir "$D"
chown nobody "$D"
as_nobody() { setpriv --reuid="$ZUID" --regid="$ZGID" --clear-groups "$@"; }

# a root-only secret, and a check that it is untouched
secret=$WORK/secret
printf 'root only\n' >"$secret"
chmod 600 "$secret"
secret_ok() {
	[ "$(cat "$secret")" = "root only" ] && [ "$(stat -c %u:%a "$secret")" = "0:600" ] ||
		fail "$1: the secret became $(stat -c %U:%G:%a "$secret"): $(head -c 40 "$secret" | od -c | head -2)"
}

# run NAME ARGS...: pktscope with stdout away; sets RC, stderr in $WORK/NAME.err
run() {
	_n=$1
	shift
	RC=0
	timeout 20 "$PS" "$@" >/dev/null 2>"$WORK/$_n.err" || RC=$?
}

# 1. the issue's repro: nobody plants d/out.pcap -> secret; root runs -w -Z nobody
as_nobody ln -s "$secret" "$D/out.pcap"
run repro -r "$DEMO" -w "$D/out.pcap" -Z nobody
secret_ok repro
[ "$RC" = 1 ] && grep -q "out.pcap: a symbolic link (not followed)" "$WORK/repro.err" ||
	fail "repro: exit $RC, $(cat "$WORK/repro.err")"
echo "ok: -Z nobody does not follow nobody's symlink (secret unchanged)"

# 2. the same link without -Z: root does not follow it either
run nolink -r "$DEMO" -w "$D/out.pcap"
secret_ok nolink
[ "$RC" = 1 ] || fail "no -Z: exit $RC"
echo "ok: root without -Z does not follow it"

# 3. a FIFO is refused at once (no hang waiting for a reader, no write)
as_nobody mkfifo "$D/fifo.pcap"
run fifo -r "$DEMO" -w "$D/fifo.pcap" -Z nobody
[ "$RC" = 1 ] && grep -q "not a regular file\|No such device" "$WORK/fifo.err" ||
	fail "fifo: exit $RC, $(cat "$WORK/fifo.err")"
echo "ok: FIFO refused"

# 4. a root file in nobody's directory is neither truncated nor chowned
printf 'keep\n' >"$D/rootfile.pcap"
chmod 600 "$D/rootfile.pcap"
run rootfile -r "$DEMO" -w "$D/rootfile.pcap" -Z nobody
[ "$RC" = 1 ] && [ "$(cat "$D/rootfile.pcap")" = keep ] &&
	[ "$(stat -c %u "$D/rootfile.pcap")" = 0 ] ||
	fail "rootfile: exit $RC, owner $(stat -c %U "$D/rootfile.pcap"), $(cat "$WORK/rootfile.err")"
echo "ok: existing root file not handed over"

# 5. what does work: a new file (created by root for nobody) and nobody's own file
run new -r "$DEMO" -w "$D/new.pcap" -Z nobody
[ "$RC" = 0 ] && [ "$(stat -c %u "$D/new.pcap")" = "$ZUID" ] || fail "new: exit $RC, $(cat "$WORK/new.err")"
as_nobody sh -c "printf old >'$D/mine.pcap'"
run mine -r "$DEMO" -w "$D/mine.pcap" -Z nobody
[ "$RC" = 0 ] && cmp -s "$D/new.pcap" "$D/mine.pcap" || fail "mine: exit $RC, $(cat "$WORK/mine.err")"
"$PS" -r "$D/mine.pcap" -q >/dev/null || fail "mine: the file does not read back"
echo "ok: new file owned by nobody; nobody's own file rewritten"

# 6. rotated names: nobody plants big.pcap1 -> secret; -C 1 opens it after the drop
python3 - "$WORK/big.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    frame = b"\xff" * 12 + b"\x88\xb5" + bytes(986)  # 1000 bytes, local experimental EtherType
    for i in range(1500):
        f.write(struct.pack("<IIII", 1000000 + i, 0, len(frame), len(frame)) + frame)
PY
as_nobody ln -s "$secret" "$D/big.pcap1"
run rot -r "$WORK/big.pcap" -w "$D/big.pcap" -C 1 -Z nobody
secret_ok rot
[ "$RC" = 1 ] && grep -q "big.pcap1: a symbolic link" "$WORK/rot.err" ||
	fail "rotation: exit $RC, $(cat "$WORK/rot.err")"
rm -f "$D"/big.pcap*
as_nobody ln -s "$secret" "$D/big.pcap1"
run rot-root -r "$WORK/big.pcap" -w "$D/big.pcap" -C 1
secret_ok rot-root
[ "$RC" = 1 ] || fail "rotation as root: exit $RC"
echo "ok: rotated names are not followed either (with and without -Z)"
