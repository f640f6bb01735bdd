/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-stream statistics of probe stamps (docs/probe-format.md): received,
 * lost, duplicated, reordered, one-way delay and RFC 3550 jitter.  One
 * engine for both ends: `pktscope-gen recv` feeds it what its socket reads,
 * pktscope's `-z probe` what the dissector decoded with the capture time.
 *
 * Bounded: at most max_streams streams are tracked (later ones are counted
 * in packets_untracked), and duplicates are told from
 * late arrivals within a window of PS_PROBE_WINDOW sequence numbers below
 * the highest seen; an older packet is counted in too_old and nowhere else. */
#ifndef PS_PROBE_STATS_H
#define PS_PROBE_STATS_H

#include <stddef.h>
#include <stdint.h>

#define PS_PROBE_WINDOW 1024      /* sequence numbers remembered per stream */
#define PS_PROBE_SUB_BITS 5       /* delay histogram: 32 sub-buckets per power of 2 (3%) */
#define PS_PROBE_MAX_EXP 44       /* delays >= 2^44 ns (4.9 h) share the last bucket */
#define PS_PROBE_BUCKETS ((PS_PROBE_MAX_EXP - PS_PROBE_SUB_BITS + 1) << PS_PROBE_SUB_BITS)

struct ps_probe_stream {
	uint32_t id;
	uint64_t first_seq, next_seq;  /* lowest and highest+1 sequence seen */
	uint64_t received;             /* distinct sequence numbers, in window */
	uint64_t duplicates, reordered, too_old;
	int64_t delay_min, delay_max;  /* ns, receive - send; may be < 0 with skewed clocks */
	double delay_sum_ns;           /* double: cannot overflow with skewed clocks */
	uint64_t negative_delays;
	int64_t last_transit;
	double jitter_ns;              /* RFC 3550 6.4.1 estimate */
	uint64_t first_ns;             /* receive time of its first stamp: order of first sight */
	uint32_t merged;               /* other engines' figures added (ps_probe_stats_merge) */
	uint64_t seen[PS_PROBE_WINDOW / 64];
	uint64_t hist[PS_PROBE_BUCKETS];
};

struct ps_probe_stats {
	struct ps_probe_stream **streams; /* owned; n used of cap */
	uint32_t *index;                  /* hash: slot + 1, 0 empty */
	size_t n, cap, index_mask;
	uint64_t packets_untracked;       /* stamps of streams beyond cap */
};

/* What ps_probe_stats_add made of a stamp. */
enum ps_probe_kind { PS_PROBE_IN_ORDER, PS_PROBE_REORDERED, PS_PROBE_DUPLICATE,
                     PS_PROBE_TOO_OLD, PS_PROBE_UNTRACKED, PS_PROBE_NOMEM };

/* 0 ok, -1 out of memory; max_streams >= 1. */
int ps_probe_stats_init(struct ps_probe_stats *st, size_t max_streams);
void ps_probe_stats_free(struct ps_probe_stats *st);

/* Accounts one stamp received at recv_ns (same clock as send_ns: the Unix
 * epoch in ns). */
enum ps_probe_kind ps_probe_stats_add(struct ps_probe_stats *st, uint32_t stream,
                                      uint64_t seq, uint64_t send_ns, uint64_t recv_ns);

/* Adds src's figures to dst's, for engines that each saw part of one
 * capture (live --workers: one per worker).  A stream only src saw is
 * copied whole; one both saw is combined: counts summed (a duplicate or a
 * reordering across engines is not seen), expected from the lowest and
 * highest sequence number, delays' min/max/sum and histogram combined,
 * jitter the mean weighted by received; such a stream's `merged` grows.
 * Streams beyond dst's cap count in packets_untracked.  dst's streams are
 * then in order of first sight (first_ns), as one engine's.  0, or -1 out
 * of memory (dst stays valid). */
int ps_probe_stats_merge(struct ps_probe_stats *dst, const struct ps_probe_stats *src);

/* The figures of one stream, as reported by recv and -z probe. */
struct ps_probe_summary {
	uint64_t received, lost, duplicates, reordered, too_old, expected;
	int64_t delay_min_ns, delay_max_ns, delay_avg_ns;
	uint64_t p50_ns, p90_ns, p99_ns; /* within 1/32 of the true value */
	double jitter_ns;
};
void ps_probe_summarise(const struct ps_probe_stream *s, struct ps_probe_summary *out);

#endif
