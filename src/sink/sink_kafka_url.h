/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_kafka_url.h - kafka://BROKER[,BROKER...]/TOPIC, parsed apart from the
 * client so that it is tested without librdkafka or a broker. */
#ifndef PS_SINK_KAFKA_URL_H
#define PS_SINK_KAFKA_URL_H

#include <stddef.h>

#define PS_KAFKA_TOPIC_MAX 249 /* Kafka's own limit on a topic name */

struct ps_kafka_url {
	char brokers[1024]; /* HOST[:PORT] or [IPv6][:PORT], comma-separated, as given:
			       librdkafka's bootstrap.servers (port 9092 when none) */
	char topic[PS_KAFKA_TOPIC_MAX + 1];
};

/* rest is the URL after "kafka:" ("//BROKERS/TOPIC").  0 ok; -1 with the
 * reason in err.  name (when not NULL) gets the URL for logs. */
int ps_kafka_url_parse(const char *rest, struct ps_kafka_url *u, char *name, size_t namelen,
		       char *err, size_t errlen);

#endif
