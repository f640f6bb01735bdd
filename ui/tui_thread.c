/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_thread.c - signal-free worker threads and the wake self-pipe. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "tui_thread.h"

int tui_wake_open(struct tui_wake *w)
{
	int fds[2];
	w->rd = w->wr = -1;
	atomic_init(&w->pending, false);
	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC))
		return -1;
	w->rd = fds[0];
	w->wr = fds[1];
	return 0;
}

void tui_wake_close(struct tui_wake *w)
{
	if (w->rd >= 0)
		close(w->rd);
	if (w->wr >= 0)
		close(w->wr);
	w->rd = w->wr = -1;
}

void tui_wake_signal(struct tui_wake *w)
{
	if (!w || w->wr < 0 || atomic_exchange(&w->pending, true))
		return;
	char b = 1;
	ssize_t n;
	do
		n = write(w->wr, &b, 1);
	while (n < 0 && errno == EINTR);
	/* EAGAIN: the pipe is full, so the UI will wake anyway */
}

void tui_wake_drain(struct tui_wake *w)
{
	char buf[64];
	/* clear first: a signal after this point writes a fresh byte */
	atomic_store(&w->pending, false);
	while (read(w->rd, buf, sizeof buf) > 0)
		;
}

int tui_thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(th, 0, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, 0);
	return rc;
}

void tui_sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

unsigned long long tui_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}
