/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen load: options and main of the load client. */
#include "gen_load.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "gen_modules.h"
#include "ps_stamp.h"

static const char load_usage[] =
	"usage: pktscope-gen load (--to ADDR [--udp|--tls] | --unix PATH) [options]\n"
	"Open N connections to an echo server; each sends M messages of B bytes one\n"
	"at a time and checks every echoed byte. Reports throughput, messages/s,\n"
	"latency p50/p90/p99/max and errors; exit 1 if any error occurred.\n"
	"  --to ADDR            HOST:PORT or [IPV6]:PORT of the echo server\n"
	"  --udp | --tls        UDP datagrams, or TLS over TCP (no certificate check)\n"
	"  --sni NAME           with --tls: server name sent in the ClientHello (SNI)\n"
	"  --alpn LIST          with --tls: ALPN protocols to offer, e.g. h2,http/1.1\n"
	"  --cert FILE          with --tls: client certificate (PEM; --key FILE if apart)\n"
	"  --resume             with --tls: each connection after the first resumes a session\n"
	"                       (ticket) the one before received; they open one by one\n"
	"  --unix PATH          UNIX stream socket instead of --to\n"
	"  -c, --connections N  concurrent connections (default 1)\n"
	"  -n, --messages M     messages per connection (default 100; 0 with --duration)\n"
	"  -s, --size B         bytes per message (default 512; UDP at most 65507)\n"
	"  --rate N             messages per second over all connections (default: unpaced)\n"
	"  --duration T         stop starting messages after T (e.g. 10s)\n"
	"  --interval T         print one NDJSON line per interval T\n"
	"  --timeout T          per connect and per message (default 5s)\n"
	"  --engine NAME        loop backend: epoll (default), poll, select\n"
	"  --json               print the summary as one JSON object\n"
	"  --stamp              each message starts with a probe stamp (stream = connection)\n"
	"  --id N               with --stamp: stream id of the first connection (default random)\n"
	"  -v, --verbose        print every error, not only the first of each kind\n";

enum { OPT_TO = 0x300, OPT_UDP, OPT_TLS, OPT_UNIX, OPT_RATE, OPT_DURATION, OPT_INTERVAL,
       OPT_TIMEOUT, OPT_ENGINE, OPT_JSON, OPT_HELP, OPT_STAMP, OPT_ID,
       OPT_SNI, OPT_ALPN, OPT_CERT, OPT_KEY, OPT_RESUME };

static const struct option load_longopts[] = {
	{ "to", 1, NULL, OPT_TO }, { "udp", 0, NULL, OPT_UDP }, { "tls", 0, NULL, OPT_TLS },
	{ "unix", 1, NULL, OPT_UNIX }, { "connections", 1, NULL, 'c' },
	{ "messages", 1, NULL, 'n' }, { "size", 1, NULL, 's' }, { "rate", 1, NULL, OPT_RATE },
	{ "duration", 1, NULL, OPT_DURATION }, { "interval", 1, NULL, OPT_INTERVAL },
	{ "timeout", 1, NULL, OPT_TIMEOUT }, { "engine", 1, NULL, OPT_ENGINE },
	{ "json", 0, NULL, OPT_JSON }, { "verbose", 0, NULL, 'v' }, { "help", 0, NULL, OPT_HELP },
	{ "stamp", 0, NULL, OPT_STAMP }, { "id", 1, NULL, OPT_ID }, { "sni", 1, NULL, OPT_SNI },
	{ "alpn", 1, NULL, OPT_ALPN }, { "cert", 1, NULL, OPT_CERT }, { "key", 1, NULL, OPT_KEY },
	{ "resume", 0, NULL, OPT_RESUME },
	{ NULL, 0, NULL, 0 },
};

/* One option; 0 ok, -1 bad value (err filled). */
static int load_opt(struct load_opts *o, int c, const char *arg, int *msgs_set,
                    char *err, size_t errlen)
{
	unsigned long long v = 0;
	long long ms;

	switch (c) {
	case OPT_TO: o->to = arg; return 0;
	case OPT_UDP: o->mode = LOAD_UDP; return 0;
	case OPT_TLS: o->mode = LOAD_TLS; return 0;
	case OPT_UNIX: o->mode = LOAD_UNIX; o->to = arg; return 0;
	case OPT_JSON: o->json = 1; return 0;
	case OPT_SNI: o->sni = arg; return 0;
	case OPT_ALPN: o->alpn = arg; return 0;
	case OPT_CERT: o->cert = arg; return 0;
	case OPT_KEY: o->key = arg; return 0;
	case OPT_RESUME: o->resume = 1; return 0;
	case OPT_STAMP: o->stamp = 1; return 0;
	case OPT_ID:
		if (gen_parse_u64(arg, 0, &v) < 0 || v > 0xffffffffULL)
			break;
		o->stamp_base = (uint32_t)v;
		return 0;
	case 'v': o->verbose = 1; return 0;
	case OPT_ENGINE:
		o->engine = arg;
		if (ps_loop_backend_known(arg))
			return 0;
		snprintf(err, errlen, "unknown engine '%s' (epoll, poll, select)", arg);
		return -1;
	case 'c':
		if (gen_parse_u64(arg, 0, &v) < 0 || v < 1 || v > 1000000)
			break;
		o->conns = (unsigned long)v;
		return 0;
	case 'n':
		if (gen_parse_u64(arg, 0, &v) < 0)
			break;
		o->messages = v;
		*msgs_set = 1;
		return 0;
	case 's':
		if (gen_parse_u64(arg, 1, &v) < 0 || v < 1 || v > (256ULL << 20))
			break;
		o->size = (size_t)v;
		return 0;
	case OPT_RATE: {
		char *end;
		o->rate = strtod(arg, &end);
		if (*end || o->rate <= 0)
			break;
		return 0;
	}
	default:
		ms = gen_parse_ms(arg);
		if (ms <= 0)
			break;
		*(c == OPT_DURATION ? &o->duration_ms : c == OPT_INTERVAL ? &o->interval_ms
		                                                           : &o->timeout_ms) = ms;
		return 0;
	}
	snprintf(err, errlen, "bad value '%s' for --%s", arg,
	         c == 'c' ? "connections" : c == 'n' ? "messages" : c == 's' ? "size" :
	         c == OPT_RATE ? "rate" : c == OPT_DURATION ? "duration" :
	         c == OPT_INTERVAL ? "interval" : c == OPT_ID ? "id" : "timeout");
	return -1;
}

