/* SPDX-License-Identifier: BSD-2-Clause */
/* Options and statistics shared by the pktscope-gen servers. */
#include "gen_server.h"

#include <string.h>
#include <sys/socket.h>

#include "gen_net.h"
#include "loop.h"

void gen_srv_log_accept(const char *who, int fd, long active)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char peer[GEN_ADDR_STRLEN];

	if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0)
		snprintf(peer, sizeof peer, "(unknown peer)");
	else
		gen_addr_format((struct sockaddr *)&ss, len, peer, sizeof peer);
	if (active >= 0)
		fprintf(stderr, "%s: fd %d accepted from %s (%ld active)\n", who, fd, peer, active);
	else
		fprintf(stderr, "%s: fd %d accepted from %s\n", who, fd, peer);
}

void gen_srv_opts_init(struct gen_srv_opts *o)
{
	memset(o, 0, sizeof *o);
	o->engine = "epoll";
	o->max_conns = 4096;
	o->idle_ms = 60000;
	o->grace_ms = 2000;
	o->bufsize = 64 * 1024;
}

static int engine_known(const char *name)
{
	return ps_loop_backend_known(name) || strcmp(name, "thread") == 0;
}

int gen_srv_opt(struct gen_srv_opts *o, int c, const char *arg, char *err, size_t errlen)
{
	unsigned long long v;

	switch (c) {
	case GEN_OPT_LISTEN:
		o->listen = arg;
		return 1;
	case GEN_OPT_ENGINE:
		if (!engine_known(arg)) {
			snprintf(err, errlen, "unknown engine '%s' (epoll, poll, select, thread)", arg);
			return -1;
		}
		o->engine = arg;
		return 1;
	case GEN_OPT_MAXCONNS:
		if (gen_parse_u64(arg, 0, &v) < 0 || v < 1 || v > 1000000) {
			snprintf(err, errlen, "bad --max-conns '%s' (1..1000000)", arg);
			return -1;
		}
		o->max_conns = (long)v;
		return 1;
	case GEN_OPT_IDLE:
	case GEN_OPT_GRACE: {
		long long ms = gen_parse_ms(arg);
		if (ms < 0) {
			snprintf(err, errlen, "bad duration '%s' (e.g. 500ms, 2s, 1m)", arg);
			return -1;
		}
		*(c == GEN_OPT_IDLE ? &o->idle_ms : &o->grace_ms) = ms;
		return 1;
	}
	case GEN_OPT_BUFFER:
		if (gen_parse_u64(arg, 1, &v) < 0 || v < 64 || v > (64ULL << 20)) {
			snprintf(err, errlen, "bad --buffer '%s' (64..64M bytes)", arg);
			return -1;
		}
		o->bufsize = (size_t)v;
		return 1;
	case GEN_OPT_V6ONLY:
		o->v6only = 1;
		return 1;
	case 'v':
		o->verbose = 1;
		return 1;
	default:
		return 0;
	}
}

void gen_srv_stats_print(FILE *fp, const char *name, const struct gen_srv_stats *s,
                         double secs)
{
	fprintf(fp, "%s stats: seconds=%.3f accepted=%llu refused=%llu closed=%llu "
	        "timeouts=%llu errors=%llu dropped=%llu peak=%ld bytes_in=%llu "
	        "bytes_out=%llu datagrams=%llu\n", name, secs, s->accepted, s->refused,
	        s->closed, s->timeouts, s->errors, s->dropped, s->peak, s->bytes_in,
	        s->bytes_out, s->datagrams);
	fflush(fp);
}
