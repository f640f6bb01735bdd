/* SPDX-License-Identifier: BSD-2-Clause */
/* tls_conn.c - one tls-echo connection on the event loop: a non-blocking
 * handshake, then echo, then close_notify.
 *
 * Each OpenSSL call that cannot go on says what it waits for, and that
 * becomes the loop mask: SSL_ERROR_WANT_READ -> PS_LOOP_READ,
 * SSL_ERROR_WANT_WRITE -> PS_LOOP_WRITE (a TLS read may need to write and
 * a write may need to read). Data is read only when the echo buffer is
 * empty, so a peer that does not read its echo stops being read: memory
 * per connection stays at --buffer plus OpenSSL's record buffers.
 */
#include <errno.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen_net.h"
#include "tls_echo.h"

#define ECHO_BUDGET 16 /* records echoed per readiness event */

enum tc_state { TC_HANDSHAKE, TC_ECHO, TC_SHUTDOWN };

struct tls_conn {
	int fd;
	SSL *ssl;
	struct tls_srv *srv;
	enum tc_state state;
	uint8_t *buf; /* echo buffer, allocated after the handshake */
	size_t len, off;
	bool peer_closed; /* close_notify received */
	long long last_ms;
	char peer[GEN_ADDR_STRLEN];
	struct tls_conn *prev, *next;
};

static void conn_close(struct tls_conn *c, const char *why)
{
	struct tls_srv *s = c->srv;
	if (s->o->verbose)
		fprintf(stderr, "tls-echo: %s closed (%s)\n", c->peer, why);
	ps_loop_unwatch(s->loop, c->fd);
	SSL_free(c->ssl);
	close(c->fd);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	s->nconns--;
	s->st.active--;
	s->st.closed++;
	free(c->buf);
	free(c);
}

/* An OpenSSL call returned r <= 0: wait for what it wants (0), or close the
 * connection with the reason (-1). */
static int ssl_wait_or_close(struct tls_conn *c, int r, const char *what)
{
	char why[200], line[256];
	int e = SSL_get_error(c->ssl, r);
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
		ps_loop_set_mask(c->srv->loop, c->fd,
				 e == SSL_ERROR_WANT_READ ? PS_LOOP_READ : PS_LOOP_WRITE);
		return 0;
	}
	if (e == SSL_ERROR_SYSCALL && errno)
		snprintf(why, sizeof why, "%s", strerror(errno));
	else if (e == SSL_ERROR_SYSCALL || e == SSL_ERROR_ZERO_RETURN)
		snprintf(why, sizeof why, "eof");
	else
		tls_err_string(why, sizeof why, "TLS error");
	ERR_clear_error();
	if (e == SSL_ERROR_SYSCALL && errno)
		c->srv->st.errors++;
	snprintf(line, sizeof line, "%s: %s", what, why);
	conn_close(c, line);
	return -1;
}

/* Counts the ALPN selection; with -v, one line: peer, version, cipher,
 * ALPN, full or resumed, and the client certificate's subject if any. */
static void log_handshake(struct tls_conn *c)
{
	struct tls_srv *s = c->srv;
	const unsigned char *alpn = NULL;
	unsigned int alpn_len = 0;
	char subject[256] = "";
	X509 *peer;

	SSL_get0_alpn_selected(c->ssl, &alpn, &alpn_len);
	s->hs_alpn += alpn_len > 0;
	if (!s->o->verbose)
		return;
	if ((peer = SSL_get_peer_certificate(c->ssl))) {
		X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
		X509_free(peer);
	}
	fprintf(stderr, "tls-echo: %s %s %s alpn=%.*s %s%s%s\n", c->peer, SSL_get_version(c->ssl),
		SSL_get_cipher_name(c->ssl), alpn_len ? (int)alpn_len : 4,
		alpn_len ? (const char *)alpn : "none", SSL_session_reused(c->ssl) ? "resumed" : "full",
		subject[0] ? " client=" : "", subject);
}

/* 1 once established, 0 waiting, -1 failed (closed). */
static int step_handshake(struct tls_conn *c)
{
	struct tls_srv *s = c->srv;
	ERR_clear_error();
	errno = 0;
	int r = SSL_accept(c->ssl);
	if (r != 1) {
		int e = SSL_get_error(c->ssl, r);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
			s->hs_failed++;
		return ssl_wait_or_close(c, r, "handshake failed") < 0 ? -1 : 0;
	}
	s->hs_ok++;
	s->hs_resumed += SSL_session_reused(c->ssl) == 1;
	c->buf = malloc(s->o->bufsize);
	if (!c->buf) {
		conn_close(c, "out of memory");
		return -1;
	}
	c->state = TC_ECHO;
	log_handshake(c);
	return 1;
}

/* Sends close_notify (once writable) and closes; we do not wait for the
 * peer's: an echo client has nothing more to say. */
static void step_shutdown(struct tls_conn *c)
{
	c->state = TC_SHUTDOWN;
	ERR_clear_error();
	errno = 0;
	int r = SSL_shutdown(c->ssl);
	int e = r < 0 ? SSL_get_error(c->ssl, r) : SSL_ERROR_NONE;
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
		(void)ssl_wait_or_close(c, r, "shutdown");
		return;
	}
	/* A peer that sent close_notify and left at once (EPIPE, reset) is
	 * done, not an error. */
	ERR_clear_error();
	conn_close(c, c->peer_closed ? "close_notify" : "server stopping");
}

