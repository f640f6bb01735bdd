# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/l4.mk - CUnit suites of the transport dissectors: TCP, UDP, ICMP, ICMPv6.
check_PROGRAMS += tests/unit/test_tcp tests/unit/test_udp tests/unit/test_icmp \
	tests/unit/test_icmpv6
TESTS += tests/unit/test_tcp tests/unit/test_udp tests/unit/test_icmp tests/unit/test_icmpv6

tests_unit_test_tcp_SOURCES = tests/unit/test_tcp.c
tests_unit_test_tcp_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tcp_LDADD = $(PST_LDADD)

tests_unit_test_udp_SOURCES = tests/unit/test_udp.c
tests_unit_test_udp_CFLAGS = $(PST_CFLAGS)
tests_unit_test_udp_LDADD = $(PST_LDADD)

tests_unit_test_icmp_SOURCES = tests/unit/test_icmp.c
tests_unit_test_icmp_CFLAGS = $(PST_CFLAGS)
tests_unit_test_icmp_LDADD = $(PST_LDADD)

tests_unit_test_icmpv6_SOURCES = tests/unit/test_icmpv6.c
tests_unit_test_icmpv6_CFLAGS = $(PST_CFLAGS)
tests_unit_test_icmpv6_LDADD = $(PST_LDADD)
