#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Oracle test: -z follow,tcp,raw,N identical to tshark 4.0's for the first
# 20 TCP streams of every capture of ../shared/pcaps and ../shared/pcaps-app
# (tests/oracle/follow.py; captures in follow.skip are left out, each with
# its reason).  Skipped without tshark or the shared captures (never under
# PS_REQUIRE_SHARED=1).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/oracle/shared_pcaps.sh"
exec python3 "$top_srcdir/tests/oracle/follow.py" "$top_builddir/pktscope" \
	"$top_srcdir/tests/oracle/follow.skip" "$@"
