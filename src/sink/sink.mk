# SPDX-License-Identifier: BSD-2-Clause
# src/sink: where records are shipped (--output): a bounded queue and a
# writer thread per sink, backends redis (hiredis), kafka (librdkafka) and
# file (docs/sinks.md).  hiredis is included by sink_redis.c only, librdkafka
# by sink_kafka.c only (and by the test helper tests/e2e/kafka_mock.c).
noinst_LIBRARIES += src/sink/libpssink.a
src_sink_libpssink_a_CFLAGS = $(AM_CFLAGS) $(HIREDIS_CFLAGS) $(RDKAFKA_CFLAGS)
src_sink_libpssink_a_SOURCES = src/sink/ps_sink.h src/sink/sink.c src/sink/sink_ops.h \
	src/sink/sink_queue.h src/sink/sink_queue.c src/sink/sink_file.c \
	src/sink/sink_redis_url.h src/sink/sink_redis_url.c src/sink/sink_redis.c \
	src/sink/sink_kafka_url.h src/sink/sink_kafka_url.c
if WITH_KAFKA
src_sink_libpssink_a_SOURCES += src/sink/sink_kafka.c
endif
EXTRA_DIST += src/sink/sink_kafka.c
SINK_LIBS = src/sink/libpssink.a $(HIREDIS_LIBS) $(RDKAFKA_LIBS) $(PTHREAD_LIBS)

pktscope_LDADD += $(SINK_LIBS)

check_PROGRAMS += tests/unit/test_sink_queue tests/unit/test_sink_url
TESTS += tests/unit/test_sink_queue tests/unit/test_sink_url
tests_unit_test_sink_queue_SOURCES = tests/unit/test_sink_queue.c
tests_unit_test_sink_queue_CFLAGS = $(PST_CFLAGS)
tests_unit_test_sink_queue_LDADD = $(SINK_LIBS) $(PST_LDADD)
tests_unit_test_sink_url_SOURCES = tests/unit/test_sink_url.c
tests_unit_test_sink_url_CFLAGS = $(PST_CFLAGS)
tests_unit_test_sink_url_LDADD = $(SINK_LIBS) $(PST_LDADD)

# a real redis-server on a free loopback port; -T ek against tshark -T ek
TESTS += tests/e2e/sink_redis.sh tests/e2e/sink_redis_auth.sh tests/e2e/sink_file.sh \
	tests/e2e/render_ek.sh
EXTRA_DIST += tests/e2e/sink_redis.sh tests/e2e/sink_redis_auth.sh tests/e2e/redis_lib.sh \
	tests/e2e/pcap_feed.py \
	tests/e2e/sink_file.sh tests/e2e/render_ek.sh docs/sinks.md

# the Elasticsearch index templates against -T ek output (no server here)
TESTS += tests/e2e/es_template.sh
EXTRA_DIST += tests/e2e/es_template.sh tests/e2e/es_template.py
dist_doc_DATA += docs/elasticsearch-template.json docs/elasticsearch-flows-template.json

# Kafka: librdkafka's mock cluster (real protocol, loopback TCP) in a helper
# that the test drives; without Kafka the test skips (77)
TESTS += tests/e2e/sink_kafka.sh
EXTRA_DIST += tests/e2e/sink_kafka.sh tests/e2e/kafka_mock.c
if WITH_KAFKA
check_PROGRAMS += tests/e2e/kafka_mock
tests_e2e_kafka_mock_SOURCES = tests/e2e/kafka_mock.c
tests_e2e_kafka_mock_CFLAGS = $(AM_CFLAGS) $(RDKAFKA_CFLAGS)
tests_e2e_kafka_mock_LDADD = $(RDKAFKA_LIBS)
endif
