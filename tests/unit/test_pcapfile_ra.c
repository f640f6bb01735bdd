/* SPDX-License-Identifier: BSD-2-Clause */
/* test_pcapfile_ra.c - the reader with its read-ahead thread
 * (PS_PCAPFILE_READAHEAD) against the same reader without it, record by
 * record: data, lengths, time stamps, positions, tell() and the error at
 * the end.  Files of a few MiB so that records span the 1 MiB chunks: a
 * header cut by a chunk's end, data cut, a record ending on the boundary,
 * records larger than the headroom and than a chunk, a truncated last
 * record, pcapng with two sections, a pipe fed in odd-sized writes, a
 * terminal that fails with EIO mid-record, close in the middle. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ps_pcapfile.h"
#include "ps_test.h"

#define MIB (1u << 20)

/* A capture being built in memory. */
struct cap {
	uint8_t *b;
	size_t n, cap;
	uint32_t seed;
	unsigned nrec; /* records (packet blocks) written */
};

static void put(struct cap *c, uint64_t v, unsigned bytes)
{
	if (c->n + bytes > c->cap) {
		c->cap = (c->n + bytes) * 2;
		c->b = realloc(c->b, c->cap);
		CU_ASSERT_PTR_NOT_NULL_FATAL(c->b);
	}
	for (unsigned i = 0; i < bytes; i++)
		c->b[c->n++] = (uint8_t)(v >> (8 * i));
}

static uint32_t rnd(struct cap *c)
{
	c->seed = c->seed * 1103515245u + 12345u;
	return c->seed >> 8;
}

static void pcap_begin(struct cap *c)
{
	*c = (struct cap){.seed = 7};
	put(c, 0xa1b2c3d4, 4);
	put(c, 2, 2);
	put(c, 4, 2);
	put(c, 0, 8);
	put(c, 262144, 4);
	put(c, 1, 4); /* EN10MB */
}

/* Data bytes that differ per record and offset, so a byte from the wrong
 * place (a chunk given back too early) shows. */
static void payload(struct cap *c, uint32_t caplen)
{
	uint32_t s = rnd(c);
	for (uint32_t i = 0; i < caplen; i++)
		put(c, (uint8_t)(s + i * 7u), 1);
}

/* A pcap record of caplen bytes (16 + caplen in the file). */
static void pcap_rec(struct cap *c, uint32_t caplen)
{
	c->nrec++;
	put(c, 1500000000u + (uint32_t)(c->n >> 10), 4);
	put(c, (uint32_t)(c->n % 1000000u), 4);
	put(c, caplen, 4);
	put(c, caplen + 4, 4);
	payload(c, caplen);
}

/* Records of random sizes up to the file offset `to`, the last one sized
 * to end exactly there (to - n >= 16 left for it). */
static void pcap_fill_to(struct cap *c, size_t to)
{
	while (to - c->n > 16 + 3000)
		pcap_rec(c, rnd(c) % 1600);
	pcap_rec(c, (uint32_t)(to - c->n - 16));
}

/* Records around each chunk boundary the reader meets: the open reads
 * the first MiB, the thread one MiB per read (regular files). */
static void pcap_boundaries(struct cap *c)
{
	pcap_begin(c);
	pcap_fill_to(c, 1 * MIB - 7);          /* next header cut after 7 bytes */
	pcap_fill_to(c, 2 * MIB + 100);        /* data cut: 100 bytes past the boundary */
	pcap_fill_to(c, 3 * MIB);              /* a record ending on the boundary */
	pcap_fill_to(c, 4 * MIB - 1000);
	pcap_rec(c, 400u << 10);               /* larger than the headroom */
	pcap_fill_to(c, 5 * MIB + 5000);
	pcap_rec(c, 3 * MIB);                  /* larger than a chunk */
	pcap_rec(c, 0);                        /* an empty record after it */
	pcap_fill_to(c, 10 * MIB - 3);
}

static void ng_block(struct cap *c, uint32_t type, uint32_t body)
{
	put(c, type, 4);
	put(c, 12 + ((body + 3) & ~3u), 4);
}

static void ng_shb(struct cap *c)
{
	ng_block(c, 0x0A0D0D0A, 16);
	put(c, 0x1A2B3C4D, 4);
	put(c, 1, 2);
	put(c, 0, 2);
	put(c, UINT64_MAX, 8);
	put(c, 28, 4);
}

static void ng_idb(struct cap *c)
{
	ng_block(c, 1, 8);
	put(c, 1, 2);
	put(c, 0, 2);
	put(c, 0, 4);
	put(c, 20, 4);
}

