# SPDX-License-Identifier: BSD-2-Clause
# Unit tests of the core: cursor, output buffer, driver; the JSON writer.
check_PROGRAMS += tests/unit/test_cursor tests/unit/test_out tests/unit/test_driver \
	tests/unit/test_render_json
TESTS += tests/unit/test_cursor tests/unit/test_out tests/unit/test_driver \
	tests/unit/test_render_json
tests_unit_test_cursor_SOURCES = tests/unit/test_cursor.c
tests_unit_test_cursor_CFLAGS = $(PST_CFLAGS)
tests_unit_test_cursor_LDADD = $(PST_LDADD)
tests_unit_test_out_SOURCES = tests/unit/test_out.c
tests_unit_test_out_CFLAGS = $(PST_CFLAGS)
tests_unit_test_out_LDADD = $(PST_LDADD)
tests_unit_test_render_json_SOURCES = tests/unit/test_render_json.c
tests_unit_test_render_json_CFLAGS = $(PST_CFLAGS)
tests_unit_test_render_json_LDADD = $(PST_LDADD)
tests_unit_test_driver_SOURCES = tests/unit/test_driver.c
tests_unit_test_driver_CFLAGS = $(PST_CFLAGS)
tests_unit_test_driver_LDADD = $(PST_LDADD)
check_PROGRAMS += tests/unit/test_driver_depth
TESTS += tests/unit/test_driver_depth
tests_unit_test_driver_depth_SOURCES = tests/unit/test_driver_depth.c
tests_unit_test_driver_depth_CFLAGS = $(PST_CFLAGS)
tests_unit_test_driver_depth_LDADD = $(PST_LDADD)
# which plan runs -r FILE --workers N (src/cli/workers_plan.c)
check_PROGRAMS += tests/unit/test_workers_plan
TESTS += tests/unit/test_workers_plan
tests_unit_test_workers_plan_SOURCES = tests/unit/test_workers_plan.c src/cli/workers_plan.c
tests_unit_test_workers_plan_CFLAGS = $(PST_CFLAGS) -I$(srcdir)/src/cli
tests_unit_test_workers_plan_LDADD = $(PST_LDADD)
