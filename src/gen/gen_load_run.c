/* SPDX-License-Identifier: BSD-2-Clause */
/* The load engine: N connections on the event loop, each sending M
 * messages of B bytes one at a time and checking the echo byte for byte.
 *
 * A message is sent while its echo is read back (a message larger than the
 * socket buffers would otherwise deadlock), and each received byte is
 * compared with what was sent at that offset. Latency is from the first
 * byte sent to the last byte received. Message contents come from a PRNG
 * seeded by (connection, message), so a stray byte cannot match by luck. */
#include "gen_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen_signal.h"
#include "ps_stamp.h"

#define LOAD_TICK_MS 10
#define LOAD_PUMP_ROUNDS 16

static void conn_io(struct ps_loop *loop, int fd, int mask, void *ctx);
static void msg_begin(struct load_conn *c);

static void fill_message(struct load_conn *c)
{
	uint64_t x = ((uint64_t)c->id << 32 ^ c->msg) * 0x9E3779B97F4A7C15ULL + 1;
	size_t n = c->run->o->size;

	for (size_t i = 0; i < n; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(c->sbuf + i, &x, n - i < 8 ? n - i : 8);
	}
	if (c->run->o->stamp) {
		/* the echo brings the stamp back: a capture sees it both ways */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		struct ps_stamp s = { .version = PS_STAMP_VERSION, .stream = c->run->o->stamp_base + c->id,
		                      .msg_len = (uint32_t)n, .seq = c->msg,
		                      .send_ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec };
		ps_stamp_encode(c->sbuf, &s);
	}
}

static void record_error(struct load_run *r, enum load_err kind, const char *msg)
{
	static const char *const names[ERR_KINDS] = { "connect", "io", "mismatch", "timeout", "tls" };

	r->tot.errors[kind]++;
	if (!r->first_err[kind][0] || r->o->verbose) {
		snprintf(r->first_err[kind], sizeof r->first_err[kind], "%s", msg);
		fprintf(stderr, "pktscope-gen load: %s error: %s\n", names[kind], msg);
	}
}

static void maybe_finish_run(struct load_run *r)
{
	if (r->live == 0 && r->next_to_connect >= r->o->conns)
		ps_loop_stop(r->loop);
}

static void start_connects(struct load_run *r);

static void conn_finish(struct load_conn *c)
{
	struct load_run *r = c->run;

	if (c->state == CS_DONE)
		return;
	if (c->state == CS_CONNECTING)
		r->connecting--;
	if (c->fd >= 0) {
		ps_loop_unwatch(r->loop, c->fd);
		r->tp->close(c);
		c->fd = -1;
	}
	if (c->tls_offer)
		load_tls_unclaim(c);
	free(c->sbuf);
	free(c->rbuf);
	c->sbuf = c->rbuf = NULL;
	c->state = CS_DONE;
	r->live--;
	start_connects(r);
	maybe_finish_run(r);
}

static void conn_fail(struct load_conn *c, enum load_err kind, const char *msg)
{
	record_error(c->run, kind, msg);
	conn_finish(c);
}

static void conn_connect(struct load_run *r, struct load_conn *c)
{
	const struct load_opts *o = r->o;
	char err[160];
	int type = r->tp->dgram ? SOCK_DGRAM : SOCK_STREAM;

	c->run = r;
	c->state = CS_CONNECTING;
	if (o->resume)
		load_tls_claim(c);
	c->t_start = ps_loop_now_ns();
	r->connecting++;
	r->live++;
	c->sbuf = malloc(o->size);
	c->rbuf = malloc(r->tp->dgram ? o->size + 1 : o->size);
	c->fd = -1;
	if (!c->sbuf || !c->rbuf) {
		conn_fail(c, ERR_CONNECT, "out of memory for message buffers");
		return;
	}
	c->fd = gen_connect_start((struct sockaddr *)&r->addr.ss, r->addr.len, type, err, sizeof err);
	if (c->fd < 0) {
		conn_fail(c, ERR_CONNECT, err);
		return;
	}
	if (!r->tp->dgram)
		(void)gen_set_nodelay(c->fd);
	if (ps_loop_watch(r->loop, c->fd, PS_LOOP_WRITE, conn_io, c, err, sizeof err) < 0) {
		r->tp->close(c);
		c->fd = -1;
		conn_fail(c, ERR_CONNECT, err);
	}
}