static int load_check(struct load_opts *o, int msgs_set, char *err, size_t errlen)
{
	if (!o->to) {
		snprintf(err, errlen, "give --to ADDR or --unix PATH");
		return -1;
	}
	if (o->mode == LOAD_UDP && o->size > 65507) {
		snprintf(err, errlen, "--size %zu: a UDP datagram holds at most 65507 bytes", o->size);
		return -1;
	}
	if (o->stamp && o->size < PS_STAMP_LEN) {
		snprintf(err, errlen, "--size %zu: --stamp needs %d bytes", o->size, PS_STAMP_LEN);
		return -1;
	}
	if ((o->sni || o->alpn || o->cert || o->key || o->resume) && o->mode != LOAD_TLS) {
		snprintf(err, errlen, "--%s needs --tls", o->sni ? "sni" : o->alpn ? "alpn" :
			 o->cert ? "cert" : o->key ? "key" : "resume");
		return -1;
	}
	if (o->key && !o->cert) {
		snprintf(err, errlen, "--key needs --cert");
		return -1;
	}
	if (!msgs_set)
		o->messages = o->duration_ms ? 0 : 100;
	if (!o->messages && !o->duration_ms) {
		snprintf(err, errlen, "--messages 0 needs --duration");
		return -1;
	}
	return 0;
}

/* Returns -1 to go on, else an exit code. */
static int load_parse(int argc, char **argv, struct load_opts *o)
{
	char err[200];
	int c, msgs_set = 0;

	memset(o, 0, sizeof *o);
	o->engine = "epoll";
	o->conns = 1;
	o->size = 512;
	o->timeout_ms = 5000;
	o->stamp_base = (uint32_t)((uint64_t)time(NULL) ^ (uint64_t)getpid() << 16);
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:n:s:vh", load_longopts, NULL)) != -1) {
		if (c == OPT_HELP || c == 'h') {
			fputs(load_usage, stdout);
			return GEN_EXIT_OK;
		}
		if (c == '?' || c == ':') {
			fputs(load_usage, stderr);
			return GEN_EXIT_USAGE;
		}
		if (load_opt(o, c, optarg, &msgs_set, err, sizeof err) < 0)
			goto bad;
	}
	if (optind != argc) {
		snprintf(err, sizeof err, "unexpected argument '%s'", argv[optind]);
		goto bad;
	}
	if (load_check(o, msgs_set, err, sizeof err) < 0)
		goto bad;
	return -1;
bad:
	fprintf(stderr, "pktscope-gen load: %s\n", err);
	return GEN_EXIT_USAGE;
}

static int load_target(struct load_run *r, char *err, size_t errlen)
{
	const struct load_opts *o = r->o;

	if (o->mode == LOAD_UNIX) {
		struct sockaddr_un *un = (struct sockaddr_un *)&r->addr.ss;
		if (!o->to[0] || strlen(o->to) >= sizeof un->sun_path) {
			snprintf(err, errlen, "bad address '%s': UNIX path must be 1..%zu bytes",
			         o->to, sizeof un->sun_path - 1);
			return -1;
		}
		memset(&r->addr, 0, sizeof r->addr);
		un->sun_family = AF_UNIX;
		memcpy(un->sun_path, o->to, strlen(o->to));
		r->addr.len = sizeof *un;
		return 0;
	}
	return gen_addr_parse(o->to, 0, &r->addr, err, errlen);
}

/* N connections need N fds: raise the soft limit up to the hard one. */
static void load_rlimit(unsigned long conns)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < conns + 64) {
		rl.rlim_cur = rl.rlim_max < conns + 64 ? rl.rlim_max : conns + 64;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int gen_load_main(int argc, char **argv)
{
	struct load_opts o;
	struct load_run *r;
	char err[200];
	int rc;

	if ((rc = load_parse(argc, argv, &o)) >= 0)
		return rc;
	r = calloc(1, sizeof *r);
	if (!r) {
		fprintf(stderr, "pktscope-gen load: out of memory\n");
		return GEN_EXIT_RUNTIME;
	}
	r->o = &o;
	o.max_connecting = 1024; /* below the default listen backlog of our servers */
	r->tp = o.mode == LOAD_UDP ? &load_udp : o.mode == LOAD_TLS ? &load_tls : &load_plain;
	if (load_target(r, err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen load: %s\n", err);
		free(r);
		return GEN_EXIT_USAGE;
	}
	load_rlimit(o.conns);
	if (o.mode == LOAD_TLS && load_tls_ctx_new(r, err, sizeof err) < 0)
		rc = -1;
	else
		rc = load_run(r, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "pktscope-gen load: %s\n", err);
	} else {
		load_print_summary(r, ps_loop_now_ns());
		rc = load_error_total(&r->tot) || !r->tot.connected ? -1 : 0;
	}
	load_tls_ctx_free(r);
	free(r);
	return rc < 0 ? GEN_EXIT_RUNTIME : GEN_EXIT_OK;
}
