# SPDX-License-Identifier: BSD-2-Clause
# Sourced by the oracle tests that run tshark over every shared capture:
# skips (exit 77) without tshark, python3 or ../shared/pcaps (fails instead
# under PS_REQUIRE_SHARED=1) and sets "$@" to the captures of
# ../shared/pcaps and ../shared/pcaps-app.
SHARED=${PS_SHARED:-$top_srcdir/../shared}
skip() {
	if [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
		echo "FAIL: $1 and PS_REQUIRE_SHARED=1"
		exit 1
	fi
	echo "SKIP: $1"
	exit 77
}
[ -d "$SHARED/pcaps" ] || skip "no $SHARED/pcaps"
command -v tshark >/dev/null || skip "tshark missing"
command -v python3 >/dev/null || skip "python3 missing"
set -- "$SHARED"/pcaps/*.pcap*
[ -d "$SHARED/pcaps-app" ] && set -- "$@" "$SHARED"/pcaps-app/*.pcap*
