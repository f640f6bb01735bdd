/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen sendfile: the sender (zero-copy with sendfile(2), partial
 * returns handled, files of any size) and the option parsing that picks
 * sender or receiver. Protocol in gen_sendfile.h. */
#include "gen_sendfile.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen_modules.h"
#include "gen_net.h"
#include "gen_sha256.h"
#include "gen_signal.h"
#include "loop.h"

/* One sendfile(2) call moves at most this much (the kernel caps a call at
 * 0x7ffff000 bytes anyway); larger files take several calls. */
#define SF_CHUNK (1L << 30)

struct sf_send_opts {
	const char *to, *file, *name;
	long long timeout_ms;
	int copy;   /* --copy: local file to file */
	int method; /* GEN_SF_COPY_* */
};

/* Connects within the timeout, then makes the socket blocking with send
 * and receive timeouts so that a stalled receiver is an error, not a hang. */
static int sf_connect(const struct sf_send_opts *o, char *err, size_t errlen)
{
	struct gen_addr a;
	struct pollfd p;
	struct timeval tv = { (time_t)(o->timeout_ms / 1000), (suseconds_t)(o->timeout_ms % 1000) * 1000 };
	int fd;

	if (gen_addr_parse(o->to, 0, &a, err, errlen) < 0)
		return -2;
	fd = gen_connect_start((struct sockaddr *)&a.ss, a.len, SOCK_STREAM, err, errlen);
	if (fd < 0)
		return -1;
	p.fd = fd;
	p.events = POLLOUT;
	if (poll(&p, 1, (int)o->timeout_ms) != 1) {
		snprintf(err, errlen, "connect %s: no answer within %lld ms", o->to, o->timeout_ms);
		goto fail;
	}
	if (gen_connect_result(fd, err, errlen) < 0 || gen_set_nonblock(fd, 0) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

static int io_all(int fd, void *buf, size_t n, int sending)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t k = sending ? send(fd, p, n, MSG_NOSIGNAL) : recv(fd, p, n, 0);
		if (k < 0 && errno == EINTR && !gen_signal_stopping())
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The zero-copy part: returns 0 or -1 with err filled. */
static int sf_pump(int sock, int file, off_t size, const char *to, char *err, size_t errlen)
{
	off_t off = 0;

	while (off < size) {
		off_t left = size - off;
		ssize_t n = sendfile(sock, file, &off, (size_t)(left < SF_CHUNK ? left : SF_CHUNK));
		if (n < 0 && errno == EINTR && !gen_signal_stopping())
			continue;
		if (n < 0) {
			snprintf(err, errlen, "sendfile to %s at byte %lld: %s", to, (long long)off,
			         errno == EINTR ? "interrupted" : errno == EAGAIN ?
			         "receiver stalled (timeout)" : strerror(errno));
			return -1;
		}
		if (n == 0) {
			snprintf(err, errlen, "file shrank to %lld bytes while sending", (long long)off);
			return -1;
		}
		/* A partial return just advanced off: loop for the rest. */
	}
	return 0;
}

/* Compares the receiver's reply with what we sent; prints both. */
static int sf_verify(int sock, const unsigned char d[GEN_SHA256_LEN], uint64_t size,
                     char *err, size_t errlen)
{
	unsigned char reply[GEN_SF_REPLY_LEN];
	char hex[GEN_SHA256_HEXLEN];
	uint64_t got;

	if (io_all(sock, reply, sizeof reply, 0) < 0) {
		snprintf(err, errlen, "no confirmation from the receiver: %s",
		         errno ? strerror(errno) : "connection closed");
		return -1;
	}
	got = gen_sf_get_be(reply + GEN_SHA256_LEN, 8);
	gen_sha256_hex(reply, hex);
	printf("sendfile: receiver got bytes=%llu sha256=%s (%s)\n", (unsigned long long)got, hex,
	       got == size && memcmp(reply, d, GEN_SHA256_LEN) == 0 ? "match" : "MISMATCH");
	if (got != size || memcmp(reply, d, GEN_SHA256_LEN) != 0) {
		snprintf(err, errlen, "the receiver's copy differs from the file sent");
		return -1;
	}
	return 0;
}

static int sf_send(const struct sf_send_opts *o)
{
	unsigned char hdr[GEN_SF_HDR_FIXED + GEN_SF_NAME_MAX], d[GEN_SHA256_LEN];
	char err[300], hex[GEN_SHA256_HEXLEN];
	const char *name = o->name;
	struct stat st;
	int file, sock = -1, rc = GEN_EXIT_RUNTIME;
	long long t0;
	double secs;

	if (!name)
		name = strrchr(o->file, '/') ? strrchr(o->file, '/') + 1 : o->file;
	if (!gen_sf_name_ok(name, strlen(name))) {
		/* the hint only helps when the name came from the file's path */
		fprintf(stderr, "pktscope-gen sendfile: bad file name '%s'%s\n", name,
		        o->name ? " (no '/', not . or .., at most 255 bytes)" : " (use --name)");
		return GEN_EXIT_USAGE;
	}
	file = open(o->file, O_RDONLY | O_CLOEXEC);
	if (file < 0 || fstat(file, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "pktscope-gen sendfile: %s: %s\n", o->file,
		        file < 0 ? strerror(errno) : "not a regular file");
		goto out;
	}
	sock = sf_connect(o, err, sizeof err);
	if (sock < 0) {
		fprintf(stderr, "pktscope-gen sendfile: %s\n", err);
		rc = sock == -2 ? GEN_EXIT_USAGE : GEN_EXIT_RUNTIME;
		goto out;
	}
	memcpy(hdr, GEN_SF_MAGIC, 4);
	gen_sf_put_be(hdr + 4, (uint64_t)st.st_size, 8);
	gen_sf_put_be(hdr + 12, strlen(name), 2);
	memcpy(hdr + GEN_SF_HDR_FIXED, name, strlen(name));
	t0 = ps_loop_now_ns();
	if (io_all(sock, hdr, GEN_SF_HDR_FIXED + strlen(name), 1) < 0) {
		snprintf(err, sizeof err, "sending the header to %s: %s", o->to, strerror(errno));
		goto fail;
	}
	if (sf_pump(sock, file, st.st_size, o->to, err, sizeof err) < 0)
		goto fail;
	secs = (double)(ps_loop_now_ns() - t0) / 1e9;
	if (gen_sha256_fd(file, d) < 0) {
		snprintf(err, sizeof err, "%s: reading for SHA-256: %s", o->file, strerror(errno));
		goto fail;
	}
	gen_sha256_hex(d, hex);
	printf("sendfile: sent %s to %s: bytes=%lld seconds=%.3f MB/s=%.2f sha256=%s\n", o->file,
	       o->to, (long long)st.st_size, secs, secs > 0 ? (double)st.st_size / secs / 1e6 : 0.0, hex);
	fflush(stdout);
	if (sf_verify(sock, d, (uint64_t)st.st_size, err, sizeof err) < 0)
		goto fail;
	rc = GEN_EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "pktscope-gen sendfile: %s\n", err);
out:
	if (sock >= 0)
		close(sock);
	if (file >= 0)
		close(file);
	return rc;
}

static const char sf_usage[] =
	"usage: pktscope-gen sendfile --listen ADDR [--out DIR] [--count N] [server options]\n"
	"       pktscope-gen sendfile --to ADDR [--name NAME] [--timeout T] FILE\n"
	"       pktscope-gen sendfile --copy [--method sendfile|copy_file_range] SRC DST\n"
	"Transfer a file over TCP: the sender uses sendfile(2) (zero-copy), the receiver\n"
	"writes it under DIR; both print bytes, seconds, MB/s and the SHA-256, and the\n"
	"sender checks the receiver's SHA-256 against its own (exit 1 on mismatch).\n"
	"  --out DIR            receiver: directory for received files (default .)\n"
	"  --count N            receiver: exit after N transfers\n"
	"  --to ADDR            sender: receiver's HOST:PORT\n"
	"  --name NAME          sender: file name announced to the receiver (default: FILE's)\n"
	"  --timeout T          sender: connect and stall timeout (default 10s)\n"
	"  --copy               copy the file SRC to DST in the kernel, compare SHA-256\n"
	"  --method M           with --copy: sendfile (default) or copy_file_range\n"
	"server options (receiver; --engine is a loop backend: epoll, poll, select):\n"
	GEN_SRV_USAGE;

enum { SF_OUT = 0x300, SF_COUNT, SF_TO, SF_NAME, SF_TIMEOUT, SF_HELP, SF_COPY, SF_METHOD };

static int sf_opt(struct gen_sf_recv_opts *r, struct sf_send_opts *s, int c, const char *arg)
{
	unsigned long long v;

	switch (c) {
	case SF_OUT: r->out_dir = arg; return 0;
	case SF_TO: s->to = arg; return 0;
	case SF_NAME: s->name = arg; return 0;
	case SF_COPY: s->copy = 1; return 0;
	case SF_METHOD: return (s->method = gen_sf_copy_method(arg)) < 0 ? -1 : 0;
	case SF_COUNT:
		if (gen_parse_u64(arg, 0, &v) < 0 || v == 0 || v > 1000000000)
			return -1;
		r->count = (unsigned long)v;
		return 0;
	case SF_TIMEOUT:
		return (s->timeout_ms = gen_parse_ms(arg)) <= 0 || s->timeout_ms > 0x7fffffff ? -1 : 0;
	default:
		return -1;
	}
}

int gen_sendfile_main(int argc, char **argv)
{
	static const struct option opts[] = {
		GEN_SRV_LONGOPTS,
		{ "out", 1, NULL, SF_OUT }, { "count", 1, NULL, SF_COUNT }, { "to", 1, NULL, SF_TO },
		{ "name", 1, NULL, SF_NAME }, { "timeout", 1, NULL, SF_TIMEOUT },
		{ "copy", 0, NULL, SF_COPY }, { "method", 1, NULL, SF_METHOD },
		{ "help", 0, NULL, SF_HELP }, { NULL, 0, NULL, 0 },
	};
	struct gen_sf_recv_opts r = { .out_dir = "." };
	struct sf_send_opts s = { .timeout_ms = 10000 };
	char err[200];
	int c, k;

	gen_srv_opts_init(&r.srv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		if (c == SF_HELP || c == 'h') {
			fputs(sf_usage, stdout);
			return GEN_EXIT_OK;
		}
		k = gen_srv_opt(&r.srv, c, optarg, err, sizeof err);
		if (k == 0 && c != '?' && sf_opt(&r, &s, c, optarg) == 0)
			continue;
		if (k == 1)
			continue;
		if (k == 0 && c != '?')
			snprintf(err, sizeof err, "bad value '%s'", optarg ? optarg : "");
		if (c != '?')
			fprintf(stderr, "pktscope-gen sendfile: %s\n", err);
		else
			fputs(sf_usage, stderr);
		return GEN_EXIT_USAGE;
	}
	if (s.copy && !s.to && !r.srv.listen && optind == argc - 2)
		return gen_sf_copy(argv[optind], argv[optind + 1], s.method);
	if (r.srv.listen && !s.to && !s.copy && optind == argc) {
		if (strcmp(r.srv.engine, "thread") == 0) {
			fprintf(stderr, "pktscope-gen sendfile: the receiver runs on epoll, poll or select\n");
			return GEN_EXIT_USAGE;
		}
		return gen_sf_receive(&r);
	}
	if (s.to && !r.srv.listen && !s.copy && optind == argc - 1) {
		s.file = argv[optind];
		return sf_send(&s);
	}
	fprintf(stderr, "pktscope-gen sendfile: give --listen ADDR (receiver), --to ADDR FILE (sender) "
		"or --copy SRC DST\n");
	return GEN_EXIT_USAGE;
}
