/* SPDX-License-Identifier: BSD-2-Clause */
/* Log-linear latency histogram (see gen_hist.h). */
#include "gen_hist.h"

#include <string.h>

#define SUB (1u << GEN_HIST_SUB_BITS)

/* Values below SUB map to themselves; above, the top GEN_HIST_SUB_BITS+1
 * significant bits choose the bucket. */
static unsigned hist_index(uint64_t v)
{
	unsigned msb, shift;

	if (v < SUB)
		return (unsigned)v;
	msb = 63u - (unsigned)__builtin_clzll(v);
	shift = msb - GEN_HIST_SUB_BITS;
	return ((shift + 1) << GEN_HIST_SUB_BITS) + (unsigned)((v >> shift) - SUB);
}

/* Largest value that lands in bucket i. */
static uint64_t hist_upper(unsigned i)
{
	unsigned group = i >> GEN_HIST_SUB_BITS, shift;
	uint64_t sub = i & (SUB - 1);

	if (group == 0)
		return sub;
	shift = group - 1;
	return ((SUB + sub + 1) << shift) - 1;
}

void gen_hist_reset(struct gen_hist *h)
{
	memset(h, 0, sizeof *h);
}

void gen_hist_add(struct gen_hist *h, uint64_t v)
{
	h->bucket[hist_index(v)]++;
	h->count++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
}

void gen_hist_merge(struct gen_hist *dst, const struct gen_hist *src)
{
	for (unsigned i = 0; i < GEN_HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t gen_hist_pct(const struct gen_hist *h, double p)
{
	uint64_t rank, seen = 0;

	if (!h->count)
		return 0;
	rank = (uint64_t)((p / 100.0) * (double)h->count + 0.999999);
	if (rank < 1)
		rank = 1;
	for (unsigned i = 0; i < GEN_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank) {
			uint64_t up = hist_upper(i);
			return up < h->max ? up : h->max;
		}
	}
	return h->max;
}
