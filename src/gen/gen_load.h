/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal interface of `pktscope-gen load`: options, per-connection state,
 * the transport ops (plain stream, UDP, TLS) and the run/report split. */
#ifndef PS_GEN_LOAD_H
#define PS_GEN_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gen_hist.h"
#include "gen_net.h"
#include "loop.h"

enum load_mode { LOAD_TCP, LOAD_UDP, LOAD_UNIX, LOAD_TLS };

struct load_opts {
	const char *to;           /* HOST:PORT (or the UNIX path with --unix) */
	enum load_mode mode;
	const char *engine;       /* loop backend, epoll by default */
	unsigned long conns;
	unsigned long long messages; /* per connection; 0 = until --duration */
	size_t size;
	double rate;              /* messages/s over all connections, 0 = unpaced */
	long long duration_ms;    /* 0 = none */
	long long interval_ms;    /* 0 = no NDJSON interval lines */
	long long timeout_ms;     /* per message (and per connect/handshake) */
	unsigned long max_connecting; /* connects in flight at once */
	int json;
	int verbose;
	int stamp;                /* --stamp: each message starts with a probe stamp */
	uint32_t stamp_base;      /* stream id of connection 0 (connection k: base + k) */
	const char *sni;          /* --tls: server name for the ClientHello, or NULL */
	const char *alpn;         /* --tls: ALPN protocols offered ("h2,http/1.1"), or NULL */
	const char *cert, *key;   /* --tls: client certificate and key (PEM), or NULL */
	int resume;               /* --tls: later connections resume the first one's session */
};

enum load_err { ERR_CONNECT, ERR_IO, ERR_MISMATCH, ERR_TIMEOUT, ERR_TLS, ERR_KINDS };

/* Totals (whole run) and per-interval deltas. */
struct load_totals {
	uint64_t messages;   /* verified echoes */
	uint64_t bytes_sent, bytes_recv;
	uint64_t errors[ERR_KINDS];
	uint64_t unexpected; /* UDP datagrams that were not the awaited echo */
	uint64_t connected;
	uint64_t tls_full, tls_resumed; /* completed TLS handshakes by kind */
	uint64_t tls_alpn;              /* of those, with an ALPN protocol selected */
};

enum load_cstate { CS_IDLE, CS_CONNECTING, CS_WAITING, CS_ACTIVE, CS_DONE };

struct load_conn {
	struct load_run *run;
	int fd;
	unsigned id;
	enum load_cstate state;
	void *tls;               /* SSL * for --tls */
	void *tls_offer;         /* --resume: SSL_SESSION * claimed for this connection (owned) */
	uint64_t msg;            /* index of the message in flight */
	size_t sent, got;
	int64_t t_start;         /* ns: message (or connect) start */
	unsigned char *sbuf, *rbuf;
};

/* A transport moves bytes for one connection. setup() completes connect
 * (and the TLS handshake): 1 ready, 0 again later with *want set to the
 * loop mask to wait for, -1 error (err filled). send()/recv() return bytes,
 * 0 for EOF (recv), or -1 with *want set when they would block and
 * *want == 0 on a real error (err filled). */
struct load_transport {
	const char *name;
	int dgram;
	int (*setup)(struct load_conn *c, int *want, char *err, size_t errlen);
	ssize_t (*send)(struct load_conn *c, const void *p, size_t n, int *want,
	                char *err, size_t errlen);
	ssize_t (*recv)(struct load_conn *c, void *p, size_t n, int *want,
	                char *err, size_t errlen);
	void (*close)(struct load_conn *c);
};

extern const struct load_transport load_plain; /* TCP, UNIX stream */
extern const struct load_transport load_udp;
extern const struct load_transport load_tls;

/* TLS client context for --tls (gen_load_tls.c): sets r->tls_ctx (ALPN,
 * client certificate, session capture for --resume). 0, or -1 (err). */
int load_tls_ctx_new(struct load_run *r, char *err, size_t errlen);
/* Frees r->tls_ctx and the session kept for --resume. */
void load_tls_ctx_free(struct load_run *r);
/* --resume: claims the kept session for c as it starts (a TLS 1.3 ticket
 * is single-use: taken from the run; a TLS 1.2 session is shared), so the
 * next connection waits for a ticket of its own. */
void load_tls_claim(struct load_conn *c);
/* Drops c's claimed session if the handshake never used it. */
void load_tls_unclaim(struct load_conn *c);

struct load_run {
	const struct load_opts *o;
	const struct load_transport *tp;
	struct gen_addr addr;
	void *tls_ctx;
	void *tls_session;         /* --resume: SSL_SESSION of the first connection (owned) */
	char alpn[64];             /* ALPN protocol of the first connection that got one */
	struct ps_loop *loop;
	struct load_conn *conns;
	unsigned long next_to_connect, connecting, live;
	struct load_conn **waitq;  /* rate-limited connections, FIFO ring */
	unsigned long wq_head, wq_len;
	uint64_t started;          /* messages started (rate pacing) */
	int64_t t0, t_last;        /* ns */
	int stopping;              /* --duration reached: start nothing new */
	int starting;              /* start_connects() is running (no re-entry) */
	int interrupted;
	struct load_totals tot, last;
	struct gen_hist hist, ihist;
	char first_err[ERR_KINDS][160];
};

/* Runs the whole load; prints interval lines. 0 or -1 (setup error, err). */
int load_run(struct load_run *r, char *err, size_t errlen);

/* Reporting (gen_load_report.c). */
void load_print_interval(const struct load_run *r, int64_t now);
void load_print_summary(const struct load_run *r, int64_t now);
uint64_t load_error_total(const struct load_totals *t);

#endif
