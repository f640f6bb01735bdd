# SPDX-License-Identifier: BSD-2-Clause
# The ncurses view (pktscope --tui): model, views, key table, live capture
# thread; its CUnit tests (no terminal), tmux end-to-end tests, benchmark.
noinst_LIBRARIES += ui/libpsui.a
ui_libpsui_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(NCURSES_CFLAGS)
ui_libpsui_a_SOURCES = \
	ui/ps_tui.h \
	ui/tui_vec.c ui/tui_vec.h \
	ui/tui_thread.c ui/tui_thread.h \
	ui/tui_rec.h \
	ui/tui_store.c ui/tui_store.h ui/tui_store_data.h ui/tui_ring.c ui/tui_ring.h \
	ui/tui_scan.c ui/tui_scan.h ui/tui_packet.c ui/tui_packet.h \
	ui/tui_stage.c ui/tui_stage.h \
	ui/tui_filter.c ui/tui_filter.h ui/tui_prompt.c ui/tui_prompt.h \
	ui/tui_stats.c ui/tui_stats.h ui/tui_conv.c ui/tui_conv.h ui/tui_follow.c ui/tui_follow.h \
	ui/tui_tree.c ui/tui_tree.h ui/tui_replay.c ui/tui_replay.h \
	ui/tui_cols.c ui/tui_cols.h ui/tui_colkeep.c \
	ui/tui_model.c ui/tui_rows.c ui/tui_jobs.c ui/tui_flowjob.c ui/tui_probejob.c ui/tui_savepath.c \
	ui/tui_model.h \
	ui/tui_live.c ui/tui_live.h \
	ui/tui_keys.c ui/tui_keys.h \
	ui/tui_view.c ui/tui_view_stats.c ui/tui_view_conv.c ui/tui_view_probe.c ui/tui_view.h \
	ui/tui_main.c

# main.c calls ps_tui_run (ui/ps_tui.h); the UI library goes before the
# core library it uses, which is repeated after it for the static link.
pktscope_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/ui
pktscope_LDADD += ui/libpsui.a libpsfilter.a libpsflow.a src/probe/libpsprobe.a libpscore.a \
	$(PCAP_LIBS) $(PCRE2_LIBS) \
	$(NCURSES_LIBS) $(PTHREAD_LIBS) $(OPENSSL_LIBS)

# ---- tests: the model without a terminal (CUnit) ----
TUI_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/ui -DTOP_SRCDIR='"$(abs_top_srcdir)"'
TUI_TEST_LDADD = ui/libpsui.a libpsfilter.a libpsflow.a src/probe/libpsprobe.a $(PST_LDADD) $(PCRE2_LIBS) $(OPENSSL_LIBS) \
	$(NCURSES_LIBS) $(PTHREAD_LIBS)
TUI_UNIT_TESTS = tests/unit/test_tui_index tests/unit/test_tui_ring tests/unit/test_tui_model \
	tests/unit/test_tui_stats tests/unit/test_tui_rows tests/unit/test_tui_flows tests/unit/test_tui_replay \
	tests/unit/test_tui_cols
check_PROGRAMS += $(TUI_UNIT_TESTS)
TESTS += $(TUI_UNIT_TESTS)

tests_unit_test_tui_index_SOURCES = tests/unit/test_tui_index.c
tests_unit_test_tui_index_CPPFLAGS = $(TUI_TEST_CPPFLAGS)
tests_unit_test_tui_index_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tui_index_LDADD = $(TUI_TEST_LDADD)

tests_unit_test_tui_ring_SOURCES = tests/unit/test_tui_ring.c
tests_unit_test_tui_ring_CPPFLAGS = $(TUI_TEST_CPPFLAGS)
tests_unit_test_tui_ring_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tui_ring_LDADD = $(TUI_TEST_LDADD)

tests_unit_test_tui_model_SOURCES = tests/unit/test_tui_model.c
tests_unit_test_tui_model_CPPFLAGS = $(TUI_TEST_CPPFLAGS)
tests_unit_test_tui_model_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tui_model_LDADD = $(TUI_TEST_LDADD)

tests_unit_test_tui_rows_SOURCES = tests/unit/test_tui_rows.c
tests_unit_test_tui_rows_CPPFLAGS = $(TUI_TEST_CPPFLAGS)
tests_unit_test_tui_rows_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tui_rows_LDADD = $(TUI_TEST_LDADD)

tests_unit_test_tui_flows_SOURCES = tests/unit/test_tui_flows.c
tests_unit_test_tui_flows_CPPFLAGS = $(TUI_TEST_CPPFLAGS)
tests_unit_test_tui_flows_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tui_flows_LDADD = $(TUI_TEST_LDADD)

tests_unit_test_tui_replay_SOURCES = tests/unit/test_tui_replay.c tests/unit/l7_frame.c tests/unit/l7_frame.h
tests_unit_test_tui_replay_CPPFLAGS = $(TUI_TEST_CPPFLAGS)
tests_unit_test_tui_replay_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tui_replay_LDADD = $(TUI_TEST_LDADD)

tests_unit_test_tui_cols_SOURCES = tests/unit/test_tui_cols.c tests/unit/l7_frame.c tests/unit/l7_frame.h \
	tests/unit/tls_build.c tests/unit/tls_build.h
tests_unit_test_tui_cols_CPPFLAGS = $(TUI_TEST_CPPFLAGS)
tests_unit_test_tui_cols_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tui_cols_LDADD = $(TUI_TEST_LDADD)

tests_unit_test_tui_stats_SOURCES = tests/unit/test_tui_stats.c
tests_unit_test_tui_stats_CPPFLAGS = $(TUI_TEST_CPPFLAGS)
tests_unit_test_tui_stats_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tui_stats_LDADD = $(TUI_TEST_LDADD)

# ---- tests: the real binary in tmux (skip with 77 without tmux / root) ----
TUI_E2E_TESTS = tests/e2e/tui_file.sh tests/e2e/tui_dfilter.sh tests/e2e/tui_dfilter_flow.sh tests/e2e/tui_flows.sh tests/e2e/tui_reasm.sh tests/e2e/tui_cols.sh tests/e2e/tui_live.sh tests/e2e/tui_privdrop.sh tests/e2e/tui_save.sh \
	tests/e2e/tui_probe.sh
TESTS += $(TUI_E2E_TESTS)
EXTRA_DIST += $(TUI_E2E_TESTS) tests/e2e/tui_lib.sh bench/tui-bench.sh docs/tui.md
