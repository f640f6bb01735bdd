/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen recv: an iperf3-style receiver of probe stamps.  UDP: each
 * datagram starts with a stamp, its receive time is the kernel's
 * (SO_TIMESTAMPNS, CLOCK_REALTIME).  TCP: each connection is a stream of
 * stamped messages framed by the stamp's message length; the time is when
 * the header's last byte was read.  Figures come from ps_probe_stats. */
#include "gen_recv.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gen_modules.h"
#include "gen_net.h"
#include "gen_signal.h"
#include "loop.h"

static uint64_t recv_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Accounts one stamp; stops the loop once --count stamps were seen. */
static void recv_stamp(struct ps_loop *loop, struct gen_recv *r, const unsigned char *b,
                       size_t len, uint64_t now_ns)
{
	struct ps_stamp s;

	if (ps_stamp_decode(b, len, &s) != PS_STAMP_OK) {
		r->foreign++;
		return;
	}
	r->stamps++;
	ps_probe_stats_add(&r->st, s.stream, s.seq, s.send_ns, now_ns);
	if (r->o->count && r->stamps >= r->o->count)
		ps_loop_stop(loop);
}

static void recv_udp(struct ps_loop *loop, int fd, int mask, void *ctx)
{
	struct gen_recv *r = ctx;
	unsigned char buf[65536];
	char cbuf[CMSG_SPACE(sizeof(struct timespec))];
	(void)mask;

	for (int i = 0; i < 64; i++) { /* bounded batch: timers still run */
		struct iovec iov = { buf, sizeof buf };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		                     .msg_controllen = sizeof cbuf };
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n < 0)
			return;
		uint64_t now = 0;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;
				memcpy(&ts, CMSG_DATA(c), sizeof ts);
				now = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
			}
		r->bytes += (uint64_t)n;
		recv_stamp(loop, r, buf, (size_t)n, now ? now : recv_realtime_ns());
	}
}

static void conn_close(struct ps_loop *loop, struct gen_recv_conn *c)
{
	ps_loop_unwatch(loop, c->fd);
	close(c->fd);
	c->fd = -1;
}

/* Consumes n stream bytes of connection c: headers, then their padding. */
static int conn_feed(struct ps_loop *loop, struct gen_recv *r, struct gen_recv_conn *c,
                     const unsigned char *p, size_t n)
{
	while (n) {
		if (c->skip) {
			size_t k = c->skip < n ? (size_t)c->skip : n;
			c->skip -= k, p += k, n -= k;
			continue;
		}
		size_t k = PS_STAMP_LEN - c->have < n ? PS_STAMP_LEN - c->have : n;
		memcpy(c->hdr + c->have, p, k);
		c->have += (uint32_t)k, p += k, n -= k;
		if (c->have < PS_STAMP_LEN)
			continue;
		struct ps_stamp s;
		if (ps_stamp_decode(c->hdr, PS_STAMP_LEN, &s) != PS_STAMP_OK) {
			r->bad++; /* framing is lost: nothing after this can be trusted */
			return -1;
		}
		recv_stamp(loop, r, c->hdr, PS_STAMP_LEN, recv_realtime_ns());
		c->have = 0;
		c->skip = s.msg_len - PS_STAMP_LEN;
	}
	return 0;
}

