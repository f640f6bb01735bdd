# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/filter.mk - CUnit suite of the display filters (src/filter).
check_PROGRAMS += tests/unit/test_dfilter
TESTS += tests/unit/test_dfilter
tests_unit_test_dfilter_SOURCES = tests/unit/test_dfilter.c
tests_unit_test_dfilter_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dfilter_LDADD = libpsfilter.a $(PST_LDADD) $(PCRE2_LIBS)
