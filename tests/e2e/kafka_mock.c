/* SPDX-License-Identifier: BSD-2-Clause */
/* kafka_mock.c - a Kafka cluster for the tests: librdkafka's mock cluster
 * (the real Kafka protocol over loopback TCP, in this process), driven by
 * commands on stdin.  Debian has no Kafka broker package; this is what
 * sink_kafka.sh produces to.
 *
 *   kafka_mock TOPIC [BROKERS]   creates the cluster (3 brokers), TOPIC with
 *                                one partition (so the order of the records
 *                                is the order of the topic) and TOPIC-4 with
 *                                four, prints the bootstrap list as its
 *                                first line
 *   stdin "down" / "up"          every broker refuses / accepts connections
 *                                (rd_kafka_mock_broker_set_down/_up); "ok"
 *                                or "error: WHY"
 *   stdin "consume N MS"         reads TOPIC from the start, one line per
 *                                message (its value), until N messages or MS
 *                                ms without one once at the end of the
 *                                topic; then "count K"
 *   stdin "keys N MS"            the same over TOPIC-4's partitions, one line
 *                                "PARTITION<tab>KEY<tab>VALUE" per message
 *   stdin EOF                    exits
 * Everything is bounded: alarm(300) ends a helper whose test died. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static void quiet_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk;
	if (level <= 3) /* LOG_ERR: the test shows it if it fails */
		fprintf(stderr, "kafka_mock: %s: %s\n", fac, buf);
}

static rd_kafka_t *client(rd_kafka_type_t type, const char *bootstraps)
{
	char err[512];
	rd_kafka_conf_t *c = rd_kafka_conf_new();
	rd_kafka_conf_set_log_cb(c, quiet_log);
	if ((bootstraps && rd_kafka_conf_set(c, "bootstrap.servers", bootstraps, err, sizeof err)) ||
	    (type == RD_KAFKA_CONSUMER &&
	     (rd_kafka_conf_set(c, "group.id", "kafka_mock", err, sizeof err) ||
	      rd_kafka_conf_set(c, "enable.partition.eof", "true", err, sizeof err) ||
	      rd_kafka_conf_set(c, "enable.auto.commit", "false", err, sizeof err)))) {
		fprintf(stderr, "kafka_mock: %s\n", err);
		exit(1);
	}
	rd_kafka_t *rk = rd_kafka_new(type, c, err, sizeof err);
	if (!rk) {
		fprintf(stderr, "kafka_mock: %s\n", err);
		exit(1);
	}
	return rk;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Read partitions 0..nparts-1 of topic from their first offsets.  idle_ms counts from the
 * first message or end of partition (a new consumer needs a moment to
 * connect: up to 10 s). */
static void consume(const char *bootstraps, const char *topic, int nparts, long want, long idle_ms)
{
	rd_kafka_t *rk = client(RD_KAFKA_CONSUMER, bootstraps);
	rd_kafka_topic_partition_list_t *tp = rd_kafka_topic_partition_list_new(nparts);
	for (int i = 0; i < nparts; i++)
		rd_kafka_topic_partition_list_add(tp, topic, i)->offset = RD_KAFKA_OFFSET_BEGINNING;
	rd_kafka_assign(rk, tp);
	rd_kafka_topic_partition_list_destroy(tp);
	long n = 0;
	double last = now_ms() + 10000.0 - (double)idle_ms; /* not yet reading */
	while (n < want && now_ms() - last < (double)idle_ms) {
		rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
		if (!m)
			continue;
		if (!m->err) {
			if (nparts > 1) {
				printf("%d\t", (int)m->partition);
				if (m->key) /* fwrite from NULL is undefined even for 0 bytes */
					fwrite(m->key, 1, m->key_len, stdout);
				putchar('\t');
			}
			fwrite(m->payload, 1, m->len, stdout);
			fputc('\n', stdout);
			n++;
			last = now_ms();
		} else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
			if (now_ms() < last)
				last = now_ms(); /* reading: idle_ms from here */
		} else {
			fprintf(stderr, "kafka_mock: consume: %s\n", rd_kafka_message_errstr(m));
		}
		rd_kafka_message_destroy(m);
	}
	printf("count %ld\n", n);
	fflush(stdout);
	rd_kafka_consumer_close(rk);
	rd_kafka_destroy(rk);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: kafka_mock TOPIC [BROKERS]\n");
		return 2;
	}
	alarm(300);
	int brokers = argc == 3 ? atoi(argv[2]) : 3;
	rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, NULL);
	rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
	char keyed[300];
	snprintf(keyed, sizeof keyed, "%s-4", argv[1]);
	if (!mc || rd_kafka_mock_topic_create(mc, argv[1], 1, 1) ||
	    rd_kafka_mock_topic_create(mc, keyed, 4, 1)) {
		fprintf(stderr, "kafka_mock: cannot create the mock cluster\n");
		return 1;
	}
	char bootstraps[1024];
	snprintf(bootstraps, sizeof bootstraps, "%s", rd_kafka_mock_cluster_bootstraps(mc));
	printf("%s\n", bootstraps);
	fflush(stdout);
	char line[256];
	while (fgets(line, sizeof line, stdin)) {
		long want, idle;
		if (!strcmp(line, "down\n") || !strcmp(line, "up\n")) {
			rd_kafka_resp_err_t e = line[0] == 'd' ? rd_kafka_mock_broker_set_down(mc, -1)
							       : rd_kafka_mock_broker_set_up(mc, -1);
			if (e)
				printf("error: %s\n", rd_kafka_err2str(e));
			else
				printf("ok\n");
		} else if (sscanf(line, "consume %ld %ld", &want, &idle) == 2) {
			consume(bootstraps, argv[1], 1, want, idle);
		} else if (sscanf(line, "keys %ld %ld", &want, &idle) == 2) {
			consume(bootstraps, keyed, 4, want, idle);
		} else {
			printf("unknown command\n");
		}
		fflush(stdout);
	}
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(rk);
	return 0;
}
