# SPDX-License-Identifier: BSD-2-Clause
# The core: byte cursor, packet record, dissect driver, emitter, events,
# output buffer and the text helpers summaries share.  Core includes no
# capture, render, ui or CLI header.  Every layer's sources go into the one
# static library libpscore.a (src/capture, src/render and dissectors/ add
# theirs in their own fragments); the programs link it.
noinst_LIBRARIES += libpscore.a
libpscore_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
libpscore_a_SOURCES = \
	src/core/ps_cursor.h src/core/ps_packet.h src/core/ps_events.h \
	src/core/ps_dissect.h src/core/ps_emit.h src/core/ps_out.h src/core/ps_text.h \
	src/core/ps_linktype.h \
	src/core/events.c src/core/packet.c src/core/dissect.c src/core/emit.c \
	src/core/out.c src/core/out_addr.c src/core/text_util.c src/core/linktype.c \
	src/core/ps_stamp.h src/core/stamp.c src/core/ps_hex.h src/core/ps_digits.h
