/* SPDX-License-Identifier: BSD-2-Clause */
/* Graceful-stop signals for pktscope-gen: SIGINT/SIGTERM set one flag that
 * servers and clients poll (ps_loop_stop_on() watches it); SIGPIPE is
 * ignored so writes to a closed peer fail with EPIPE instead of killing us. */
#ifndef PS_GEN_SIGNAL_H
#define PS_GEN_SIGNAL_H

#include <signal.h>

/* Installs the handlers (without SA_RESTART, so blocking calls see EINTR).
 * Returns 0 or -1. Called once by gen_main. */
int gen_signal_install(void);

/* The stop flag: non-zero after SIGINT/SIGTERM (value = signal number). */
const volatile sig_atomic_t *gen_signal_flag(void);

/* Non-zero when a stop was requested. */
int gen_signal_stopping(void);


#endif
