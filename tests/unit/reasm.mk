# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/reasm.mk - CUnit suites of src/reasm: TCP reassembly, TCP
# analysis flags, IPv4/IPv6 defragmentation and its feed into the packet path.
check_PROGRAMS += tests/unit/test_tcp_reasm tests/unit/test_tcp_analysis \
	tests/unit/test_ip_defrag tests/unit/test_defrag_feed
TESTS += tests/unit/test_tcp_reasm tests/unit/test_tcp_analysis tests/unit/test_ip_defrag \
	tests/unit/test_defrag_feed

tests_unit_test_tcp_reasm_SOURCES = tests/unit/test_tcp_reasm.c
tests_unit_test_tcp_reasm_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tcp_reasm_LDADD = $(PST_LDADD)

tests_unit_test_tcp_analysis_SOURCES = tests/unit/test_tcp_analysis.c
tests_unit_test_tcp_analysis_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tcp_analysis_LDADD = $(PST_LDADD)

tests_unit_test_ip_defrag_SOURCES = tests/unit/test_ip_defrag.c
tests_unit_test_ip_defrag_CFLAGS = $(PST_CFLAGS)
tests_unit_test_ip_defrag_LDADD = $(PST_LDADD)

tests_unit_test_defrag_feed_SOURCES = tests/unit/test_defrag_feed.c
tests_unit_test_defrag_feed_CFLAGS = $(PST_CFLAGS)
tests_unit_test_defrag_feed_LDADD = libpsfilter.a $(PST_LDADD) $(PCRE2_LIBS)