static void ng_epb(struct cap *c, uint32_t caplen)
{
	uint32_t body = 20 + caplen, total = 12 + ((body + 3) & ~3u);
	c->nrec++;
	ng_block(c, 6, body);
	put(c, 0, 4);
	put(c, 0, 4);
	put(c, (uint32_t)c->n, 4); /* time stamp (low word) */
	put(c, caplen, 4);
	put(c, caplen, 4);
	payload(c, caplen);
	while (c->n % 4)
		put(c, 0, 1);
	put(c, total, 4);
}

static void pcapng_file(struct cap *c)
{
	*c = (struct cap){.seed = 11};
	ng_shb(c);
	ng_idb(c);
	while (c->n < 2 * MIB + 5000)
		ng_epb(c, rnd(c) % 1600);
	ng_shb(c); /* a second section, then a packet larger than a chunk */
	ng_idb(c);
	ng_epb(c, (uint32_t)(1 * MIB + 333));
	while (c->n < 5 * MIB)
		ng_epb(c, rnd(c) % 9000);
}

/* The bytes in an unlinked temporary file, at offset 0. */
static int tmp_fd(const struct cap *c)
{
	char path[] = "/tmp/test_pcapfile_ra-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	unlink(path);
	CU_ASSERT_FATAL(write(fd, c->b, c->n) == (ssize_t)c->n);
	CU_ASSERT_FATAL(lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

static struct ps_pcapfile *open_fd(int fd, unsigned flags)
{
	char err[256] = "";
	struct ps_pcapfile *pf = 0;
	CU_ASSERT_EQUAL_FATAL(ps_pcapfile_open_fd(&pf, fd, flags, err, sizeof err), 0);
	return pf;
}

static bool same_rec(const struct ps_pcaprec *a, const struct ps_pcaprec *b)
{
	return a->caplen == b->caplen && a->len == b->len && a->hdr == b->hdr &&
	       a->sec == b->sec && a->frac == b->frac && a->dlt == b->dlt && a->ifid == b->ifid &&
	       a->pos.offset == b->pos.offset && a->pos.iface == b->pos.iface &&
	       a->pos.kind == b->pos.kind && !memcmp(a->data, b->data, a->caplen);
}

/* Read `ra` (with the thread) and `ref` (without) in step to their end;
 * every record, tell() and the final result and error must agree.  The
 * final result of ra (1 never: 0 end, -1 error) and its error text. */
static int compare(struct ps_pcapfile *ra, struct ps_pcapfile *ref, char *err_ra,
		   unsigned *nrec)
{
	char err_ref[256] = "";
	struct ps_pcaprec r, s;
	int a, b;
	*nrec = 0;
	err_ra[0] = 0;
	while ((a = ps_pcapfile_next(ra, &r, err_ra, 256)) ==
	       (b = ps_pcapfile_next(ref, &s, err_ref, sizeof err_ref))) {
		if (a != 1)
			break;
		if (!same_rec(&r, &s) || ps_pcapfile_tell(ra) != ps_pcapfile_tell(ref)) {
			CU_FAIL("a record differs with read-ahead");
			fprintf(stderr, "record %u (at %llu / %llu) differs\n", *nrec,
				(unsigned long long)r.pos.offset, (unsigned long long)s.pos.offset);
			return -2;
		}
		++*nrec;
	}
	CU_ASSERT_EQUAL(a, b);
	CU_ASSERT_STRING_EQUAL(err_ra, err_ref);
	return a;
}

/* Every record of the bytes, through a file, with and without the thread. */
static int compare_file(const struct cap *c, char *err, unsigned *nrec)
{
	struct ps_pcapfile *ra = open_fd(tmp_fd(c), PS_PCAPFILE_READAHEAD);
	struct ps_pcapfile *ref = open_fd(tmp_fd(c), 0);
	CU_ASSERT(ps_pcapfile_reads_ahead(ra)); /* else the test proves nothing */
	CU_ASSERT(!ps_pcapfile_reads_ahead(ref));
	int rc = compare(ra, ref, err, nrec);
	ps_pcapfile_close(ra);
	ps_pcapfile_close(ref);
	return rc;
}

static void test_pcapfile_ra_pcap_boundaries(void)
{
	struct cap c;
	pcap_boundaries(&c);
	char err[256];
	unsigned n;
	CU_ASSERT_EQUAL(compare_file(&c, err, &n), 0);
	CU_ASSERT_EQUAL(n, c.nrec);
	free(c.b);
}

/* A file cut in the last record's data, and in its header: the same
 * error as without the thread, after the same records. */
static void test_pcapfile_ra_truncated(void)
{
	struct cap c;
	pcap_boundaries(&c);
	size_t whole = c.n;
	char err[256];
	unsigned n, n0;
	c.n = whole - 1;
	CU_ASSERT_EQUAL(compare_file(&c, err, &n0), -1);
	CU_ASSERT_EQUAL(n0, c.nrec - 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "truncated dump file; tried to read"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "captured bytes"));
	c.n = 3 * MIB + 9; /* cut in the header of the record at 3 MiB */
	CU_ASSERT_EQUAL(compare_file(&c, err, &n), -1);
	CU_ASSERT_STRING_EQUAL(err, "truncated dump file; tried to read 16 header bytes, only got 9");
	CU_ASSERT(n > 0 && n < n0);
	free(c.b);
}

static void test_pcapfile_ra_pcapng(void)
{
	struct cap c;
	pcapng_file(&c);
	char err[256];
	unsigned n;
	CU_ASSERT_EQUAL(compare_file(&c, err, &n), 0);
	CU_ASSERT_EQUAL(n, c.nrec);
	c.n -= 6; /* the last block cut short */
	CU_ASSERT_EQUAL(compare_file(&c, err, &n), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "truncated dump file; tried to read a"));
	free(c.b);
}

