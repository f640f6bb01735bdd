# SPDX-License-Identifier: BSD-2-Clause
# The pktscope command line front end: options, the run loop, -w/-Z glue.
bin_PROGRAMS += pktscope
pktscope_SOURCES = src/cli/main.c src/cli/options.c src/cli/options_check.c src/cli/run.c src/cli/errline.c src/cli/live.c \
	src/cli/options_sink.c src/cli/ship.c src/cli/ship.h \
	src/cli/options_workers.c src/cli/workers.c src/cli/workers.h src/cli/workers_batch.c src/cli/workers_batch.h src/cli/workers_live.c src/cli/workers_live.h src/cli/workers_live_an.c src/cli/workers_live_an.h src/cli/workers_live_int.h src/cli/workers_live_out.c \
	src/cli/workers_plan.c src/cli/workers_plan.h \
	src/cli/zsplit.c src/cli/zsplit.h src/cli/flow_plan.c src/cli/flow_plan.h src/cli/view.c src/cli/ps_options.h src/cli/ps_run.h src/cli/live.h src/cli/errline.h src/cli/view.h
pktscope_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
pktscope_LDADD = libpsfilter.a src/probe/libpsprobe.a $(FLOW_LDADD) $(PCAP_LIBS) $(PCRE2_LIBS) $(PTHREAD_LIBS)
dist_man_MANS += pktscope.1
# the documents the man page names (FILES), installed where it says they are
dist_doc_DATA = docs/SCHEMA.md docs/events.md
install-data-hook:
	sed 's|/usr/local/share/doc/pktscope|$(docdir)|g' $(srcdir)/pktscope.1 >$(DESTDIR)$(man1dir)/pktscope.1
