/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_tls_echo.c - `pktscope-gen tls-echo`: options, context, listener, run. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gen_modules.h"
#include "gen_net.h"
#include "gen_signal.h"
#include "tls_echo.h"

static const char usage[] =
	"usage: pktscope-gen tls-echo [--listen ADDR] [--cert FILE [--key FILE]] [--ciphers LIST]\n"
	"         [--ciphersuites LIST] [--min-tls 1.2] [--max-tls 1.3] [server options]\n"
	"  --cert FILE          PEM certificate chain (default: an ephemeral self-signed P-256\n"
	"                       certificate made in memory; its SHA-256 fingerprint is printed)\n"
	"  --key FILE           PEM private key (default: read from the --cert file)\n"
	"  --ciphers LIST       TLS 1.2 and older cipher list (OpenSSL syntax)\n"
	"  --ciphersuites LIST  TLS 1.3 suites, e.g. TLS_AES_128_GCM_SHA256\n"
	"  --min-tls V, --max-tls V   protocol range: 1.0, 1.1, 1.2, 1.3\n"
	"  --alpn LIST          ALPN protocols in preference order, e.g. h2,http/1.1: the\n"
	"                       first one the client also offers is selected\n"
	"  --verify-client CA   require a client certificate signed by the PEM CA file\n"
	"  --no-resume          no session tickets or cache: every handshake is full\n"
	GEN_SRV_USAGE
	"  (--engine thread does not apply: TLS runs on the event loop; -v logs each\n"
	"   connection's version, cipher, ALPN, full or resumed handshake and client\n"
	"   certificate; the stats line counts resumed handshakes and ALPN selections)\n";

enum { O_CERT = 256, O_KEY, O_CIPHERS, O_SUITES, O_MIN, O_MAX, O_ALPN, O_VERIFY, O_NORESUME };

static const struct option longopts[] = {
	GEN_SRV_LONGOPTS,
	{"cert", required_argument, NULL, O_CERT},
	{"key", required_argument, NULL, O_KEY},
	{"ciphers", required_argument, NULL, O_CIPHERS},
	{"ciphersuites", required_argument, NULL, O_SUITES},
	{"min-tls", required_argument, NULL, O_MIN},
	{"max-tls", required_argument, NULL, O_MAX},
	{"alpn", required_argument, NULL, O_ALPN},
	{"verify-client", required_argument, NULL, O_VERIFY},
	{"no-resume", no_argument, NULL, O_NORESUME},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

__attribute__((format(printf, 1, 2))) static int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "pktscope-gen tls-echo: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	return -1;
}

/* 1 = --help, 0 = ok, -1 = usage error (printed). */
static int parse_one(int c, const char *arg, struct gen_srv_opts *so, struct tls_ctx_opts *to)
{
	char err[200];
	int r = gen_srv_opt(so, c, arg, err, sizeof err);
	if (r)
		return r < 0 ? fail("%s", err) : 0;
	switch (c) {
	case O_CERT: to->cert = arg; return 0;
	case O_KEY: to->key = arg; return 0;
	case O_CIPHERS: to->ciphers = arg; return 0;
	case O_SUITES: to->ciphersuites = arg; return 0;
	case O_VERIFY: to->verify_client = arg; return 0;
	case O_NORESUME: to->no_resume = true; return 0;
	case O_ALPN: {
		long n = tls_alpn_wire(arg, to->alpn, sizeof to->alpn);

		if (n < 0)
			return fail("bad --alpn '%s' (comma-separated names of 1..255 bytes)", arg);
		to->alpn_len = (size_t)n;
		return 0;
	}
	case O_MIN:
	case O_MAX:
		if (tls_version_parse(arg, c == O_MIN ? &to->min_version : &to->max_version) < 0)
			return fail("bad --%s '%s' (1.0, 1.1, 1.2, 1.3)",
				    c == O_MIN ? "min-tls" : "max-tls", arg);
		return 0;
	case 'h': return 1;
	default: return fail("see pktscope-gen tls-echo --help");
	}
}

