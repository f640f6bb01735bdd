# SPDX-License-Identifier: BSD-2-Clause
# Flow tracking: the bounded conversation table, TCP state/history and
# relative numbers, Community ID (our own SHA-1, dis_tls_hash.c), flow
# records and the -z conv/endpoints tables.  Its own library: only the
# programs that track flows link it.
noinst_LIBRARIES += libpsflow.a
libpsflow_a_CFLAGS = $(AM_CFLAGS)
libpsflow_a_SOURCES = \
	src/flow/ps_flow.h src/flow/flow_int.h src/flow/flow_cfg.c src/flow/flow_key_int.h \
	src/flow/flow_key.c \
	src/flow/flow_table.c src/flow/flow_memo.c src/flow/flow_deliver.c src/flow/flow_track.c \
	src/flow/flow_tcp_int.h src/flow/flow_tcp.c src/flow/flow_app.h src/flow/flow_app.c \
	src/flow/community_id.c src/flow/ps_flow_scope.h src/flow/flow_scope.c \
	src/flow/ps_follow.h src/flow/flow_follow.c \
	src/flow/ps_zstats.h src/flow/zstats.c \
	src/render/ps_flow_render.h src/render/render_flow.c src/render/render_zstats.c \
	src/render/ps_follow_render.h src/render/render_follow.c
FLOW_LDADD = libpsflow.a libpscore.a $(OPENSSL_LIBS)

check_PROGRAMS += tests/unit/test_flow
TESTS += tests/unit/test_flow
tests_unit_test_flow_SOURCES = tests/unit/test_flow.c
tests_unit_test_flow_CFLAGS = $(PST_CFLAGS)
tests_unit_test_flow_LDADD = libpsflow.a $(PST_LDADD) $(OPENSSL_LIBS)

# the decoders over a conversation's bytes (flow_app.c): TLS over the
# reassembled stream, QUIC connection IDs
check_PROGRAMS += tests/unit/test_flow_app
TESTS += tests/unit/test_flow_app
tests_unit_test_flow_app_SOURCES = tests/unit/test_flow_app.c tests/unit/tls_build.c \
	tests/unit/tls_build.h tests/unit/pst_conv.c tests/unit/pst_conv.h
tests_unit_test_flow_app_CFLAGS = $(PST_CFLAGS)
tests_unit_test_flow_app_LDADD = libpsflow.a $(PST_LDADD) $(OPENSSL_LIBS)
# HTTP/1.x over the reassembled stream
check_PROGRAMS += tests/unit/test_http_stream
TESTS += tests/unit/test_http_stream
tests_unit_test_http_stream_SOURCES = tests/unit/test_http_stream.c tests/unit/pst_conv.c \
	tests/unit/pst_conv.h
tests_unit_test_http_stream_CFLAGS = $(PST_CFLAGS)
tests_unit_test_http_stream_LDADD = libpsflow.a $(PST_LDADD) $(OPENSSL_LIBS)
# DNS over the reassembled stream
check_PROGRAMS += tests/unit/test_dns_stream
TESTS += tests/unit/test_dns_stream
tests_unit_test_dns_stream_SOURCES = tests/unit/test_dns_stream.c tests/unit/pst_conv.c \
	tests/unit/pst_conv.h
tests_unit_test_dns_stream_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dns_stream_LDADD = libpsflow.a $(PST_LDADD) $(OPENSSL_LIBS)

# Against the references: tcpdump's relative numbers on every TCP line,
# tshark's conversations and per-packet flow fields.
TESTS += tests/e2e/tcp_relseq.sh tests/oracle/flows.sh
EXTRA_DIST += tests/e2e/tcp_relseq.sh tests/e2e/tcp_relseq_cmp.py tests/oracle/flows.sh
TESTS += tests/oracle/zstats.sh
EXTRA_DIST += tests/oracle/zstats.sh tests/oracle/zstats.skip
TESTS += tests/e2e/flow_mem.sh
EXTRA_DIST += tests/e2e/flow_mem.sh tests/e2e/flow_gen.py
# -z follow,tcp,raw,N against tshark, the first 20 streams of every capture
TESTS += tests/oracle/follow.sh
EXTRA_DIST += tests/oracle/follow.sh tests/oracle/follow.py tests/oracle/follow.skip \
	tests/oracle/shared_pcaps.sh
# The Community ID and the TCP sequence analysis only in runs that read them.
TESTS += tests/e2e/flow_need.sh
EXTRA_DIST += tests/e2e/flow_need.sh
