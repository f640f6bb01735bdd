/* SPDX-License-Identifier: BSD-2-Clause */
/* main.c - pktscope: parse the command line, set up signals, run. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "errline.h"
#include "iflist.h"
#include "ps_capture.h"
#include "ps_options.h"
#include "ps_run.h"
#include "ps_tui.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* The only mutable global: what a signal handler may touch. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	/* while the capture opens (a filter can take minutes to compile and
	 * nothing has been written yet) a stop ends the process at once, as
	 * the signal's default action would */
	if (stop_requested == PS_STOP_OPENING) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	stop_requested = 1;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, 0);
	sigaction(SIGTERM, &sa, 0);
	sigaction(SIGHUP, &sa, 0);
	/* a closed stdout shows up as EPIPE from write(), handled quietly */
	signal(SIGPIPE, SIG_IGN);
	/* past a file-size limit (RLIMIT_FSIZE) write() fails with EFBIG and the
	 * -w writer ends on a whole record, instead of the process dying */
	signal(SIGXFSZ, SIG_IGN);
}

int main(int argc, char **argv)
{
	struct ps_options o;
	char err[256];

	int prc = ps_options_parse(&o, argc, argv, err, sizeof err);
	/* before anything else runs: a password in an --output URL leaves argv
	 * (ps, /proc/PID/cmdline); docs/sinks.md */
	if (prc == 0 && ps_options_hide_secrets(&o, err, sizeof err))
		prc = -2;
	if (prc != 0) {
		ps_errf("%s", err);
		if (prc == -1)
			ps_usage(stderr);
		ps_options_free(&o);
		return PS_EXIT_USAGE;
	}
	if (o.help) {
		ps_usage(stdout);
		ps_options_free(&o);
		return PS_EXIT_OK;
	}
	if (o.version) {
		printf("pktscope %s\n", PACKAGE_VERSION);
		ps_options_free(&o);
		return PS_EXIT_OK;
	}
	if (o.list_ifaces) {
		char ierr[PS_ERRBUF];
		int lrc = ps_iflist_print(stdout, ierr) ? PS_EXIT_RUNTIME : PS_EXIT_OK;
		if (lrc)
			ps_errf("%s", ierr);
		ps_options_free(&o);
		return lrc;
	}
	if (!o.tui)
		stop_requested = PS_STOP_OPENING; /* ps_run clears it once open */
	install_signals();
	int rc = o.tui ? ps_tui_run(&o, &stop_requested) : ps_run(&o, &stop_requested);
	ps_options_free(&o);
	return rc;
}
