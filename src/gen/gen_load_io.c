/* SPDX-License-Identifier: BSD-2-Clause */
/* Plain-socket transports of the load client: TCP and UNIX streams, UDP. */
#include "gen_load.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int plain_setup(struct load_conn *c, int *want, char *err, size_t errlen)
{
	(void)want;
	return gen_connect_result(c->fd, err, errlen) < 0 ? -1 : 1;
}

/* Maps a would-block errno to the mask to wait for. */
static ssize_t plain_result(ssize_t n, int mask, int *want, char *err, size_t errlen)
{
	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		*want = mask;
	else
		snprintf(err, errlen, "%s", strerror(errno));
	return -1;
}

static ssize_t plain_send(struct load_conn *c, const void *p, size_t n, int *want,
                          char *err, size_t errlen)
{
	return plain_result(send(c->fd, p, n, MSG_NOSIGNAL), PS_LOOP_WRITE, want, err, errlen);
}

static ssize_t plain_recv(struct load_conn *c, void *p, size_t n, int *want,
                          char *err, size_t errlen)
{
	return plain_result(recv(c->fd, p, n, 0), PS_LOOP_READ, want, err, errlen);
}

static void plain_close(struct load_conn *c)
{
	close(c->fd);
}

const struct load_transport load_plain = {
	.name = "plain",
	.dgram = 0,
	.setup = plain_setup,
	.send = plain_send,
	.recv = plain_recv,
	.close = plain_close,
};

const struct load_transport load_udp = {
	.name = "udp",
	.dgram = 1,
	.setup = plain_setup,
	.send = plain_send,
	.recv = plain_recv,
	.close = plain_close,
};
