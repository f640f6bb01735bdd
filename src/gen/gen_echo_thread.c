/* SPDX-License-Identifier: BSD-2-Clause */
/* Echo server, thread-per-connection engine (--engine thread).
 *
 * The main thread accepts; each connection gets a detached thread doing
 * blocking recv/send on one --buffer sized buffer, so a peer that never
 * reads blocks its own thread in send() and memory stays bounded. The
 * idle timeout is SO_RCVTIMEO/SO_SNDTIMEO. A graceful stop shuts the read
 * side of every connection (queued bytes are still echoed, then FIN), and
 * after --grace shuts both sides of whatever is left. */
#include "gen_echo.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gen_net.h"
#include "gen_signal.h"
#include "loop.h"

#define THR_STACK (256 * 1024)
#define THR_POLL_MS 100

struct thr_conn {
	struct thr_srv *srv;
	struct thr_conn *prev, *next;
	int fd;
	int dropped; /* set under srv->mu when the stop bound expired */
};

struct thr_srv {
	const struct gen_echo_cfg *cfg;
	pthread_mutex_t mu;
	pthread_cond_t cv;        /* signalled when a connection ends */
	struct thr_conn *conns;   /* under mu */
	struct gen_srv_stats st;  /* counters under mu, except the two atomics */
	atomic_ullong bytes_in, bytes_out;
};

enum thr_end { END_DONE, END_ERROR, END_TIMEOUT };

static int send_all(int fd, const unsigned char *p, size_t n, atomic_ullong *out)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		atomic_fetch_add(out, (unsigned long long)w);
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static enum thr_end thr_echo(struct thr_srv *s, int fd, unsigned char *buf, size_t cap)
{
	for (;;) {
		ssize_t n = recv(fd, buf, cap, 0);
		if (n == 0)
			return END_DONE;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK ? END_TIMEOUT : END_ERROR;
		}
		atomic_fetch_add(&s->bytes_in, (unsigned long long)n);
		if (send_all(fd, buf, (size_t)n, &s->bytes_out) < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? END_TIMEOUT : END_ERROR;
	}
}

static void thr_conn_end(struct thr_conn *c, enum thr_end why)
{
	struct thr_srv *s = c->srv;
	int verbose = s->cfg->opts->verbose, dropped;

	if (why == END_DONE)
		(void)shutdown(c->fd, SHUT_WR);
	pthread_mutex_lock(&s->mu);
	dropped = c->dropped;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	/* Closed under the lock so the stop path never shuts down a reused fd. */
	close(c->fd);
	s->st.closed++;
	if (c->dropped)
		s->st.dropped++;
	else if (why == END_ERROR)
		s->st.errors++;
	else if (why == END_TIMEOUT)
		s->st.timeouts++;
	s->st.active--;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	/* s may be gone now (the stop path saw active reach 0): locals only. */
	if (verbose)
		fprintf(stderr, "echo: connection closed (%s)\n", dropped ? "dropped at stop" :
		        why == END_DONE ? "done" : why == END_ERROR ? "error" : "idle timeout");
	free(c);
}

static void *thr_worker(void *arg)
{
	struct thr_conn *c = arg;
	const struct gen_srv_opts *o = c->srv->cfg->opts;
	unsigned char *buf = malloc(o->bufsize);
	enum thr_end why = END_ERROR;

	if (o->idle_ms > 0) {
		struct timeval tv = { (time_t)(o->idle_ms / 1000), (suseconds_t)(o->idle_ms % 1000) * 1000 };
		(void)setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		(void)setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	}
	(void)gen_set_nodelay(c->fd);
	if (buf && gen_set_nonblock(c->fd, 0) == 0)
		why = thr_echo(c->srv, c->fd, buf, o->bufsize);
	free(buf);
	thr_conn_end(c, why);
	return NULL;
}

/* Links a connection and starts its thread; refuses over --max-conns. */
static void thr_spawn(struct thr_srv *s, int fd, pthread_attr_t *attr)
{
	struct thr_conn *c = calloc(1, sizeof *c);
	pthread_t tid;

	pthread_mutex_lock(&s->mu);
	if (!c || s->st.active >= s->cfg->opts->max_conns) {
		s->st.refused += c != NULL;
		s->st.errors += c == NULL;
		pthread_mutex_unlock(&s->mu);
		close(fd);
		free(c);
		return;
	}
	c->srv = s;
	c->fd = fd;
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->st.accepted++;
	if (++s->st.active > s->st.peak)
		s->st.peak = s->st.active;
	if (pthread_create(&tid, attr, thr_worker, c) != 0) {
		pthread_mutex_unlock(&s->mu);
		thr_conn_end(c, END_ERROR);
		return;
	}
	pthread_mutex_unlock(&s->mu);
}

