/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_thread.h - worker threads that never see signals, and the wake pipe
 * they use to tell the UI loop something changed.
 *
 * Signals (SIGINT, SIGTERM, SIGWINCH) must reach the UI thread, whose
 * poll() they interrupt; so workers start with every signal blocked.  The
 * wake pipe is a self-pipe: any thread may signal it (async-safe write of
 * one byte); a flag keeps a busy worker from filling it.
 */
#ifndef TUI_THREAD_H
#define TUI_THREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

struct tui_wake {
	int rd, wr;            /* non-blocking pipe ends, -1 when closed */
	_Atomic bool pending;  /* a byte is in the pipe */
};

/* 0 ok, -1 (errno). */
int tui_wake_open(struct tui_wake *w);
void tui_wake_close(struct tui_wake *w);
/* From any thread (NULL w is ignored). */
void tui_wake_signal(struct tui_wake *w);
/* UI thread, after poll() said rd is readable: empty the pipe. */
void tui_wake_drain(struct tui_wake *w);

/* pthread_create with every signal blocked in the new thread.  0 ok, else errno. */
int tui_thread_start(pthread_t *th, void *(*fn)(void *), void *arg);

/* Sleep for ms milliseconds (workers waiting for more packets). */
void tui_sleep_ms(unsigned ms);
/* Monotonic clock in nanoseconds. */
unsigned long long tui_now_ns(void);

#endif
