/* SPDX-License-Identifier: BSD-2-Clause */
/* Probe statistics on hand-made sequences: loss, duplicates, reordering,
 * the window and stream caps, delay percentiles, RFC 3550 jitter. */
#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "ps_probe_stats.h"
#include "ps_test.h"

#define T0 1700000000000000000ull

static struct ps_probe_summary feed(const uint64_t *seq, size_t n, uint64_t delay_ns)
{
	struct ps_probe_stats st;
	struct ps_probe_summary s;
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&st, 4), 0);
	for (size_t i = 0; i < n; i++)
		ps_probe_stats_add(&st, 7, seq[i], T0 + seq[i] * 1000, T0 + seq[i] * 1000 + delay_ns);
	CU_ASSERT_EQUAL(st.n, 1);
	ps_probe_summarise(st.streams[0], &s);
	ps_probe_stats_free(&st);
	return s;
}

static void test_probe_stats_in_order(void)
{
	uint64_t q[100];
	for (int i = 0; i < 100; i++)
		q[i] = 10 + (uint64_t)i;
	struct ps_probe_summary s = feed(q, 100, 5000);
	CU_ASSERT_EQUAL(s.received, 100);
	CU_ASSERT_EQUAL(s.expected, 100);
	CU_ASSERT_EQUAL(s.lost, 0);
	CU_ASSERT_EQUAL(s.duplicates + s.reordered + s.too_old, 0);
	CU_ASSERT_EQUAL(s.delay_min_ns, 5000);
	CU_ASSERT_EQUAL(s.delay_max_ns, 5000);
	CU_ASSERT_EQUAL(s.delay_avg_ns, 5000);
	CU_ASSERT_EQUAL(s.p50_ns, 5000);
	CU_ASSERT_EQUAL(s.p99_ns, 5000);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter_ns, 0.0, 1e-9);
}

static void test_probe_stats_loss(void)
{
	/* 0..99 without every 7th (6, 13, ..., 97): 14 lost */
	uint64_t q[100];
	size_t n = 0;
	for (uint64_t i = 0; i < 100; i++)
		if (i % 7 != 6)
			q[n++] = i;
	struct ps_probe_summary s = feed(q, n, 1);
	CU_ASSERT_EQUAL(s.received, 86);
	CU_ASSERT_EQUAL(s.lost, 14);
	CU_ASSERT_EQUAL(s.reordered, 0);
}

static void test_probe_stats_dup_reorder(void)
{
	/* 0 1 3 2 2 4 1 5: 3 before 2 (2 reordered), 2 and 1 again (dups) */
	static const uint64_t q[] = { 0, 1, 3, 2, 2, 4, 1, 5 };
	struct ps_probe_summary s = feed(q, 8, 1);
	CU_ASSERT_EQUAL(s.received, 6);
	CU_ASSERT_EQUAL(s.duplicates, 2);
	CU_ASSERT_EQUAL(s.reordered, 1);
	CU_ASSERT_EQUAL(s.lost, 0);
	/* a late packet below the first one seen extends the range */
	static const uint64_t r[] = { 5, 6, 4, 8 };
	s = feed(r, 4, 1);
	CU_ASSERT_EQUAL(s.received, 4);
	CU_ASSERT_EQUAL(s.reordered, 1);
	CU_ASSERT_EQUAL(s.expected, 5);
	CU_ASSERT_EQUAL(s.lost, 1);
}

static void test_probe_stats_window(void)
{
	/* 0, then 5000 (a gap wider than the window), then 0 again and 10:
	 * 0 is out of the window (too_old, neither dup nor received), 10 too */
	static const uint64_t q[] = { 0, 5000, 0, 10, 4999, 4999, UINT64_MAX };
	struct ps_probe_summary s = feed(q, 7, 1);
	CU_ASSERT_EQUAL(s.too_old, 3); /* UINT64_MAX too: its successor would wrap */
	CU_ASSERT_EQUAL(s.received, 3);
	CU_ASSERT_EQUAL(s.reordered, 1);
	CU_ASSERT_EQUAL(s.duplicates, 1);
	CU_ASSERT_EQUAL(s.lost, 5001 - 3);
}

static void test_probe_stats_stream_cap(void)
{
	struct ps_probe_stats st;
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&st, 3), 0);
	for (uint32_t id = 0; id < 10; id++)
		for (uint64_t q = 0; q < 5; q++)
			CU_ASSERT_EQUAL(ps_probe_stats_add(&st, id * 977, q, T0, T0 + 10),
					id < 3 ? PS_PROBE_IN_ORDER : PS_PROBE_UNTRACKED);
	CU_ASSERT_EQUAL(st.n, 3);
	CU_ASSERT_EQUAL(st.packets_untracked, 35);
	for (size_t i = 0; i < st.n; i++)
		CU_ASSERT_EQUAL(st.streams[i]->received, 5);
	ps_probe_stats_free(&st);
}

