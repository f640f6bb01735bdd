/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen: dispatches to the traffic-generator subcommands. */
#include <stdio.h>
#include <string.h>

#include "gen_modules.h"
#include "gen_signal.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

struct gen_cmd {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *summary;
};

static const struct gen_cmd gen_cmds[] = {
	{ "echo", gen_echo_main, "TCP/UDP/UNIX echo server (epoll, poll, select, thread engines)" },
	{ "tls-echo", gen_tls_echo_main, "TLS echo server (OpenSSL)" },
	{ "crypto", gen_crypto_main, "crypto server and --bench (AF_ALG, OpenSSL EVP)" },
	{ "udp-send", gen_udp_send_main, "paced UDP sender with sequence numbers and timestamps" },
	{ "recv", gen_recv_main, "receiver of probe stamps: loss, reordering, delay, jitter" },
	{ "socketpair", gen_socketpair_main, "parent and forked child talking over socketpair(2)" },
	{ "sendfile", gen_sendfile_main, "file transfer with sendfile(2), receiver and sender" },
	{ "load", gen_load_main, "load client: N connections x M messages, verified, latency" },
	{ "resolve", gen_resolve_main, "resolve a host name with getaddrinfo" },
	{ "info", gen_info_main, "host name and interface addresses" },
	{ "selftest", gen_selftest_main, "every module across a netns pair, captured and checked (root)" },
	{ NULL, NULL, NULL },
};

static void gen_usage(FILE *fp)
{
	fputs("usage: pktscope-gen COMMAND [options]   (pktscope-gen COMMAND --help)\n"
	      "Traffic generators and test servers for pktscope.\n\ncommands:\n", fp);
	for (const struct gen_cmd *c = gen_cmds; c->name; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fputs("\nexit status: 0 ok, 1 runtime error, 2 usage error (selftest: 77 cannot run here)\n", fp);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		gen_usage(stderr);
		return GEN_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		gen_usage(stdout);
		return GEN_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("pktscope-gen %s\n", PACKAGE_VERSION);
		return GEN_EXIT_OK;
	}
	for (const struct gen_cmd *c = gen_cmds; c->name; c++) {
		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (gen_signal_install() < 0) {
			fprintf(stderr, "pktscope-gen: cannot install signal handlers\n");
			return GEN_EXIT_RUNTIME;
		}
		/* getopt names the program by argv[0] in its messages:
		 * "pktscope-gen udp-send: unrecognized option", not "udp-send: ..." */
		char prog[64];
		snprintf(prog, sizeof prog, "pktscope-gen %s", c->name);
		argv[1] = prog;
		return c->main(argc - 1, argv + 1);
	}
	fprintf(stderr, "pktscope-gen: unknown command '%s' (try pktscope-gen --help)\n", argv[1]);
	return GEN_EXIT_USAGE;
}
