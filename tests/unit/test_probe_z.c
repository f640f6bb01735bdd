/* SPDX-License-Identifier: BSD-2-Clause */
/* test_probe_z.c - the -z probe glue: decoded records fed to the engine
 * (which layers count, at which capture time) and the table it prints. */
#include <stdio.h>
#include <stdlib.h>

#include "probe_frame.h"
#include "ps_out.h"
#include "ps_probe_z.h"
#include "ps_test.h"

static struct ps_packet pkt;
static uint8_t frame[256];

/* Dissect a stamp and feed it, captured at PF_CAP_NS + cap_off_ns. */
static unsigned feed_one(struct ps_probe_stats *st, bool tcp, uint32_t stream, uint64_t seq,
			 uint64_t send_ns, uint32_t caplen_cut, uint32_t cap_off_ns)
{
	uint32_t n = probe_frame(frame, tcp, stream, seq, 64, 64, send_ns);
	pst_dissect(&pkt, PS_DLT_RAW, frame, caplen_cut ? caplen_cut : n, n);
	pkt.ts_nano = true;
	pkt.ts_frac = cap_off_ns;
	return ps_probe_feed(st, &pkt);
}

/* The table row of a stream, parsed back. */
static int row(const char *table, unsigned id, unsigned long long v[6], double d[8])
{
	for (const char *l = table; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned got;
		if (sscanf(l, "%u %llu %llu %llu %lf %llu %llu %llu %lf %lf %lf %lf %lf %lf %lf", &got,
			   &v[0], &v[1], &v[2], &d[0], &v[3], &v[4], &v[5], &d[1], &d[2], &d[3],
			   &d[4], &d[5], &d[6], &d[7]) == 15 && got == id)
			return 1;
	}
	return 0;
}

static void test_probe_z_feed_table(void)
{
	struct ps_probe_stats st;
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&st, 8), 0);
	/* stream 3: 0..9 without 4, then 2 again; delay (seq + 1) µs */
	for (uint64_t q = 0; q < 10; q++)
		if (q != 4)
			CU_ASSERT_EQUAL(feed_one(&st, false, 3, q, PF_CAP_NS, 0,
						 (uint32_t)(q + 1) * 1000), 1);
	CU_ASSERT_EQUAL(feed_one(&st, false, 3, 2, PF_CAP_NS, 0, 50000), 1);
	/* stream 8 over TCP; a cut header is not accounted */
	CU_ASSERT_EQUAL(feed_one(&st, true, 8, 100, PF_CAP_NS - 2000000, 0, 0), 1);
	CU_ASSERT_EQUAL(feed_one(&st, false, 9, 0, PF_CAP_NS, PF_IP_UDP + 20, 0), 0);
	/* not a stamp: nothing */
	probe_frame(frame, false, 3, 11, 64, 64, PF_CAP_NS);
	frame[PF_IP_UDP] = 0;
	pst_dissect(&pkt, PS_DLT_RAW, frame, PF_IP_UDP + 64, PF_IP_UDP + 64);
	CU_ASSERT_EQUAL(ps_probe_feed(&st, &pkt), 0);
	CU_ASSERT_EQUAL(st.n, 2);

	char buf[4096];
	struct ps_out o;
	ps_out_open_mem(&o, buf, sizeof buf);
	ps_probe_table(&st, &o);
	const char *t = ps_out_cstr(&o);
	unsigned long long v[6];
	double d[8];
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "synchronised clocks"));
	CU_ASSERT_FATAL(row(t, 3, v, d));
	CU_ASSERT_EQUAL(v[0], 9);  /* received */
	CU_ASSERT_EQUAL(v[1], 10); /* expected */
	CU_ASSERT_EQUAL(v[2], 1);  /* lost */
	CU_ASSERT_EQUAL(v[3], 1);  /* duplicates */
	CU_ASSERT_EQUAL(v[4], 0);  /* reordered */
	CU_ASSERT_DOUBLE_EQUAL(d[1], 1.0, 1e-9);  /* delay min, µs */
	CU_ASSERT_DOUBLE_EQUAL(d[3], 10.0, 1e-9); /* delay max */
	CU_ASSERT_FATAL(row(t, 8, v, d));
	CU_ASSERT_EQUAL(v[0], 1);
	CU_ASSERT_DOUBLE_EQUAL(d[1], 2000.0, 1e-9);
	CU_ASSERT_PTR_NULL(strstr(t, "untracked"));
	ps_probe_stats_free(&st);
}

static void test_probe_z_cap(void)
{
	struct ps_probe_stats st;
	CU_ASSERT_EQUAL_FATAL(ps_probe_stats_init(&st, 1), 0);
	feed_one(&st, false, 1, 0, PF_CAP_NS, 0, 0);
	feed_one(&st, false, 2, 0, PF_CAP_NS, 0, 0);
	feed_one(&st, false, 2, 1, PF_CAP_NS, 0, 0);
	char buf[4096];
	struct ps_out o;
	ps_out_open_mem(&o, buf, sizeof buf);
	ps_probe_table(&st, &o);
	CU_ASSERT_PTR_NOT_NULL(strstr(ps_out_cstr(&o), "untracked: 2 stamps of streams beyond the first 1"));
	ps_probe_stats_free(&st);
}

PST_MAIN("probe_z", {"feed_table", test_probe_z_feed_table}, {"cap", test_probe_z_cap})
