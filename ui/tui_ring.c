/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_ring.c - live mode storage: a bounded ring of pcap records in memory,
 * the oldest bytes spilled to an unlinked temporary pcap file.
 *
 * Packets are a logical byte stream of pcap records (host byte order).
 * Stream bytes [ring_lo, ring_hi) are in the ring; [0, ring_lo) were written
 * to the spill file at offset 24 + x (after its pcap header), so a packet's
 * index entry (24 + its stream offset) never changes when it is spilled,
 * and a record may even straddle the two.  Spilling happens a quarter of the
 * ring at a time, so writes are large and rare.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps_linktype.h"
#include "tui_ring.h"

#define SPILL_HDR 24u

static int io_full(int fd, void *buf, size_t n, uint64_t off, bool wr)
{
	size_t done = 0;
	while (done < n) {
		ssize_t k = wr ? pwrite(fd, (uint8_t *)buf + done, n - done, (off_t)(off + done))
			       : pread(fd, (uint8_t *)buf + done, n - done, (off_t)(off + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

static void ring_put(struct tui_store *st, uint64_t at, const void *src, size_t n)
{
	size_t pos = (size_t)(at % st->ring_size), first = st->ring_size - pos;
	if (first > n)
		first = n;
	memcpy(st->ring + pos, src, first);
	memcpy(st->ring, (const uint8_t *)src + first, n - first);
}

static void ring_get(const struct tui_store *st, uint64_t at, void *dst, size_t n)
{
	size_t pos = (size_t)(at % st->ring_size), first = st->ring_size - pos;
	if (first > n)
		first = n;
	memcpy(dst, st->ring + pos, first);
	memcpy((uint8_t *)dst + first, st->ring, n - first);
}

/* Write stream bytes [ring_lo, new_lo) to the spill file (lock held). */
static void evict(struct tui_store *st, uint64_t min_lo)
{
	uint64_t lo = st->ring_lo, new_lo = lo + st->ring_size / 4;
	if (new_lo < min_lo)
		new_lo = min_lo;
	if (new_lo > st->ring_hi)
		new_lo = st->ring_hi;
	size_t n = (size_t)(new_lo - lo), pos = (size_t)(lo % st->ring_size);
	size_t first = st->ring_size - pos < n ? st->ring_size - pos : n;
	if (io_full(st->fd, st->ring + pos, first, SPILL_HDR + lo, true) ||
	    io_full(st->fd, st->ring, n - first, SPILL_HDR + lo + first, true))
		st->spill_failed = true; /* those packets will read as unavailable */
	st->ring_lo = new_lo;
}

/* Copy stream bytes [lo, lo+n) from the spill file and/or the ring (lock held). */
static int stream_copy(struct tui_store *st, uint64_t lo, size_t n, uint8_t *dst)
{
	if (lo < st->ring_lo) {
		size_t k = st->ring_lo - lo < n ? (size_t)(st->ring_lo - lo) : n;
		if (io_full(st->fd, dst, k, SPILL_HDR + lo, false))
			return -1;
		lo += k;
		dst += k;
		n -= k;
	}
	if (n && lo + n > st->ring_hi)
		return -1;
	if (n)
		ring_get(st, lo, dst, n);
	return 0;
}

int tui_ring_read(struct tui_store *st, uint64_t i, struct tui_rec *r, uint8_t *buf,
		  uint32_t cap)
{
	uint64_t e = tui_vec_get(&st->index, i);
	uint64_t lo = TUI_ENTRY_OFF(e) - SPILL_HDR;
	uint32_t h[4]; /* our own record header, host order: sec, frac, caplen, len */
	pthread_mutex_lock(&st->lock);
	int rc = stream_copy(st, lo, sizeof h, (uint8_t *)h);
	if (!rc) {
		/* the direction rides in the interface bits (see tui_store_append) */
		unsigned d = TUI_ENTRY_IFACE(e);
		*r = (struct tui_rec){.sec = h[0], .frac = h[1], .nano = st->nano, .caplen = h[2],
				      .len = h[3], .hdr = 16, .linktype = st->dlt,
				      .linktype_name = st->linktype_name,
				      .direction = d ? (int8_t)(d - 1) : -1};
		if (r->caplen > cap)
			r->caplen = cap;
		rc = stream_copy(st, lo + 16, r->caplen, buf);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

static int spill_open(struct tui_store *st, int dlt, uint32_t snaplen, bool nano, char *err,
		      size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/pktscope-tui-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "temporary file in %s: %s", dir && *dir ? dir : "/tmp",
			 strerror(errno));
		return -1;
	}
	unlink(path); /* gone on every exit path; the fd keeps it readable */
	uint32_t h[6] = {nano ? 0xa1b23c4du : 0xa1b2c3d4u, 0, 0, 0, snaplen, ps_dlt_to_linktype(dlt)};
	const uint16_t ver[2] = {2, 4}; /* version 2.4, host order like the rest */
	memcpy(&h[1], ver, sizeof ver);
	if (io_full(fd, h, sizeof h, 0, true)) {
		snprintf(err, errlen, "temporary file: %s", strerror(errno));
		close(fd);
		return -1;
	}
	st->fd = fd;
	st->dlt = dlt;
	st->linktype_name = ps_dlt_name(dlt);
	st->nano = nano;
	return 0;
}

int tui_ring_open(struct tui_store *st, int dlt, uint32_t snaplen, bool nano, size_t ring_bytes,
		  char *err, size_t errlen)
{
	st->live = true;
	pthread_mutex_init(&st->lock, 0);
	st->ring_size = ring_bytes < (1u << 20) ? (1u << 20) : ring_bytes;
	if (!(st->ring = malloc(st->ring_size))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return spill_open(st, dlt, snaplen, nano, err, errlen);
}

int tui_store_append(struct tui_store *st, const struct tui_rec *r, const uint8_t *data)
{
	uint32_t caplen = r->caplen, max = (uint32_t)(st->ring_size / 2) - 16;
	if (caplen > max)
		caplen = max;
	uint32_t h[4] = {(uint32_t)r->sec, r->frac, caplen, r->len};
	uint64_t len = 16u + caplen;

	pthread_mutex_lock(&st->lock);
	if (st->ring_hi + len - st->ring_lo > st->ring_size)
		evict(st, st->ring_hi + len - st->ring_size);
	uint64_t at = st->ring_hi;
	ring_put(st, at, h, sizeof h);
	ring_put(st, at + 16, data, caplen);
	st->ring_hi = at + len;
	st->wire_bytes += r->len;
	pthread_mutex_unlock(&st->lock);
	/* the direction rides in the interface bits (one interface per capture) */
	unsigned dir = r->direction < 0 ? 0u : (unsigned)r->direction + 1u;
	return tui_vec_push(&st->index, TUI_ENTRY(SPILL_HDR + at, dir, PS_PCAP_K_PCAP));
}

void tui_store_publish(struct tui_store *st)
{
	tui_vec_publish(&st->index);
}

void tui_store_finish(struct tui_store *st, const char *msg)
{
	tui_vec_publish(&st->index);
	if (msg && *msg) {
		snprintf(st->msg, sizeof st->msg, "%s", msg);
		atomic_store(&st->state, TUI_ST_STOPPED);
	} else {
		atomic_store(&st->state, TUI_ST_DONE);
	}
}
