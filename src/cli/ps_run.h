/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_run.h - the capture -> dissect -> render loop behind the command line. */
#ifndef PS_RUN_H
#define PS_RUN_H

#include <signal.h>

#include "ps_options.h"

/* Run the capture described by `o` until the end of the input, the count,
 * or *stop becoming non-zero (set by main's signal handler).  Prints its own
 * one-line errors ("pktscope: ...") and returns the exit code. */
int ps_run(const struct ps_options *o, volatile sig_atomic_t *stop);

#endif
