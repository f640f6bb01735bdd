/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tui_ring.c - live-mode storage: a bounded ring that spills its oldest
 * bytes to a temporary pcap file; every packet must stay readable. */
#include <stdio.h>
#include <string.h>

#include "ps_test.h"
#include "tui_store.h"

#define N 4000u

static uint32_t size_of(uint32_t i)
{
	return 60u + (i * 577u) % 1441u; /* 60 .. 1500, all sizes mixed */
}

static void fill(uint8_t *d, uint32_t i, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		d[k] = (uint8_t)(i * 31u + k);
}

static void append_all(struct tui_store *st)
{
	static uint8_t d[2048];
	for (uint32_t i = 0; i < N; i++) {
		struct tui_rec r = {.sec = 1000 + i / 100, .frac = i * 7u % 1000000u,
				    .caplen = size_of(i), .len = size_of(i) + 4,
				    .direction = (int8_t)((int)(i % 3) - 1)};
		fill(d, i, r.caplen);
		CU_ASSERT_EQUAL(tui_store_append(st, &r, d), 0);
		if (i % 100 == 99)
			tui_store_publish(st);
	}
	tui_store_publish(st);
}

static void check_one(const struct tui_rec *r, const uint8_t *data, uint32_t i)
{
	static uint8_t want[2048];
	fill(want, i, size_of(i));
	CU_ASSERT_EQUAL(r->sec, 1000 + i / 100);
	CU_ASSERT_EQUAL(r->frac, i * 7u % 1000000u);
	CU_ASSERT_EQUAL(r->caplen, size_of(i));
	CU_ASSERT_EQUAL(r->len, size_of(i) + 4);
	CU_ASSERT_EQUAL(r->direction, (int)(i % 3) - 1);
	CU_ASSERT_EQUAL(r->linktype, 1);
	CU_ASSERT_EQUAL(memcmp(data, want, r->caplen), 0);
}

static void test_tui_ring_spill(void)
{
	char err[256];
	struct tui_store *st = 0;
	CU_ASSERT_EQUAL_FATAL(
		tui_store_open_live(&st, "veth-test", 1, 262144, false, 1u << 20, err, sizeof err), 0);
	append_all(st);
	CU_ASSERT_EQUAL(tui_store_count(st), N);
	CU_ASSERT(st->ring_lo > 0);               /* ~3 MB through a 1 MiB ring: spilled */
	CU_ASSERT(st->ring_hi - st->ring_lo <= st->ring_size);
	CU_ASSERT_FALSE(st->spill_failed);
	static uint8_t buf[TUI_FRAME_MAX];
	struct tui_seq q;
	CU_ASSERT_EQUAL_FATAL(tui_seq_init(&q), 0);
	for (uint32_t i = N; i-- > 0;) { /* newest (ring) to oldest (file) */
		struct tui_rec r;
		const uint8_t *data;
		CU_ASSERT_EQUAL(tui_store_read(st, i, &r, buf, sizeof buf), 0);
		check_one(&r, buf, i);
		CU_ASSERT_EQUAL(tui_store_seq(st, &q, i, &r, &data), 0);
		check_one(&r, data, i);
	}
	tui_seq_free(&q);
	CU_ASSERT_EQUAL(tui_store_state(st), TUI_ST_LOADING);
	tui_store_finish(st, 0);
	CU_ASSERT_EQUAL(tui_store_state(st), TUI_ST_DONE);
	tui_store_close(st);
}

/* A frame larger than half the ring is clipped, not lost; reads clip to cap. */
static void test_tui_ring_clip(void)
{
	char err[256];
	struct tui_store *st = 0;
	static uint8_t big[1u << 20], buf[TUI_FRAME_MAX];
	CU_ASSERT_EQUAL_FATAL(
		tui_store_open_live(&st, "x", 1, 1u << 20, true, 1u << 20, err, sizeof err), 0);
	memset(big, 0xab, sizeof big);
	struct tui_rec r = {.sec = 5, .frac = 999999999u, .caplen = sizeof big, .len = sizeof big,
			    .direction = -1};
	CU_ASSERT_EQUAL(tui_store_append(st, &r, big), 0);
	tui_store_publish(st);
	struct tui_rec o;
	CU_ASSERT_EQUAL(tui_store_read(st, 0, &o, buf, 100), 0);
	CU_ASSERT_EQUAL(o.caplen, 100);
	CU_ASSERT(o.nano);
	CU_ASSERT_EQUAL(o.frac, 999999999u);
	CU_ASSERT_EQUAL(o.len, sizeof big);
	CU_ASSERT_EQUAL(tui_store_read(st, 0, &o, big, sizeof big), 0);
	CU_ASSERT_EQUAL(o.caplen, (1u << 20) / 2 - 16);
	tui_store_finish(st, "capture error: gone");
	CU_ASSERT_EQUAL(tui_store_state(st), TUI_ST_STOPPED);
	CU_ASSERT_STRING_EQUAL(st->msg, "capture error: gone");
	tui_store_close(st);
}

PST_MAIN("tui_ring", {"spill", test_tui_ring_spill}, {"clip", test_tui_ring_clip})
