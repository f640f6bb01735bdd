/* SPDX-License-Identifier: BSD-2-Clause */
/* poll(2) backend of ps_loop: a dense pollfd array plus an fd -> slot map.
 * Limit: RLIMIT_NOFILE only (checked by the kernel at accept/open time). */
#include "loop_int.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct poll_state {
	struct pollfd *pfds; /* n used entries */
	int *slot;           /* fd -> index in pfds, -1 if absent; cap entries */
	int n, cap;
};

static int poll_create(struct ps_loop *l, char *err, size_t errlen)
{
	struct poll_state *s = calloc(1, sizeof *s);

	if (!s) {
		snprintf(err, errlen, "poll: out of memory");
		return -1;
	}
	l->bstate = s;
	return 0;
}

static void poll_destroy(struct ps_loop *l)
{
	struct poll_state *s = l->bstate;

	free(s->pfds);
	free(s->slot);
	free(s);
}

static int poll_resize(struct ps_loop *l, int cap, char *err, size_t errlen)
{
	struct poll_state *s = l->bstate;
	struct pollfd *p = realloc(s->pfds, (size_t)cap * sizeof *p);
	int *slot;

	if (p)
		s->pfds = p;
	slot = p ? realloc(s->slot, (size_t)cap * sizeof *slot) : NULL;
	if (!slot) {
		snprintf(err, errlen, "poll: out of memory for %d fds", cap);
		return -1;
	}
	for (int i = s->cap; i < cap; i++)
		slot[i] = -1;
	s->slot = slot;
	s->cap = cap;
	return 0;
}

static short poll_events(int mask)
{
	return (short)(((mask & PS_LOOP_READ) ? POLLIN : 0) |
	               ((mask & PS_LOOP_WRITE) ? POLLOUT : 0));
}

static int poll_update(struct ps_loop *l, int fd, int oldmask, int newmask,
                       char *err, size_t errlen)
{
	struct poll_state *s = l->bstate;
	int i = s->slot[fd];

	(void)oldmask;
	(void)err;
	(void)errlen;
	if (newmask == PS_LOOP_NONE) {
		if (i >= 0) { /* move the last entry into the hole */
			s->pfds[i] = s->pfds[--s->n];
			s->slot[s->pfds[i].fd] = i;
			s->slot[fd] = -1;
		}
		return 0;
	}
	if (i < 0) {
		i = s->n++;
		s->slot[fd] = i;
		s->pfds[i].fd = fd;
	}
	s->pfds[i].events = poll_events(newmask);
	s->pfds[i].revents = 0;
	return 0;
}

static int poll_wait(struct ps_loop *l, int timeout_ms)
{
	struct poll_state *s = l->bstate;
	int rc, n = 0;

	rc = poll(s->pfds, (nfds_t)s->n, timeout_ms);
	if (rc <= 0)
		return rc;
	for (int i = 0; i < s->n && n < rc; i++) {
		short re = s->pfds[i].revents;
		int mask = 0;

		if (!re)
			continue;
		if (re & (POLLIN | POLLHUP | POLLERR | POLLNVAL))
			mask |= PS_LOOP_READ;
		if (re & (POLLOUT | POLLHUP | POLLERR | POLLNVAL))
			mask |= PS_LOOP_WRITE;
		l->fired[n].fd = s->pfds[i].fd;
		l->fired[n].mask = mask;
		n++;
	}
	return n;
}

const struct ps_loop_ops ps_loop_poll = {
	.name = "poll",
	.create = poll_create,
	.destroy = poll_destroy,
	.resize = poll_resize,
	.update = poll_update,
	.wait = poll_wait,
};
