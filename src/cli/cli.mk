# SPDX-License-Identifier: BSD-2-Clause
# The pktscope command line front end: options, the run loop, -w/-Z glue.
bin_PROGRAMS += pktscope
pktscope_SOURCES = src/cli/main.c src/cli/options.c src/cli/run.c src/cli/live.c \
	src/cli/ps_options.h src/cli/ps_run.h src/cli/live.h
pktscope_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
pktscope_LDADD = $(FLOW_LDADD) $(PCAP_LIBS) $(PTHREAD_LIBS)
dist_man_MANS += pktscope.1
