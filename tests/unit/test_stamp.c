/* SPDX-License-Identifier: BSD-2-Clause */
/* Probe stamp codec: the documented bytes, round trip, every rejection. */
#include "ps_stamp.h"
#include "ps_test.h"

/* stream 3, length 40, seq 0x0102030405060708, send time 1e18 ns, PATTERN */
static const uint8_t stamp_ref[PS_STAMP_LEN] = {
	0x89, 'P', 'S', 'T', 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x28,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0d, 0xe0, 0xb6, 0xb3, 0xa7, 0x64, 0x00, 0x00,
};

static const struct ps_stamp stamp_val = { .version = 1, .flags = PS_STAMP_F_PATTERN, .stream = 3,
					   .msg_len = 40, .seq = 0x0102030405060708ull,
					   .send_ns = 1000000000000000000ull };

/* RFC 1071 by hand over 16-bit words, checksum word zero. */
static uint16_t ref_cksum(const uint8_t *b)
{
	uint32_t sum = 0;
	for (int i = 0; i < 32; i += 2)
		sum += i == 6 ? 0 : (uint32_t)(b[i] << 8 | b[i + 1]);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void test_stamp_encode_bytes(void)
{
	uint8_t b[40];
	ps_stamp_encode(b, &stamp_val);
	uint16_t ck = ref_cksum(stamp_ref);
	CU_ASSERT_EQUAL(b[6], ck >> 8);
	CU_ASSERT_EQUAL(b[7], ck & 0xff);
	b[6] = b[7] = 0;
	CU_ASSERT_EQUAL(memcmp(b, stamp_ref, PS_STAMP_LEN), 0);
}

static void test_stamp_roundtrip(void)
{
	uint8_t b[40];
	struct ps_stamp s;
	ps_stamp_encode(b, &stamp_val);
	ps_stamp_pad(b, sizeof b);
	CU_ASSERT_EQUAL(b[32], 32);
	CU_ASSERT_EQUAL(b[39], 39);
	CU_ASSERT_EQUAL(ps_stamp_pad_check(b, sizeof b), sizeof b);
	b[35] ^= 1;
	CU_ASSERT_EQUAL(ps_stamp_pad_check(b, sizeof b), 35);
	CU_ASSERT_EQUAL(ps_stamp_decode(b, sizeof b, &s), PS_STAMP_OK);
	CU_ASSERT_EQUAL(s.stream, 3);
	CU_ASSERT_EQUAL(s.msg_len, 40);
	CU_ASSERT_EQUAL(s.seq, stamp_val.seq);
	CU_ASSERT_EQUAL(s.send_ns, stamp_val.send_ns);
	CU_ASSERT_EQUAL(s.flags, PS_STAMP_F_PATTERN);
	CU_ASSERT_TRUE(ps_stamp_looks(b, 5));
}

static void test_stamp_rejects(void)
{
	uint8_t b[PS_STAMP_LEN];
	struct ps_stamp s, bad = stamp_val;
	ps_stamp_encode(b, &stamp_val);
	CU_ASSERT_EQUAL(ps_stamp_decode(b, PS_STAMP_LEN - 1, &s), PS_STAMP_SHORT);
	/* any single flipped bit in the header is caught */
	for (int i = 0; i < PS_STAMP_LEN * 8; i++) {
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
		CU_ASSERT_NOT_EQUAL(ps_stamp_decode(b, PS_STAMP_LEN, &s), PS_STAMP_OK);
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	b[0] = 0x88;
	CU_ASSERT_EQUAL(ps_stamp_decode(b, PS_STAMP_LEN, &s), PS_STAMP_MAGIC);
	CU_ASSERT_FALSE(ps_stamp_looks(b, PS_STAMP_LEN));
	bad.version = 2;
	ps_stamp_encode(b, &bad);
	CU_ASSERT_EQUAL(ps_stamp_decode(b, PS_STAMP_LEN, &s), PS_STAMP_VER);
	b[7] ^= 1;
	CU_ASSERT_EQUAL(ps_stamp_decode(b, PS_STAMP_LEN, &s), PS_STAMP_VER);
	bad = stamp_val;
	bad.msg_len = 31;
	ps_stamp_encode(b, &bad);
	CU_ASSERT_EQUAL(ps_stamp_decode(b, PS_STAMP_LEN, &s), PS_STAMP_LENGTH);
	ps_stamp_encode(b, &stamp_val);
	b[7] ^= 1;
	CU_ASSERT_EQUAL(ps_stamp_decode(b, PS_STAMP_LEN, &s), PS_STAMP_CKSUM);
}

/* Random bytes behind a correct magic and version: none passes. */
static void test_stamp_false_positive(void)
{
	uint8_t b[PS_STAMP_LEN];
	struct ps_stamp s;
	uint32_t x = 12345, hits = 0;
	for (int n = 0; n < 200000; n++) {
		for (int i = 0; i < PS_STAMP_LEN; i++) {
			x = x * 1103515245u + 12345u;
			b[i] = (uint8_t)(x >> 16);
		}
		memcpy(b, "\x89PST\x01", 5);
		hits += ps_stamp_decode(b, PS_STAMP_LEN, &s) == PS_STAMP_OK;
	}
	CU_ASSERT(hits < 10); /* 2^-16 each: about 3 expected */
}

PST_MAIN("stamp", {"encode_bytes", test_stamp_encode_bytes}, {"roundtrip", test_stamp_roundtrip},
	 {"rejects", test_stamp_rejects}, {"false_positive", test_stamp_false_positive})
