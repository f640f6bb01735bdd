/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen echo: TCP/UDP/UNIX echo server on any engine. */
#include "gen_echo.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gen_modules.h"
#include "gen_net.h"
#include "loop.h"

#define ECHO_BACKLOG 1024

static const char echo_usage[] =
	"usage: pktscope-gen echo (--listen ADDR | --unix PATH) [--udp] [options]\n"
	"Echo every byte (TCP, UNIX stream) or datagram (--udp) back to its sender.\n"
	"  --udp                datagrams instead of a stream (with --listen or --unix)\n"
	"  --unix PATH          UNIX socket; a stale socket file is replaced, removed at exit\n"
	GEN_SRV_USAGE;

struct echo_args {
	struct gen_srv_opts o;
	const char *unix_path;
	int udp;
};

enum { OPT_UDP = 0x300, OPT_UNIX, OPT_HELP };

/* Returns -1 to continue, else an exit code. */
static int echo_parse(int argc, char **argv, struct echo_args *a)
{
	static const struct option opts[] = {
		GEN_SRV_LONGOPTS,
		{ "udp", 0, NULL, OPT_UDP },
		{ "unix", 1, NULL, OPT_UNIX },
		{ "help", 0, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	char err[256];
	int c, r;

	gen_srv_opts_init(&a->o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		if ((r = gen_srv_opt(&a->o, c, optarg, err, sizeof err)) < 0) {
			fprintf(stderr, "pktscope-gen echo: %s\n", err);
			return GEN_EXIT_USAGE;
		}
		if (r == 1)
			continue;
		if (c == OPT_UDP) {
			a->udp = 1;
		} else if (c == OPT_UNIX) {
			a->unix_path = optarg;
		} else if (c == OPT_HELP || c == 'h') {
			fputs(echo_usage, stdout);
			return GEN_EXIT_OK;
		} else {
			fputs(echo_usage, stderr);
			return GEN_EXIT_USAGE;
		}
	}
	if (optind != argc || !a->o.listen == !a->unix_path) {
		fprintf(stderr, "pktscope-gen echo: give exactly one of --listen ADDR or --unix PATH\n");
		return GEN_EXIT_USAGE;
	}
	return -1;
}

static int echo_open(const struct echo_args *a, char *err, size_t errlen)
{
	struct gen_addr addr;
	int type = a->udp ? SOCK_DGRAM : SOCK_STREAM;

	if (a->unix_path)
		return gen_listen_unix(a->unix_path, type, ECHO_BACKLOG, err, errlen);
	if (gen_addr_parse(a->o.listen, 1, &addr, err, errlen) < 0)
		return -2; /* a usage error, not the environment's */
	return gen_listen_ip(&addr, type, a->o.v6only, ECHO_BACKLOG, err, errlen);
}

static void echo_banner(const struct echo_args *a, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char where[GEN_ADDR_STRLEN + 40];

	if (a->unix_path)
		snprintf(where, sizeof where, "%s", a->unix_path);
	else if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		gen_addr_format((struct sockaddr *)&ss, len, where, sizeof where);
	else
		snprintf(where, sizeof where, "%s", a->o.listen);
	printf("echo: listening on %s (%s, engine %s)\n", where,
	       a->unix_path ? (a->udp ? "unix dgram" : "unix stream") : (a->udp ? "udp" : "tcp"),
	       a->o.engine);
	fflush(stdout);
}

int gen_echo_main(int argc, char **argv)
{
	struct echo_args a;
	struct gen_srv_stats st;
	struct gen_echo_cfg cfg;
	char err[256];
	long long t0;
	int rc, fd;

	memset(&a, 0, sizeof a);
	if ((rc = echo_parse(argc, argv, &a)) >= 0)
		return rc;
	fd = echo_open(&a, err, sizeof err);
	if (fd < 0) {
		fprintf(stderr, "pktscope-gen echo: %s\n", err);
		return fd == -2 ? GEN_EXIT_USAGE : GEN_EXIT_RUNTIME;
	}
	echo_banner(&a, fd);
	memset(&st, 0, sizeof st);
	cfg.opts = &a.o;
	cfg.lfd = fd;
	cfg.dgram = a.udp;
	t0 = ps_loop_now_ms();
	if (strcmp(a.o.engine, "thread") == 0)
		rc = gen_echo_run_thread(&cfg, &st, err, sizeof err);
	else
		rc = gen_echo_run_loop(&cfg, &st, err, sizeof err);
	if (a.unix_path)
		unlink(a.unix_path);
	if (rc < 0)
		fprintf(stderr, "pktscope-gen echo: %s\n", err);
	gen_srv_stats_print(stdout, "echo", &st, (double)(ps_loop_now_ms() - t0) / 1000.0);
	return rc < 0 ? GEN_EXIT_RUNTIME : GEN_EXIT_OK;
}
