/* SPDX-License-Identifier: BSD-2-Clause */
/* test_stream_buf.c - CUnit suite of the stream decoders' shared
 * per-direction state (dissectors/dis_stream_buf.c): the buffer charged to
 * and released from a budget's use, a record's bytes taken up to its end
 * (copied only when a buffer is held), and the sync / gap / free counters
 * (a gap counts only when the boundary was known, free only a record under
 * way). */
#include <stdlib.h>
#include <string.h>

#include "dis_stream_buf.h"
#include "ps_test.h"

/* A record of n bytes whose buffer (cap n) is charged to *used. */
static void start_record(struct ps_srec *r, size_t *used, uint32_t n)
{
	r->left = n;
	r->m.buf = malloc(n);
	CU_ASSERT_FATAL(r->m.buf != NULL);
	r->m.cap = n;
	*used += n;
}

static void test_take(void)
{
	struct ps_srec r = {0};
	size_t used = 100; /* other streams' bytes */
	uint64_t syncs = 0;
	ps_srec_sync(&r, &used, &syncs);
	CU_ASSERT_TRUE(r.synced);
	CU_ASSERT_EQUAL(syncs, 1);
	start_record(&r, &used, 5);
	const uint8_t in[] = "abcdefgh";
	const uint8_t *d = in;
	uint32_t len = 3;
	CU_ASSERT_FALSE(ps_srec_take(&r, &d, &len)); /* 3 of 5 */
	CU_ASSERT_EQUAL(len, 0);
	CU_ASSERT_EQUAL(r.left, 2);
	len = 5; /* the record's last 2 bytes and 3 of the next */
	CU_ASSERT_TRUE(ps_srec_take(&r, &d, &len));
	CU_ASSERT_EQUAL(len, 3);
	CU_ASSERT_PTR_EQUAL(d, in + 5);
	CU_ASSERT_EQUAL(r.m.len, 5);
	CU_ASSERT_EQUAL(memcmp(r.m.buf, "abcde", 5), 0);
	CU_ASSERT_EQUAL(used, 105);
	r.nhdr = 2;
	ps_srec_next(&r, &used);
	CU_ASSERT_EQUAL(used, 100);
	CU_ASSERT_PTR_NULL(r.m.buf);
	CU_ASSERT_EQUAL(r.m.len + r.m.cap + r.nhdr, 0);
	CU_ASSERT_TRUE(r.synced);
	/* counted through without a buffer: nothing copied, nothing charged */
	r.left = 4;
	len = 4;
	CU_ASSERT_TRUE(ps_srec_take(&r, &d, &len));
	CU_ASSERT_EQUAL(r.m.len, 0);
	/* an empty piece completes only a record with nothing left */
	r.left = 1;
	len = 0;
	CU_ASSERT_FALSE(ps_srec_take(&r, &d, &len));
}

static void test_gap_free(void)
{
	struct ps_srec r = {0};
	size_t used = 0;
	uint64_t syncs = 0, desyncs = 0, evicted = 0;
	ps_srec_gap(&r, &used, &desyncs); /* no boundary known: nothing lost */
	CU_ASSERT_EQUAL(desyncs, 0);
	ps_srec_sync(&r, &used, &syncs);
	start_record(&r, &used, 8);
	ps_srec_gap(&r, &used, &desyncs);
	CU_ASSERT_EQUAL(desyncs, 1);
	CU_ASSERT_EQUAL(used, 0);
	CU_ASSERT_FALSE(r.synced);
	CU_ASSERT_PTR_NULL(r.m.buf);
	/* a stream at a boundary ends: not evicted */
	ps_srec_sync(&r, &used, &syncs);
	ps_srec_free(&r, &used, &evicted);
	CU_ASSERT_EQUAL(evicted, 0);
	CU_ASSERT_FALSE(r.synced);
	/* a record's header begun, or its body under way: evicted, released */
	ps_srec_sync(&r, &used, &syncs);
	r.nhdr = 1;
	ps_srec_free(&r, &used, &evicted);
	CU_ASSERT_EQUAL(evicted, 1);
	ps_srec_sync(&r, &used, &syncs);
	start_record(&r, &used, 8);
	ps_srec_free(&r, &used, &evicted);
	CU_ASSERT_EQUAL(evicted, 2);
	CU_ASSERT_EQUAL(used, 0);
	CU_ASSERT_EQUAL(syncs, 4);
	/* a lost stream that ends is not evicted (its bytes were not a record) */
	ps_srec_free(&r, &used, &evicted);
	CU_ASSERT_EQUAL(evicted, 2);
}

static void test_sbuf_release(void)
{
	struct ps_sbuf m = {0};
	size_t used = 7;
	ps_sbuf_release(&m, &used); /* nothing held */
	CU_ASSERT_EQUAL(used, 7);
	m.buf = malloc(16);
	CU_ASSERT_FATAL(m.buf != NULL);
	m.cap = 16, m.len = 3;
	used += 16;
	ps_sbuf_release(&m, &used);
	CU_ASSERT_EQUAL(used, 7);
	CU_ASSERT_PTR_NULL(m.buf);
	CU_ASSERT_EQUAL(m.len + m.cap, 0);
}

PST_MAIN("stream_buf", {"take", test_take}, {"gap_free", test_gap_free},
	 {"sbuf_release", test_sbuf_release})
