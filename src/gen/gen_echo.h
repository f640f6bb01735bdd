/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal interface of the echo server: one bound socket handed to an
 * engine (the event loop on any backend, or a thread per connection). */
#ifndef PS_GEN_ECHO_H
#define PS_GEN_ECHO_H

#include "gen_server.h"

struct gen_echo_cfg {
	const struct gen_srv_opts *opts;
	int lfd;     /* listening (SOCK_STREAM) or bound (SOCK_DGRAM) socket, non-blocking */
	int dgram;   /* 1 for UDP / UNIX datagram */
};

/* Each engine serves until the stop flag (gen_signal) is set, then drains
 * within opts->grace_ms. It closes cfg->lfd as soon as it stops accepting
 * (always, also on error). Returns 0 or -1 with err filled; stats are
 * filled in either case. */
int gen_echo_run_loop(const struct gen_echo_cfg *cfg, struct gen_srv_stats *st,
                      char *err, size_t errlen);
int gen_echo_run_thread(const struct gen_echo_cfg *cfg, struct gen_srv_stats *st,
                        char *err, size_t errlen);

#endif