/* --resume: each connection waits for a session from the one before (a
 * TLS 1.3 ticket may come only with its first echo), or for its end if
 * none comes: connections open one after another, like s_client -reconnect. */
static int hold_for_session(const struct load_run *r)
{
	return r->o->resume && !r->tls_session && r->next_to_connect > 0 &&
	       r->conns[r->next_to_connect - 1].state != CS_DONE;
}

/* Keeps at most max_connecting connects/handshakes in flight. */
static void start_connects(struct load_run *r)
{
	if (r->starting)
		return; /* a failing connect re-enters via conn_finish() */
	r->starting = 1;
	while (r->next_to_connect < r->o->conns && r->connecting < r->o->max_connecting &&
	       !r->stopping && !hold_for_session(r)) {
		struct load_conn *c = &r->conns[r->next_to_connect];
		c->id = (unsigned)r->next_to_connect++;
		conn_connect(r, c);
	}
	r->starting = 0;
}

static void conn_setup(struct load_conn *c)
{
	struct load_run *r = c->run;
	char err[200];
	int want = 0, rc = r->tp->setup(c, &want, err, sizeof err);

	if (rc < 0) {
		char msg[260];
		snprintf(msg, sizeof msg, "%s: %s", r->o->to, err);
		conn_fail(c, rc == -2 ? ERR_TLS : ERR_CONNECT, msg);
		return;
	}
	if (rc == 0) {
		(void)ps_loop_set_mask(r->loop, c->fd, want);
		return;
	}
	r->connecting--;
	r->tot.connected++;
	c->state = CS_WAITING;
	start_connects(r);
	msg_begin(c);
}

static int rate_allows(struct load_run *r)
{
	int64_t el;

	if (r->o->rate <= 0)
		return 1;
	el = ps_loop_now_ns() - r->t0;
	/* Message k may start at t0 + k/rate: no drift, no burst after a stall
	 * beyond what the schedule already owes. */
	return (double)r->started < r->o->rate * (double)el / 1e9 + 1.0;
}

static void msg_done(struct load_conn *c)
{
	struct load_run *r = c->run;
	uint64_t lat = (uint64_t)(ps_loop_now_ns() - c->t_start);

	gen_hist_add(&r->hist, lat);
	gen_hist_add(&r->ihist, lat);
	r->tot.messages++;
	c->msg++;
	msg_begin(c);
}

static void msg_begin(struct load_conn *c)
{
	struct load_run *r = c->run;
	const struct load_opts *o = r->o;

	if (r->stopping || (o->messages && c->msg >= o->messages)) {
		conn_finish(c);
		return;
	}
	if (!rate_allows(r)) {
		c->state = CS_WAITING;
		(void)ps_loop_set_mask(r->loop, c->fd, PS_LOOP_NONE);
		r->waitq[(r->wq_head + r->wq_len++) % o->conns] = c;
		return;
	}
	fill_message(c);
	c->sent = c->got = 0;
	c->t_start = ps_loop_now_ns();
	c->state = CS_ACTIVE;
	r->started++;
	(void)ps_loop_set_mask(r->loop, c->fd, PS_LOOP_READ | PS_LOOP_WRITE);
}

/* One datagram out, then wait for the echo that matches it. Returns 1 if
 * the message completed, 0 to wait, -1 if the connection failed. */
static int pump_dgram(struct load_conn *c, int *want)
{
	struct load_run *r = c->run;
	size_t n = r->o->size;
	char err[160];
	ssize_t k;

	if (!c->sent) {
		k = r->tp->send(c, c->sbuf, n, want, err, sizeof err);
		if (k < 0 && *want)
			return 0;
		if (k != (ssize_t)n) {
			conn_fail(c, ERR_IO, k < 0 ? err : "short datagram write");
			return -1;
		}
		c->sent = n;
		r->tot.bytes_sent += n;
	}
	for (;;) {
		k = r->tp->recv(c, c->rbuf, n + 1, want, err, sizeof err);
		if (k < 0 && *want)
			return 0;
		if (k < 0) {
			conn_fail(c, ERR_IO, err);
			return -1;
		}
		r->tot.bytes_recv += (uint64_t)k;
		if ((size_t)k == n && memcmp(c->rbuf, c->sbuf, n) == 0)
			return 1;
		r->tot.unexpected++; /* a late echo of a message already timed out */
	}
}

