/* SPDX-License-Identifier: BSD-2-Clause */
/* test_cursor.c - the bounds-checked cursor: reads, short reads, clipping. */
#include "ps_cursor.h"
#include "ps_test.h"

/* 6 bytes: 0x0102 0x03040506 */
static const uint8_t bytes6[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06};

static void test_cursor_reads_in_order(void)
{
	struct ps_cursor c;
	ps_cur_init(&c, bytes6, sizeof bytes6);
	CU_ASSERT_EQUAL(ps_cur_be16(&c), 0x0102);
	CU_ASSERT_EQUAL(ps_cur_be32(&c), 0x03040506);
	CU_ASSERT_FALSE(c.short_read);
	CU_ASSERT_EQUAL(ps_cur_remaining(&c), 0);
	CU_ASSERT_EQUAL(c.pos, 6);
}

static void test_cursor_short_read_is_sticky_and_does_not_advance(void)
{
	struct ps_cursor c;
	ps_cur_init(&c, bytes6, 3);
	CU_ASSERT_EQUAL(ps_cur_be16(&c), 0x0102);
	CU_ASSERT_EQUAL(ps_cur_be16(&c), 0); /* only one byte left */
	CU_ASSERT_TRUE(c.short_read);
	CU_ASSERT_EQUAL(c.pos, 2);
	CU_ASSERT_EQUAL(ps_cur_u8(&c), 0x03); /* the byte is still there */
	CU_ASSERT_TRUE(c.short_read);         /* sticky */
	CU_ASSERT_EQUAL(ps_cur_u8(&c), 0);
	CU_ASSERT_EQUAL(ps_cur_be32(&c), 0);
	CU_ASSERT_FALSE(ps_cur_skip(&c, 1));
	CU_ASSERT_TRUE(ps_cur_skip(&c, 0));
}

static void test_cursor_peek_and_overflowing_offsets(void)
{
	struct ps_cursor c;
	ps_cur_init(&c, bytes6, sizeof bytes6);
	CU_ASSERT_EQUAL(ps_cur_peek_be16(&c, 4), 0x0506);
	CU_ASSERT_EQUAL(ps_cur_peek_le16(&c, 4), 0x0605);
	CU_ASSERT_EQUAL(ps_cur_peek_le32(&c, 0), 0x04030201);
	CU_ASSERT_FALSE(c.short_read);
	CU_ASSERT_EQUAL(ps_cur_peek_be16(&c, 5), 0);
	CU_ASSERT_TRUE(c.short_read);
	c.short_read = false;
	/* offsets near UINT32_MAX must not wrap around into the buffer */
	CU_ASSERT_EQUAL(ps_cur_peek_be32(&c, UINT32_MAX - 1), 0);
	CU_ASSERT_PTR_NULL(ps_cur_peek_bytes(&c, 2, UINT32_MAX));
	CU_ASSERT_PTR_NULL(ps_cur_peek_bytes(&c, UINT32_MAX, 2));
	CU_ASSERT_FALSE(ps_cur_skip(&c, UINT32_MAX));
	CU_ASSERT_TRUE(c.short_read);
	CU_ASSERT_EQUAL(c.pos, 0);
	CU_ASSERT_PTR_EQUAL(ps_cur_peek_bytes(&c, 2, 4), bytes6 + 2);
}

static void test_cursor_clip_and_sub_never_extend(void)
{
	struct ps_cursor c;
	ps_cur_init(&c, bytes6, sizeof bytes6);
	ps_cur_skip(&c, 1);
	ps_cur_clip(&c, 100); /* a header claiming more than there is */
	CU_ASSERT_EQUAL(ps_cur_remaining(&c), 5);
	ps_cur_clip(&c, 3); /* Ethernet padding is cut away */
	CU_ASSERT_EQUAL(ps_cur_remaining(&c), 3);
	CU_ASSERT_EQUAL(c.end, 4);
	struct ps_cursor s = ps_cur_sub(&c, 2);
	CU_ASSERT_EQUAL(s.pos, 1);
	CU_ASSERT_EQUAL(ps_cur_remaining(&s), 2);
	CU_ASSERT_EQUAL(ps_cur_be16(&s), 0x0203);
	CU_ASSERT_EQUAL(ps_cur_u8(&s), 0);
	CU_ASSERT_TRUE(s.short_read);
	CU_ASSERT_FALSE(c.short_read); /* the parent is untouched */
	CU_ASSERT_EQUAL(c.pos, 1);
}

static void test_cursor_empty_window(void)
{
	struct ps_cursor c;
	ps_cur_init(&c, bytes6, 0);
	CU_ASSERT_FALSE(ps_cur_has(&c, 1));
	CU_ASSERT_TRUE(ps_cur_has(&c, 0));
	CU_ASSERT_EQUAL(ps_cur_peek_u8(&c, 0), 0);
	CU_ASSERT_TRUE(c.short_read);
	c.pos = 10; /* a position past end behaves as empty, never negative */
	CU_ASSERT_EQUAL(ps_cur_remaining(&c), 0);
}

PST_MAIN("cursor", {"reads in order", test_cursor_reads_in_order},
	 {"short read sticky, no advance", test_cursor_short_read_is_sticky_and_does_not_advance},
	 {"peek and overflowing offsets", test_cursor_peek_and_overflowing_offsets},
	 {"clip and sub never extend", test_cursor_clip_and_sub_never_extend},
	 {"empty window", test_cursor_empty_window})
