/* SPDX-License-Identifier: BSD-2-Clause */
/* pcapfile.c - pcap and pcapng record reader (see ps_pcapfile.h).
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

#include "ps_pcapfile.h"

#define PF_CHUNK (1u << 20)         /* read(2) size */
#define PF_MAX_RECORD (64u << 20)   /* larger records/blocks are errors */
#define PF_MAX_IFACES 65536u

enum { BT_SHB = 0x0A0D0D0A, BT_IDB = 1, BT_PB = 2, BT_SPB = 3, BT_EPB = 6 };

struct pf_iface {
	int linktype;
	uint32_t snaplen;
	uint64_t units;   /* time stamp units per second (if_tsresol) */
	int64_t tsoffset; /* seconds (if_tsoffset) */
};

struct ps_pcapfile {
	int fd;
	bool own_fd, seekable;
	uint8_t *buf;
	size_t cap, start, end; /* unread bytes are buf[start, end) */
	uint64_t buf_off;       /* file offset of buf[0] */
	bool eof;
	bool ng, be, nano;
	int linktype;
	uint32_t snaplen;
	struct pf_iface *ifs;
	uint32_t nif, ifcap;
	uint8_t *ra;            /* read_at buffer */
	size_t racap;
};

static uint16_t rd16(bool be, const uint8_t *p)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t rd32(bool be, const uint8_t *p)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Make `need` unread bytes available if the file has them; returns how many
 * are available (less than need only at the end of the file), or -1. */
