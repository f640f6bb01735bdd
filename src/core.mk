# SPDX-License-Identifier: BSD-2-Clause
# The core library (cursor, record, driver, emitter, renderers, file source)
# and the pktscope program.
noinst_LIBRARIES += libpscore.a
libpscore_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
libpscore_a_SOURCES = \
	src/ps_cursor.h src/ps_packet.h src/ps_events.h src/ps_dissect.h src/ps_emit.h \
	src/ps_out.h src/ps_text.h src/ps_linktype.h src/ps_render.h src/ps_capture.h \
	src/ps_stats.h \
	src/events.c src/packet.c src/dissect.c src/emit.c src/out.c src/text_util.c \
	src/render_text.c src/render_json.c src/stats.c src/capture.c src/cap_file.c \
	src/pcapfile.c src/ps_pcapfile.h

bin_PROGRAMS += pktscope
pktscope_SOURCES = src/main.c src/options.c src/run.c src/ps_options.h src/ps_run.h
pktscope_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
pktscope_LDADD = libpscore.a $(PCAP_LIBS) $(PTHREAD_LIBS)
dist_man_MANS += pktscope.1
