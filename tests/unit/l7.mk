# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/l7.mk - CUnit suites of the application-layer dissectors.
check_PROGRAMS += tests/unit/test_dns
TESTS += tests/unit/test_dns

tests_unit_test_dns_SOURCES = tests/unit/test_dns.c
tests_unit_test_dns_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dns_LDADD = $(PST_LDADD)

check_PROGRAMS += tests/unit/test_probe
TESTS += tests/unit/test_probe
tests_unit_test_probe_SOURCES = tests/unit/test_probe.c tests/unit/probe_frame.h
tests_unit_test_probe_CFLAGS = $(PST_CFLAGS)
tests_unit_test_probe_LDADD = $(PST_LDADD)
