/* SPDX-License-Identifier: BSD-2-Clause */
/* sendfile receiver: accepts transfers on the event loop, writes each to
 * DIR/.NAME.XXXXXX, hashes it, renames it to DIR/NAME when complete and
 * answers with the SHA-256 and byte count (protocol in gen_sendfile.h).
 * Memory per connection is one fixed buffer. */
#include "gen_sendfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen_modules.h"
#include "gen_net.h"
#include "gen_sha256.h"
#include "gen_signal.h"
#include "loop.h"

#define SF_BUF (256 * 1024)

enum sf_state { SF_HDR, SF_DATA, SF_REPLY };

struct sf_conn {
	struct sf_srv *srv;
	struct sf_conn *prev, *next;
	int fd, file;
	enum sf_state state;
	unsigned char hdr[GEN_SF_HDR_FIXED + GEN_SF_NAME_MAX + 1];
	size_t hdr_got, hdr_need;
	uint64_t size, got;
	struct gen_sha256 *sha;
	char tmp[4096], final[4096], name[GEN_SF_NAME_MAX + 1], peer[GEN_ADDR_STRLEN];
	unsigned char reply[GEN_SF_REPLY_LEN];
	size_t reply_off;
	long long t_start, last_ms;
	unsigned char buf[SF_BUF];
};

struct sf_srv {
	const struct gen_sf_recv_opts *o;
	struct ps_loop *loop;
	struct sf_conn *conns;
	struct gen_srv_stats st;
	unsigned long done;  /* transfers ended, ok or not */
	unsigned long failed;
};

int gen_sf_name_ok(const char *name, size_t len)
{
	if (len == 0 || len > GEN_SF_NAME_MAX || memchr(name, '/', len) || memchr(name, '\0', len))
		return 0;
	return !(len == 1 && name[0] == '.') && !(len == 2 && name[0] == '.' && name[1] == '.');
}

static void sf_end(struct sf_conn *c, const char *why)
{
	struct sf_srv *s = c->srv;

	if (why) {
		fprintf(stderr, "pktscope-gen sendfile: %s: %s%s\n", c->peer, why,
		        c->file >= 0 ? " (partial file removed)" : "");
		s->failed++;
		s->st.errors++;
	}
	if (c->file >= 0) {
		close(c->file);
		unlink(c->tmp);
	}
	ps_loop_unwatch(s->loop, c->fd);
	close(c->fd);
	gen_sha256_free(c->sha);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	free(c);
	s->st.closed++;
	s->st.active--;
	if (++s->done >= s->o->count && s->o->count)
		ps_loop_stop(s->loop);
}

/* Header complete: check it and open the temporary file. */
static const char *sf_begin(struct sf_conn *c)
{
	const char *dir = c->srv->o->out_dir;
	size_t nlen = c->hdr_need - GEN_SF_HDR_FIXED;

	c->size = gen_sf_get_be(c->hdr + 4, 8);
	memcpy(c->name, c->hdr + GEN_SF_HDR_FIXED, nlen);
	c->name[nlen] = '\0';
	if (!gen_sf_name_ok(c->name, nlen))
		return "bad file name in header";
	snprintf(c->final, sizeof c->final, "%s/%s", dir, c->name);
	snprintf(c->tmp, sizeof c->tmp, "%s/.%s.XXXXXX", dir, c->name);
	c->file = mkostemp(c->tmp, O_CLOEXEC);
	if (c->file < 0) {
		snprintf(c->final, sizeof c->final, "cannot create a file in %s: %s", dir, strerror(errno));
		return c->final;
	}
	{
		mode_t m = umask(0); /* mkostemp made it 0600: give it the usual mode */
		umask(m);
		(void)fchmod(c->file, 0666 & ~m);
	}
	if (!(c->sha = gen_sha256_new()))
		return "out of memory";
	c->state = SF_DATA;
	c->t_start = ps_loop_now_ms();
	return NULL;
}

