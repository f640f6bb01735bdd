/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_loop core: handler table, timers, EINTR and stop over a backend. */
#include "loop_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bound on one wait while a stop flag is registered (see loop.h). */
#define PS_LOOP_FLAG_POLL_MS 100
#define PS_LOOP_INITIAL_CAP 64

const char *const ps_loop_backend_names[] = { "select", "poll", "epoll", NULL };

static const struct ps_loop_ops *const ps_loop_backends[] = {
	&ps_loop_select, &ps_loop_poll, &ps_loop_epoll, NULL
};

static const struct ps_loop_ops *loop_find(const char *name)
{
	for (size_t i = 0; ps_loop_backends[i]; i++)
		if (strcmp(ps_loop_backends[i]->name, name) == 0)
			return ps_loop_backends[i];
	return NULL;
}

int ps_loop_backend_known(const char *name)
{
	return name && loop_find(name) != NULL;
}

long long ps_loop_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long ps_loop_now_ms(void)
{
	return ps_loop_now_ns() / 1000000LL;
}

static int loop_grow(struct ps_loop *l, int need, char *err, size_t errlen)
{
	int cap = l->cap ? l->cap : PS_LOOP_INITIAL_CAP;
	struct ps_loop_file *files;
	struct ps_loop_fired *fired;

	while (cap <= need)
		cap *= 2;
	if (cap == l->cap)
		return 0;
	if (l->ops->resize && l->ops->resize(l, cap, err, errlen) < 0)
		return -1;
	files = realloc(l->files, (size_t)cap * sizeof *files);
	if (!files)
		goto oom;
	l->files = files;
	memset(files + l->cap, 0, (size_t)(cap - l->cap) * sizeof *files);
	fired = realloc(l->fired, (size_t)cap * sizeof *fired);
	if (!fired)
		goto oom;
	l->fired = fired;
	l->cap = cap;
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory for %d fds", l->ops->name, cap);
	return -1;
}

struct ps_loop *ps_loop_new(const char *backend, char *err, size_t errlen)
{
	const struct ps_loop_ops *ops = loop_find(backend ? backend : "epoll");
	struct ps_loop *l;

	if (!ops) {
		snprintf(err, errlen, "unknown engine '%s' (select, poll, epoll)", backend);
		return NULL;
	}
	l = calloc(1, sizeof *l);
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	l->ops = ops;
	l->maxfd = -1;
	l->next_timer_id = 1;
	if (ops->create(l, err, errlen) < 0) {
		free(l);
		return NULL;
	}
	if (loop_grow(l, PS_LOOP_INITIAL_CAP - 1, err, errlen) < 0) {
		ps_loop_free(l);
		return NULL;
	}
	return l;
}

void ps_loop_free(struct ps_loop *l)
{
	struct ps_loop_timer *t, *next;

	if (!l)
		return;
	for (t = l->timers; t; t = next) {
		next = t->next;
		free(t);
	}
	l->ops->destroy(l);
	free(l->files);
	free(l->fired);
	free(l);
}

const char *ps_loop_backend(const struct ps_loop *l)
{
	return l->ops->name;
}

int ps_loop_watch(struct ps_loop *l, int fd, int mask, ps_loop_file_fn fn,
                  void *ctx, char *err, size_t errlen)
{
	int old;

	if (fd < 0 || !fn) {
		snprintf(err, errlen, "bad fd %d", fd);
		return -1;
	}
	if (fd >= l->cap && loop_grow(l, fd, err, errlen) < 0)
		return -1;
	old = l->files[fd].fn ? l->files[fd].mask : PS_LOOP_NONE;
	if (old != mask && l->ops->update(l, fd, old, mask, err, errlen) < 0)
		return -1;
	l->files[fd].mask = mask;
	l->files[fd].fn = fn;
	l->files[fd].ctx = ctx;
	if (fd > l->maxfd)
		l->maxfd = fd;
	return 0;
}

int ps_loop_set_mask(struct ps_loop *l, int fd, int mask)
{
	char err[128];
	struct ps_loop_file *f;

	if (fd < 0 || fd >= l->cap || !l->files[fd].fn)
		return -1;
	f = &l->files[fd];
	if (f->mask == mask)
		return 0;
	if (l->ops->update(l, fd, f->mask, mask, err, sizeof err) < 0)
		return -1;
	f->mask = mask;
	return 0;
}

