/* SPDX-License-Identifier: BSD-2-Clause */
/* test_gen_hist.c - latency histogram: percentiles within 1/64, exact max,
 * merge, empty. */
#include <stdint.h>

#include <CUnit/Basic.h>

#include "gen_hist.h"

static int within(uint64_t got, uint64_t want)
{
	double d = (double)got - (double)want;

	return d >= 0 ? d <= (double)want / 64.0 + 1 : -d <= (double)want / 64.0 + 1;
}

static void test_gen_hist_percentiles(void)
{
	static struct gen_hist h;

	gen_hist_reset(&h);
	for (uint64_t v = 1; v <= 100000; v++) /* 1..100000 ns, uniform */
		gen_hist_add(&h, v * 1000);
	CU_ASSERT_EQUAL(h.count, 100000);
	CU_ASSERT_EQUAL(h.max, 100000000);
	CU_ASSERT(within(gen_hist_pct(&h, 50), 50000000));
	CU_ASSERT(within(gen_hist_pct(&h, 90), 90000000));
	CU_ASSERT(within(gen_hist_pct(&h, 99), 99000000));
	CU_ASSERT_EQUAL(gen_hist_pct(&h, 100), 100000000);
}

static void test_gen_hist_small_and_huge(void)
{
	static struct gen_hist h;

	gen_hist_reset(&h);
	CU_ASSERT_EQUAL(gen_hist_pct(&h, 50), 0); /* empty */
	for (uint64_t v = 0; v < 64; v++)          /* below 64: exact buckets */
		gen_hist_add(&h, v);
	CU_ASSERT_EQUAL(gen_hist_pct(&h, 50), 31);
	gen_hist_add(&h, UINT64_MAX);               /* top bucket, no overflow */
	CU_ASSERT_EQUAL(gen_hist_pct(&h, 100), UINT64_MAX);
	CU_ASSERT_EQUAL(h.max, UINT64_MAX);
}

static void test_gen_hist_merge(void)
{
	static struct gen_hist a, b;

	gen_hist_reset(&a);
	gen_hist_reset(&b);
	for (int i = 0; i < 99; i++)
		gen_hist_add(&a, 1000);
	gen_hist_add(&b, 5000000);
	gen_hist_merge(&a, &b);
	CU_ASSERT_EQUAL(a.count, 100);
	CU_ASSERT_EQUAL(a.max, 5000000);
	CU_ASSERT(within(gen_hist_pct(&a, 99), 1000));
	CU_ASSERT_EQUAL(gen_hist_pct(&a, 99.5), 5000000);
}

int main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gen_hist", NULL, NULL);
	CU_add_test(s, "percentiles", test_gen_hist_percentiles);
	CU_add_test(s, "small_and_huge", test_gen_hist_small_and_huge);
	CU_add_test(s, "merge", test_gen_hist_merge);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
