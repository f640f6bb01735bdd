/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_run.h - the capture -> dissect -> render loop behind the command line. */
#ifndef PS_RUN_H
#define PS_RUN_H

#include <signal.h>

#include "ps_options.h"

/* *stop while the capture opens: main's handler then ends the process at
 * once (a long filter compile stops promptly); ps_run sets *stop to 0 as
 * soon as the capture is open, from then on a signal only sets it to 1. */
#define PS_STOP_OPENING 2

/* Run the capture described by `o` until the end of the input, the count,
 * or *stop becoming 1 (set by main's signal handler).  Prints its own
 * one-line errors ("pktscope: ...") and returns the exit code. */
int ps_run(const struct ps_options *o, volatile sig_atomic_t *stop);

#endif
