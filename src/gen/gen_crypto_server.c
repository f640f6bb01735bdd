/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto_server.c - the length-prefixed crypto server on the event loop.
 *
 * Each connection reads one request (4-byte big-endian length, then the
 * input), computes it synchronously with the chosen backend, and writes the
 * response (see gen_crypto_cli.h) before it reads again: a client that does
 * not read its responses stops being read, so memory per connection stays
 * bounded by --max-size plus one response.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gen_crypto_cli.h"
#include "gen_modules.h"
#include "gen_net.h"
#include "gen_server.h"
#include "gen_signal.h"
#include "loop.h"

#define LINGER_MS 2000 /* bound on discarding a refused request's body */
#define LINGER_MAX (1u << 20) /* ... and on the bytes discarded past it */
#define BUDGET 16 /* requests served per readiness event */
#define CHUNK (64u * 1024u) /* the request buffer grows by this as bytes arrive */

struct cconn {
	int fd;
	struct csrv *srv;
	char peer[GEN_ADDR_STRLEN];
	uint8_t hdr[4];
	size_t hdr_got;
	uint8_t *in; /* request body so far: in_cap bytes, grows as it arrives */
	size_t need, got, in_cap;
	uint8_t *out; /* response frame being written */
	size_t out_len, out_sent;
	bool close_after; /* refused request: linger once the error is out */
	bool lingering;   /* write side shut: discard input until EOF */
	size_t discarded;
	long long last_ms, linger_ms;
	struct cconn *prev, *next;
};


struct csrv {
	const struct gen_crypto_opts *o;
	struct ps_loop *loop;
	struct ps_crypto_sess sess;
	int lfd;
	struct cconn *conns;
	unsigned nconns;
	bool draining; /* stopping: finish queued responses, read no more */
	struct gen_srv_stats st;
	unsigned long long requests, failed;
	long long start_ms;
};

