/* SPDX-License-Identifier: BSD-2-Clause */
/* pcapfile.c - pcap and pcapng record reader (see ps_pcapfile.h): the
 * stream, pcap records, pcapng block walking, random access.
 *
 * pcap: a 24-byte file header (magic, version, thiszone, sigfigs, snaplen,
 * linktype), then records of a 16-byte header (ts_sec, ts_usec|ts_nsec,
 * caplen, len) and caplen bytes.  pcapng blocks: see pcapng.c.
 *
 * Reads through one growable buffer with large read(2)s, so a record is
 * always contiguous and borrowed without a copy.  Lengths from the file are
 * checked before use: a hostile file yields an error, never an overrun.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcapfile_int.h"
#include "ps_linktype.h"

/* Read more until `need` unread bytes are available or the file ends;
 * returns how many are available, or -1. */
static long refill(struct ps_pcapfile *pf, size_t need)
{
	if (pf->ra)
		return pf_ra_refill(pf, need);
	while (pf->end - pf->start < need && !pf->eof) {
		if (pf->start) { /* compact */
			memmove(pf->gbuf, pf->gbuf + pf->start, pf->end - pf->start);
			pf->buf_off += pf->start;
			pf->end -= pf->start;
			pf->start = 0;
		}
		size_t want = need > PF_CHUNK ? need : PF_CHUNK;
		if (pf->gcap - pf->end < want && pf_grow(pf, pf->end + want))
			return -1;
		ssize_t n = read(pf->fd, pf->gbuf + pf->end, pf->gcap - pf->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			pf->eof = true;
		pf->end += (size_t)n;
	}
	return (long)(pf->end - pf->start);
}

/* Make `need` unread bytes available if the file has them; returns how many
 * are available (less than need only at the end of the file), or -1.  Twice
 * per record: the test that they already are is inline. */
static inline long ensure(struct ps_pcapfile *pf, size_t need)
{
	if (pf->end - pf->start >= need)
		return (long)(pf->end - pf->start);
	return refill(pf, need);
}

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

unsigned ps_pcapfile_hdr_len(unsigned kind)
{
	static const unsigned need[] = {[PS_PCAP_K_PCAP] = 16, [PS_PCAP_K_EPB] = 28,
					[PS_PCAP_K_SPB] = 12, [PS_PCAP_K_PB] = 28};
	return need[kind & 3u];
}

/* ---- pcap ---- */

/* A pcap record header at p -> r (the file's one interface, ifc). */
static inline int pcap_parse(const struct ps_pcapfile *pf, const struct pf_iface *ifc,
			     const uint8_t *p,
		      struct ps_pcaprec *r, char *err, size_t errlen)
{
	r->caplen = pf_rd32(pf->be, p + 8);
	if (r->caplen > PS_PCAP_MAX_RECORD) {
		snprintf(err, errlen, "invalid packet capture length %u", r->caplen);
		return -1;
	}
	r->len = pf_rd32(pf->be, p + 12);
	r->sec = pf_rd32(pf->be, p);
	r->frac = pf_rd32(pf->be, p + 4);
	r->nano = pf->nano;
	r->hdr = 16;
	r->dlt = ifc->dlt;
	r->linktype_name = ifc->name;
	r->ifid = 0;
	return 0;
}

static int pcap_next(struct ps_pcapfile *pf, struct ps_pcaprec *r, char *err, size_t errlen)
{
	long avail = ensure(pf, 16);
	if (avail < 0)
		return fail(err, errlen, strerror(errno));
	if (avail == 0)
		return 0;
	if (avail < 16) {
		snprintf(err, errlen, "truncated dump file; tried to read 16 header bytes, only got %ld",
			 avail);
		return -1;
	}
	if (pcap_parse(pf, pf->pcap_ifc, pf->buf + pf->start, r, err, errlen))
		return -1;
	avail = ensure(pf, 16 + (size_t)r->caplen);
	if (avail < 0)
		return fail(err, errlen, strerror(errno));
	if ((size_t)avail < 16 + (size_t)r->caplen) {
		snprintf(err, errlen, "truncated dump file; tried to read %u captured bytes, only got %ld",
			 r->caplen, avail - 16);
		return -1;
	}
	r->data = pf->buf + pf->start + 16;
	r->pos = (struct ps_pcappos){.offset = pf->buf_off + pf->start, .kind = PS_PCAP_K_PCAP};
	pf->start += 16 + r->caplen;
	return 1;
}

/* ---- pcapng ---- */

/* A section header starts a new interface numbering, maybe a byte order. */
static int ng_shb(struct ps_pcapfile *pf, const uint8_t *b, char *err, size_t errlen)
{
	uint32_t magic = pf_rd32(false, b + 8);
	if (magic != 0x1A2B3C4D && magic != 0x4D3C2B1A)
		return fail(err, errlen, "bad pcapng section byte-order magic");
	pf->be = magic == 0x4D3C2B1A;
	pf->sec_base = atomic_load_explicit(&pf->nifaces, memory_order_relaxed);
	return 0;
}

/* A packet block in the buffer -> r. */
static int ng_packet(struct ps_pcapfile *pf, uint32_t type, const uint8_t *b, uint32_t blen,
		     struct ps_pcaprec *r, char *err, size_t errlen)
{
	uint32_t local = type == PF_EPB ? pf_rd32(pf->be, b + 8)
		       : type == PF_PB	? pf_rd16(pf->be, b + 8)
					: 0;
	const struct pf_iface *ifc = 0;
	if (local < PS_PCAP_MAX_IFACES)
		ifc = pf_iface(pf, pf->sec_base + local);
	if (!ifc) {
		snprintf(err, errlen, "pcapng packet on undeclared interface %u", local);
		return -1;
	}
	if (pf_ng_packet(pf, ifc, type, b, blen, r, err, errlen))
		return -1;
	r->ifid = local;
	r->data = b + r->hdr;
	r->pos = (struct ps_pcappos){.offset = pf->buf_off + pf->start, .iface = pf->sec_base + local,
				     .kind = (unsigned)pf_ng_kind(type)};
	return 0;
}

/* Handle one block at buf[start].  1 packet in *r, 2 other block consumed,
 * 3 (peek) the next block is a packet, 0 EOF, -1 error. */
static int ng_step(struct ps_pcapfile *pf, struct ps_pcaprec *r, bool peek, char *err, size_t errlen)
{
	long avail = ensure(pf, 12);
	if (avail < 0)
		return fail(err, errlen, strerror(errno));
	if (avail == 0)
		return 0;
	if (avail < 12)
		return fail(err, errlen, "truncated dump file: a pcapng block header is cut short");
	const uint8_t *b = pf->buf + pf->start;
	uint32_t type = pf_rd32(pf->be, b); /* the SHB type reads the same in both orders */
	if (type == PF_SHB && ng_shb(pf, b, err, errlen))
		return -1;
	if (peek && pf_ng_kind(type) >= 0)
		return 3;
	uint32_t blen = pf_rd32(pf->be, b + 4);
	if (blen < (type == PF_SHB ? 28u : 12u) || blen % 4 || blen > PS_PCAP_MAX_RECORD) {
		snprintf(err, errlen, "malformed pcapng block (type 0x%x, length %u)", type, blen);
		return -1;
	}
	avail = ensure(pf, blen);
	if (avail < 0)
		return fail(err, errlen, strerror(errno));
	if ((size_t)avail < blen) {
		snprintf(err, errlen, "truncated dump file; tried to read a %u-byte block, only got %ld",
			 blen, avail);
		return -1;
	}
	b = pf->buf + pf->start;
	if (pf_rd32(pf->be, b + blen - 4) != blen)
		return fail(err, errlen, "malformed pcapng block: trailing length differs");
	int rc = 2;
	if (type == PF_IDB && pf_ng_idb(pf, b, blen, err, errlen))
		return -1;
	if (pf_ng_kind(type) >= 0) {
		if (ng_packet(pf, type, b, blen, r, err, errlen))
			return -1;
		rc = 1;
	}
	pf->start += blen;
	return rc;
}

static int ng_next(struct ps_pcapfile *pf, struct ps_pcaprec *r, char *err, size_t errlen)
{
	int rc;
	while ((rc = ng_step(pf, r, false, err, errlen)) == 2)
		;
	return rc;
}

/* ---- open / close ---- */

static int open_ng(struct ps_pcapfile *pf, char *err, size_t errlen)
{
	pf->ng = true;
	int rc;
	struct ps_pcaprec r;
	/* take the section and interface blocks before the first packet,
	 * so link type, snap length and precision are known up front */
	while ((rc = ng_step(pf, &r, true, err, errlen)) == 2)
		;
	if (rc < 0)
		return -1;
	const struct pf_iface *ifc = pf_iface(pf, 0);
	pf->nano = ifc && ifc->nano;
	if (pf->dlt < 0)
		pf->dlt = PS_DLT_EN10MB;
	return 0;
}

static int open_pcap(struct ps_pcapfile *pf, const uint8_t *h, uint32_t m, char *err,
		     size_t errlen)
{
	pf->be = m == 0xd4c3b2a1 || m == 0x4d3cb2a1;
	pf->nano = m == 0xa1b23c4d || m == 0x4d3cb2a1;
	pf->snaplen = pf_rd32(pf->be, h + 16);
	pf->dlt = ps_linktype_to_dlt(pf_rd32(pf->be, h + 20));
	pf->start = 24;
	struct pf_iface *ifc = pf_iface_new(pf);
	if (!ifc)
		return fail(err, errlen, "out of memory");
	*ifc = (struct pf_iface){.dlt = pf->dlt, .name = ps_dlt_name(pf->dlt),
				 .snaplen = pf->snaplen, .units = pf->nano ? 1000000000 : 1000000,
				 .be = pf->be, .nano = pf->nano};
	pf_iface_publish(pf);
	pf->pcap_ifc = ifc;
	return 0;
}

static int read_magic(struct ps_pcapfile *pf, char *err, size_t errlen)
{
	long avail = ensure(pf, 24);
	if (avail < 0)
		return fail(err, errlen, strerror(errno));
	if (avail < 4)
		return fail(err, errlen, avail ? "truncated dump file: no file header"
					       : "empty file: not a capture");
	uint32_t m = pf_rd32(false, pf->buf);
	if (m == PF_SHB)
		return open_ng(pf, err, errlen);
	if (m != 0xa1b2c3d4 && m != 0xd4c3b2a1 && m != 0xa1b23c4d && m != 0x4d3cb2a1)
		return fail(err, errlen, "unknown file format: not a pcap or pcapng capture");
	if (avail < 24)
		return fail(err, errlen, "truncated dump file: the file header is cut short");
	return open_pcap(pf, pf->buf, m, err, errlen);
}

static int open_common(struct ps_pcapfile **out, int fd, bool own, unsigned flags, char *err,
		       size_t errlen)
{
	*out = 0;
	struct ps_pcapfile *pf = calloc(1, sizeof *pf);
	if (!pf) {
		if (own)
			close(fd);
		return fail(err, errlen, "out of memory");
	}
	pf->fd = fd;
	pf->own_fd = own;
	pf->dlt = -1;
	pf->iface_prec = flags & PS_PCAPFILE_IFACE_PRECISION;
	struct stat st;
	if (fstat(pf->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s", strerror(EISDIR));
		ps_pcapfile_close(pf);
		return -1;
	}
	pf->seekable = fstat(pf->fd, &st) == 0 && S_ISREG(st.st_mode);
	if (read_magic(pf, err, errlen)) {
		ps_pcapfile_close(pf);
		return -1;
	}
	/* no thread for a file the first read took whole; without one (out of
	 * memory or threads) the reader reads by itself, as without the flag */
	if ((flags & PS_PCAPFILE_READAHEAD) && !pf->eof &&
	    !(pf->seekable && (uint64_t)st.st_size <= pf->buf_off + pf->end))
		(void)pf_ra_start(pf);
	*out = pf;
	return 0;
}

int ps_pcapfile_open_fd(struct ps_pcapfile **out, int fd, unsigned flags, char *err,
			size_t errlen)
{
	return open_common(out, fd, true, flags, err, errlen);
}

int ps_pcapfile_open(struct ps_pcapfile **out, const char *path, unsigned flags, char *err,
		     size_t errlen)
{
	if (!strcmp(path, "-"))
		return open_common(out, STDIN_FILENO, false, flags, err, errlen);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*out = 0;
		return fail(err, errlen, strerror(errno));
	}
	return open_common(out, fd, true, flags, err, errlen);
}

void ps_pcapfile_close(struct ps_pcapfile *pf)
{
	if (!pf)
		return;
	pf_ra_stop(pf->ra); /* before the fd closes under its read */
	if (pf->own_fd)
		close(pf->fd);
	free(pf->gbuf);
	pf_ifaces_free(pf);
	free(pf);
}

int ps_pcapfile_next(struct ps_pcapfile *pf, struct ps_pcaprec *r, char *err, size_t errlen)
{
	return pf->ng ? ng_next(pf, r, err, errlen) : pcap_next(pf, r, err, errlen);
}

/* ---- random access ---- */

int ps_pcapfile_parse(const struct ps_pcapfile *pf, const struct ps_pcappos *pos,
		      const uint8_t *b, size_t avail, struct ps_pcaprec *r, char *err,
		      size_t errlen)
{
	const struct pf_iface *ifc = pf_iface(pf, pos->iface);
	if (!ifc || avail < ps_pcapfile_hdr_len(pos->kind) ||
	    (pos->kind == PS_PCAP_K_PCAP) == pf->ng)
		return fail(err, errlen, "no such record");
	r->pos = *pos;
	r->data = 0;
	if (!pf->ng)
		return pcap_parse(pf, ifc, b, r, err, errlen);
	uint32_t type = pf_rd32(ifc->be, b), blen = pf_rd32(ifc->be, b + 4);
	if (pf_ng_kind(type) != (int)pos->kind || blen % 4 || blen > PS_PCAP_MAX_RECORD)
		return fail(err, errlen, "no packet block at this offset");
	r->ifid = type == PF_EPB ? pf_rd32(ifc->be, b + 8) : type == PF_PB ? pf_rd16(ifc->be, b + 8) : 0;
	return pf_ng_packet(pf, ifc, type, b, blen, r, err, errlen);
}

static int pread_full(int fd, uint8_t *buf, size_t n, uint64_t off)
{
	size_t done = 0;
	while (done < n) {
		ssize_t k = pread(fd, buf + done, n - done, (off_t)(off + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

int ps_pcapfile_read_at(const struct ps_pcapfile *pf, const struct ps_pcappos *pos,
			struct ps_pcaprec *r, uint8_t *buf, uint32_t cap, char *err, size_t errlen)
{
	uint8_t h[32];
	unsigned need = ps_pcapfile_hdr_len(pos->kind);
	if (!pf->seekable)
		return fail(err, errlen, "not a regular file: cannot seek");
	if (pread_full(pf->fd, h, need, pos->offset))
		return fail(err, errlen, "cannot read the record again");
	if (ps_pcapfile_parse(pf, pos, h, need, r, err, errlen))
		return -1;
	if (r->caplen > cap)
		r->caplen = cap;
	if (pread_full(pf->fd, buf, r->caplen, pos->offset + r->hdr))
		return fail(err, errlen, "cannot read the record again");
	r->data = buf;
	return 1;
}

bool ps_pcapfile_nano(const struct ps_pcapfile *pf) { return pf->nano; }
int ps_pcapfile_dlt(const struct ps_pcapfile *pf) { return pf->dlt; }
uint32_t ps_pcapfile_snaplen(const struct ps_pcapfile *pf) { return pf->snaplen; }
bool ps_pcapfile_is_ng(const struct ps_pcapfile *pf) { return pf->ng; }
bool ps_pcapfile_swapped(const struct ps_pcapfile *pf) { return pf->be; }
uint64_t ps_pcapfile_tell(const struct ps_pcapfile *pf) { return pf->buf_off + pf->start; }
bool ps_pcapfile_reads_ahead(const struct ps_pcapfile *pf) { return pf->ra; }

uint32_t ps_pcapfile_ifaces(const struct ps_pcapfile *pf)
{
	return atomic_load_explicit(&((struct ps_pcapfile *)pf)->nifaces, memory_order_acquire);
}