/* Stream: send what is left and read what came back, checking each byte.
 * Same return values as pump_dgram(). */
static int pump_stream(struct load_conn *c, int *want)
{
	struct load_run *r = c->run;
	size_t n = r->o->size;
	char err[200];
	ssize_t k;
	int w;

	for (int round = 0; round < LOAD_PUMP_ROUNDS; round++) {
		int progress = 0;
		*want = 0;
		if (c->sent < n) {
			w = 0;
			k = r->tp->send(c, c->sbuf + c->sent, n - c->sent, &w, err, sizeof err);
			if (k > 0) {
				c->sent += (size_t)k;
				r->tot.bytes_sent += (uint64_t)k;
				progress = 1;
			} else if (!w) {
				conn_fail(c, r->tls_ctx ? ERR_TLS : ERR_IO, err);
				return -1;
			}
			*want |= w;
		}
		if (c->got < c->sent) {
			w = 0;
			k = r->tp->recv(c, c->rbuf + c->got, c->sent - c->got, &w, err, sizeof err);
			if (k > 0) {
				if (memcmp(c->rbuf + c->got, c->sbuf + c->got, (size_t)k) != 0) {
					snprintf(err, sizeof err, "connection %u message %llu: echo differs near byte %zu",
					         c->id, (unsigned long long)c->msg, c->got);
					conn_fail(c, ERR_MISMATCH, err);
					return -1;
				}
				c->got += (size_t)k;
				r->tot.bytes_recv += (uint64_t)k;
				progress = 1;
			} else if (k == 0 || !w) {
				conn_fail(c, ERR_IO, k == 0 ? "server closed the connection mid-message" : err);
				return -1;
			}
			*want |= w;
		}
		if (c->got == n)
			return 1;
		if (!progress)
			return 0;
	}
	*want = (c->sent < n ? PS_LOOP_WRITE : 0) | PS_LOOP_READ; /* more to do next round */
	return 0;
}

static void conn_pump(struct load_conn *c)
{
	int want = 0, rc;

	while (c->state == CS_ACTIVE) {
		rc = c->run->tp->dgram ? pump_dgram(c, &want) : pump_stream(c, &want);
		if (rc < 0)
			return;
		if (rc == 0) {
			(void)ps_loop_set_mask(c->run->loop, c->fd, want ? want : PS_LOOP_READ);
			return;
		}
		msg_done(c); /* may start the next message right away */
	}
}

static void conn_io(struct ps_loop *loop, int fd, int mask, void *ctx)
{
	struct load_conn *c = ctx;
	struct load_run *r = c->run;

	(void)loop;
	(void)fd;
	(void)mask;
	if (c->state == CS_CONNECTING)
		conn_setup(c);
	else
		conn_pump(c);
	if (r->o->resume && r->tls_session && r->next_to_connect < r->o->conns)
		start_connects(r); /* the session just came with a read */
}

static void release_waiting(struct load_run *r)
{
	while (r->wq_len && (r->stopping || rate_allows(r))) {
		struct load_conn *c = r->waitq[r->wq_head];
		r->wq_head = (r->wq_head + 1) % r->o->conns;
		r->wq_len--;
		if (c->state == CS_WAITING) {
			msg_begin(c);
			if (c->state == CS_ACTIVE)
				conn_io(r->loop, c->fd, PS_LOOP_WRITE, c);
		}
	}
}

