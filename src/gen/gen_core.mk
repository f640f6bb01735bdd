# SPDX-License-Identifier: BSD-2-Clause
# src/gen/gen_core.mk (owned by the gen-core helper): the event loop, the
# pktscope-gen dispatcher and its core modules, with their tests.
#
# libpsgen.a holds what other gen modules and tests build on: the event
# loop (loop.h), socket helpers (gen_net.h), server options/stats
# (gen_server.h), the stop flag (gen_signal.h), the latency histogram
# (gen_hist.h) and a JSON string writer (gen_json.h).
noinst_LIBRARIES += src/gen/libpsgen.a
src_gen_libpsgen_a_SOURCES = \
	src/gen/loop.h src/gen/loop_int.h src/gen/loop.c \
	src/gen/loop_select.c src/gen/loop_poll.c src/gen/loop_epoll.c \
	src/gen/gen_net.h src/gen/gen_net.c src/gen/gen_server.h src/gen/gen_server.c \
	src/gen/gen_signal.h src/gen/gen_signal.c src/gen/gen_hist.h src/gen/gen_hist.c \
	src/gen/gen_json.h src/gen/gen_json.c
src_gen_libpsgen_a_CPPFLAGS = $(AM_CPPFLAGS) -D_GNU_SOURCE

# pktscope-gen selftest: namespaces, children, captures, the checks.
GEN_SELFTEST_SOURCES = src/gen/gen_selftest.h src/gen/gen_selftest.c src/gen/gen_selftest_env.c \
	src/gen/gen_selftest_proc.c \
	src/gen/gen_selftest_ns.c src/gen/gen_selftest_cap.c src/gen/gen_selftest_trial.c \
	src/gen/gen_selftest_cases.c src/gen/gen_selftest_cases2.c src/gen/gen_selftest_cases3.c \
	src/gen/gen_selftest_dns.c

bin_PROGRAMS += pktscope-gen
pktscope_gen_SOURCES = src/gen/gen_main.c src/gen/gen_modules.h \
	src/gen/gen_echo.h src/gen/gen_echo.c src/gen/gen_echo_loop.c src/gen/gen_echo_thread.c \
	src/gen/gen_load.h src/gen/gen_load.c src/gen/gen_load_run.c src/gen/gen_load_io.c \
	src/gen/gen_load_tls.c src/gen/gen_load_report.c \
	src/gen/gen_udp_send.h src/gen/gen_udp_send.c src/core/ps_stamp.h src/core/stamp.c \
	src/gen/gen_recv.h src/gen/gen_recv.c src/gen/gen_recv_report.c src/gen/gen_socketpair.c \
	src/gen/gen_sendfile.h src/gen/gen_sendfile.c src/gen/gen_sendfile_recv.c \
	src/gen/gen_sendfile_copy.c \
	src/gen/gen_sha256.h src/gen/gen_sha256.c src/gen/gen_resolve.c src/gen/gen_info.c \
	$(GEN_SELFTEST_SOURCES) $(GEN_TLS_SOURCES)
pktscope_gen_CPPFLAGS = $(AM_CPPFLAGS) -D_GNU_SOURCE -I$(srcdir)/src/probe
pktscope_gen_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
pktscope_gen_LDADD = src/gen/libpsgen.a src/probe/libpsprobe.a $(OPENSSL_LIBS) $(PTHREAD_LIBS)

# Unit tests (CUnit, one program per suite).
GEN_TEST_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
GEN_TEST_CPPFLAGS = $(AM_CPPFLAGS) -D_GNU_SOURCE -I$(srcdir)/src/gen
check_PROGRAMS += tests/unit/test_gen_loop tests/unit/test_gen_net tests/unit/test_gen_hist \
	tests/unit/test_gen_udp
TESTS += tests/unit/test_gen_loop tests/unit/test_gen_net tests/unit/test_gen_hist \
	tests/unit/test_gen_udp
tests_unit_test_gen_loop_SOURCES = tests/unit/test_gen_loop.c
tests_unit_test_gen_loop_CPPFLAGS = $(GEN_TEST_CPPFLAGS)
tests_unit_test_gen_loop_CFLAGS = $(GEN_TEST_CFLAGS)
tests_unit_test_gen_loop_LDADD = src/gen/libpsgen.a $(CUNIT_LIBS)
tests_unit_test_gen_net_SOURCES = tests/unit/test_gen_net.c
tests_unit_test_gen_net_CPPFLAGS = $(GEN_TEST_CPPFLAGS)
tests_unit_test_gen_net_CFLAGS = $(GEN_TEST_CFLAGS)
tests_unit_test_gen_net_LDADD = src/gen/libpsgen.a $(CUNIT_LIBS)
tests_unit_test_gen_hist_SOURCES = tests/unit/test_gen_hist.c
tests_unit_test_gen_hist_CPPFLAGS = $(GEN_TEST_CPPFLAGS)
tests_unit_test_gen_hist_CFLAGS = $(GEN_TEST_CFLAGS)
tests_unit_test_gen_hist_LDADD = src/gen/libpsgen.a $(CUNIT_LIBS)
tests_unit_test_gen_udp_SOURCES = tests/unit/test_gen_udp.c src/gen/gen_udp_send.c src/core/stamp.c
tests_unit_test_gen_udp_CPPFLAGS = $(GEN_TEST_CPPFLAGS)
tests_unit_test_gen_udp_CFLAGS = $(GEN_TEST_CFLAGS)
tests_unit_test_gen_udp_LDADD = src/gen/libpsgen.a $(CUNIT_LIBS)

# End-to-end tests: the real binary against real clients on loopback.
TESTS += tests/e2e/gen_echo.sh tests/e2e/gen_load.sh tests/e2e/gen_udp_send.sh tests/e2e/gen_recv.sh \
	tests/e2e/gen_gaps.sh \
	tests/e2e/gen_sendfile.sh tests/e2e/gen_resolve.sh tests/e2e/gen_docs.sh
EXTRA_DIST += tests/e2e/gen_echo.sh tests/e2e/gen_echo_suite.py tests/e2e/gen_load.sh \
	tests/e2e/gen_tls_echo_peer.py tests/e2e/gen_udp_send.sh tests/e2e/gen_udp_recv.py \
	tests/e2e/gen_sendfile.sh tests/e2e/gen_resolve.sh tests/e2e/gen_docs.sh \
	tests/e2e/gen_bench.sh docs/pktscope-gen.md tests/e2e/gen_recv.sh tests/e2e/gen_gaps.sh tests/e2e/gen_lib.sh
# the man page: installed, renders, every command and option in it
dist_man_MANS += pktscope-gen.1
TESTS += tests/e2e/gen_man.sh
EXTRA_DIST += tests/e2e/gen_man.sh
# the whole tool across a netns pair (root; exit 77 = skip otherwise)
TESTS += tests/e2e/gen_selftest.sh
EXTRA_DIST += tests/e2e/gen_selftest.sh
# exit codes and messages; crypto memory bounded by what arrives
TESTS += tests/e2e/gen_exit.sh tests/e2e/gen_crypto_mem.sh
EXTRA_DIST += tests/e2e/gen_exit.sh tests/e2e/gen_crypto_mem.sh
