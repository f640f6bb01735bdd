#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# text_habits.sh - tcpdump habits of the text output, compared with
# `tcpdump -nn -r` itself (issue 12, item 10): -ttt, -tttt, -ttttt time
# stamps; -#; --count; -A; -Q in|out; -e In/Out on cooked captures; non-IP
# Ethernet frames shown by their EtherType (with tcpdump's hex dump) instead
# of "unknown linktype EN10MB".
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
SH=$top_srcdir/../shared/pcaps
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
ck() { if [ "$2" = 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; bad=1; fi; }
files="$S/demo.pcap $S/demo-ns.pcap"
for f in tcpdump__mptcp-v0.pcap pcapplusplus__DnsPackets.pcap; do
	[ -f "$SH/$f" ] && files="$files $SH/$f"
done
# the time stamp at the start of each line (with -# the number before it)
stamp() { sed -E -n 's/^( *[0-9]+  )?( ?-?[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}|[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\.[0-9]{6}).*/\1\2/p'; }

# 1. time formats (tcpdump prints 6 digits: compare microsecond captures, and
#    for -tttt the nanosecond one cut to 6 digits; its deltas round otherwise)
for t in -ttt -tttt -ttttt; do
	ok=0
	for f in $files; do
		[ "$t" != -tttt ] && [ "$f" = "$S/demo-ns.pcap" ] && continue
		"$P" $t -r "$f" | sed -E 's/^([ -]?[0-9:-]+ ?[0-9:]*\.[0-9]{6})[0-9]{3} /\1 /' | stamp >"$tmp/a"
		tcpdump -nn $t -r "$f" 2>/dev/null | stamp >"$tmp/b"
		[ -s "$tmp/b" ] && cmp -s "$tmp/a" "$tmp/b" || { ok=1; diff "$tmp/a" "$tmp/b" | head -3; }
	done
	ck "$t time stamps = tcpdump's on $(echo $files | wc -w) files" $ok
done

# 2. -# and --count
"$P" -# -r "$S/demo.pcap" | stamp >"$tmp/a"
tcpdump -nn -# -r "$S/demo.pcap" 2>/dev/null | stamp >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b"
ck "-# = tcpdump's packet numbers" $?
"$P" -X -r "$S/demo.pcap" | grep '^	0x' >"$tmp/a"
tcpdump -nn -X -r "$S/demo.pcap" 2>/dev/null | grep '^	0x' >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b"
ck "-X dump = tcpdump's (a space is '.')" $?
ok=0
for f in $files; do
	[ "$("$P" --count -r "$f")" = "$(tcpdump --count -r "$f" 2>/dev/null)" ] || ok=1
done
ck "--count = tcpdump --count ($("$P" --count -r "$S/demo.pcap"))" $ok

# 3. -A: the ASCII lines (everything but the packet lines) as tcpdump's
for f in "$S/demo.pcap" "$SH/pcapplusplus__650HttpResponses.pcap"; do
	[ -f "$f" ] || continue
	"$P" -A -r "$f" -c 300 | grep -Ev '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} ' >"$tmp/a"
	tcpdump -nn -A -r "$f" -c 300 2>/dev/null | grep -Ev '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} ' >"$tmp/b"
	[ -s "$tmp/b" ] && cmp -s "$tmp/a" "$tmp/b"
	ck "-A ASCII = tcpdump's on $(basename "$f") ($(wc -l <"$tmp/b") lines)" $?
done

# 4. -e on cooked captures: In/Out as tcpdump (less the interface name
#    tcpdump guesses from this host's ifindex); -Q keeps one direction
for f in demo-sll.pcap demo-sll2.pcap; do
	"$P" -e -r "$S/$f" >"$tmp/a"
	tcpdump -nn -S -e -r "$S/$f" 2>/dev/null | sed -E 's/^([0-9:.]+) [^ ]+ +(In|Out) /\1 \2 /; s/^([0-9:.]+) (In|Out) /\1 \2 /' >"$tmp/b"
	sed -E 's/^([0-9:.]+) (In|Out) +/\1 \2 /' "$tmp/a" | cmp -s - "$tmp/b" || diff "$tmp/a" "$tmp/b" | head -4
	ck "-e In/Out on $f = tcpdump's" $?
done
nin=$("$P" -e -r "$S/demo-sll.pcap" | grep -c ' In ')
nout=$("$P" -e -r "$S/demo-sll.pcap" | grep -c ' Out ')
[ "$("$P" -Q in -r "$S/demo-sll.pcap" | wc -l)" = "$nin" ] &&
	[ "$("$P" -Q out -r "$S/demo-sll.pcap" | wc -l)" = "$nout" ] &&
	[ "$("$P" -Q inout -r "$S/demo-sll.pcap" | wc -l)" = $((nin + nout)) ] && [ "$nin" -gt 0 ] && [ "$nout" -gt 0 ]
ck "-Q in/out/inout: $nin in, $nout out" $?
"$P" -Q sideways -r "$S/demo.pcap" >/dev/null 2>&1
[ $? = 2 ]
ck "-Q sideways: usage error" $?

# 5. non-IP Ethernet: an unknown EtherType as tcpdump prints it (header and
#    hex dump); EtherTypes we name (LLDP, EAPOL) by name, never "unknown linktype"
python3 - "$tmp/l2.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    src, dst = b"\x02\x00\x00\x00\x00\x01", b"\xff" * 6
    frames = [dst + src + b"\x88\xb5" + bytes(range(46)),
              dst + src + b"\x88\xcc" + bytes(46),
              b"\x01\x80\xc2\x00\x00\x00" + src + struct.pack(">H", 38) + b"\x42\x42\x03" + bytes(43)]
    for i, fr in enumerate(frames):
        f.write(struct.pack("<IIII", 1000 + i, 0, len(fr), len(fr)) + fr)
PY
"$P" -r "$tmp/l2.pcap" >"$tmp/a"
tcpdump -nn -r "$tmp/l2.pcap" 2>/dev/null >"$tmp/b"
[ "$(head -4 "$tmp/a")" = "$(head -4 "$tmp/b")" ]
ck "unknown EtherType = tcpdump's 4 lines" $?
! grep -q "unknown linktype" "$tmp/a" && grep -q "ethertype LLDP (0x88cc), length 60: " "$tmp/a" &&
	[ "$(grep -c STP "$tmp/a")" = 1 ] && [ "$(grep STP "$tmp/a")" = "$(grep STP "$tmp/b")" ]
ck "LLDP by its link header; the 802.3 frame's BPDU as tcpdump (llc_text.sh has the rest)" $?
if [ -d "$SH" ]; then
	n=0 ok=0
	for f in "$SH"/*.pcap; do
		tcpdump -nn -r "$f" 2>/dev/null | grep -n 'ethertype Unknown' >"$tmp/b" || continue
		"$P" -r "$f" 2>/dev/null | grep -n 'ethertype Unknown' >"$tmp/a"
		n=$((n + $(wc -l <"$tmp/b")))
		cmp -s "$tmp/a" "$tmp/b" || { ok=1; echo "  differs: $f"; }
	done
	ck "shared captures: $n unknown-EtherType lines = tcpdump's" $ok
fi
exit $bad