static void thr_accept_loop(struct thr_srv *s)
{
	struct pollfd p = { .fd = s->cfg->lfd, .events = POLLIN };
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, THR_STACK);
	while (!gen_signal_stopping()) {
		if (poll(&p, 1, THR_POLL_MS) <= 0)
			continue;
		int fd = accept4(s->cfg->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE) {
				pthread_mutex_lock(&s->mu);
				s->st.errors++;
				pthread_mutex_unlock(&s->mu);
				poll(NULL, 0, THR_POLL_MS);
			}
			continue;
		}
		if (s->cfg->opts->verbose)
			gen_srv_log_accept("echo", fd, -1);
		thr_spawn(s, fd, &attr);
	}
	pthread_attr_destroy(&attr);
}

/* Waits until no connection is left or deadline_ms passes; under mu. */
static void thr_wait_idle(struct thr_srv *s, long long deadline_ms)
{
	while (s->st.active > 0) {
		long long left = deadline_ms - ps_loop_now_ms();
		struct timespec ts;

		if (left <= 0)
			return;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += (time_t)(left / 1000);
		ts.tv_nsec += (long)(left % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->cv, &s->mu, &ts);
	}
}

static void thr_drain(struct thr_srv *s)
{
	pthread_mutex_lock(&s->mu);
	for (struct thr_conn *c = s->conns; c; c = c->next)
		(void)shutdown(c->fd, SHUT_RD); /* queued bytes still come back, then FIN */
	thr_wait_idle(s, ps_loop_now_ms() + s->cfg->opts->grace_ms);
	for (struct thr_conn *c = s->conns; c; c = c->next) {
		c->dropped = 1;
		(void)shutdown(c->fd, SHUT_RDWR);
	}
	/* Threads blocked in recv/send return at once after SHUT_RDWR. */
	thr_wait_idle(s, ps_loop_now_ms() + 1000);
	pthread_mutex_unlock(&s->mu);
}

static void thr_dgram_loop(struct thr_srv *s, unsigned char *buf)
{
	struct pollfd p = { .fd = s->cfg->lfd, .events = POLLIN };

	while (!gen_signal_stopping()) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof from;

		if (poll(&p, 1, THR_POLL_MS) <= 0)
			continue;
		ssize_t n = recvfrom(p.fd, buf, 65536, MSG_TRUNC, (struct sockaddr *)&from, &flen);
		if (n < 0)
			continue;
		s->st.bytes_in += (unsigned long long)n;
		if (n > 65536)
			n = 65536;
		if (sendto(p.fd, buf, (size_t)n, MSG_DONTWAIT, (struct sockaddr *)&from, flen) < 0) {
			s->st.errors++;
			continue;
		}
		s->st.datagrams++;
		s->st.bytes_out += (unsigned long long)n;
	}
}

int gen_echo_run_thread(const struct gen_echo_cfg *cfg, struct gen_srv_stats *st,
                        char *err, size_t errlen)
{
	/* On the heap: a worker stuck past every bound must not see a dead stack. */
	struct thr_srv *s = calloc(1, sizeof *s);
	unsigned char *buf = NULL;
	long left;

	if (!s || (cfg->dgram && !(buf = malloc(65536)))) {
		snprintf(err, errlen, "out of memory");
		close(cfg->lfd);
		free(s);
		return -1;
	}
	s->cfg = cfg;
	atomic_init(&s->bytes_in, 0);
	atomic_init(&s->bytes_out, 0);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (cfg->dgram) {
		thr_dgram_loop(s, buf);
		close(cfg->lfd);
		free(buf);
	} else {
		thr_accept_loop(s);
		close(cfg->lfd); /* new clients are refused from now on */
		thr_drain(s);
	}
	pthread_mutex_lock(&s->mu);
	*st = s->st;
	st->bytes_in += atomic_load(&s->bytes_in);
	st->bytes_out += atomic_load(&s->bytes_out);
	left = s->st.active;
	pthread_mutex_unlock(&s->mu);
	if (left == 0) {
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		free(s);
	}
	return 0;
}
