/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_plan.h - which plan runs `-r FILE --workers N`: the pipeline of
 * workers.c, or the one-worker loop (run.c) with the capture's read-ahead
 * thread when that is the faster of the two (docs/workers.md, "Which plan
 * runs").  Both give the same output; only the time differs. */
#ifndef PS_WORKERS_PLAN_H
#define PS_WORKERS_PLAN_H

#include "ps_options.h"

enum ps_workers_plan {
	PS_WPLAN_PIPELINE, /* workers.c: N threads over batches */
	PS_WPLAN_ONE,      /* run.c's loop, reading ahead on a second thread */
};

/* The cores this process may run on: its CPU affinity (taskset, cgroup
 * cpusets), else the online CPUs; at least 1. */
unsigned ps_workers_cores(void);

/* The plan for `-r FILE --workers N` (o->workers > 1) on `cores` usable
 * cores.  For PS_WPLAN_ONE, *why says why in a phrase for the note the run
 * prints. */
enum ps_workers_plan ps_workers_plan(const struct ps_options *o, unsigned cores,
				     const char **why);

#endif
