/* SPDX-License-Identifier: BSD-2-Clause */
/* pcapfile_ra.c - the reader's read-ahead thread (PS_PCAPFILE_READAHEAD):
 * read(2) of the next chunks runs on a second core while the caller
 * dissects the records of the current one.
 *
 * Why: copying the file out of the page cache is ~0.09 s of system time on
 * the 2M-packet corpus, about half of a `-q -Y` pass, and ran in series with
 * dissection; on two cores the wall time becomes max(read, dissect).
 *
 * A ring of PF_RA_CHUNKS fixed chunks, each PF_RA_HEAD bytes of headroom in
 * front of PF_CHUNK bytes of data.  The thread fills the data part with one
 * read(2) per chunk (whatever it returns: a pipe's records are not held
 * back until a chunk is full) and hands the chunk over; the consumer (the
 * thread calling next) parses records in place.  The record cut by the end
 * of a chunk is completed by copying its head (at most PF_RA_HEAD bytes)
 * into the headroom of the next chunk, so records stay contiguous and
 * borrowed without a copy; a record that does not fit that way (larger
 * than the headroom, or than what the next chunk holds) is gathered in the
 * reader's growable buffer as without the thread.  A chunk goes back to the
 * thread once the consumer's window left it, i.e. inside the next() call
 * after the last record it returned from there: records are borrowed only
 * until the next call, so nobody may still point into it.
 *
 * A read error or the end of the file is a chunk of its own, met by the
 * consumer after every byte read before it: errors surface at the same
 * record, with the same errno, as without the thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcapfile_int.h"

struct pf_ra_chunk {
	uint8_t *mem;  /* PF_RA_HEAD headroom, then PF_CHUNK data */
	size_t len;    /* data bytes read; 0 with err 0: end of file */
	int err;       /* errno of the read that failed, 0 none */
	bool full;     /* filled, not yet given back (guarded by mu) */
};

struct pf_ra {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	int fd;
	int wake[2];          /* not a regular file: close() wakes a blocked read */
	bool quit;            /* guarded by mu */
	unsigned prod;        /* the thread's next chunk to fill */
	unsigned cons;        /* the consumer's next chunk to take */
	int cur;              /* chunk the reader's window is in, -1 none */
	uint64_t next_off;    /* file offset of the next chunk's data */
	struct pf_ra_chunk c[PF_RA_CHUNKS];
};

/* Fill dst[0..n) for the thread: one read(2) for a regular file.  A pipe
 * or terminal is polled first, so that close() can wake the thread (wake[0]
 * readable: -2) instead of joining one blocked until the writer sends more;
 * and it is read while data is there at once (a pipe gives at most 64 KiB
 * a read: without this a fast writer meant a chunk handed over per 64 KiB),
 * but never waited for once some was read, so that records reach the
 * caller as soon as without the thread.  Bytes read, 0 at the end, -1
 * (errno) when the first read fails; a failure after some bytes comes
 * again at the next call. */
static ssize_t ra_read(struct pf_ra *ra, uint8_t *dst, size_t n)
{
	size_t got = 0;
	for (;;) {
		if (ra->wake[0] >= 0) {
			struct pollfd p[2] = {{.fd = ra->fd, .events = POLLIN},
					      {.fd = ra->wake[0], .events = POLLIN}};
			int pr = poll(p, 2, got ? 0 : -1);
			if (pr < 0 && errno == EINTR)
				continue;
			if (pr < 0)
				return got ? (ssize_t)got : -1;
			if (p[1].revents)
				return -2;
			if (!pr)
				return (ssize_t)got; /* nothing more at once */
		}
		ssize_t k = read(ra->fd, dst + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return got ? (ssize_t)got : k;
		got += (size_t)k;
		if (got == n || ra->wake[0] < 0)
			return (ssize_t)got;
	}
}

static void *ra_main(void *arg)
{
	struct pf_ra *ra = arg;
	pthread_mutex_lock(&ra->mu);
	for (;;) {
		struct pf_ra_chunk *c = &ra->c[ra->prod];
		while (!ra->quit && c->full)
			pthread_cond_wait(&ra->freed, &ra->mu);
		if (ra->quit)
			break;
		/* the chunk is ours until full is set: read without the lock */
		pthread_mutex_unlock(&ra->mu);
		ssize_t k = ra_read(ra, c->mem + PF_RA_HEAD, PF_CHUNK);
		int e = k == -1 ? errno : 0;
		pthread_mutex_lock(&ra->mu);
		if (k == -2 || ra->quit)
			break;
		c->len = k > 0 ? (size_t)k : 0;
		c->err = e;
		c->full = true;
		ra->prod = (ra->prod + 1) % PF_RA_CHUNKS;
		pthread_cond_signal(&ra->filled);
		if (k <= 0) /* end of file or an error: nothing follows */
			break;
	}
	pthread_mutex_unlock(&ra->mu);
	return 0;
}

static void ra_free(struct pf_ra *ra)
{
	for (unsigned i = 0; i < PF_RA_CHUNKS; i++)
		free(ra->c[i].mem);
	if (ra->wake[0] >= 0) {
		close(ra->wake[0]);
		close(ra->wake[1]);
	}
	pthread_cond_destroy(&ra->filled);
	pthread_cond_destroy(&ra->freed);
	pthread_mutex_destroy(&ra->mu);
	free(ra);
}

static int ra_spawn(struct pf_ra *ra)
{
	/* signals stay with the caller's thread, as without read-ahead */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&ra->thread, 0, ra_main, ra);
	pthread_sigmask(SIG_SETMASK, &old, 0);
	return rc ? -1 : 0;
}