static long ensure(struct ps_pcapfile *pf, size_t need)
{
	while (pf->end - pf->start < need && !pf->eof) {
		if (pf->start) { /* compact */
			memmove(pf->buf, pf->buf + pf->start, pf->end - pf->start);
			pf->buf_off += pf->start;
			pf->end -= pf->start;
			pf->start = 0;
		}
		size_t want = need > PF_CHUNK ? need : PF_CHUNK;
		if (pf->cap - pf->end < want) {
			size_t ncap = pf->end + want;
			uint8_t *nb = realloc(pf->buf, ncap);
			if (!nb)
				return -1;
			pf->buf = nb;
			pf->cap = ncap;
		}
		ssize_t n = read(pf->fd, pf->buf + pf->end, pf->cap - pf->end);
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

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

/* Time stamp in `units` per second -> seconds + fraction in the file's precision. */
static void set_ts(const struct ps_pcapfile *pf, const struct pf_iface *ifc, uint64_t ts,
		   struct ps_pcaprec *r)
{
	uint64_t units = ifc->units ? ifc->units : 1000000;
	r->sec = (int64_t)(ts / units) + ifc->tsoffset;
	unsigned __int128 rem = ts % units;
	r->frac = (uint32_t)(rem * (pf->nano ? 1000000000u : 1000000u) / units);
}

/* ---- pcap ---- */

static int pcap_parse(struct ps_pcapfile *pf, const uint8_t *p, uint64_t off, struct ps_pcaprec *r)
{
	r->caplen = rd32(pf->be, p + 8);
	r->len = rd32(pf->be, p + 12);
	r->sec = rd32(pf->be, p);
	r->frac = rd32(pf->be, p + 4);
	r->data = p + 16;
	r->linktype = pf->linktype;
	r->ifid = 0;
	r->offset = off;
	return 1;
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
	uint32_t caplen = rd32(pf->be, pf->buf + pf->start + 8);
	if (caplen > PF_MAX_RECORD) {
		snprintf(err, errlen, "invalid packet capture length %u", caplen);
		return -1;
	}
	avail = ensure(pf, 16 + (size_t)caplen);
	if (avail < 0)
		return fail(err, errlen, strerror(errno));
	if ((size_t)avail < 16 + (size_t)caplen) {
		snprintf(err, errlen, "truncated dump file; tried to read %u captured bytes, only got %ld",
			 caplen, avail - 16);
		return -1;
	}
	pcap_parse(pf, pf->buf + pf->start, pf->buf_off + pf->start, r);
	pf->start += 16 + caplen;
	return 1;
}

/* ---- pcapng ---- */

static int idb_parse(struct ps_pcapfile *pf, const uint8_t *b, uint32_t blen)
{
	if (blen < 20 || pf->nif >= PF_MAX_IFACES)
		return -1;
	if (pf->nif == pf->ifcap) {
		uint32_t ncap = pf->ifcap ? pf->ifcap * 2 : 4;
		struct pf_iface *n = realloc(pf->ifs, ncap * sizeof *n);
		if (!n)
			return -1;
		pf->ifs = n;
		pf->ifcap = ncap;
	}
	struct pf_iface *ifc = &pf->ifs[pf->nif++];
	ifc->linktype = rd16(pf->be, b + 8);
	ifc->snaplen = rd32(pf->be, b + 12);
	ifc->units = 1000000;
	ifc->tsoffset = 0;
	/* options: code, length, value padded to 4 */
	for (uint32_t o = 16; o + 4 <= blen - 4;) {
		uint16_t code = rd16(pf->be, b + o), len = rd16(pf->be, b + o + 2);
		if (code == 0 || (uint32_t)len > blen - 4 - o - 4)
			break;
		const uint8_t *v = b + o + 4;
		if (code == 9 && len >= 1) {
			uint8_t res = v[0], e = res & 0x7f;
			uint64_t u = 1;
			for (unsigned i = 0; i < e && u <= UINT64_MAX / 10; i++)
				u *= (res & 0x80) ? 2 : 10;
			ifc->units = u;
		} else if (code == 14 && len >= 8) {
			ifc->tsoffset = (int64_t)((uint64_t)rd32(pf->be, v + (pf->be ? 0 : 4)) << 32 |
						  rd32(pf->be, v + (pf->be ? 4 : 0)));
		}
		o += 4 + ((len + 3u) & ~3u);
	}
	if (pf->nif == 1 && pf->linktype < 0) {
		pf->linktype = ifc->linktype;
		pf->snaplen = ifc->snaplen;
	}
	return 0;
}

/* A packet block -> record. 1 ok, -1 malformed. */
static int pkt_parse(struct ps_pcapfile *pf, uint32_t type, const uint8_t *b, uint32_t blen,
		     uint64_t off, struct ps_pcaprec *r)
{
	uint32_t ifid, hdr;
	uint64_t ts = 0;
	if (type == BT_SPB) {
		if (blen < 16 || !pf->nif)
			return -1;
		ifid = 0;
		r->len = rd32(pf->be, b + 8);
		hdr = 12;
		r->caplen = r->len < blen - 16 ? r->len : blen - 16;
		if (pf->ifs[0].snaplen && r->caplen > pf->ifs[0].snaplen)
			r->caplen = pf->ifs[0].snaplen;
	} else {
		if (blen < 32)
			return -1;
		ifid = type == BT_EPB ? rd32(pf->be, b + 8) : rd16(pf->be, b + 8);
		ts = (uint64_t)rd32(pf->be, b + 12) << 32 | rd32(pf->be, b + 16);
		r->caplen = rd32(pf->be, b + 20);
		r->len = rd32(pf->be, b + 24);
		hdr = 28;
		if (r->caplen > blen - 32)
			return -1;
	}
	if (ifid >= pf->nif)
		return -1;
	set_ts(pf, &pf->ifs[ifid], ts, r);
	r->data = b + hdr;
	r->linktype = pf->ifs[ifid].linktype;
	r->ifid = ifid;
	r->offset = off;
	return 1;
}

static bool is_packet_block(uint32_t t)
{
	return t == BT_EPB || t == BT_SPB || t == BT_PB;
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
	uint32_t type = rd32(pf->be, b);
	if (type == BT_SHB) { /* the byte order may change with each section */
		uint32_t magic = rd32(false, b + 8);
		if (magic != 0x1A2B3C4D && magic != 0x4D3C2B1A)
			return fail(err, errlen, "bad pcapng section byte-order magic");
		pf->be = magic == 0x4D3C2B1A;
		pf->nif = 0;
	}
	if (peek && is_packet_block(type))
		return 3;
	uint32_t blen = rd32(pf->be, b + 4);
	if (blen < 12 || blen % 4 || blen > PF_MAX_RECORD) {
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
	uint64_t off = pf->buf_off + pf->start;
	if (rd32(pf->be, b + blen - 4) != blen)
		return fail(err, errlen, "malformed pcapng block: trailing length differs");
	pf->start += blen;
	if (type == BT_IDB)
		return idb_parse(pf, b, blen) ? fail(err, errlen, "malformed pcapng interface block") : 2;
	if (!is_packet_block(type))
		return 2;
	if (pkt_parse(pf, type, b, blen, off, r) < 0)
		return fail(err, errlen, "malformed pcapng packet block");
	return 1;
}

static int ng_next(struct ps_pcapfile *pf, struct ps_pcaprec *r, char *err, size_t errlen)
{
	int rc;
	while ((rc = ng_step(pf, r, false, err, errlen)) == 2)
		;
	return rc;
}

/* ---- open / close ---- */

static int read_magic(struct ps_pcapfile *pf, char *err, size_t errlen)
{
	long avail = ensure(pf, 24);
	if (avail < 0)
		return fail(err, errlen, strerror(errno));
	if (avail < 4)
		return fail(err, errlen, avail ? "truncated dump file: no file header"
					       : "empty file: not a capture");
	const uint8_t *h = pf->buf;
	uint32_t m = rd32(false, h);
	if (m == BT_SHB) {
		pf->ng = true;
		pf->linktype = -1;
		int rc;
		struct ps_pcaprec r;
		/* take the section and interface blocks before the first packet,
		 * so link type, snap length and precision are known up front */
		while ((rc = ng_step(pf, &r, true, err, errlen)) == 2)
			;
		if (rc < 0)
			return -1;
		pf->nano = pf->nif && pf->ifs[0].units > 1000000;
		if (pf->linktype < 0)
			pf->linktype = 1;
		return 0;
	}
	if (m != 0xa1b2c3d4 && m != 0xd4c3b2a1 && m != 0xa1b23c4d && m != 0x4d3cb2a1)
		return fail(err, errlen, "unknown file format: not a pcap or pcapng capture");
	if (avail < 24)
		return fail(err, errlen, "truncated dump file: the file header is cut short");
	pf->be = m == 0xd4c3b2a1 || m == 0x4d3cb2a1;
	pf->nano = m == 0xa1b23c4d || m == 0x4d3cb2a1;
	pf->snaplen = rd32(pf->be, h + 16);
	pf->linktype = (int)(rd32(pf->be, h + 20) & 0x0fffffff); /* upper bits: FCS info */
	pf->start = 24;
	return 0;
}

int ps_pcapfile_open(struct ps_pcapfile **out, const char *path, char *err, size_t errlen)
{
	*out = 0;
	struct ps_pcapfile *pf = calloc(1, sizeof *pf);
	if (!pf)
		return fail(err, errlen, "out of memory");
	if (!strcmp(path, "-")) {
		pf->fd = STDIN_FILENO;
	} else {
		pf->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (pf->fd < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			free(pf);
			return -1;
		}
		pf->own_fd = true;
	}
	struct stat st;
	pf->seekable = fstat(pf->fd, &st) == 0 && S_ISREG(st.st_mode);
	if (fstat(pf->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s", strerror(EISDIR));
		ps_pcapfile_close(pf);
		return -1;
	}
	if (read_magic(pf, err, errlen)) {
		ps_pcapfile_close(pf);
		return -1;
	}
	*out = pf;
	return 0;
}

void ps_pcapfile_close(struct ps_pcapfile *pf)
{
	if (!pf)
		return;
	if (pf->own_fd)
		close(pf->fd);
	free(pf->buf);
	free(pf->ifs);
	free(pf->ra);
	free(pf);
}

int ps_pcapfile_next(struct ps_pcapfile *pf, struct ps_pcaprec *r, char *err, size_t errlen)
{
	return pf->ng ? ng_next(pf, r, err, errlen) : pcap_next(pf, r, err, errlen);
}

static int pread_full(struct ps_pcapfile *pf, uint64_t off, size_t n)
{
	if (n > pf->racap) {
		uint8_t *nb = realloc(pf->ra, n);
		if (!nb)
			return -1;
		pf->ra = nb;
		pf->racap = n;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t k = pread(pf->fd, pf->ra + done, n - done, (off_t)(off + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

int ps_pcapfile_read_at(struct ps_pcapfile *pf, uint64_t offset, struct ps_pcaprec *r, char *err,
			size_t errlen)
{
	if (!pf->seekable)
		return fail(err, errlen, "not a regular file: cannot seek");
	if (pread_full(pf, offset, pf->ng ? 8 : 16))
		return fail(err, errlen, "cannot read the record again");
	uint32_t n = pf->ng ? rd32(pf->be, pf->ra + 4) : 16 + rd32(pf->be, pf->ra + 8);
	if (n > PF_MAX_RECORD + 16 || (pf->ng && n < 12) || pread_full(pf, offset, n))
		return fail(err, errlen, "cannot read the record again");
	if (!pf->ng)
		return pcap_parse(pf, pf->ra, offset, r);
	uint32_t type = rd32(pf->be, pf->ra);
	if (!is_packet_block(type) || pkt_parse(pf, type, pf->ra, n, offset, r) < 0)
		return fail(err, errlen, "no packet at this offset");
	return 1;
}

bool ps_pcapfile_nano(const struct ps_pcapfile *pf) { return pf->nano; }
int ps_pcapfile_linktype(const struct ps_pcapfile *pf) { return pf->linktype; }
uint32_t ps_pcapfile_snaplen(const struct ps_pcapfile *pf) { return pf->snaplen; }
bool ps_pcapfile_is_ng(const struct ps_pcapfile *pf) { return pf->ng; }
bool ps_pcapfile_swapped(const struct ps_pcapfile *pf) { return pf->be; }
