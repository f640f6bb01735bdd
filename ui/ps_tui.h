/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_tui.h - pktscope --tui: the interactive ncurses view (ui/). */
#ifndef PS_TUI_H
#define PS_TUI_H

#include <signal.h>

#include "ps_options.h"

/* Run the view on o->read_file (a regular pcap/pcapng file) or a live
 * capture (-i, --source) until q, or *stop becoming non-zero (SIGINT,
 * SIGTERM: main's handler sets it; the terminal is restored on every path).
 * Prints its own one-line errors after restoring the terminal and returns
 * the exit code (0, PS_EXIT_RUNTIME, PS_EXIT_USAGE for a bad filter). */
int ps_tui_run(const struct ps_options *o, volatile sig_atomic_t *stop);

#endif
