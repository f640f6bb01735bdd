/* SPDX-License-Identifier: BSD-2-Clause */
/* Echo server on the event loop (select, poll or epoll backend).
 *
 * Each stream connection owns one fixed buffer (--buffer bytes): bytes read
 * wait there until written back. When it is full the connection stops
 * reading (READ leaves the mask), so a peer that sends but never reads
 * fills its own socket buffers and then blocks: server memory per
 * connection never exceeds the buffer. A half-close (read returns 0) is
 * answered with the remaining bytes, then our own FIN. */
#include "gen_echo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gen_net.h"
#include "gen_signal.h"
#include "loop.h"

#define ECHO_ACCEPT_BURST 64
#define ECHO_DGRAM_BURST 64
#define ECHO_DRAIN_TICK_MS 20

struct echo_conn {
	struct echo_srv *srv;
	struct echo_conn *prev, *next;
	int fd;
	int rd_eof;
	size_t off, len;     /* pending bytes: buf[off .. off+len) */
	long long last_ms;   /* last successful read or write */
	unsigned char buf[]; /* srv->cap bytes */
};

struct echo_srv {
	struct ps_loop *loop;
	const struct gen_echo_cfg *cfg;
	struct gen_srv_stats *st;
	struct echo_conn *conns;
	size_t cap;
	int draining;
	int lfd_closed;
	unsigned char *dgbuf;
};

enum close_why { CLOSE_DONE, CLOSE_ERROR, CLOSE_TIMEOUT, CLOSE_DROP };

static void conn_close(struct echo_conn *c, enum close_why why)
{
	struct echo_srv *s = c->srv;

	ps_loop_unwatch(s->loop, c->fd);
	if (why == CLOSE_DONE)
		(void)shutdown(c->fd, SHUT_WR);
	close(c->fd);
	s->st->closed++;
	s->st->errors += why == CLOSE_ERROR;
	s->st->timeouts += why == CLOSE_TIMEOUT;
	s->st->dropped += why == CLOSE_DROP;
	s->st->active--;
	if (s->cfg->opts->verbose)
		fprintf(stderr, "echo: fd %d closed (%s)\n", c->fd,
		        why == CLOSE_DONE ? "done" : why == CLOSE_ERROR ? "error" :
		        why == CLOSE_TIMEOUT ? "idle timeout" : "dropped at stop");
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	free(c);
}

/* Reads once into the free tail of the buffer. 0 ok, -1 fatal error. */
static int conn_read(struct echo_conn *c)
{
	size_t cap = c->srv->cap;
	ssize_t n;

	if (c->off && c->off + c->len == cap) {
		memmove(c->buf, c->buf + c->off, c->len);
		c->off = 0;
	}
	n = recv(c->fd, c->buf + c->off + c->len, cap - c->off - c->len, 0);
	if (n > 0) {
		c->len += (size_t)n;
		c->srv->st->bytes_in += (unsigned long long)n;
		c->last_ms = ps_loop_now_ms();
	} else if (n == 0) {
		c->rd_eof = 1;
	} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		return -1;
	}
	return 0;
}

static int conn_write(struct echo_conn *c)
{
	ssize_t n = send(c->fd, c->buf + c->off, c->len, MSG_NOSIGNAL);

	if (n > 0) {
		c->off += (size_t)n;
		c->len -= (size_t)n;
		if (!c->len)
			c->off = 0;
		c->srv->st->bytes_out += (unsigned long long)n;
		c->last_ms = ps_loop_now_ms();
	} else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		return -1;
	}
	return 0;
}

/* Recomputes the mask; closes the connection once the peer's FIN has been
 * reached and every byte went back. */
static void conn_rearm(struct echo_conn *c)
{
	int mask = PS_LOOP_NONE;

	if (!c->rd_eof && c->len < c->srv->cap)
		mask |= PS_LOOP_READ;
	if (c->len)
		mask |= PS_LOOP_WRITE;
	if (mask == PS_LOOP_NONE) {
		conn_close(c, CLOSE_DONE);
		return;
	}
	if (ps_loop_set_mask(c->srv->loop, c->fd, mask) < 0)
		conn_close(c, CLOSE_ERROR);
}

static void conn_io(struct ps_loop *loop, int fd, int mask, void *ctx)
{
	struct echo_conn *c = ctx;

	(void)loop;
	(void)fd;
	if ((mask & PS_LOOP_READ) && conn_read(c) < 0) {
		conn_close(c, CLOSE_ERROR);
		return;
	}
	/* Write right away: most of the time the socket has room. */
	if (c->len && conn_write(c) < 0) {
		conn_close(c, CLOSE_ERROR);
		return;
	}
	conn_rearm(c);
}

