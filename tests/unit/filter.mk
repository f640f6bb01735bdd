# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/filter.mk - CUnit suites of the display filters (src/filter): the
# language, the fields computed from several record values, literals as
# tshark 4.0 reads them.
check_PROGRAMS += tests/unit/test_dfilter
TESTS += tests/unit/test_dfilter
tests_unit_test_dfilter_SOURCES = tests/unit/test_dfilter.c
tests_unit_test_dfilter_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dfilter_LDADD = libpsfilter.a $(PST_LDADD) $(PCRE2_LIBS)
check_PROGRAMS += tests/unit/test_dfilter_fields
TESTS += tests/unit/test_dfilter_fields
tests_unit_test_dfilter_fields_SOURCES = tests/unit/test_dfilter_fields.c tests/unit/pst_dfilter.c \
	tests/unit/pst_dfilter.h
tests_unit_test_dfilter_fields_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dfilter_fields_LDADD = libpsfilter.a $(PST_LDADD) $(PCRE2_LIBS)
check_PROGRAMS += tests/unit/test_dfilter_fast
TESTS += tests/unit/test_dfilter_fast
tests_unit_test_dfilter_fast_SOURCES = tests/unit/test_dfilter_fast.c
tests_unit_test_dfilter_fast_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dfilter_fast_LDADD = libpsfilter.a $(PST_LDADD) $(PCRE2_LIBS)
# how much of the flow stage -Y and -e read (src/cli/flow_plan.c) and the
# packets a stage narrowed to some stream decoders sees (src/flow/flow_scope.c)
check_PROGRAMS += tests/unit/test_flow_plan
TESTS += tests/unit/test_flow_plan
tests_unit_test_flow_plan_SOURCES = tests/unit/test_flow_plan.c src/cli/flow_plan.c
tests_unit_test_flow_plan_CFLAGS = $(PST_CFLAGS)
tests_unit_test_flow_plan_LDADD = libpsfilter.a libpsflow.a $(PST_LDADD) $(PCRE2_LIBS) \
	$(OPENSSL_LIBS)
check_PROGRAMS += tests/unit/test_dfilter_vals
TESTS += tests/unit/test_dfilter_vals
tests_unit_test_dfilter_vals_SOURCES = tests/unit/test_dfilter_vals.c tests/unit/pst_dfilter.c \
	tests/unit/pst_dfilter.h
tests_unit_test_dfilter_vals_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dfilter_vals_LDADD = libpsfilter.a $(PST_LDADD) $(PCRE2_LIBS)
check_PROGRAMS += tests/unit/test_dfilter_lits
TESTS += tests/unit/test_dfilter_lits
tests_unit_test_dfilter_lits_SOURCES = tests/unit/test_dfilter_lits.c tests/unit/pst_dfilter.c \
	tests/unit/pst_dfilter.h
tests_unit_test_dfilter_lits_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dfilter_lits_LDADD = libpsfilter.a $(PST_LDADD) $(PCRE2_LIBS)