/* Random access and the sequential read with its thread at once. */
static void test_pcapfile_ra_read_at(void)
{
	struct cap c;
	pcap_boundaries(&c);
	struct ps_pcapfile *pf = open_fd(tmp_fd(&c), PS_PCAPFILE_READAHEAD);
	char err[256];
	struct ps_pcaprec r, s;
	struct ps_pcappos first = {0};
	static uint8_t buf[4 * MIB];
	unsigned n = 0;
	while (ps_pcapfile_next(pf, &r, err, sizeof err) == 1) {
		if (!n++)
			first = r.pos;
		if (n % 997 && r.caplen < MIB)
			continue;
		CU_ASSERT_EQUAL_FATAL(ps_pcapfile_read_at(pf, &r.pos, &s, buf, sizeof buf, err,
							  sizeof err), 1);
		CU_ASSERT(s.caplen == r.caplen && !memcmp(s.data, r.data, r.caplen));
		CU_ASSERT_EQUAL(ps_pcapfile_read_at(pf, &first, &s, buf, sizeof buf, err, sizeof err), 1);
	}
	CU_ASSERT_EQUAL(ps_pcapfile_tell(pf), c.n);
	ps_pcapfile_close(pf);
	free(c.b);
}

struct feeder {
	const struct cap *c;
	size_t upto; /* bytes to send */
	int fd;
	bool keep_open; /* do not close: the reader must stop by itself */
	int done[2];    /* keep_open: the test says when to close */
};

/* Write the bytes in odd-sized pieces (1 byte .. 70 KiB). */
static void *feed(void *arg)
{
	struct feeder *f = arg;
	uint32_t s = 3;
	for (size_t off = 0; off < f->upto;) {
		s = s * 1103515245u + 12345u;
		size_t k = (s >> 8) % (70u << 10) + 1;
		if (k > f->upto - off)
			k = f->upto - off;
		ssize_t w = write(f->fd, f->c->b + off, k);
		if (w <= 0)
			break; /* the reader closed its end */
		off += (size_t)w;
	}
	if (f->keep_open) {
		char x;
		(void)!read(f->done[0], &x, 1);
	}
	close(f->fd);
	return 0;
}

static void start_feeder(struct feeder *f, pthread_t *t, int *rfd)
{
	int p[2];
	CU_ASSERT_FATAL(pipe(p) == 0);
	f->fd = p[1];
	*rfd = p[0];
	CU_ASSERT_FATAL(pthread_create(t, 0, feed, f) == 0);
}

/* A pipe fed in small pieces: the thread reads whatever each read(2)
 * gives, records gather across many chunks. */
static void test_pcapfile_ra_pipe(void)
{
	struct cap c;
	pcap_boundaries(&c);
	struct feeder f = {.c = &c, .upto = c.n - 5}; /* and a truncated record at the end */
	pthread_t t;
	int rfd;
	start_feeder(&f, &t, &rfd);
	struct ps_pcapfile *ra = open_fd(rfd, PS_PCAPFILE_READAHEAD);
	CU_ASSERT(ps_pcapfile_reads_ahead(ra));
	struct cap cut = c;
	cut.n = f.upto;
	struct ps_pcapfile *ref = open_fd(tmp_fd(&cut), 0);
	char err[256];
	unsigned n;
	CU_ASSERT_EQUAL(compare(ra, ref, err, &n), -1);
	CU_ASSERT_EQUAL(n, c.nrec - 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "truncated dump file"));
	ps_pcapfile_close(ra);
	ps_pcapfile_close(ref);
	pthread_join(t, 0);
	free(c.b);
}

