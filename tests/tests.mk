# SPDX-License-Identifier: BSD-2-Clause
# Test programs and scripts run by `make check`.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = top_srcdir='$(top_srcdir)' top_builddir='$(top_builddir)'; export top_srcdir top_builddir;

noinst_LIBRARIES += tests/unit/libpstest.a
tests_unit_libpstest_a_SOURCES = tests/unit/ps_test.h tests/unit/ps_test.c tests/unit/recorder.c tests/unit/recorder.h \
	tests/unit/pcapng_asm.c tests/unit/pcapng_asm.h
tests_unit_libpstest_a_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(JSONC_CFLAGS)
PST_LDADD = tests/unit/libpstest.a libpscore.a $(CUNIT_LIBS) $(JSONC_LIBS) $(PCAP_LIBS) $(OPENSSL_LIBS)
PST_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) -I$(srcdir)/tests/unit

include tests/unit/core.mk
include tests/unit/l2.mk
include tests/unit/l3.mk
include tests/unit/l4.mk
include tests/unit/l7.mk
include tests/unit/filter.mk
include tests/unit/reasm.mk
include tests/oracle/reasm.mk
include tests/golden/golden.mk
include tests/e2e/e2e.mk
include tests/fuzz/fuzz.mk

TESTS += tests/oracle/run.sh tests/oracle/app.sh tests/oracle/app_udp.sh
EXTRA_DIST += tests/oracle/run.sh tests/oracle/app.sh tests/oracle/compare_schema.py \
	tests/oracle/app_udp.sh
TESTS += tests/oracle/app_tls_http.sh tests/oracle/app_text_http_ssh.sh
EXTRA_DIST += tests/oracle/app_tls_http.sh tests/oracle/app_text_http_ssh.sh \
	tests/oracle/ja4_from_oracle.py
