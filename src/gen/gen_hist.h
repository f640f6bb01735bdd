/* SPDX-License-Identifier: BSD-2-Clause */
/* Latency histogram: log-linear buckets (64 sub-buckets per power of two,
 * so a reported percentile is within 1/64 = 1.6% of the true value), fixed
 * size whatever the number of samples, exact max. Values are nanoseconds. */
#ifndef PS_GEN_HIST_H
#define PS_GEN_HIST_H

#include <stdint.h>

#define GEN_HIST_SUB_BITS 6
#define GEN_HIST_BUCKETS ((64 - GEN_HIST_SUB_BITS + 1) << GEN_HIST_SUB_BITS)

struct gen_hist {
	uint64_t count;
	uint64_t max;
	uint64_t sum;
	uint64_t bucket[GEN_HIST_BUCKETS];
};

void gen_hist_reset(struct gen_hist *h);
void gen_hist_add(struct gen_hist *h, uint64_t v);
/* Adds every sample of src into dst. */
void gen_hist_merge(struct gen_hist *dst, const struct gen_hist *src);
/* Value at percentile p (0 < p <= 100): the upper edge of its bucket,
 * clipped to max; 0 when empty. */
uint64_t gen_hist_pct(const struct gen_hist *h, double p);

#endif