static void recv_conn(struct ps_loop *loop, int fd, int mask, void *ctx)
{
	struct gen_recv *r = ctx;
	struct gen_recv_conn *c = NULL;
	unsigned char buf[65536];
	(void)mask;

	for (size_t i = 0; i < GEN_RECV_MAX_CONNS && !c; i++)
		if (r->conns[i].fd == fd)
			c = &r->conns[i];
	if (!c)
		return;
	ssize_t n = read(fd, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		r->bytes += (uint64_t)n;
	if (n <= 0 || conn_feed(loop, r, c, buf, (size_t)n) < 0)
		conn_close(loop, c);
}

static void recv_accept(struct ps_loop *loop, int lfd, int mask, void *ctx)
{
	struct gen_recv *r = ctx;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char err[128];
	int fd;
	(void)mask;

	while ((fd = gen_accept_nb(lfd, &ss, &len, "recv")) >= 0) {
		struct gen_recv_conn *c = NULL;
		for (size_t i = 0; i < GEN_RECV_MAX_CONNS && !c; i++)
			if (r->conns[i].fd < 0)
				c = &r->conns[i];
		if (!c || ps_loop_watch(loop, fd, PS_LOOP_READ, recv_conn, r, err, sizeof err) < 0) {
			r->refused++;
			close(fd);
			continue;
		}
		*c = (struct gen_recv_conn){ .fd = fd };
		len = sizeof ss;
	}
}

static long long recv_tick(struct ps_loop *loop, long long id, void *ctx)
{
	struct gen_recv *r = ctx;
	(void)loop, (void)id;

	gen_recv_report(stdout, r, 0);
	return r->o->interval_ms;
}

static long long recv_deadline(struct ps_loop *loop, long long id, void *ctx)
{
	(void)id, (void)ctx;
	ps_loop_stop(loop);
	return PS_LOOP_NOMORE;
}

/* Opens the socket and runs the loop; 0, or -1 with err filled. */
static int recv_run(struct gen_recv *r, const struct gen_addr *a, char *err, size_t errlen)
{
	int one = 1, rc = -1, fd = gen_listen_ip(a, r->o->tcp ? SOCK_STREAM : SOCK_DGRAM, 0, 128,
	                                        err, errlen);
	struct ps_loop *loop = NULL;

	if (fd < 0)
		return -1;
	if (!r->o->tcp)
		(void)setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
	int big = 8 << 20; /* bursts of --rate 0 senders: the kernel caps it at rmem_max */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
	if (gen_set_nonblock(fd, 1) < 0 || !(loop = ps_loop_new(NULL, err, errlen)))
		goto out;
	if (ps_loop_watch(loop, fd, PS_LOOP_READ, r->o->tcp ? recv_accept : recv_udp, r, err,
	                  errlen) < 0)
		goto out;
	ps_loop_stop_on(loop, gen_signal_flag());
	if ((r->o->interval_ms && ps_loop_timer_add(loop, r->o->interval_ms, recv_tick, r) < 0) ||
	    (r->o->duration_ms && ps_loop_timer_add(loop, r->o->duration_ms, recv_deadline, r) < 0)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	int port = gen_local_port(fd);
	if (!r->o->json)
		printf("recv: listening on %s (%s, port %d); %s\n", r->o->listen,
		       r->o->tcp ? "tcp" : "udp", port,
		       "delay = receive time - send time: assumes one host or synchronised clocks");
	else
		printf("{\"type\":\"listening\",\"port\":%d,\"transport\":\"%s\"}\n", port,
		       r->o->tcp ? "tcp" : "udp");
	fflush(stdout);
	r->t0_ms = ps_loop_now_ms();
	rc = ps_loop_run(loop, err, errlen);
	r->interrupted = gen_signal_stopping();
out:
	for (size_t i = 0; i < GEN_RECV_MAX_CONNS; i++)
		if (r->conns[i].fd >= 0)
			conn_close(loop, &r->conns[i]);
	if (loop)
		ps_loop_free(loop);
	close(fd);
	return rc;
}

static const char recv_usage[] =
	"usage: pktscope-gen recv --listen ADDR:PORT [--tcp] [--json] [options]\n"
	"Receive probe stamps (udp-send --stamp) and report per stream: received, lost,\n"
	"duplicated, reordered, one-way delay and RFC 3550 jitter.\n"
	"  --listen ADDR     address to listen on (port 0: any free port, printed)\n"
	"  --tcp             TCP: each connection carries stamped messages\n"
	"  --json            NDJSON reports (docs/pktscope-gen.md)\n"
	"  --interval T      a report every T (default: only the final one)\n"
	"  --duration T      stop after T\n"
	"  --count N         stop after N stamps\n"
	"  --max-streams N   streams tracked (default 1024); later ones are 'untracked'\n"
	"Delay = receive time - send time: one-way only on one host or with synchronised clocks.\n";

enum { R_LISTEN = 0x400, R_TCP, R_JSON, R_INTERVAL, R_DURATION, R_COUNT, R_STREAMS, R_HELP };

static int recv_opt(struct gen_recv_opts *o, int c, const char *arg)
{
	switch (c) {
	case R_LISTEN: o->listen = arg; return 0;
	case R_TCP: o->tcp = 1; return 0;
	case R_JSON: o->json = 1; return 0;
	case R_INTERVAL: return (o->interval_ms = gen_parse_ms(arg)) > 0 ? 0 : -1;
	case R_DURATION: return (o->duration_ms = gen_parse_ms(arg)) > 0 ? 0 : -1;
	case R_COUNT: return gen_parse_u64(arg, 0, &o->count) < 0 || !o->count ? -1 : 0;
	case R_STREAMS:
		return gen_parse_u64(arg, 0, &o->max_streams) < 0 || !o->max_streams ||
		       o->max_streams > 1000000 ? -1 : 0;
	default: return -1;
	}
}

/* Returns -1 to go on, else an exit code. */
static int recv_parse(int argc, char **argv, struct gen_recv_opts *o)
{
	static const struct option opts[] = {
		{ "listen", 1, NULL, R_LISTEN }, { "tcp", 0, NULL, R_TCP }, { "json", 0, NULL, R_JSON },
		{ "interval", 1, NULL, R_INTERVAL }, { "duration", 1, NULL, R_DURATION },
		{ "count", 1, NULL, R_COUNT }, { "max-streams", 1, NULL, R_STREAMS },
		{ "help", 0, NULL, R_HELP }, { NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct gen_recv_opts){ .max_streams = 1024 };
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == R_HELP || c == 'h') {
			fputs(recv_usage, stdout);
			return GEN_EXIT_OK;
		}
		if (c == '?' || recv_opt(o, c, optarg) < 0) {
			if (c != '?')
				fprintf(stderr, "pktscope-gen recv: bad value '%s' for --%s\n", optarg,
				        opts[c - R_LISTEN].name);
			else
				fputs(recv_usage, stderr);
			return GEN_EXIT_USAGE;
		}
	}
	if (!o->listen || optind != argc) {
		fprintf(stderr, "pktscope-gen recv: give --listen ADDR (and no other arguments)\n");
		return GEN_EXIT_USAGE;
	}
	return -1;
}

int gen_recv_main(int argc, char **argv)
{
	struct gen_recv_opts o;
	struct gen_addr a;
	char err[200];
	int rc;

	if ((rc = recv_parse(argc, argv, &o)) >= 0)
		return rc;
	if (gen_addr_parse(o.listen, 1, &a, err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen recv: %s\n", err);
		return GEN_EXIT_USAGE;
	}
	struct gen_recv *r = calloc(1, sizeof *r);
	if (!r || ps_probe_stats_init(&r->st, (size_t)o.max_streams) < 0) {
		fprintf(stderr, "pktscope-gen recv: out of memory\n");
		free(r);
		return GEN_EXIT_RUNTIME;
	}
	r->o = &o;
	for (size_t i = 0; i < GEN_RECV_MAX_CONNS; i++)
		r->conns[i].fd = -1;
	rc = recv_run(r, &a, err, sizeof err);
	if (rc < 0)
		fprintf(stderr, "pktscope-gen recv: %s\n", err);
	else
		gen_recv_report(stdout, r, 1);
	ps_probe_stats_free(&r->st);
	free(r);
	return rc < 0 ? GEN_EXIT_RUNTIME : GEN_EXIT_OK;
}