static void conn_new(struct echo_srv *s, int fd)
{
	char err[160];
	struct echo_conn *c = malloc(sizeof *c + s->cap);

	if (!c) {
		close(fd);
		s->st->errors++;
		return;
	}
	memset(c, 0, sizeof *c);
	(void)gen_set_nodelay(fd);
	c->srv = s;
	c->fd = fd;
	c->last_ms = ps_loop_now_ms();
	if (ps_loop_watch(s->loop, fd, PS_LOOP_READ, conn_io, c, err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen echo: %s\n", err);
		close(fd);
		free(c);
		s->st->errors++;
		return;
	}
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->st->accepted++;
	if (++s->st->active > s->st->peak)
		s->st->peak = s->st->active;
}

static long long listener_resume(struct ps_loop *loop, long long id, void *ctx)
{
	struct echo_srv *s = ctx;

	(void)id;
	if (!s->draining)
		(void)ps_loop_set_mask(loop, s->cfg->lfd, PS_LOOP_READ);
	return PS_LOOP_NOMORE;
}

static void on_accept(struct ps_loop *loop, int lfd, int mask, void *ctx)
{
	struct echo_srv *s = ctx;

	(void)mask;
	for (int i = 0; i < ECHO_ACCEPT_BURST; i++) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				/* Out of fds: pause accepting instead of spinning on a ready listener. */
				s->st->errors++;
				(void)ps_loop_set_mask(loop, lfd, PS_LOOP_NONE);
				(void)ps_loop_timer_add(loop, 100, listener_resume, s);
			}
			return;
		}
		if (s->st->active >= s->cfg->opts->max_conns) {
			s->st->refused++;
			close(fd);
			continue;
		}
		conn_new(s, fd);
		if (s->cfg->opts->verbose)
			gen_srv_log_accept("echo", fd, s->st->active);
	}
}

static void on_dgram(struct ps_loop *loop, int fd, int mask, void *ctx)
{
	struct echo_srv *s = ctx;

	(void)loop;
	(void)mask;
	for (int i = 0; i < ECHO_DGRAM_BURST; i++) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof from;
		ssize_t n = recvfrom(fd, s->dgbuf, 65536, MSG_TRUNC, (struct sockaddr *)&from, &flen);

		if (n < 0)
			return;
		s->st->bytes_in += (unsigned long long)n;
		if (s->cfg->opts->verbose) {
			char peer[GEN_ADDR_STRLEN];
			fprintf(stderr, "echo: datagram of %zd bytes from %s\n", n,
			        gen_addr_format((struct sockaddr *)&from, flen, peer, sizeof peer));
		}
		if (n > 65536)
			n = 65536;
		/* A full send buffer drops the reply like any UDP loss: no queue grows. */
		if (sendto(fd, s->dgbuf, (size_t)n, MSG_DONTWAIT, (struct sockaddr *)&from, flen) < 0) {
			s->st->errors++;
			continue;
		}
		s->st->datagrams++;
		s->st->bytes_out += (unsigned long long)n;
	}
}

static long long idle_tick(struct ps_loop *loop, long long id, void *ctx)
{
	struct echo_srv *s = ctx;
	long long now = ps_loop_now_ms(), idle = s->cfg->opts->idle_ms;
	struct echo_conn *c, *next;

	(void)loop;
	(void)id;
	for (c = s->conns; c; c = next) {
		next = c->next;
		if (now - c->last_ms >= idle)
			conn_close(c, CLOSE_TIMEOUT);
	}
	return idle / 4 > 1000 ? 1000 : (idle / 4 > 10 ? idle / 4 : 10);
}

/* During a graceful stop a connection with nothing buffered and nothing
 * waiting in the kernel is finished: close it with a FIN now. */
static void close_quiet(struct echo_srv *s)
{
	struct echo_conn *c, *next;
	char b;

	for (c = s->conns; c; c = next) {
		next = c->next;
		if (c->len)
			continue;
		ssize_t n = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
		if (n == 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)))
			conn_close(c, CLOSE_DONE);
		else if (n < 0)
			conn_close(c, CLOSE_ERROR);
	}
}

static int echo_drain(struct echo_srv *s, char *err, size_t errlen)
{
	long long deadline = ps_loop_now_ms() + s->cfg->opts->grace_ms;

	s->draining = 1;
	ps_loop_unwatch(s->loop, s->cfg->lfd);
	close(s->cfg->lfd); /* new clients are refused from now on */
	s->lfd_closed = 1;
	ps_loop_stop_on(s->loop, NULL);
	while (s->conns && ps_loop_now_ms() < deadline) {
		close_quiet(s);
		if (s->conns && ps_loop_once(s->loop, ECHO_DRAIN_TICK_MS, err, errlen) < 0)
			return -1;
	}
	while (s->conns)
		conn_close(s->conns, CLOSE_DROP);
	return 0;
}

int gen_echo_run_loop(const struct gen_echo_cfg *cfg, struct gen_srv_stats *st,
                      char *err, size_t errlen)
{
	struct echo_srv s;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.cfg = cfg;
	s.st = st;
	s.cap = cfg->opts->bufsize;
	s.loop = ps_loop_new(cfg->opts->engine, err, errlen);
	if (!s.loop) {
		close(cfg->lfd);
		return -1;
	}
	if (cfg->dgram && !(s.dgbuf = malloc(65536))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (ps_loop_watch(s.loop, cfg->lfd, PS_LOOP_READ, cfg->dgram ? on_dgram : on_accept,
	                  &s, err, errlen) < 0)
		goto out;
	if (cfg->opts->idle_ms > 0 && !cfg->dgram &&
	    ps_loop_timer_add(s.loop, 10, idle_tick, &s) < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	ps_loop_stop_on(s.loop, gen_signal_flag());
	rc = ps_loop_run(s.loop, err, errlen);
	if (rc == 0)
		rc = echo_drain(&s, err, errlen);
out:
	if (!s.lfd_closed)
		close(cfg->lfd);
	while (s.conns)
		conn_close(s.conns, CLOSE_DROP);
	free(s.dgbuf);
	ps_loop_free(s.loop);
	return rc;
}
