/* SPDX-License-Identifier: BSD-2-Clause */
/* Options and statistics shared by the pktscope-gen servers (echo, and
 * available to tls-echo/crypto): --listen, --engine, --max-conns,
 * --idle-timeout, --grace, --buffer, --v6only, -v.
 *
 * Use GEN_SRV_LONGOPTS inside a getopt_long table and hand every option
 * to gen_srv_opt() first; it returns 1 if it consumed the option. */
#ifndef PS_GEN_SERVER_H
#define PS_GEN_SERVER_H

#include <stddef.h>
#include <stdio.h>

enum {
	GEN_OPT_ENGINE = 0x200,
	GEN_OPT_MAXCONNS,
	GEN_OPT_IDLE,
	GEN_OPT_GRACE,
	GEN_OPT_BUFFER,
	GEN_OPT_V6ONLY,
	GEN_OPT_LISTEN,
};

#define GEN_SRV_LONGOPTS \
	{ "listen", 1, NULL, GEN_OPT_LISTEN }, \
	{ "engine", 1, NULL, GEN_OPT_ENGINE }, \
	{ "max-conns", 1, NULL, GEN_OPT_MAXCONNS }, \
	{ "idle-timeout", 1, NULL, GEN_OPT_IDLE }, \
	{ "grace", 1, NULL, GEN_OPT_GRACE }, \
	{ "buffer", 1, NULL, GEN_OPT_BUFFER }, \
	{ "v6only", 0, NULL, GEN_OPT_V6ONLY }, \
	{ "verbose", 0, NULL, 'v' }

/* Usage lines for the options above (for a module's --help). */
#define GEN_SRV_USAGE \
	"  --listen ADDR        HOST:PORT or [IPV6]:PORT; port 0 picks a free port\n" \
	"  --engine NAME        epoll (default), poll, select, thread\n" \
	"  --max-conns N        connections served at once; more are refused (default 4096)\n" \
	"  --idle-timeout T     close a connection idle for T (default 60s; 0 = never)\n" \
	"  --grace T            on SIGINT/SIGTERM, let open connections drain for T (default 2s)\n" \
	"  --buffer BYTES       per-connection buffer, bounds memory (default 64k)\n" \
	"  --v6only             on [::], accept IPv6 only (default: dual-stack)\n" \
	"  -v, --verbose        log each connection to stderr\n"

struct gen_srv_opts {
	const char *listen;   /* NULL if not given */
	const char *engine;   /* "epoll" default */
	long max_conns;
	long long idle_ms;    /* 0 = no idle timeout */
	long long grace_ms;
	size_t bufsize;
	int v6only;
	int verbose;
};

/* Statistics of one server run; counters are 64-bit. */
struct gen_srv_stats {
	unsigned long long accepted;  /* connections (or UDP peers' datagrams) served */
	unsigned long long refused;   /* over --max-conns */
	unsigned long long closed;
	unsigned long long timeouts;  /* closed by the idle timeout */
	unsigned long long errors;    /* resets, I/O errors */
	unsigned long long dropped;   /* closed by the graceful-stop bound */
	unsigned long long bytes_in;
	unsigned long long bytes_out;
	unsigned long long datagrams; /* UDP datagrams echoed */
	long active, peak;
};

void gen_srv_opts_init(struct gen_srv_opts *o);

/* Handles one common option c (from getopt_long) with its argument.
 * Returns 1 consumed, 0 not a common option, -1 bad value (err filled). */
int gen_srv_opt(struct gen_srv_opts *o, int c, const char *arg, char *err, size_t errlen);

/* -v: one stderr line "WHO: fd FD accepted from PEER (N active)", PEER as
 * getpeername() gives it (an IPv4 client of a dual-stack [::] listener is
 * [::ffff:127.0.0.1]:PORT); active < 0 leaves the count out. */
void gen_srv_log_accept(const char *who, int fd, long active);

/* Prints "NAME stats: ..." as one line. secs is the run time. */
void gen_srv_stats_print(FILE *fp, const char *name, const struct gen_srv_stats *s,
                         double secs);

#endif