static void step_echo(struct tls_conn *c)
{
	struct tls_srv *s = c->srv;
	for (int rounds = 0;; rounds++) {
		int r;
		ERR_clear_error();
		errno = 0;
		if (c->off < c->len) {
			r = SSL_write(c->ssl, c->buf + c->off, (int)(c->len - c->off));
			if (r <= 0) {
				(void)ssl_wait_or_close(c, r, "write");
				return;
			}
			c->off += (size_t)r;
			s->st.bytes_out += (unsigned long long)r;
			if (c->off == c->len)
				c->off = c->len = 0;
			continue;
		}
		if (c->peer_closed || s->draining) {
			step_shutdown(c);
			return;
		}
		/* Fairness: after a budget of rounds let the loop serve others,
		 * unless OpenSSL holds decrypted bytes the fd will not signal. */
		if (rounds >= ECHO_BUDGET && !SSL_has_pending(c->ssl)) {
			ps_loop_set_mask(s->loop, c->fd, PS_LOOP_READ);
			return;
		}
		r = SSL_read(c->ssl, c->buf, (int)s->o->bufsize);
		if (r > 0) {
			c->len = (size_t)r;
			s->st.bytes_in += (unsigned long long)r;
		} else if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN) {
			c->peer_closed = true;
		} else {
			(void)ssl_wait_or_close(c, r, "read");
			return;
		}
	}
}

static void on_conn(struct ps_loop *loop, int fd, int mask, void *ctx)
{
	struct tls_conn *c = ctx;
	(void)loop;
	(void)fd;
	(void)mask;
	c->last_ms = ps_loop_now_ms();
	switch (c->state) {
	case TC_HANDSHAKE:
		if (step_handshake(c) <= 0)
			return;
		step_echo(c);
		return;
	case TC_ECHO:
		step_echo(c);
		return;
	case TC_SHUTDOWN:
		step_shutdown(c);
		return;
	}
}

static void conn_new(struct tls_srv *s, int fd, const struct sockaddr_storage *ss, socklen_t len)
{
	char err[200];
	struct tls_conn *c = calloc(1, sizeof *c);
	SSL *ssl = c ? SSL_new(s->ctx) : NULL;
	if (!ssl || !SSL_set_fd(ssl, fd) ||
	    ps_loop_watch(s->loop, fd, PS_LOOP_READ, on_conn, c, err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen tls-echo: cannot serve a connection: %s\n",
			ssl ? err : "out of memory");
		SSL_free(ssl);
		free(c);
		close(fd);
		s->st.errors++;
		return;
	}
	SSL_set_accept_state(ssl);
	c->fd = fd;
	c->ssl = ssl;
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
	if (s->o->verbose)
		fprintf(stderr, "tls-echo: %s connected\n", c->peer);
}

void tls_srv_on_listen(struct ps_loop *loop, int lfd, int mask, void *ctx)
{
	struct tls_srv *s = ctx;
	(void)loop;
	(void)mask;
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t len;
		int fd = gen_accept_nb(lfd, &ss, &len, "tls-echo");
		if (fd < 0)
			return;
		if (s->nconns >= s->o->max_conns) {
			s->st.refused++;
			close(fd);
			continue;
		}
		conn_new(s, fd, &ss, len);
	}
}

long long tls_srv_tick_ms(const struct gen_srv_opts *o)
{
	long long ms = o->idle_ms > 0 ? o->idle_ms / 4 : 1000;
	return ms < 1 ? 1 : ms > 1000 ? 1000 : ms;
}

long long tls_srv_on_tick(struct ps_loop *loop, long long id, void *ctx)
{
	struct tls_srv *s = ctx;
	long long now = ps_loop_now_ms();
	(void)loop;
	(void)id;
	for (struct tls_conn *c = s->conns, *next; c; c = next) {
		next = c->next;
		if (s->o->idle_ms > 0 && now - c->last_ms >= s->o->idle_ms) {
			s->st.timeouts++;
			if (c->state == TC_HANDSHAKE)
				s->hs_failed++;
			conn_close(c, c->state == TC_HANDSHAKE ? "handshake timeout" : "idle timeout");
		}
	}
	return tls_srv_tick_ms(s->o);
}

void tls_srv_drain(struct tls_srv *s)
{
	char err[128];
	s->draining = true;
	for (struct tls_conn *c = s->conns, *next; c; c = next) {
		next = c->next;
		if (c->state == TC_HANDSHAKE)
			conn_close(c, "server stopping");
		else if (c->state == TC_ECHO && c->off == c->len)
			step_shutdown(c);
		/* else: pending echo data or close_notify, finished by the loop */
	}
	long long end = ps_loop_now_ms() + s->o->grace_ms;
	while (s->conns && ps_loop_now_ms() < end)
		if (ps_loop_once(s->loop, 50, err, sizeof err) < 0)
			break;
	while (s->conns) {
		s->st.dropped++;
		conn_close(s->conns, "dropped at stop");
	}
}