static const char *sf_read_hdr(struct sf_conn *c)
{
	ssize_t n = recv(c->fd, c->hdr + c->hdr_got, c->hdr_need - c->hdr_got, 0);

	if (n == 0)
		return "closed before the header";
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? NULL : strerror(errno);
	c->hdr_got += (size_t)n;
	if (c->hdr_got == GEN_SF_HDR_FIXED && c->hdr_need == GEN_SF_HDR_FIXED) {
		if (memcmp(c->hdr, GEN_SF_MAGIC, 4) != 0)
			return "not a pktscope-gen sendfile client (bad magic)";
		c->hdr_need += gen_sf_get_be(c->hdr + 12, 2);
	}
	if (c->hdr_got == c->hdr_need && c->hdr_need > GEN_SF_HDR_FIXED)
		return sf_begin(c);
	if (c->hdr_got == c->hdr_need)
		return "bad file name in header";
	return NULL;
}

/* All bytes are in: publish the file, print the line, queue the reply. */
static const char *sf_finish(struct sf_conn *c)
{
	unsigned char d[GEN_SHA256_LEN];
	char hex[GEN_SHA256_HEXLEN];
	double secs = (double)(ps_loop_now_ms() - c->t_start) / 1000.0;

	if (gen_sha256_final(c->sha, d) < 0)
		return "SHA-256 failed";
	if (close(c->file) < 0) {
		c->file = -1;
		unlink(c->tmp);
		return "close of the output file failed";
	}
	c->file = -1;
	if (rename(c->tmp, c->final) < 0) {
		unlink(c->tmp);
		return "rename of the output file failed";
	}
	gen_sha256_hex(d, hex);
	printf("sendfile: received %s from %s: bytes=%llu seconds=%.3f MB/s=%.2f sha256=%s -> %s\n",
	       c->name, c->peer, (unsigned long long)c->got, secs,
	       secs > 0 ? (double)c->got / secs / 1e6 : 0.0, hex, c->final);
	fflush(stdout);
	memcpy(c->reply, d, GEN_SHA256_LEN);
	gen_sf_put_be(c->reply + GEN_SHA256_LEN, c->got, 8);
	c->state = SF_REPLY;
	return ps_loop_set_mask(c->srv->loop, c->fd, PS_LOOP_WRITE) < 0 ? "loop error" : NULL;
}

static const char *sf_read_data(struct sf_conn *c)
{
	uint64_t left = c->size - c->got;
	size_t want = left < SF_BUF ? (size_t)left : SF_BUF;
	ssize_t n = want ? recv(c->fd, c->buf, want, 0) : 0;

	if (want && n == 0)
		return "connection closed before the whole file arrived";
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? NULL : strerror(errno);
	for (ssize_t off = 0; off < n;) {
		ssize_t w = write(c->file, c->buf + off, (size_t)(n - off));
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno == ENOSPC ? "disk full" : strerror(errno);
		off += w;
	}
	if (gen_sha256_update(c->sha, c->buf, (size_t)n) < 0)
		return "SHA-256 failed";
	c->got += (uint64_t)n;
	c->srv->st.bytes_in += (unsigned long long)n;
	return c->got == c->size ? sf_finish(c) : NULL;
}

