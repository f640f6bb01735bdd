#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Relative TCP sequence numbers in the text line against tcpdump -nn itself:
# for every capture in samples/ and ../shared/pcaps*, the "seq A:B" and
# "ack N" of every TCP line pktscope prints must equal tcpdump's (same line,
# matched by time stamp and addresses), and -S must match tcpdump -S.
# Lines tcpdump prints differently for other reasons are not compared (only
# the seq/ack fields are); a line pair is checked when both have a TCP
# "Flags [" part.  Without tcpdump or ../shared (PS_REQUIRE_SHARED=1 in CI)
# the shared part is skipped.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
SHARED=${PS_SHARED:-$top_srcdir/../shared}
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump missing"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
files=$(ls "$top_srcdir"/samples/*.pcap "$top_srcdir"/samples/*.pcapng 2>/dev/null)
if [ -d "$SHARED/pcaps" ]; then
	files="$files $(ls "$SHARED"/pcaps/*.pcap* "$SHARED"/pcaps-app/*.pcap* 2>/dev/null)"
elif [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
	echo "FAIL: $SHARED/pcaps not found and PS_REQUIRE_SHARED=1"
	exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0 lines=0
for f in $files; do
	for mode in rel abs; do
		flag=; [ $mode = abs ] && flag=-S
		TZ=UTC timeout 60 tcpdump -nn $flag -r "$f" >"$out/td" 2>/dev/null
		TZ=UTC timeout 60 "$PKTSCOPE" $flag -r "$f" >"$out/ps" 2>/dev/null
		r=$(python3 "$top_srcdir/tests/e2e/tcp_relseq_cmp.py" "$out/td" "$out/ps")
		rc=$?
		n=${r%% *}
		lines=$((lines + n))
		if [ $rc -ne 0 ]; then
			echo "FAIL $mode $(basename "$f"): $r"
			fail=1
		fi
	done
done
echo "checked $lines TCP lines (relative and -S)"
[ "$lines" -gt 0 ] || fail=1
exit $fail
