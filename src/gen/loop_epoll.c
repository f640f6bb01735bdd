/* SPDX-License-Identifier: BSD-2-Clause */
/* epoll(7) backend of ps_loop (level-triggered, like poll, so handlers may
 * leave data unread under backpressure). Limit: RLIMIT_NOFILE and
 * /proc/sys/fs/epoll/max_user_watches, both reported by epoll_ctl errors. */
#include "loop_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

struct ep_state {
	int epfd;
	struct epoll_event *events; /* cap entries */
	int cap;
};

static int ep_create(struct ps_loop *l, char *err, size_t errlen)
{
	struct ep_state *s = calloc(1, sizeof *s);

	if (!s) {
		snprintf(err, errlen, "epoll: out of memory");
		return -1;
	}
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0) {
		snprintf(err, errlen, "epoll_create1: %s", strerror(errno));
		free(s);
		return -1;
	}
	l->bstate = s;
	return 0;
}

static void ep_destroy(struct ps_loop *l)
{
	struct ep_state *s = l->bstate;

	close(s->epfd);
	free(s->events);
	free(s);
}

static int ep_resize(struct ps_loop *l, int cap, char *err, size_t errlen)
{
	struct ep_state *s = l->bstate;
	struct epoll_event *ev = realloc(s->events, (size_t)cap * sizeof *ev);

	if (!ev) {
		snprintf(err, errlen, "epoll: out of memory for %d fds", cap);
		return -1;
	}
	s->events = ev;
	s->cap = cap;
	return 0;
}

static int ep_update(struct ps_loop *l, int fd, int oldmask, int newmask,
                     char *err, size_t errlen)
{
	struct ep_state *s = l->bstate;
	struct epoll_event ev;
	int op;

	memset(&ev, 0, sizeof ev);
	ev.data.fd = fd;
	if (newmask & PS_LOOP_READ)
		ev.events |= EPOLLIN;
	if (newmask & PS_LOOP_WRITE)
		ev.events |= EPOLLOUT;
	/* NONE is "not in the epoll set": a registered fd with no events would
	 * still report EPOLLHUP/EPOLLERR and spin the loop. */
	if (oldmask == PS_LOOP_NONE)
		op = EPOLL_CTL_ADD;
	else if (newmask == PS_LOOP_NONE)
		op = EPOLL_CTL_DEL;
	else
		op = EPOLL_CTL_MOD;
	if (epoll_ctl(s->epfd, op, fd, &ev) < 0) {
		snprintf(err, errlen, "epoll_ctl(fd %d): %s", fd, strerror(errno));
		return -1;
	}
	return 0;
}

static int ep_wait(struct ps_loop *l, int timeout_ms)
{
	struct ep_state *s = l->bstate;
	int rc = epoll_wait(s->epfd, s->events, s->cap, timeout_ms);

	for (int i = 0; i < rc; i++) {
		uint32_t e = s->events[i].events;
		int mask = 0;

		if (e & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))
			mask |= PS_LOOP_READ;
		if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))
			mask |= PS_LOOP_WRITE;
		l->fired[i].fd = s->events[i].data.fd;
		l->fired[i].mask = mask;
	}
	return rc;
}

const struct ps_loop_ops ps_loop_epoll = {
	.name = "epoll",
	.create = ep_create,
	.destroy = ep_destroy,
	.resize = ep_resize,
	.update = ep_update,
	.wait = ep_wait,
};