/* close() in the middle: of a file, and of a pipe whose writer neither
 * writes nor closes (the thread, blocked in its read, must still stop). */
static void test_pcapfile_ra_close_early(void)
{
	struct cap c;
	pcap_boundaries(&c);
	struct ps_pcapfile *pf = open_fd(tmp_fd(&c), PS_PCAPFILE_READAHEAD);
	char err[256];
	struct ps_pcaprec r;
	for (int i = 0; i < 3000; i++)
		CU_ASSERT_EQUAL(ps_pcapfile_next(pf, &r, err, sizeof err), 1);
	ps_pcapfile_close(pf);

	/* whole records up to 1 MiB - 7 (pcap_boundaries ends one there) */
	struct feeder f = {.c = &c, .upto = 1 * MIB - 7, .keep_open = true};
	CU_ASSERT_FATAL(pipe(f.done) == 0);
	pthread_t t;
	int rfd;
	start_feeder(&f, &t, &rfd);
	pf = open_fd(rfd, PS_PCAPFILE_READAHEAD);
	CU_ASSERT(ps_pcapfile_reads_ahead(pf));
	while (ps_pcapfile_tell(pf) < f.upto) /* all sent: the thread waits in read(2) */
		CU_ASSERT_EQUAL_FATAL(ps_pcapfile_next(pf, &r, err, sizeof err), 1);
	usleep(20000);
	ps_pcapfile_close(pf); /* must not hang */
	CU_ASSERT(write(f.done[1], "", 1) == 1);
	pthread_join(t, 0);
	close(f.done[0]);
	close(f.done[1]);
	free(c.b);
}

/* A terminal whose other side closed fails reads with EIO: the capture's
 * bytes, then the error mid-record, reported at the same record. */
static int pty_with(const struct cap *c, size_t n)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m))
		return -1;
	int s = open(ptsname(m), O_RDWR | O_NOCTTY);
	struct termios tio;
	if (s < 0 || tcgetattr(s, &tio))
		return -1;
	cfmakeraw(&tio);
	CU_ASSERT_FATAL(tcsetattr(s, TCSANOW, &tio) == 0);
	CU_ASSERT_FATAL(write(s, c->b, n) == (ssize_t)n);
	tcdrain(s);
	close(s);
	return m;
}

static void test_pcapfile_ra_eio(void)
{
	struct cap c;
	pcap_begin(&c);
	for (int i = 0; i < 20; i++)
		pcap_rec(&c, 50 + (uint32_t)i);
	size_t n = c.n - 30; /* the last record cut */
	int m1 = pty_with(&c, n), m2 = pty_with(&c, n);
	if (m1 < 0 || m2 < 0) {
		fprintf(stderr, "no pseudo-terminals here: EIO case not run\n");
		free(c.b);
		return;
	}
	struct ps_pcapfile *ra = open_fd(m1, PS_PCAPFILE_READAHEAD);
	struct ps_pcapfile *ref = open_fd(m2, 0);
	CU_ASSERT(ps_pcapfile_reads_ahead(ra));
	char err[256];
	unsigned k;
	CU_ASSERT_EQUAL(compare(ra, ref, err, &k), -1);
	CU_ASSERT_EQUAL(k, 19);
	CU_ASSERT_STRING_EQUAL(err, strerror(EIO));
	struct ps_pcaprec r; /* and again: the error stays */
	CU_ASSERT_EQUAL(ps_pcapfile_next(ra, &r, err, sizeof err), -1);
	CU_ASSERT_STRING_EQUAL(err, strerror(EIO));
	ps_pcapfile_close(ra);
	ps_pcapfile_close(ref);
	free(c.b);
}

/* A file the open read whole starts no thread. */
static void test_pcapfile_ra_small_file(void)
{
	struct cap c;
	pcap_begin(&c);
	pcap_fill_to(&c, 100000);
	struct ps_pcapfile *pf = open_fd(tmp_fd(&c), PS_PCAPFILE_READAHEAD);
	CU_ASSERT(!ps_pcapfile_reads_ahead(pf));
	ps_pcapfile_close(pf);
	free(c.b);
}

PST_MAIN("pcapfile_ra", {"pcap_boundaries", test_pcapfile_ra_pcap_boundaries},
	 {"truncated", test_pcapfile_ra_truncated}, {"pcapng", test_pcapfile_ra_pcapng},
	 {"read_at", test_pcapfile_ra_read_at}, {"pipe", test_pcapfile_ra_pipe},
	 {"close_early", test_pcapfile_ra_close_early}, {"eio", test_pcapfile_ra_eio},
	 {"small_file", test_pcapfile_ra_small_file})
