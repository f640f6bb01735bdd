# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/l3.mk - CUnit suites of the network-layer dissectors (IPv4, IPv6).
check_PROGRAMS += tests/unit/test_ipv4 tests/unit/test_ipv6
TESTS += tests/unit/test_ipv4 tests/unit/test_ipv6

tests_unit_test_ipv4_SOURCES = tests/unit/test_ipv4.c
tests_unit_test_ipv4_CFLAGS = $(PST_CFLAGS)
tests_unit_test_ipv4_LDADD = $(PST_LDADD)

tests_unit_test_ipv6_SOURCES = tests/unit/test_ipv6.c
tests_unit_test_ipv6_CFLAGS = $(PST_CFLAGS)
tests_unit_test_ipv6_LDADD = $(PST_LDADD)
