/* SPDX-License-Identifier: BSD-2-Clause */
/* Graceful-stop signals for pktscope-gen (the one global: a signal flag). */
#include "gen_signal.h"

#include <string.h>

static volatile sig_atomic_t gen_stop;

static void gen_on_signal(int sig)
{
	gen_stop = sig;
}

int gen_signal_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = gen_on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0)
		return -1;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) < 0)
		return -1;
	return 0;
}

const volatile sig_atomic_t *gen_signal_flag(void)
{
	return &gen_stop;
}

int gen_signal_stopping(void)
{
	return gen_stop != 0;
}
