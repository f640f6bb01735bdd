/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_stats.h - the statistics view's numbers: protocol hierarchy,
 * conversations (top talkers) and a packets-per-second history.
 * Plain data, no locking (the owner locks), bounded memory: the hierarchy
 * and the conversation table have fixed sizes and count what does not fit
 * as "other". */
#ifndef TUI_STATS_H
#define TUI_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_packet.h"

#define TUI_HIER_MAX 128u
#define TUI_CONV_SLOTS 8192u /* filled to 3/4 at most */
#define TUI_PPS_HIST 512u    /* seconds of history */

struct tui_hier {
	int16_t parent; /* node index, -1 for a link layer at the root */
	uint8_t proto;  /* enum ps_proto */
	uint8_t depth;
	uint64_t pkts, bytes;
};

enum tui_conv_fam { TUI_CONV_NONE = 0, TUI_CONV_LINK, TUI_CONV_IPV4, TUI_CONV_IPV6 };

struct tui_conv {
	uint8_t fam;        /* enum tui_conv_fam; NONE = empty slot */
	uint8_t a[16], b[16]; /* a < b (memcmp), so both directions meet */
	uint64_t pkts, bytes;
};

struct tui_stats {
	uint64_t packets, bytes, truncated, malformed;
	struct tui_hier hier[TUI_HIER_MAX];
	unsigned nhier;
	uint64_t hier_other;          /* packets whose path did not fit */
	struct tui_conv *conv;        /* TUI_CONV_SLOTS */
	unsigned nconv;
	uint64_t conv_other_pkts, conv_other_bytes; /* no addresses, or the table is full */
	uint32_t pps[TUI_PPS_HIST];
	int64_t pps_sec[TUI_PPS_HIST];
	int64_t last_sec;
	bool any_ts;
};

/* 0 ok, -1 out of memory. */
int tui_stats_init(struct tui_stats *s);
void tui_stats_free(struct tui_stats *s);
void tui_stats_add(struct tui_stats *s, const struct ps_packet *p);
/* The n conversations with the most bytes, most first.  Returns how many. */
unsigned tui_stats_top(const struct tui_stats *s, const struct tui_conv **out, unsigned n);
/* Packets in each of the n seconds ending at the newest time stamp. */
unsigned tui_stats_pps(const struct tui_stats *s, uint32_t *out, unsigned n);
/* Hierarchy nodes in display order (depth first, children by packets). */
unsigned tui_stats_hier_order(const struct tui_stats *s, unsigned *out, unsigned max);
/* Short display name of a protocol ("TCP", "IPv6"). */
const char *tui_proto_name(unsigned proto);

#endif