int pf_ra_start(struct ps_pcapfile *pf)
{
	struct pf_ra *ra = calloc(1, sizeof *ra);
	if (!ra)
		return -1;
	ra->fd = pf->fd;
	ra->cur = -1;
	ra->next_off = pf->buf_off + pf->end;
	ra->wake[0] = ra->wake[1] = -1;
	pthread_mutex_init(&ra->mu, 0);
	pthread_cond_init(&ra->filled, 0);
	pthread_cond_init(&ra->freed, 0);
	for (unsigned i = 0; i < PF_RA_CHUNKS; i++)
		if (!(ra->c[i].mem = aligned_alloc(4096, PF_RA_HEAD + PF_CHUNK)))
			goto fail;
	if (!pf->seekable && pipe2(ra->wake, O_CLOEXEC)) {
		ra->wake[0] = ra->wake[1] = -1;
		goto fail;
	}
	if (ra_spawn(ra))
		goto fail;
	pf->ra = ra;
	return 0;
fail:
	ra_free(ra);
	return -1;
}

void pf_ra_stop(struct pf_ra *ra)
{
	if (!ra)
		return;
	pthread_mutex_lock(&ra->mu);
	ra->quit = true;
	pthread_cond_signal(&ra->freed);
	pthread_mutex_unlock(&ra->mu);
	if (ra->wake[1] >= 0) {
		ssize_t k;
		do
			k = write(ra->wake[1], "", 1);
		while (k < 0 && errno == EINTR);
	}
	pthread_join(ra->thread, 0);
	ra_free(ra);
}

/* The next chunk in file order, waiting for the thread to fill it. */
static struct pf_ra_chunk *take(struct pf_ra *ra)
{
	struct pf_ra_chunk *c = &ra->c[ra->cons];
	pthread_mutex_lock(&ra->mu);
	while (!c->full)
		pthread_cond_wait(&ra->filled, &ra->mu);
	pthread_mutex_unlock(&ra->mu);
	return c;
}

static void give_back(struct pf_ra *ra, struct pf_ra_chunk *c)
{
	pthread_mutex_lock(&ra->mu);
	c->full = false;
	pthread_cond_signal(&ra->freed);
	pthread_mutex_unlock(&ra->mu);
}

/* Leave the chunk the window is in (its unread bytes were copied out). */
static void leave(struct pf_ra *ra)
{
	if (ra->cur >= 0)
		give_back(ra, &ra->c[ra->cur]);
	ra->cur = -1;
}

/* The window moves into chunk c, its headroom taking the t unread bytes. */
static void into_chunk(struct ps_pcapfile *pf, struct pf_ra_chunk *c, size_t t)
{
	struct pf_ra *ra = pf->ra;
	uint8_t *data = c->mem + PF_RA_HEAD;
	memcpy(data - t, pf->buf + pf->start, t);
	leave(ra);
	ra->cur = (int)(c - ra->c);
	pf->buf = c->mem;
	pf->start = PF_RA_HEAD - t;
	pf->end = PF_RA_HEAD + c->len;
	/* modulo 2^64: the headroom of the first chunk lies "before" offset
	 * 0, yet buf_off + start is the unread bytes' offset as it must be */
	pf->buf_off = ra->next_off - PF_RA_HEAD;
}

/* The window moves to the growable buffer: the t unread bytes, then all of
 * chunk c (which goes back to the thread).  0 ok, -1 out of memory. */
static int into_growable(struct ps_pcapfile *pf, struct pf_ra_chunk *c, size_t t)
{
	struct pf_ra *ra = pf->ra;
	if (pf->buf == pf->gbuf && pf->start) { /* compact */
		memmove(pf->gbuf, pf->gbuf + pf->start, t);
		pf->start = 0;
	}
	size_t len = c->len; /* c is the thread's again after give_back */
	if (pf_grow(pf, t + len))
		return -1;
	if (ra->cur >= 0)
		memcpy(pf->gbuf, pf->buf + pf->start, t);
	leave(ra);
	memcpy(pf->gbuf + t, c->mem + PF_RA_HEAD, len);
	give_back(ra, c);
	pf->buf = pf->gbuf;
	pf->start = 0;
	pf->end = t + len;
	pf->buf_off = ra->next_off - t;
	return 0;
}

long pf_ra_refill(struct ps_pcapfile *pf, size_t need)
{
	struct pf_ra *ra = pf->ra;
	while (pf->end - pf->start < need && !pf->eof) {
		struct pf_ra_chunk *c = take(ra);
		if (c->err) { /* left in place: a later call fails the same way */
			errno = c->err;
			return -1;
		}
		if (!c->len) {
			pf->eof = true;
			break;
		}
		size_t t = pf->end - pf->start, len = c->len;
		if (t <= PF_RA_HEAD && t + len >= need)
			into_chunk(pf, c, t);
		else if (into_growable(pf, c, t))
			return -1;
		ra->next_off += len;
		ra->cons = (ra->cons + 1) % PF_RA_CHUNKS;
	}
	return (long)(pf->end - pf->start);
}