static int parse(int argc, char **argv, struct gen_srv_opts *so, struct tls_ctx_opts *to)
{
	int c;
	gen_srv_opts_init(so);
	so->listen = "127.0.0.1:5567";
	memset(to, 0, sizeof *to);
	optind = 0;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		int r = parse_one(c, optarg, so, to);
		if (r > 0)
			fputs(usage, stdout);
		if (r)
			return r > 0 ? GEN_EXIT_OK : GEN_EXIT_USAGE;
	}
	if (optind < argc)
		return fail("unexpected argument '%s'", argv[optind]), GEN_EXIT_USAGE;
	if (to->key && !to->cert)
		return fail("--key needs --cert"), GEN_EXIT_USAGE;
	if (!ps_loop_backend_known(so->engine))
		return fail("--engine %s: tls-echo runs on the event loop (epoll, poll, select)",
			    so->engine),
		       GEN_EXIT_USAGE;
	return -1; /* go on */
}

/* Listener, loop and timer; prints the address. 0, or an exit code. */
static int setup(struct tls_srv *s, char *err, size_t errlen)
{
	struct gen_addr a;
	char where[GEN_ADDR_STRLEN];
	if (gen_addr_parse(s->o->listen, 1, &a, err, errlen) < 0)
		return GEN_EXIT_USAGE;
	s->lfd = gen_listen_ip(&a, SOCK_STREAM, s->o->v6only, 511, err, errlen);
	if (s->lfd < 0)
		return GEN_EXIT_RUNTIME;
	s->loop = ps_loop_new(s->o->engine, err, errlen);
	if (!s->loop ||
	    ps_loop_watch(s->loop, s->lfd, PS_LOOP_READ, tls_srv_on_listen, s, err, errlen) < 0)
		return GEN_EXIT_RUNTIME;
	if (ps_loop_timer_add(s->loop, tls_srv_tick_ms(s->o), tls_srv_on_tick, s) < 0) {
		snprintf(err, errlen, "cannot add the idle timer");
		return GEN_EXIT_RUNTIME;
	}
	ps_loop_stop_on(s->loop, gen_signal_flag());
	a.len = sizeof a.ss;
	if (getsockname(s->lfd, (struct sockaddr *)&a.ss, &a.len) < 0)
		a.len = 0;
	gen_addr_format((struct sockaddr *)&a.ss, a.len, where, sizeof where);
	printf("tls-echo: listening on %s, engine %s\n", where, ps_loop_backend(s->loop));
	fflush(stdout);
	return 0;
}

static int serve(struct tls_srv *s, char *err, size_t errlen)
{
	long long t0 = ps_loop_now_ms();
	int rc = setup(s, err, errlen);
	if (rc) {
		fail("%s", err);
		return rc;
	}
	if (ps_loop_run(s->loop, err, errlen) < 0) {
		fail("%s", err);
		rc = GEN_EXIT_RUNTIME;
	}
	ps_loop_unwatch(s->loop, s->lfd);
	close(s->lfd);
	s->lfd = -1;
	tls_srv_drain(s);
	gen_srv_stats_print(stdout, "tls-echo", &s->st, (double)(ps_loop_now_ms() - t0) / 1000.0);
	printf("tls-echo handshakes: ok=%llu failed=%llu resumed=%llu alpn=%llu\n", s->hs_ok,
	       s->hs_failed, s->hs_resumed, s->hs_alpn);
	fflush(stdout);
	return rc;
}

int gen_tls_echo_main(int argc, char **argv)
{
	struct gen_srv_opts so;
	struct tls_ctx_opts to;
	struct tls_srv s = {.o = &so, .lfd = -1};
	char err[300], fp[TLS_FP_LEN];
	bool ephemeral;
	int rc = parse(argc, argv, &so, &to);
	if (rc >= 0)
		return rc;
	s.ctx = tls_ctx_new(&to, fp, &ephemeral, err, sizeof err);
	if (!s.ctx)
		return fail("%s", err), GEN_EXIT_RUNTIME;
	printf("tls-echo: %s, SHA-256 fingerprint %s\n",
	       ephemeral ? "ephemeral self-signed P-256 certificate" : "certificate from --cert", fp);
	rc = serve(&s, err, sizeof err);
	if (s.lfd >= 0)
		close(s.lfd);
	if (s.loop)
		ps_loop_free(s.loop);
	SSL_CTX_free(s.ctx);
	return rc;
}
