/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_plan.c - the pipeline or one worker for `-r FILE --workers N`
 * (workers_plan.h).
 *
 * Why a choice at all: the pipeline moves every frame and record between
 * threads (a copy into its batch, records read on other cores than the one
 * that wrote them): on the 2M-packet corpus that is ~0.5 s of CPU, ~250 ns
 * a packet, whatever the output.  The one-worker loop already keeps a
 * second core busy with its read-ahead thread.  So the pipeline has more
 * cores than the loop only with 3 or more usable; with 2 it gains only where
 * a packet's own work is large enough to pay for the moves (measured under
 * `chrt -f 10`, the pipeline with 2 threads against one worker, wall time:
 * --json 1.26x, -T ek 1.39x, -v 1.63x, -x 1.54x; text 0.83x, -T fields
 * 0.75x, -q 0.65x, --flows 0.74x).  With 1 usable core it cannot gain. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT (configure defines it too) */
#endif
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "workers_plan.h"

unsigned ps_workers_cores(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

/* Does each shown packet cost enough to render (JSON, -T ek, verbose text,
 * hex or ASCII dumps) for the pipeline to gain on 2 cores?  Plain text
 * lines, -T fields and runs that print no packet (-q, --count, text
 * --flows, -w without --print) do not. */
static bool heavy_output(const struct ps_options *o)
{
	bool text = !strcmp(o->format, "text");
	bool shown = !o->quiet && !o->count_only && !(o->flow_records && text) &&
		     !(o->write_file && !o->print) && !o->fields;
	return shown && (!text || o->render.text.verbose || o->render.hex || o->render.ascii);
}

enum ps_workers_plan ps_workers_plan(const struct ps_options *o, unsigned cores,
				     const char **why)
{
	unsigned k = o->workers < cores ? o->workers : cores; /* cores the pipeline gets */
	*why = NULL;
	if (o->workers_pipeline || k >= 3)
		return PS_WPLAN_PIPELINE;
	if (k <= 1) {
		*why = "1 usable core";
		return PS_WPLAN_ONE;
	}
	if (heavy_output(o))
		return PS_WPLAN_PIPELINE;
	*why = "2 cores and light per-packet work";
	return PS_WPLAN_ONE;
}
