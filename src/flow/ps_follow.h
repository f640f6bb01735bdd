/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_follow.h - collect one conversation's payload, chunk by chunk, as
 * tshark's "follow stream" shows it (-z follow, the TUI's follow view).
 *
 * A collector is bound to a transport (TCP or UDP) and a stream number
 * (tcp.stream / udp.stream).  The flow table hands it each TCP direction's
 * reassembled bytes (ps_flow_set_consumer, one chunk per packet that
 * delivered them, gaps as gaps; UDP: one chunk per datagram): the
 * run loop passes ps_follow_bytes' arguments on from the table's consumer.
 * Node 0 is the source of the conversation's first packet.  Memory: the
 * bytes kept are capped (cap_bytes); what is beyond is counted in
 * `dropped`, never kept.  The collector owns its buffers.
 */
#ifndef PS_FOLLOW_H
#define PS_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_flow.h"

enum ps_follow_mode { PS_FOLLOW_ASCII, PS_FOLLOW_HEX, PS_FOLLOW_RAW };

struct ps_follow_chunk {
	uint64_t off;    /* into data[] */
	uint32_t len;
	uint32_t gap;    /* bytes missing before this chunk (capture lost them) */
	uint8_t node;    /* 0 or 1 */
	bool sealed;     /* tshark's gap marker: a record of its own, never extended */
	uint64_t frame;  /* the packet that delivered it */
};

struct ps_follow {
	bool udp;
	uint8_t mode;           /* enum ps_follow_mode: for the printer */
	uint64_t stream;
	bool seen;              /* the stream was found: nodes are set */
	bool v6;
	uint8_t addr[2][16];
	uint16_t port[2];
	uint8_t *data;
	uint64_t len, cap, cap_bytes;
	struct ps_follow_chunk *chunks;
	uint32_t n, ncap;
	uint64_t bytes[2];      /* per node, delivered */
	uint64_t dropped;       /* bytes beyond cap_bytes */
	uint64_t cur_frame;     /* the packet being delivered (chunk boundary) */
	bool behind_hole[2];    /* per node: data after an unacknowledged hole given
				 * up at the flow's end, which tshark never shows */
};

/* cap_bytes 0: 64 MiB. */
void ps_follow_init(struct ps_follow *fl, bool udp, uint64_t stream, uint64_t cap_bytes);
void ps_follow_free(struct ps_follow *fl);
/* Bytes of flow f's direction dir (0 orig, 1 resp) handed on by the flow
 * table's consumer (ps_flow_set_consumer): data NULL is a gap; one with
 * PS_FLOW_GAP_ACKED becomes tshark's "[N bytes missing in capture file]"
 * record (with its terminating NUL, as tshark 4.0 writes it). */
void ps_follow_bytes(struct ps_follow *fl, const struct ps_flow *f, unsigned dir,
		     uint64_t frame, const uint8_t *data, uint32_t len, unsigned flags);

/* Parse "follow,tcp|udp,ascii|hex|raw,N" into fl (initialised); 0 ok, -1 not that. */
int ps_follow_parse(struct ps_follow *fl, const char *spec);

/* The -z follow collectors of one run (the CLI's loop, or one live worker),
 * fed together as the flow table's consumer. */
#define PS_FOLLOW_SET_MAX 8 /* as many as -z options (PS_MAX_ZSTATS) */
struct ps_follow_set {
	struct ps_follow fl[PS_FOLLOW_SET_MAX];
	unsigned n;
};

/* A "follow,..." spec: a collector added, 0; -1 not a follow spec (or the
 * set is full), nothing added. */
int ps_follow_set_add(struct ps_follow_set *set, const char *spec);
/* With at least one collector: set becomes table t's consumer
 * (ps_flow_set_consumer), so each gets every conversation's bytes. */
void ps_follow_set_attach(struct ps_follow_set *set, struct ps_flow_table *t);
void ps_follow_set_free(struct ps_follow_set *set);

#endif
