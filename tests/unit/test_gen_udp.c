/* SPDX-License-Identifier: BSD-2-Clause */
/* test_gen_udp.c - the udp-send payload layout and the drift-free schedule. */
#include <stdint.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "gen_udp_send.h"

static void test_gen_udp_header_layout(void)
{
	/* magic "PSG1", stream 0x01020304, seq 0x1122334455667788, time 0x0a0b0c0d0e0f1011 */
	static const unsigned char want[24] = {
		'P', 'S', 'G', '1', 0x01, 0x02, 0x03, 0x04,
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
	};
	unsigned char b[40];
	uint32_t stream;
	uint64_t seq, tx;

	gen_udp_put_header(b, 0x01020304u, 0x1122334455667788ULL, 0x0a0b0c0d0e0f1011ULL);
	gen_udp_fill(b, sizeof b);
	CU_ASSERT_EQUAL(memcmp(b, want, sizeof want), 0);
	for (size_t i = 24; i < sizeof b; i++)
		CU_ASSERT_EQUAL(b[i], i & 0xff);
	CU_ASSERT_EQUAL(gen_udp_get_header(b, sizeof b, &stream, &seq, &tx), 0);
	CU_ASSERT_EQUAL(stream, 0x01020304u);
	CU_ASSERT_EQUAL(seq, 0x1122334455667788ULL);
	CU_ASSERT_EQUAL(tx, 0x0a0b0c0d0e0f1011ULL);
}

static void test_gen_udp_header_rejects(void)
{
	unsigned char b[24];
	uint32_t stream;
	uint64_t seq, tx;

	gen_udp_put_header(b, 1, 2, 3);
	CU_ASSERT_EQUAL(gen_udp_get_header(b, 23, &stream, &seq, &tx), -1); /* short */
	b[3] = '2';
	CU_ASSERT_EQUAL(gen_udp_get_header(b, 24, &stream, &seq, &tx), -1); /* magic */
}

static void test_gen_udp_schedule_no_drift(void)
{
	/* 3 pps: period 1e12/3000 ns is not an integer; packet 3e9 is due after
	 * exactly 1e9 s, not 1e9 s minus 3e9 rounding errors. */
	uint64_t num = 1000000000000ULL, den = 3000;

	CU_ASSERT_EQUAL(gen_udp_sched(5, 0, num, den), 5);
	CU_ASSERT_EQUAL(gen_udp_sched(0, 3, num, den), 1000000000LL);
	CU_ASSERT_EQUAL(gen_udp_sched(0, 3000000000ULL, num, den), 1000000000LL * 1000000000LL);
	CU_ASSERT_EQUAL(gen_udp_sched(0, 1, num, den), 333333333LL);
	/* Past 2^63 ns it saturates instead of wrapping. */
	CU_ASSERT_EQUAL(gen_udp_sched(0, UINT64_MAX, num, 1), INT64_MAX);
	/* 1 s interval, k = 2^32 (136 years of packets) stays exact. */
	CU_ASSERT_EQUAL(gen_udp_sched(7, 1ULL << 32, 1000000000ULL, 1), 7 + (1LL << 32) * 1000000000LL);
}

int main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gen_udp", NULL, NULL);
	CU_add_test(s, "header_layout", test_gen_udp_header_layout);
	CU_add_test(s, "header_rejects", test_gen_udp_header_rejects);
	CU_add_test(s, "schedule_no_drift", test_gen_udp_schedule_no_drift);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