static void sf_io(struct ps_loop *loop, int fd, int mask, void *ctx)
{
	struct sf_conn *c = ctx;
	const char *why = NULL;

	(void)loop;
	(void)mask;
	c->last_ms = ps_loop_now_ms();
	if (c->state == SF_HDR) {
		why = sf_read_hdr(c);
		/* A zero-byte file is complete as soon as its header is. */
		if (!why && c->state == SF_DATA && c->size == 0)
			why = sf_finish(c);
	} else if (c->state == SF_DATA) {
		why = sf_read_data(c);
	} else {
		ssize_t n = send(fd, c->reply + c->reply_off, GEN_SF_REPLY_LEN - c->reply_off, MSG_NOSIGNAL);
		if (n > 0 && (c->reply_off += (size_t)n) == GEN_SF_REPLY_LEN) {
			sf_end(c, NULL);
			return;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			why = "sender went away before the reply";
	}
	if (why)
		sf_end(c, why);
}

static void sf_accept(struct ps_loop *loop, int lfd, int mask, void *ctx)
{
	struct sf_srv *s = ctx;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char err[160];
	struct sf_conn *c;
	int fd;

	(void)mask;
	fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (s->st.active >= s->o->srv.max_conns || !(c = calloc(1, sizeof *c))) {
		s->st.refused++;
		close(fd);
		return;
	}
	c->srv = s;
	c->fd = fd;
	c->file = -1;
	c->hdr_need = GEN_SF_HDR_FIXED;
	c->last_ms = ps_loop_now_ms();
	gen_addr_format((struct sockaddr *)&ss, len, c->peer, sizeof c->peer);
	if (ps_loop_watch(loop, fd, PS_LOOP_READ, sf_io, c, err, sizeof err) < 0) {
		close(fd);
		free(c);
		s->st.errors++;
		return;
	}
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->st.accepted++;
	if (++s->st.active > s->st.peak)
		s->st.peak = s->st.active;
}

static long long sf_idle(struct ps_loop *loop, long long id, void *ctx)
{
	struct sf_srv *s = ctx;
	long long now = ps_loop_now_ms();

	(void)loop;
	(void)id;
	for (struct sf_conn *c = s->conns, *next; c; c = next) {
		next = c->next;
		if (now - c->last_ms >= s->o->srv.idle_ms) {
			s->st.timeouts++;
			sf_end(c, "idle timeout");
		}
	}
	return 200;
}

/* After a stop signal: no new transfers; running ones get --grace. */
static void sf_drain(struct sf_srv *s, int lfd)
{
	long long deadline = ps_loop_now_ms() + s->o->srv.grace_ms;
	char err[160];

	ps_loop_unwatch(s->loop, lfd);
	close(lfd); /* new senders are refused from now on */
	ps_loop_stop_on(s->loop, NULL);
	while (s->conns && ps_loop_now_ms() < deadline)
		if (ps_loop_once(s->loop, 20, err, sizeof err) < 0)
			break;
	while (s->conns) {
		s->st.dropped++;
		sf_end(s->conns, "transfer dropped at stop");
	}
}

int gen_sf_receive(const struct gen_sf_recv_opts *o)
{
	struct sf_srv s;
	struct gen_addr a;
	char err[256], where[GEN_ADDR_STRLEN];
	long long t0 = ps_loop_now_ms();
	int lfd, rc;

	memset(&s, 0, sizeof s);
	s.o = o;
	if (gen_addr_parse(o->srv.listen, 1, &a, err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen sendfile: %s\n", err);
		return GEN_EXIT_USAGE;
	}
	if (access(o->out_dir, W_OK) < 0) {
		fprintf(stderr, "pktscope-gen sendfile: --out %s: %s\n", o->out_dir, strerror(errno));
		return GEN_EXIT_RUNTIME;
	}
	lfd = gen_listen_ip(&a, SOCK_STREAM, o->srv.v6only, 128, err, sizeof err);
	s.loop = lfd < 0 ? NULL : ps_loop_new(o->srv.engine, err, sizeof err);
	if (!s.loop || ps_loop_watch(s.loop, lfd, PS_LOOP_READ, sf_accept, &s, err, sizeof err) < 0 ||
	    (o->srv.idle_ms && ps_loop_timer_add(s.loop, 200, sf_idle, &s) < 0)) {
		fprintf(stderr, "pktscope-gen sendfile: %s\n", err);
		if (lfd >= 0)
			close(lfd);
		ps_loop_free(s.loop);
		return GEN_EXIT_RUNTIME;
	}
	a.len = sizeof a.ss;
	(void)getsockname(lfd, (struct sockaddr *)&a.ss, &a.len);
	printf("sendfile: listening on %s, writing to %s\n",
	       gen_addr_format((struct sockaddr *)&a.ss, a.len, where, sizeof where), o->out_dir);
	fflush(stdout);
	ps_loop_stop_on(s.loop, gen_signal_flag());
	rc = ps_loop_run(s.loop, err, sizeof err);
	sf_drain(&s, lfd);
	ps_loop_free(s.loop);
	if (rc < 0)
		fprintf(stderr, "pktscope-gen sendfile: %s\n", err);
	gen_srv_stats_print(stdout, "sendfile", &s.st, (double)(ps_loop_now_ms() - t0) / 1000.0);
	return rc < 0 || s.failed ? GEN_EXIT_RUNTIME : GEN_EXIT_OK;
}
