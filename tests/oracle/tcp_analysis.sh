#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Oracle test: the TCP analysis events of src/reasm (tcp.retransmission,
# tcp.out_of_order, tcp.lost_segment, tcp.dup_ack, tcp.zero_window,
# tcp.keep_alive) against tshark's tcp.analysis.* on every capture of
# ../shared/pcaps and ../shared/pcaps-app, frame by frame.  Skipped without
# tshark or the shared captures (never under PS_REQUIRE_SHARED=1).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/oracle/shared_pcaps.sh"
exec python3 "$top_srcdir/tests/oracle/tcp_analysis.py" "$top_builddir/tests/oracle/tcp_analysis_dump" \
	"$top_builddir/pktscope" "$@"
