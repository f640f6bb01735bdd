/* SPDX-License-Identifier: BSD-2-Clause */
/* test_workers_plan.c - which plan runs `-r FILE --workers N`
 * (src/cli/workers_plan.c): the pipeline where it has more cores than one
 * worker with read-ahead, or heavy output to spread on 2; one worker on a
 * single usable core and for light output on 2; --workers-pipeline always
 * the pipeline. */
#include <string.h>

#include "ps_test.h"
#include "workers_plan.h"

static struct ps_options opts(unsigned workers, const char *format)
{
	return (struct ps_options){.read_file = "x.pcap", .workers = workers, .format = format};
}

static enum ps_workers_plan plan(const struct ps_options *o, unsigned cores, bool want_why)
{
	const char *why = "unset";
	enum ps_workers_plan p = ps_workers_plan(o, cores, &why);
	CU_ASSERT_EQUAL(why != NULL, want_why); /* a reason exactly when one worker runs */
	CU_ASSERT_EQUAL(p == PS_WPLAN_ONE, want_why);
	return p;
}

static void test_plan_cores(void)
{
	struct ps_options o = opts(2, "text");
	CU_ASSERT_EQUAL(plan(&o, 1, true), PS_WPLAN_ONE);
	CU_ASSERT_EQUAL(plan(&o, 2, true), PS_WPLAN_ONE);
	/* the pipeline gets min(N, cores): 2 threads on 8 cores are 2 cores */
	CU_ASSERT_EQUAL(plan(&o, 8, true), PS_WPLAN_ONE);
	o.workers = 3;
	CU_ASSERT_EQUAL(plan(&o, 2, true), PS_WPLAN_ONE);
	CU_ASSERT_EQUAL(plan(&o, 3, false), PS_WPLAN_PIPELINE);
	CU_ASSERT_EQUAL(plan(&o, 64, false), PS_WPLAN_PIPELINE);
	/* one usable core: never the pipeline, whatever the output */
	struct ps_options j = opts(4, "json");
	CU_ASSERT_EQUAL(plan(&j, 1, true), PS_WPLAN_ONE);
	const char *why;
	ps_workers_plan(&j, 1, &why);
	CU_ASSERT_STRING_EQUAL(why, "1 usable core");
}

static void test_plan_output(void)
{
	struct ps_options o = opts(2, "json");
	CU_ASSERT_EQUAL(plan(&o, 2, false), PS_WPLAN_PIPELINE);
	o.format = "ek";
	CU_ASSERT_EQUAL(plan(&o, 2, false), PS_WPLAN_PIPELINE);
	o.quiet = true; /* nothing rendered per packet */
	CU_ASSERT_EQUAL(plan(&o, 2, true), PS_WPLAN_ONE);
	o = opts(2, "json");
	o.count_only = true;
	CU_ASSERT_EQUAL(plan(&o, 2, true), PS_WPLAN_ONE);
	o = opts(2, "json");
	o.write_file = "out.pcap"; /* -w without --print: written, not printed */
	CU_ASSERT_EQUAL(plan(&o, 2, true), PS_WPLAN_ONE);
	o.print = true;
	CU_ASSERT_EQUAL(plan(&o, 2, false), PS_WPLAN_PIPELINE);
	o = opts(2, "json");
	o.flow_records = true; /* --json --flows prints the packets too */
	CU_ASSERT_EQUAL(plan(&o, 2, false), PS_WPLAN_PIPELINE);

	struct ps_options t = opts(2, "text");
	t.render.text.verbose = 1;
	CU_ASSERT_EQUAL(plan(&t, 2, false), PS_WPLAN_PIPELINE);
	t = opts(2, "text");
	t.render.hex = 1;
	CU_ASSERT_EQUAL(plan(&t, 2, false), PS_WPLAN_PIPELINE);
	t = opts(2, "text");
	t.render.ascii = true;
	CU_ASSERT_EQUAL(plan(&t, 2, false), PS_WPLAN_PIPELINE);
	t = opts(2, "text");
	t.fields = true; /* -T fields: light lines */
	CU_ASSERT_EQUAL(plan(&t, 2, true), PS_WPLAN_ONE);
	t = opts(2, "text");
	t.flow_records = true; /* text --flows: flow records only */
	t.render.text.verbose = 1;
	CU_ASSERT_EQUAL(plan(&t, 2, true), PS_WPLAN_ONE);
}

static void test_plan_forced(void)
{
	struct ps_options o = opts(2, "text");
	o.workers_pipeline = true;
	CU_ASSERT_EQUAL(plan(&o, 1, false), PS_WPLAN_PIPELINE);
	CU_ASSERT_EQUAL(plan(&o, 2, false), PS_WPLAN_PIPELINE);
	CU_ASSERT(ps_workers_cores() >= 1);
}

PST_MAIN("workers_plan", {"cores", test_plan_cores}, {"output", test_plan_output},
	 {"forced", test_plan_forced})