int ps_loop_mask(const struct ps_loop *l, int fd)
{
	if (fd < 0 || fd >= l->cap || !l->files[fd].fn)
		return -1;
	return l->files[fd].mask;
}

void ps_loop_unwatch(struct ps_loop *l, int fd)
{
	char err[128];

	if (fd < 0 || fd >= l->cap || !l->files[fd].fn)
		return;
	if (l->files[fd].mask != PS_LOOP_NONE)
		(void)l->ops->update(l, fd, l->files[fd].mask, PS_LOOP_NONE, err, sizeof err);
	memset(&l->files[fd], 0, sizeof l->files[fd]);
	if (fd == l->maxfd)
		while (l->maxfd >= 0 && !l->files[l->maxfd].fn)
			l->maxfd--;
}

long long ps_loop_timer_add(struct ps_loop *l, long long ms, ps_loop_timer_fn fn, void *ctx)
{
	struct ps_loop_timer *t = calloc(1, sizeof *t);

	if (!t)
		return -1;
	t->id = l->next_timer_id++;
	t->when_ms = ps_loop_now_ms() + (ms > 0 ? ms : 0);
	t->fn = fn;
	t->ctx = ctx;
	t->next = l->timers;
	l->timers = t;
	return t->id;
}

int ps_loop_timer_del(struct ps_loop *l, long long id)
{
	for (struct ps_loop_timer *t = l->timers; t; t = t->next)
		if (t->id == id && id > 0) {
			t->id = 0; /* freed by loop_timers() so iteration stays safe */
			return 0;
		}
	return -1;
}

void ps_loop_stop(struct ps_loop *l)
{
	l->stop = 1;
}

void ps_loop_stop_on(struct ps_loop *l, const volatile sig_atomic_t *flag)
{
	l->stop_flag = flag;
}

static int loop_stopping(const struct ps_loop *l)
{
	return l->stop || (l->stop_flag && *l->stop_flag);
}

/* Runs due timers once each; timers added meanwhile wait for the next round. */
static int loop_timers(struct ps_loop *l)
{
	long long now = ps_loop_now_ms(), maxid = l->next_timer_id - 1;
	struct ps_loop_timer **pp, *t;
	int n = 0;

	for (t = l->timers; t; t = t->next) {
		if (t->id == 0 || t->id > maxid || t->when_ms > now)
			continue;
		long long again = t->fn(l, t->id, t->ctx);
		n++;
		if (again == PS_LOOP_NOMORE)
			t->id = 0;
		else
			t->when_ms = ps_loop_now_ms() + again;
	}
	for (pp = &l->timers; (t = *pp);) {
		if (t->id == 0) {
			*pp = t->next;
			free(t);
		} else {
			pp = &t->next;
		}
	}
	return n;
}

static int loop_timeout(const struct ps_loop *l, int timeout_ms)
{
	long long now = ps_loop_now_ms(), wait = timeout_ms;

	for (const struct ps_loop_timer *t = l->timers; t; t = t->next) {
		if (t->id == 0)
			continue;
		long long d = t->when_ms > now ? t->when_ms - now : 0;
		if (wait < 0 || d < wait)
			wait = d;
	}
	if (l->stop_flag && (wait < 0 || wait > PS_LOOP_FLAG_POLL_MS))
		wait = PS_LOOP_FLAG_POLL_MS;
	return wait > 0x7fffffff ? 0x7fffffff : (int)wait;
}

int ps_loop_once(struct ps_loop *l, int timeout_ms, char *err, size_t errlen)
{
	int n, done = 0;

	n = l->ops->wait(l, loop_timeout(l, timeout_ms));
	if (n < 0) {
		if (errno == EINTR)
			return 0;
		snprintf(err, errlen, "%s wait: %s", l->ops->name, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		int fd = l->fired[i].fd;
		struct ps_loop_file *f;

		if (fd >= l->cap)
			continue;
		f = &l->files[fd];
		/* The fd may have been unwatched or its mask cut by an earlier handler. */
		int m = l->fired[i].mask & f->mask;
		if (!f->fn || !m)
			continue;
		f->fn(l, fd, m, f->ctx);
		done++;
	}
	return done + loop_timers(l);
}

int ps_loop_run(struct ps_loop *l, char *err, size_t errlen)
{
	l->stop = 0;
	while (!loop_stopping(l))
		if (ps_loop_once(l, -1, err, errlen) < 0)
			return -1;
	return 0;
}
