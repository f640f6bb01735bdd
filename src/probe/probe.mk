# SPDX-License-Identifier: BSD-2-Clause
# src/probe: the per-stream statistics of probe stamps, shared by
# `pktscope-gen recv` and pktscope's `-z probe` (docs/probe-format.md).
# The engine (probe_stats.c) includes only libc; the -z probe glue
# (probe_z.c) reads the packet record (core, dissectors/dis_probe.h).
noinst_LIBRARIES += src/probe/libpsprobe.a
src_probe_libpsprobe_a_SOURCES = src/probe/ps_probe_stats.h src/probe/probe_stats.c \
	src/probe/ps_probe_z.h src/probe/probe_z.c

check_PROGRAMS += tests/unit/test_stamp tests/unit/test_probe_stats tests/unit/test_probe_z
TESTS += tests/unit/test_stamp tests/unit/test_probe_stats tests/unit/test_probe_z
tests_unit_test_stamp_SOURCES = tests/unit/test_stamp.c
tests_unit_test_stamp_CFLAGS = $(PST_CFLAGS)
tests_unit_test_stamp_LDADD = $(PST_LDADD)
tests_unit_test_probe_stats_SOURCES = tests/unit/test_probe_stats.c
tests_unit_test_probe_stats_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/probe
tests_unit_test_probe_stats_CFLAGS = $(PST_CFLAGS)
tests_unit_test_probe_stats_LDADD = src/probe/libpsprobe.a $(PST_LDADD)
tests_unit_test_probe_z_SOURCES = tests/unit/test_probe_z.c tests/unit/probe_frame.h
tests_unit_test_probe_z_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/probe
tests_unit_test_probe_z_CFLAGS = $(PST_CFLAGS)
tests_unit_test_probe_z_LDADD = src/probe/libpsprobe.a $(PST_LDADD)

# pktscope decoding what pktscope-gen stamps, in a namespace of its own (root).
TESTS += tests/e2e/probe_capture.sh
EXTRA_DIST += tests/e2e/probe_capture.sh docs/probe-format.md
