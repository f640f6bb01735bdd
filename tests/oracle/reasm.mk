# SPDX-License-Identifier: BSD-2-Clause
# tests/oracle/reasm.mk - src/reasm's TCP analysis events against tshark.
check_PROGRAMS += tests/oracle/tcp_analysis_dump
tests_oracle_tcp_analysis_dump_SOURCES = tests/oracle/tcp_analysis_dump.c
tests_oracle_tcp_analysis_dump_LDADD = libpscore.a $(PCAP_LIBS) $(JSONC_LIBS) $(OPENSSL_LIBS)
TESTS += tests/oracle/tcp_analysis.sh
EXTRA_DIST += tests/oracle/tcp_analysis.sh tests/oracle/tcp_analysis.py