static void conn_close(struct cconn *c, const char *why)
{
	struct csrv *s = c->srv;
	if (s->o->srv.verbose)
		fprintf(stderr, "crypto: %s closed (%s)\n", c->peer, why);
	ps_loop_unwatch(s->loop, c->fd);
	close(c->fd);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	s->nconns--;
	s->st.closed++;
	s->st.active--;
	free(c->in);
	free(c->out);
	free(c);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Queues a status-only response with a text (errors). */
static int respond_text(struct cconn *c, int status, const char *text)
{
	size_t n = strlen(text);
	c->out = malloc(5 + n);
	if (!c->out)
		return -1;
	put_be32(c->out, (uint32_t)(1 + n));
	c->out[4] = (uint8_t)status;
	memcpy(c->out + 5, text, n);
	c->out_len = 5 + n;
	c->out_sent = 0;
	return 0;
}

/* Runs the complete request in c->in and queues its response. */
static int process(struct cconn *c)
{
	struct csrv *s = c->srv;
	char err[256];
	size_t cap = ps_crypto_out_len(s->sess.params.alg, c->need);
	c->out = malloc(5 + cap);
	if (!c->out)
		return -1;
	long r = ps_crypto_run(&s->sess, c->in, c->need, c->out + 5, cap, err, sizeof err);
	s->requests++;
	s->st.bytes_in += c->need;
	free(c->in);
	c->in = NULL;
	if (r < 0) {
		s->failed++;
		free(c->out);
		c->out = NULL;
		if (s->o->srv.verbose)
			fprintf(stderr, "crypto: %s: %s\n", c->peer, err);
		return respond_text(c, GEN_CRYPTO_ST_FAILED, err);
	}
	put_be32(c->out, (uint32_t)(1 + r));
	c->out[4] = GEN_CRYPTO_ST_OK;
	c->out_len = 5 + (size_t)r;
	c->out_sent = 0;
	return 0;
}

/* Header complete: size the body, or refuse it. */
static int start_body(struct cconn *c)
{
	struct csrv *s = c->srv;
	c->need = (size_t)c->hdr[0] << 24 | (size_t)c->hdr[1] << 16 | (size_t)c->hdr[2] << 8 |
		  c->hdr[3];
	c->got = 0;
	if (c->need > s->o->max_size) {
		char msg[128];
		snprintf(msg, sizeof msg, "request of %zu bytes exceeds --max-size %zu", c->need,
			 s->o->max_size);
		s->failed++;
		c->close_after = true;
		return respond_text(c, GEN_CRYPTO_ST_TOO_LARGE, msg);
	}
	/* the declared length is only a claim: memory follows the bytes that
	 * really arrive (300 clients declaring 1 MiB and sending nothing cost
	 * 300 small buffers, not 300 MiB) */
	c->in_cap = c->need < CHUNK ? (c->need ? c->need : 1) : CHUNK;
	c->in = malloc(c->in_cap);
	return c->in ? 0 : -1;
}

/* Room for the next read of the body: grow by CHUNK (never past need).
 * 0 ok, -1 out of memory. */
static int body_room(struct cconn *c)
{
	if (c->got < c->in_cap)
		return 0;
	size_t cap = c->need - c->in_cap < CHUNK ? c->need : c->in_cap + CHUNK;
	uint8_t *p = realloc(c->in, cap);
	if (!p)
		return -1;
	c->in = p;
	c->in_cap = cap;
	return 0;
}

/* Reads until a request is complete (1), the socket is drained (0) or the
 * connection ends (-1, closed). */
static int conn_read(struct cconn *c)
{
	for (;;) {
		bool in_hdr = c->hdr_got < 4;
		if (!in_hdr && body_room(c) < 0)
			goto oom;
		uint8_t *dst = in_hdr ? c->hdr + c->hdr_got : c->in + c->got;
		size_t want = in_hdr ? 4 - c->hdr_got : (c->need < c->in_cap ? c->need : c->in_cap) - c->got;
		ssize_t k = want ? read(c->fd, dst, want) : 0;
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (k < 0 || (k == 0 && want)) {
			bool mid = c->hdr_got > 0;
			if (k < 0 || mid)
				c->srv->st.errors++;
			conn_close(c, k < 0 ? strerror(errno) : mid ? "eof inside a request" : "eof");
			return -1;
		}
		if (in_hdr) {
			c->hdr_got += (size_t)k;
			if (c->hdr_got < 4)
				continue;
			if (start_body(c) < 0)
				goto oom;
			if (c->out)
				return 1; /* refused: the error response is queued */
		} else {
			c->got += (size_t)k;
		}
		if (c->got == c->need)
			return process(c) < 0 ? (conn_close(c, "out of memory"), -1) : 1;
	}
oom:
	conn_close(c, "out of memory");
	return -1;
}

/* Writes the queued response; 1 when it is all out, 0 to wait, -1 closed. */
static int conn_write(struct cconn *c)
{
	while (c->out_sent < c->out_len) {
		ssize_t k = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent,
				 MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (k < 0) {
			c->srv->st.errors++;
			conn_close(c, strerror(errno));
			return -1;
		}
		c->out_sent += (size_t)k;
		c->srv->st.bytes_out += (size_t)k;
	}
	free(c->out);
	c->out = NULL;
	c->hdr_got = 0;
	if (c->close_after) {
		/* Closing with the body unread would reset the connection and
		 * could destroy the error response before the client reads it:
		 * shut our side, then discard input until EOF (bounded). */
		shutdown(c->fd, SHUT_WR);
		c->lingering = true;
		c->linger_ms = ps_loop_now_ms();
		ps_loop_set_mask(c->srv->loop, c->fd, PS_LOOP_READ);
		return -1;
	}
	return 1;
}

static void conn_discard(struct cconn *c)
{
	uint8_t buf[16384];
	for (;;) {
		ssize_t k = read(c->fd, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (k <= 0 || (c->discarded += (size_t)k) > c->need + LINGER_MAX) {
			conn_close(c, "refused request");
			return;
		}
	}
}

static void on_conn(struct ps_loop *loop, int fd, int mask, void *ctx)
{
	struct cconn *c = ctx;
	(void)fd;
	(void)mask;
	c->last_ms = ps_loop_now_ms();
	if (c->lingering) {
		conn_discard(c);
		return;
	}
	/* A client streaming requests gets a fair share: after BUDGET requests
	 * the loop serves others (the socket is still readable, so we come back). */
	for (int budget = BUDGET; budget > 0; budget--) {
		if (c->out) {
			int w = conn_write(c);
			if (w < 0)
				return;
			if (w == 0) {
				ps_loop_set_mask(loop, c->fd, PS_LOOP_WRITE);
				return;
			}
			ps_loop_set_mask(loop, c->fd, PS_LOOP_READ);
		}
		if (c->srv->draining) {
			conn_close(c, "server stopping");
			return;
		}
		/* Returns 1 when a response got queued: go write it at once. */
		if (conn_read(c) <= 0)
			return;
	}
	/* Budget spent with a response queued: it goes out on writability. */
	ps_loop_set_mask(loop, c->fd, PS_LOOP_WRITE);
}

static void accept_one(struct csrv *s, int fd, const struct sockaddr_storage *ss, socklen_t len)
{
	char err[128];
	struct cconn *c = calloc(1, sizeof *c);
	if (!c || ps_loop_watch(s->loop, fd, PS_LOOP_READ, on_conn, c, err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen crypto: %s\n", c ? err : "out of memory");
		free(c);
		close(fd);
		return;
	}
	c->fd = fd;
	c->srv = s;
	c->last_ms = ps_loop_now_ms();
	gen_addr_format((const struct sockaddr *)ss, len, c->peer, sizeof c->peer);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->nconns++;
	s->st.accepted++;
	if (++s->st.active > s->st.peak)
		s->st.peak = s->st.active;
	if (s->o->srv.verbose)
		fprintf(stderr, "crypto: %s connected\n", c->peer);
}

static void on_listen(struct ps_loop *loop, int lfd, int mask, void *ctx)
{
	struct csrv *s = ctx;
	(void)loop;
	(void)mask;
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t len;
		int fd = gen_accept_nb(lfd, &ss, &len, "crypto");
		if (fd < 0)
			return;
		if ((long)s->nconns >= s->o->srv.max_conns) {
			s->st.refused++;
			close(fd);
			continue;
		}
		accept_one(s, fd, &ss, len);
	}
}

static long long tick_ms(const struct gen_crypto_opts *o)
{
	long long ms = o->srv.idle_ms > 0 ? o->srv.idle_ms / 4 : 1000;
	return ms < 1 ? 1 : ms > 1000 ? 1000 : ms;
}

/* Closes connections idle for --idle-timeout and lingering ones past LINGER_MS. */
static long long on_tick(struct ps_loop *loop, long long id, void *ctx)
{
	struct csrv *s = ctx;
	long long now = ps_loop_now_ms();
	(void)loop;
	(void)id;
	for (struct cconn *c = s->conns, *next; c; c = next) {
		next = c->next;
		if (c->lingering && now - c->linger_ms >= LINGER_MS) {
			conn_close(c, "refused request");
		} else if (s->o->srv.idle_ms > 0 && now - c->last_ms >= s->o->srv.idle_ms) {
			s->st.timeouts++;
			conn_close(c, "idle timeout");
		}
	}
	return tick_ms(s->o);
}

/* After a stop: no new connections or requests; queued responses get
 * --grace to go out, then whatever is left is dropped. */
static void drain(struct csrv *s)
{
	char err[128];
	s->draining = true;
	ps_loop_unwatch(s->loop, s->lfd);
	close(s->lfd);
	s->lfd = -1;
	for (struct cconn *c = s->conns, *next; c; c = next) {
		next = c->next;
		if (!c->out)
			conn_close(c, "server stopping");
	}
	long long end = ps_loop_now_ms() + s->o->srv.grace_ms;
	while (s->conns && ps_loop_now_ms() < end)
		if (ps_loop_once(s->loop, 50, err, sizeof err) < 0)
			break;
	while (s->conns) {
		s->st.dropped++;
		conn_close(s->conns, "dropped at stop");
	}
}

static void print_stats(const struct csrv *s)
{
	gen_srv_stats_print(stdout, "crypto", &s->st,
			    (double)(ps_loop_now_ms() - s->start_ms) / 1000.0);
	printf("crypto requests: %llu (%llu failed)\n", s->requests, s->failed);
	fflush(stdout);
}

/* Listener, loop and timer; prints the bound address. 0, or an exit code. */
static int setup(struct csrv *s, const char *why, char *err, size_t errlen)
{
	const struct gen_crypto_opts *o = s->o;
	struct gen_addr a;
	char where[GEN_ADDR_STRLEN];
	if (gen_addr_parse(o->srv.listen, 1, &a, err, errlen) < 0)
		return GEN_EXIT_USAGE;
	s->lfd = gen_listen_ip(&a, SOCK_STREAM, o->srv.v6only, 128, err, errlen);
	if (s->lfd < 0)
		return GEN_EXIT_RUNTIME;
	s->loop = ps_loop_new(o->srv.engine, err, errlen);
	if (!s->loop || ps_loop_watch(s->loop, s->lfd, PS_LOOP_READ, on_listen, s, err, errlen) < 0)
		return GEN_EXIT_RUNTIME;
	if (ps_loop_timer_add(s->loop, tick_ms(o), on_tick, s) < 0) {
		snprintf(err, errlen, "cannot add the idle timer");
		return GEN_EXIT_RUNTIME;
	}
	ps_loop_stop_on(s->loop, gen_signal_flag());
	a.len = sizeof a.ss;
	if (getsockname(s->lfd, (struct sockaddr *)&a.ss, &a.len) < 0)
		a.len = 0;
	gen_addr_format((struct sockaddr *)&a.ss, a.len, where, sizeof where);
	printf("crypto: listening on %s, alg %s, backend %s, engine %s\n", where,
	       ps_crypto_alg_name(o->params.alg), why, ps_loop_backend(s->loop));
	fflush(stdout);
	return 0;
}

int gen_crypto_serve(const struct gen_crypto_opts *o)
{
	struct csrv s = {.o = o, .lfd = -1};
	char err[300], why[300];
	int rc = GEN_EXIT_RUNTIME;
	const struct ps_crypto_ops *ops = ps_crypto_choose(o->backend, why, sizeof why, err,
							   sizeof err);
	if (!ops)
		goto fail;
	if (ps_crypto_open(&s.sess, ops, &o->params, o->zero_copy, err, sizeof err) < 0)
		goto fail;
	s.start_ms = ps_loop_now_ms();
	rc = setup(&s, why, err, sizeof err);
	if (rc)
		goto fail;
	if (ps_loop_run(s.loop, err, sizeof err) < 0) {
		rc = GEN_EXIT_RUNTIME;
		fprintf(stderr, "pktscope-gen crypto: %s\n", err);
	}
	drain(&s);
	print_stats(&s);
	ps_loop_free(s.loop);
	ps_crypto_close(&s.sess);
	return rc;
fail:
	fprintf(stderr, "pktscope-gen crypto: %s\n", err);
	if (s.lfd >= 0)
		close(s.lfd);
	if (s.loop)
		ps_loop_free(s.loop);
	ps_crypto_close(&s.sess);
	return rc;
}
