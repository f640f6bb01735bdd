/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen socketpair: two-way communication between a parent and a
 * forked child over socketpair(2), as the socket cheat sheet's example:
 * the child sends each message, the parent echoes it, the child checks
 * every byte and times the round trip.  Bounded: --messages, and a
 * --timeout on every read so neither side can hang on the other. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gen_hist.h"
#include "gen_modules.h"
#include "gen_net.h"
#include "loop.h"

struct sp_opts {
	unsigned long long messages, size;
	long long timeout_ms;
	int type; /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	int verbose;
};

/* Reads exactly n bytes (a stream may split them); 0 ok, -1 error/timeout/EOF. */
static int sp_read_full(int fd, unsigned char *b, size_t n)
{
	while (n) {
		ssize_t k = recv(fd, b, n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		b += k, n -= (size_t)k;
	}
	return 0;
}

static int sp_write_full(int fd, const unsigned char *b, size_t n)
{
	while (n) {
		ssize_t k = send(fd, b, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		b += k, n -= (size_t)k;
	}
	return 0;
}

/* Parent: echo every message back; returns the messages echoed. */
static unsigned long long sp_parent(int fd, const struct sp_opts *o, unsigned char *buf,
                                    pid_t child)
{
	unsigned long long k = 0;

	for (; k < o->messages; k++) {
		if (sp_read_full(fd, buf, o->size) < 0)
			break;
		if (o->verbose || k == 0) {
			printf("c[%ld] ---> p[%ld]: %llu bytes\n", (long)child, (long)getpid(), o->size);
			fflush(stdout);
		}
		if (sp_write_full(fd, buf, o->size) < 0)
			break;
	}
	return k;
}

/* Child: send, read back, compare, time; exit status 0 only if all matched. */
static int sp_child(int fd, const struct sp_opts *o, unsigned char *out, unsigned char *in)
{
	struct gen_hist *h = calloc(1, sizeof *h);
	unsigned long long bad = 0, k = 0;

	if (!h)
		return 1;
	gen_hist_reset(h);
	for (; k < o->messages; k++) {
		for (size_t i = 0; i < o->size; i++)
			out[i] = (unsigned char)(k * 131 + i);
		long long t0 = ps_loop_now_ns();
		if (sp_write_full(fd, out, o->size) < 0 || sp_read_full(fd, in, o->size) < 0)
			break;
		gen_hist_add(h, (uint64_t)(ps_loop_now_ns() - t0));
		bad += memcmp(out, in, o->size) != 0;
		if (o->verbose || k == 0)
			printf("p[%ld] ---> c[%ld]: %llu bytes%s\n", (long)getppid(), (long)getpid(),
			       o->size, memcmp(out, in, o->size) ? " (MISMATCH)" : "");
		fflush(stdout);
	}
	printf("socketpair: child round_trips=%llu mismatches=%llu latency_us p50=%.1f p99=%.1f "
	       "max=%.1f\n", k, bad, (double)gen_hist_pct(h, 50) / 1e3,
	       (double)gen_hist_pct(h, 99) / 1e3, (double)h->max / 1e3);
	fflush(stdout);
	free(h);
	return k == o->messages && !bad ? 0 : 1;
}

static const char sp_usage[] =
	"usage: pktscope-gen socketpair [--messages N] [--size B] [--type T] [--timeout T] [-v]\n"
	"Parent and forked child over socketpair(2): the child sends, the parent echoes.\n"
	"  --messages N   round trips (default 3)\n"
	"  --size B       bytes per message, 1..65536 (default 12)\n"
	"  --type T       stream (default), dgram or seqpacket\n"
	"  --timeout T    per read (default 5s)\n"
	"  -v, --verbose  one line per round trip\n";

static int sp_parse(int argc, char **argv, struct sp_opts *o)
{
	static const struct option opts[] = {
		{ "messages", 1, NULL, 'n' }, { "size", 1, NULL, 's' }, { "type", 1, NULL, 't' },
		{ "timeout", 1, NULL, 'T' }, { "verbose", 0, NULL, 'v' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct sp_opts){ .messages = 3, .size = 12, .timeout_ms = 5000, .type = SOCK_STREAM };
	optind = 1;
	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		int bad = 0;
		switch (c) {
		case 'h': fputs(sp_usage, stdout); return GEN_EXIT_OK;
		case 'v': o->verbose = 1; break;
		case 'n': bad = gen_parse_u64(optarg, 0, &o->messages) < 0 || !o->messages; break;
		case 's': bad = gen_parse_u64(optarg, 1, &o->size) < 0 || !o->size || o->size > 65536; break;
		case 'T': bad = (o->timeout_ms = gen_parse_ms(optarg)) <= 0; break;
		case 't':
			o->type = !strcmp(optarg, "stream") ? SOCK_STREAM : !strcmp(optarg, "dgram") ?
				  SOCK_DGRAM : !strcmp(optarg, "seqpacket") ? SOCK_SEQPACKET : -1;
			bad = o->type < 0;
			break;
		default: fputs(sp_usage, stderr); return GEN_EXIT_USAGE;
		}
		if (bad) {
			fprintf(stderr, "pktscope-gen socketpair: bad value '%s'\n", optarg);
			return GEN_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fputs(sp_usage, stderr);
		return GEN_EXIT_USAGE;
	}
	return -1;
}

int gen_socketpair_main(int argc, char **argv)
{
	struct sp_opts o;
	int sv[2], rc, status;

	if ((rc = sp_parse(argc, argv, &o)) >= 0)
		return rc;
	unsigned char *a = malloc(o.size), *b = malloc(o.size);
	struct timeval tv = { (time_t)(o.timeout_ms / 1000), (suseconds_t)(o.timeout_ms % 1000 * 1000) };
	if (!a || !b || socketpair(AF_UNIX, o.type | SOCK_CLOEXEC, 0, sv) < 0) {
		fprintf(stderr, "pktscope-gen socketpair: %s\n", strerror(a && b ? errno : ENOMEM));
		free(a), free(b);
		return GEN_EXIT_RUNTIME;
	}
	for (int i = 0; i < 2; i++)
		(void)setsockopt(sv[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	printf("parent pid: %ld\n", (long)getpid());
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		printf("child pid: %ld\n", (long)getpid());
		fflush(stdout);
		_exit(sp_child(sv[1], &o, a, b));
	}
	close(sv[1]);
	unsigned long long echoed = pid < 0 ? 0 : sp_parent(sv[0], &o, a, pid);
	close(sv[0]); /* a child still reading sees EOF */
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "pktscope-gen socketpair: fork: %s\n", strerror(errno));
		free(a), free(b);
		return GEN_EXIT_RUNTIME;
	}
	printf("socketpair: parent echoed=%llu child %s\n", echoed,
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "failed");
	free(a), free(b);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && echoed == o.messages
	       ? GEN_EXIT_OK : GEN_EXIT_RUNTIME;
}
