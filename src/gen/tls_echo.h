/* SPDX-License-Identifier: BSD-2-Clause */
/* tls_echo.h - internals of `pktscope-gen tls-echo`: the server state that
 * gen_tls_echo.c sets up and tls_conn.c drives on the event loop. */
#ifndef PS_GEN_TLS_ECHO_H
#define PS_GEN_TLS_ECHO_H

#include <stdbool.h>
#include <sys/socket.h>

#include "gen_server.h"
#include "loop.h"
#include "tls_ctx.h"

struct tls_conn;

struct tls_srv {
	const struct gen_srv_opts *o;
	struct ps_loop *loop;
	SSL_CTX *ctx;
	int lfd;
	struct tls_conn *conns; /* doubly linked, newest first */
	long nconns;
	bool draining; /* stopping: finish pending echoes, then close_notify */
	struct gen_srv_stats st;
	unsigned long long hs_ok, hs_failed;
	unsigned long long hs_resumed; /* of hs_ok: abbreviated (ticket or session id) */
	unsigned long long hs_alpn;    /* of hs_ok: an ALPN protocol was selected */
};

/* Listener handler: accepts every pending connection (refusing those over
 * --max-conns) and starts its non-blocking handshake. */
void tls_srv_on_listen(struct ps_loop *loop, int fd, int mask, void *ctx);

/* Timer: closes connections idle (or stuck in a handshake) for --idle-timeout. */
long long tls_srv_on_tick(struct ps_loop *loop, long long id, void *ctx);

/* Period of tls_srv_on_tick in ms. */
long long tls_srv_tick_ms(const struct gen_srv_opts *o);

/* After a stop: the listener is closed by the caller; open connections get
 * --grace to send what they hold and a close_notify, then are dropped. */
void tls_srv_drain(struct tls_srv *s);

#endif
