/* SPDX-License-Identifier: BSD-2-Clause */
/* select(2) backend of ps_loop. Limit: fds must be < FD_SETSIZE; a larger
 * fd is refused with an error naming the limit, never silently dropped. */
#include "loop_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

struct sel_state {
	fd_set rfds, wfds;
	fd_set rwork, wwork; /* copies handed to select(), which modifies them */
};

static int sel_create(struct ps_loop *l, char *err, size_t errlen)
{
	struct sel_state *s = calloc(1, sizeof *s);

	if (!s) {
		snprintf(err, errlen, "select: out of memory");
		return -1;
	}
	FD_ZERO(&s->rfds);
	FD_ZERO(&s->wfds);
	l->bstate = s;
	return 0;
}

static void sel_destroy(struct ps_loop *l)
{
	free(l->bstate);
}

static int sel_update(struct ps_loop *l, int fd, int oldmask, int newmask,
                      char *err, size_t errlen)
{
	struct sel_state *s = l->bstate;

	(void)oldmask;
	if (fd >= FD_SETSIZE) {
		snprintf(err, errlen,
		         "select engine: fd %d >= FD_SETSIZE (%d); use --engine poll or epoll",
		         fd, FD_SETSIZE);
		return -1;
	}
	if (newmask & PS_LOOP_READ)
		FD_SET(fd, &s->rfds);
	else
		FD_CLR(fd, &s->rfds);
	if (newmask & PS_LOOP_WRITE)
		FD_SET(fd, &s->wfds);
	else
		FD_CLR(fd, &s->wfds);
	return 0;
}

static int sel_wait(struct ps_loop *l, int timeout_ms)
{
	struct sel_state *s = l->bstate;
	struct timeval tv, *tvp = NULL;
	int maxfd = l->maxfd < FD_SETSIZE ? l->maxfd : FD_SETSIZE - 1;
	int rc, n = 0;

	if (timeout_ms >= 0) {
		tv.tv_sec = timeout_ms / 1000;
		tv.tv_usec = (timeout_ms % 1000) * 1000;
		tvp = &tv;
	}
	memcpy(&s->rwork, &s->rfds, sizeof s->rwork);
	memcpy(&s->wwork, &s->wfds, sizeof s->wwork);
	rc = select(maxfd + 1, &s->rwork, &s->wwork, NULL, tvp);
	if (rc <= 0)
		return rc;
	for (int fd = 0; fd <= maxfd; fd++) {
		int mask = 0;

		if (FD_ISSET(fd, &s->rwork))
			mask |= PS_LOOP_READ;
		if (FD_ISSET(fd, &s->wwork))
			mask |= PS_LOOP_WRITE;
		if (mask) {
			l->fired[n].fd = fd;
			l->fired[n].mask = mask;
			n++;
		}
	}
	return n;
}

const struct ps_loop_ops ps_loop_select = {
	.name = "select",
	.create = sel_create,
	.destroy = sel_destroy,
	.resize = NULL,
	.update = sel_update,
	.wait = sel_wait,
};
