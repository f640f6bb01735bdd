#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Container mutation test (issue 12 item 7): a few hundred mutants of the
# pcap/pcapng containers of ../shared/pcaps (block lengths, option lengths,
# caplen, if_tsresol, if_tsoffset, snap length, link type ...) through
# `pktscope -r` in text, --json and -q mode: exit 0 or 1, never a signal or a
# hang, at most one "pktscope: " line on stderr.  Deterministic (fixed seed);
# under the ASan+UBSan build a sanitizer report fails it.  Without ../shared
# it is skipped and says so, unless PS_REQUIRE_SHARED=1 (.ci/run).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
SHARED=${PS_SHARED:-$top_srcdir/../shared}
if [ ! -d "$SHARED/pcaps" ]; then
	if [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
		echo "FAIL: $SHARED/pcaps not found and PS_REQUIRE_SHARED=1"
		exit 1
	fi
	echo "SKIP: no $SHARED/pcaps (the mutation test mutates the shared captures)"
	exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
exec python3 "$top_srcdir/tests/e2e/container_mutate.py" "$top_builddir/pktscope" \
	"$SHARED/pcaps" --mutants "${PS_MUTANTS:-240}"
