/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_live.h - `--workers N` on a live "packet" source: N fanout
 * sockets, one thread each (workers_live.c, docs/workers.md). */
#ifndef PS_WORKERS_LIVE_H
#define PS_WORKERS_LIVE_H

#include <signal.h>

#include "ps_options.h"
#include "ps_run.h"

/* Capture with o->workers threads until *stop becomes 1 (main's handler),
 * -c, an error or the output going away; prints its own errors and the
 * summary (per worker and in total).  Returns the exit code. */
int ps_workers_live(const struct ps_options *o, volatile sig_atomic_t *stop);

#endif
