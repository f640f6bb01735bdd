# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/l2.mk - CUnit suites of the link-layer dissectors and ARP.
check_PROGRAMS += tests/unit/test_eth tests/unit/test_vlan tests/unit/test_sll \
	tests/unit/test_loopback tests/unit/test_raw tests/unit/test_arp \
	tests/unit/test_llc tests/unit/test_stp
TESTS += tests/unit/test_eth tests/unit/test_vlan tests/unit/test_sll \
	tests/unit/test_loopback tests/unit/test_raw tests/unit/test_arp \
	tests/unit/test_llc tests/unit/test_stp

tests_unit_test_eth_SOURCES = tests/unit/test_eth.c
tests_unit_test_eth_CFLAGS = $(PST_CFLAGS)
tests_unit_test_eth_LDADD = $(PST_LDADD)

tests_unit_test_vlan_SOURCES = tests/unit/test_vlan.c
tests_unit_test_vlan_CFLAGS = $(PST_CFLAGS)
tests_unit_test_vlan_LDADD = $(PST_LDADD)

tests_unit_test_sll_SOURCES = tests/unit/test_sll.c
tests_unit_test_sll_CFLAGS = $(PST_CFLAGS)
tests_unit_test_sll_LDADD = $(PST_LDADD)

tests_unit_test_loopback_SOURCES = tests/unit/test_loopback.c
tests_unit_test_loopback_CFLAGS = $(PST_CFLAGS)
tests_unit_test_loopback_LDADD = $(PST_LDADD)

tests_unit_test_raw_SOURCES = tests/unit/test_raw.c
tests_unit_test_raw_CFLAGS = $(PST_CFLAGS)
tests_unit_test_raw_LDADD = $(PST_LDADD)

tests_unit_test_arp_SOURCES = tests/unit/test_arp.c
tests_unit_test_arp_CFLAGS = $(PST_CFLAGS)
tests_unit_test_arp_LDADD = $(PST_LDADD)

tests_unit_test_llc_SOURCES = tests/unit/test_llc.c
tests_unit_test_llc_CFLAGS = $(PST_CFLAGS)
tests_unit_test_llc_LDADD = $(PST_LDADD)

tests_unit_test_stp_SOURCES = tests/unit/test_stp.c
tests_unit_test_stp_CFLAGS = $(PST_CFLAGS)
tests_unit_test_stp_LDADD = $(PST_LDADD)