/* A message (or connect/handshake) with no result within --timeout. */
static void check_timeouts(struct load_run *r, int64_t now)
{
	int64_t limit = r->o->timeout_ms * 1000000LL;
	char msg[160];

	for (unsigned long i = 0; i < r->next_to_connect; i++) {
		struct load_conn *c = &r->conns[i];
		if ((c->state != CS_ACTIVE && c->state != CS_CONNECTING) || now - c->t_start < limit)
			continue;
		if (c->state == CS_ACTIVE && r->tp->dgram) {
			/* A lost datagram costs one message, not the connection. */
			snprintf(msg, sizeof msg, "connection %u message %llu: no echo within %lld ms",
			         c->id, (unsigned long long)c->msg, r->o->timeout_ms);
			record_error(r, ERR_TIMEOUT, msg);
			c->msg++;
			msg_begin(c);
			continue;
		}
		snprintf(msg, sizeof msg, "connection %u: no %s within %lld ms", c->id,
		         c->state == CS_CONNECTING ? "connection" : "echo", r->o->timeout_ms);
		conn_fail(c, c->state == CS_CONNECTING ? ERR_CONNECT : ERR_TIMEOUT, msg);
	}
}

static long long on_tick(struct ps_loop *loop, long long id, void *ctx)
{
	struct load_run *r = ctx;

	(void)loop;
	(void)id;
	release_waiting(r);
	check_timeouts(r, ps_loop_now_ns());
	return LOAD_TICK_MS;
}

static long long on_interval(struct ps_loop *loop, long long id, void *ctx)
{
	struct load_run *r = ctx;
	int64_t now = ps_loop_now_ns();

	(void)loop;
	(void)id;
	load_print_interval(r, now);
	r->last = r->tot;
	r->t_last = now;
	gen_hist_reset(&r->ihist);
	return r->o->interval_ms;
}

static long long on_duration(struct ps_loop *loop, long long id, void *ctx)
{
	struct load_run *r = ctx;

	(void)loop;
	(void)id;
	/* Connections finish the message in flight, then close. */
	r->stopping = 1;
	r->next_to_connect = r->o->conns;
	release_waiting(r);
	for (unsigned long i = 0; i < r->o->conns; i++)
		if (r->conns[i].state == CS_CONNECTING)
			conn_finish(&r->conns[i]);
	maybe_finish_run(r);
	return PS_LOOP_NOMORE;
}

static int load_setup(struct load_run *r, char *err, size_t errlen)
{
	const struct load_opts *o = r->o;

	r->conns = calloc(o->conns, sizeof *r->conns);
	r->waitq = calloc(o->conns, sizeof *r->waitq);
	if (!r->conns || !r->waitq) {
		snprintf(err, errlen, "out of memory for %lu connections", o->conns);
		return -1;
	}
	for (unsigned long i = 0; i < o->conns; i++)
		r->conns[i].fd = -1;
	r->loop = ps_loop_new(o->engine, err, errlen);
	if (!r->loop)
		return -1;
	if (ps_loop_timer_add(r->loop, LOAD_TICK_MS, on_tick, r) < 0 ||
	    (o->interval_ms && ps_loop_timer_add(r->loop, o->interval_ms, on_interval, r) < 0) ||
	    (o->duration_ms && ps_loop_timer_add(r->loop, o->duration_ms, on_duration, r) < 0)) {
		snprintf(err, errlen, "out of memory for timers");
		return -1;
	}
	ps_loop_stop_on(r->loop, gen_signal_flag());
	return 0;
}

int load_run(struct load_run *r, char *err, size_t errlen)
{
	int rc = -1;

	if (load_setup(r, err, errlen) < 0)
		goto out;
	gen_hist_reset(&r->hist);
	gen_hist_reset(&r->ihist);
	r->t0 = r->t_last = ps_loop_now_ns();
	start_connects(r);
	if (r->live == 0 && r->next_to_connect >= r->o->conns) {
		rc = 0; /* every connect failed at once */
		goto out;
	}
	rc = ps_loop_run(r->loop, err, errlen);
	r->interrupted = gen_signal_stopping();
out:
	if (r->conns)
		for (unsigned long i = 0; i < r->next_to_connect; i++)
			if (r->conns[i].state != CS_DONE && r->conns[i].fd >= 0) {
				if (r->loop)
					ps_loop_unwatch(r->loop, r->conns[i].fd);
				r->tp->close(&r->conns[i]);
				free(r->conns[i].sbuf);
				free(r->conns[i].rbuf);
			}
	ps_loop_free(r->loop);
	r->loop = NULL;
	free(r->conns);
	free(r->waitq);
	r->conns = NULL;
	r->waitq = NULL;
	return rc;
}
