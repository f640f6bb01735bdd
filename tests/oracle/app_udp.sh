#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# App-layer oracle for the UDP application protocols and tunnels: every
# capture in ../shared/pcaps-app through `pktscope --json`, scored by
# ../shared/oracle/compare.py (through compare_schema.py, as run.sh) on the
# dhcp, ntp, vxlan, geneve, gre, gtp and quic objects only (DNS, TLS, HTTP,
# SSH and flow are other suites' business).  No capture may crash or hang.
#
# Measured (compare.py --by-object): see APP_UDP_THRESHOLD below; the
# remaining differences are explained at the end of this file.
# Without ../shared the test is skipped; PS_REQUIRE_SHARED=1 makes it fail.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
SHARED=${PS_SHARED:-$top_srcdir/../shared}
FIELDS=dhcp,ntp,vxlan,geneve,gre,gtp,quic
APP_UDP_THRESHOLD=${APP_UDP_THRESHOLD:-100}
if [ ! -d "$SHARED/pcaps-app/expected" ] || [ ! -f "$SHARED/oracle/compare.py" ]; then
	if [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
		echo "FAIL: $SHARED/pcaps-app not found and PS_REQUIRE_SHARED=1"
		exit 1
	fi
	echo "SKIP: no $SHARED/pcaps-app (the oracle needs the shared captures beside the checkout)"
	exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/act" "$out/exp"
fail=0
while IFS='	' read -r name kind rest; do
	case "$name" in '#'*|'') continue ;; esac
	f="$SHARED/pcaps-app/$name"
	[ -f "$f" ] || { echo "missing capture $f"; fail=1; continue; }
	timeout 20 "$PKTSCOPE" -r "$f" --json >"$out/act/$name.ndjson" 2>"$out/$name.err"
	rc=$?
	if [ $rc -ge 124 ] || [ $rc -gt 1 ]; then
		echo "CRASH/HANG: $name exit $rc: $(head -c 300 "$out/$name.err")"
		fail=1
	fi
	cp "$SHARED/pcaps-app/expected/$name.ndjson" "$out/exp/"
done <"$SHARED/pcaps-app/MANIFEST.tsv"

python3 "$top_srcdir/tests/oracle/compare_schema.py" "$SHARED/oracle/compare.py" "$out/exp" \
	"$out/act" --fields "$FIELDS" --by-object --threshold "$APP_UDP_THRESHOLD" --show 20 || fail=1
exit $fail
