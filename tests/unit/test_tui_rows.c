/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tui_rows.c - the packet list's Time column at the edges of the
 * reader's time range: seconds since the first packet of a capture whose
 * time stamps are PS_PCAP_SEC_MIN and PS_PCAP_SEC_MAX apart overflowed the
 * 64-bit nanosecond count (UBSan: signed overflow in ui/tui_rows.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pcapng_asm.h"
#include "ps_test.h"
#include "tui_model.h"

/* Two interfaces, if_tsoffset INT64_MIN and INT64_MAX (saturated by the
 * reader); the first packet on `first`, the second on the other one. */
static void far_apart(unsigned first, char *t1, char *t2)
{
	struct pst_asm a = {.n = 0};
	pst_shb(&a);
	pst_idb(&a, -1, true, (uint64_t)INT64_MIN);
	pst_idb(&a, -1, true, (uint64_t)INT64_MAX);
	pst_epb(&a, first, 1, 20);
	pst_epb(&a, !first, 2, 20);
	const char *path = pst_write_tmp(&a);
	struct tui_store *st = 0;
	static struct tui_model m;
	char err[256];
	CU_ASSERT_EQUAL_FATAL(tui_store_open_file(&st, path, 0, err, sizeof err), 0);
	for (int i = 0; i < 5000 && tui_store_state(st) == TUI_ST_LOADING; i++)
		tui_sleep_ms(1);
	CU_ASSERT_EQUAL_FATAL(tui_model_init(&m, st, 0), 0);
	tui_model_tick(&m);
	tui_model_resize(&m, 24, 80);
	tui_model_prepare(&m);
	const struct tui_row *r1 = tui_model_row(&m, 0), *r2 = tui_model_row(&m, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r2);
	snprintf(t1, 32, "%s", r1->time);
	snprintf(t2, 32, "%s", r2->time);
	tui_model_free(&m);
	tui_store_close(st);
	unlink(path);
}

static void test_tui_rows_time_far_future(void)
{
	char t1[32], t2[32];
	far_apart(0, t1, t2);
	CU_ASSERT_STRING_EQUAL(t1, "0.000000");
	CU_ASSERT_STRING_EQUAL(t2, "18446744070.000001"); /* 2 * PS_PCAP_SEC_MAX s + 1 µs */
}

static void test_tui_rows_time_far_past(void)
{
	char t1[32], t2[32];
	far_apart(1, t1, t2);
	CU_ASSERT_STRING_EQUAL(t1, "0.000000");
	CU_ASSERT_STRING_EQUAL(t2, "-18446744069.999999");
}

PST_MAIN("tui_rows", {"time_far_future", test_tui_rows_time_far_future},
	 {"time_far_past", test_tui_rows_time_far_past})