static void test_probe_stats_delay_jitter(void)
{
	struct ps_probe_stats st;
	struct ps_probe_summary s;
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&st, 1), 0);
	/* delays 1..100 µs: min 1, max 100, avg 50.5, p50 50, p90 90, p99 99 (within 1/32) */
	for (uint64_t i = 0; i < 100; i++)
		ps_probe_stats_add(&st, 1, i, T0 + i * 1000000, T0 + i * 1000000 + (i + 1) * 1000);
	ps_probe_summarise(st.streams[0], &s);
	CU_ASSERT_EQUAL(s.delay_min_ns, 1000);
	CU_ASSERT_EQUAL(s.delay_max_ns, 100000);
	CU_ASSERT_EQUAL(s.delay_avg_ns, 50500);
	CU_ASSERT(s.p50_ns >= 50000 && s.p50_ns <= 50000 + 50000 / 32);
	CU_ASSERT(s.p90_ns >= 90000 && s.p90_ns <= 90000 + 90000 / 32);
	CU_ASSERT(s.p99_ns >= 99000 && s.p99_ns <= 100000);
	/* transit changes by 1000 ns each time: J -> 1000 (1000 * (1 - (15/16)^99)) */
	double want = 0;
	for (int i = 1; i < 100; i++)
		want += (1000.0 - want) / 16.0;
	CU_ASSERT_DOUBLE_EQUAL(s.jitter_ns, want, 1e-6);
	CU_ASSERT(s.jitter_ns > 990 && s.jitter_ns < 1000);
	/* a negative delay (skewed clocks) is kept signed and counted */
	ps_probe_stats_add(&st, 1, 100, T0 + 200000000, T0 + 200000000 - 500);
	ps_probe_summarise(st.streams[0], &s);
	CU_ASSERT_EQUAL(s.delay_min_ns, -500);
	CU_ASSERT_EQUAL(st.streams[0]->negative_delays, 1);
	ps_probe_stats_free(&st);
}

/* Streams split between engines (live workers): one engine each is exact,
 * as a single engine's; one stream over two sums and combines; the rows come
 * out in order of first sight; the cap counts what does not fit. */
static void test_probe_stats_merge(void)
{
	struct ps_probe_stats one, w0, w1, m;
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&one, 8), 0);
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&w0, 8), 0);
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&w1, 8), 0);
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&m, 8), 0);
	/* stream 5 (seen first, on worker 1) and 9 (worker 0), 0..49 without
	 * every 10th, delays growing: each on one worker */
	for (uint64_t i = 0; i < 50; i++) {
		if (i % 10 == 9)
			continue;
		uint64_t t = T0 + i * 1000000;
		ps_probe_stats_add(&one, 5, i, t, t + 100 + i * 7);
		ps_probe_stats_add(&w1, 5, i, t, t + 100 + i * 7);
		ps_probe_stats_add(&one, 9, i, t + 10, t + 300 + i);
		ps_probe_stats_add(&w0, 9, i, t + 10, t + 300 + i);
	}
	CU_ASSERT_EQUAL(ps_probe_stats_merge(&m, &w0), 0);
	CU_ASSERT_EQUAL(ps_probe_stats_merge(&m, &w1), 0);
	CU_ASSERT_EQUAL_FATAL(m.n, 2);
	for (size_t k = 0; k < 2; k++) { /* the same rows, the same order, as one engine */
		struct ps_probe_summary a, b;
		ps_probe_summarise(one.streams[k], &a);
		ps_probe_summarise(m.streams[k], &b);
		CU_ASSERT_EQUAL(m.streams[k]->id, one.streams[k]->id);
		CU_ASSERT_EQUAL(m.streams[k]->merged, 0);
		CU_ASSERT_EQUAL(memcmp(&a, &b, sizeof a), 0);
	}
	CU_ASSERT_EQUAL(m.streams[0]->id, 5);
	/* a stream on both: even numbers on w0, odd on w1 */
	ps_probe_stats_free(&w0);
	ps_probe_stats_free(&w1);
	ps_probe_stats_free(&m);
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&w0, 8), 0);
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&w1, 8), 0);
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&m, 1), 0);
	for (uint64_t i = 0; i < 20; i++) {
		uint64_t t = T0 + i * 1000;
		ps_probe_stats_add(i % 2 ? &w1 : &w0, 3, i + 100, t, t + 1000 + i);
	}
	ps_probe_stats_add(&w1, 4, 0, T0, T0 + 1); /* one stream more than m's cap */
	CU_ASSERT_EQUAL(ps_probe_stats_merge(&m, &w0), 0);
	CU_ASSERT_EQUAL(ps_probe_stats_merge(&m, &w1), 0);
	CU_ASSERT_EQUAL_FATAL(m.n, 1);
	struct ps_probe_summary s;
	ps_probe_summarise(m.streams[0], &s);
	CU_ASSERT_EQUAL(s.received, 20);
	CU_ASSERT_EQUAL(s.expected, 20);
	CU_ASSERT_EQUAL(s.lost, 0);
	CU_ASSERT_EQUAL(s.delay_min_ns, 1000);
	CU_ASSERT_EQUAL(s.delay_max_ns, 1019);
	CU_ASSERT_EQUAL(m.streams[0]->merged, 1);
	CU_ASSERT_EQUAL(m.streams[0]->first_ns, T0 + 1000);
	CU_ASSERT_EQUAL(m.packets_untracked, 1);
	ps_probe_stats_free(&w0);
	ps_probe_stats_free(&w1);
	ps_probe_stats_free(&m);
	ps_probe_stats_free(&one);
}

PST_MAIN("probe_stats", {"in_order", test_probe_stats_in_order}, {"loss", test_probe_stats_loss},
	 {"dup_reorder", test_probe_stats_dup_reorder}, {"window", test_probe_stats_window},
	 {"stream_cap", test_probe_stats_stream_cap}, {"delay_jitter", test_probe_stats_delay_jitter},
	 {"merge", test_probe_stats_merge})
