#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# End-to-end checks of the command line: stdin, a reader closing the pipe
# early, count limits, --help/--version, the man page, exit codes.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
P="$top_builddir/pktscope"
S="$top_srcdir/samples"
fails=0
check() { # name, condition result
	if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# stdin gives the same as the file
"$P" -r "$S/demo.pcap" --json >"$tmp/a"
cat "$S/demo.pcap" | "$P" -r - --json >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b"; check "stdin equals file" $?
[ "$(wc -l <"$tmp/a")" -eq "$(tcpdump -r "$S/demo.pcap" 2>/dev/null | wc -l)" ]; check "one JSON line per packet" $?

# | head: the writer exits quietly and successfully (SIGPIPE ignored, EPIPE handled)
big="$tmp/big.pcap"
python3 - "$S/demo.pcap" "$big" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(d[:24] + d[24:] * 400)
PY
"$P" -r "$big" 2>"$tmp/err" | head -n 2 >/dev/null
rc=$(cat "$tmp/err" | wc -c)
[ "$rc" = 0 ]; check "closed stdout: nothing on stderr" $?
sh -c "\"$P\" -r \"$big\" --json; echo \$? >\"$tmp/rc\"" | head -c 100 >/dev/null
[ "$(cat "$tmp/rc")" = 0 ]; check "closed stdout: exit 0" $?

# -c counts packets that pass the filter
[ "$("$P" -r "$S/demo.pcap" -c 3 icmp | wc -l)" = 3 ]; check "-c with filter" $?
[ "$("$P" -r "$S/demo.pcap" -c 3 icmp | grep -c ICMP)" = 3 ]; check "filter selects icmp" $?

# --help, --version, usage errors
"$P" --help | grep -q "usage: pktscope"; check "--help" $?
"$P" --version | grep -q "^pktscope [0-9]"; check "--version" $?
"$P" --bogus >/dev/null 2>"$tmp/err"; [ $? = 2 ] && grep -q "usage:" "$tmp/err"; check "unknown option: usage on stderr, exit 2" $?
"$P" -r "$S/demo.pcap" 'port' >/dev/null 2>&1; [ $? = 2 ]; check "bad filter: exit 2" $?
"$P" -r "$tmp/none.pcap" >/dev/null 2>"$tmp/err"; [ $? = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ]; check "missing file: one line, exit 1" $?
chmod 000 "$big"
if [ "$(id -u)" != 0 ]; then
	"$P" -r "$big" >/dev/null 2>&1; [ $? = 1 ]; check "unreadable file: exit 1" $?
fi
chmod 644 "$big"

# truncated file: every complete packet, then one error line, exit 1
"$P" -r "$S/demo-cut.pcap" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && [ "$(wc -l <"$tmp/out")" = 9 ] && grep -q "truncated" "$tmp/err"; check "cut file: 9 packets, error, exit 1" $?

# the man page renders
if command -v man >/dev/null; then
	MANWIDTH=80 man -l "$top_srcdir/pktscope.1" 2>/dev/null | grep -q "EXIT STATUS"; check "man page" $?
fi
# line-buffered output arrives before the input ends (a fifo kept open)
mkfifo "$tmp/fifo"
( head -c 2000 "$S/demo.pcap"; sleep 3 ) >"$tmp/fifo" &
feeder=$!
timeout 10 "$P" -l -r "$tmp/fifo" >"$tmp/lines" 2>/dev/null &
reader=$!
sleep 1.5
[ -s "$tmp/lines" ]; check "-l flushes per packet" $?
kill "$feeder" "$reader" 2>/dev/null; wait 2>/dev/null

# -w with analysis (-z, --flows): the file is written and the analysis
# still sees every packet, as tshark -w FILE -z does
"$P" -r "$S/demo.pcap" -q -z conv,tcp -z probe >"$tmp/z1" 2>/dev/null
"$P" -r "$S/demo.pcap" -w "$tmp/zw.pcap" -q -z conv,tcp -z probe >"$tmp/z2" 2>/dev/null
cmp -s "$tmp/z1" "$tmp/z2" && grep -q '<->' "$tmp/z2" && cmp -s "$S/demo.pcap" "$tmp/zw.pcap"
check "-w with -z: same tables as without -w, file written" $?
"$P" -r "$S/demo.pcap" --flows >"$tmp/f1" 2>/dev/null
"$P" -r "$S/demo.pcap" -w "$tmp/fw.pcap" --flows >"$tmp/f2" 2>/dev/null
cmp -s "$tmp/f1" "$tmp/f2" && [ -s "$tmp/f2" ]; check "-w with --flows: the same flow records" $?
"$P" -r "$S/demo.pcap" -w "$tmp/pw.pcap" >"$tmp/p2" 2>/dev/null
[ ! -s "$tmp/p2" ]; check "-w alone prints no packet" $?
echo "cli: $fails failed"
[ "$fails" = 0 ]
