/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_pcapfile.c - pcap / pcapng record walker and random-access reader.
 *
 * pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html):
 *   file header 24 bytes: magic, version, thiszone, sigfigs, snaplen, linktype
 *   record header 16 bytes: ts_sec, ts_usec|ts_nsec, caplen, len; then data
 * pcapng (draft-ietf-opsawg-pcapng): blocks of
 *   +---------------------------------------------------------------+
 *   |                          Block Type                           |
 *   |                      Block Total Length                       |
 *   /                          Block Body                           /
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 * This file is a capture-format reader: it includes <pcap.h> only for the
 * link-type names libpcap owns.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tui_pcapfile.h"

#define SHB 0x0A0D0D0Au
#define IDB 1u
#define PB 2u
#define SPB 3u
#define EPB 6u
#define BOM 0x1A2B3C4Du
#define IDB_MAX (1u << 16) /* an interface block larger than this is nonsense */

static uint16_t rd16(const uint8_t *b, bool be)
{
	return be ? (uint16_t)(b[0] << 8 | b[1]) : (uint16_t)(b[1] << 8 | b[0]);
}

static uint32_t rd32(const uint8_t *b, bool be)
{
	return be ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]
		  : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static bool host_be(void)
{
	const uint16_t one = 1;
	return *(const uint8_t *)&one == 0;
}

int tui_lt_to_dlt(uint32_t lt)
{
	lt &= 0x03FFFFFFu; /* the upper bits carry FCS information */
	switch (lt) {
	case 100: return 11; /* ATM_RFC1483 */
	case 101: return 12; /* RAW */
	case 102: return 15; /* SLIP_BSDOS */
	case 103: return 16; /* PPP_BSDOS */
	case 106: return 19; /* ATM_CLIP */
	default: return (int)lt;
	}
}

uint32_t tui_dlt_to_lt(int dlt)
{
	switch (dlt) {
	case 11: return 100;
	case 12: return 101;
	case 15: return 102;
	case 16: return 103;
	case 19: return 106;
	default: return (uint32_t)dlt;
	}
}

const char *tui_dlt_name(int dlt)
{
	return pcap_datalink_val_to_name(dlt);
}

static void set_iface(struct tui_iface *i, uint32_t lt, uint32_t snaplen, bool be)
{
	memset(i, 0, sizeof *i);
	i->linktype = tui_lt_to_dlt(lt);
	i->linktype_name = tui_dlt_name(i->linktype);
	i->snaplen = snaplen;
	i->be = be;
	i->ups = 1000000;
}

int tui_pf_init(struct tui_pcapfile *f, int fd, const uint8_t *h, size_t n, char *err,
		size_t errlen)
{
	memset(f, 0, sizeof *f);
	f->fd = fd;
	if (n >= 12 && rd32(h, false) == SHB) {
		f->ng = true; /* the section header is walked like any block */
		return 0;
	}
	if (n < 24) {
		snprintf(err, errlen, "not a pcap or pcapng file (too short)");
		return -1;
	}
	uint32_t m = rd32(h, true);
	bool be;
	if (m == 0xa1b2c3d4u || m == 0xa1b23c4du)
		be = true;
	else if (m == 0xd4c3b2a1u || m == 0x4d3cb2a1u)
		be = false;
	else {
		snprintf(err, errlen, "not a pcap or pcapng file (unknown magic 0x%08x)", m);
		return -1;
	}
	f->nano = m == 0xa1b23c4du || m == 0x4d3cb2a1u;
	set_iface(&f->ifaces[0], rd32(h + 20, be), rd32(h + 16, be), be);
	f->ifaces[0].ups = f->nano ? 1000000000u : 1000000u;
	atomic_store(&f->nifaces, 1);
	f->data_start = 24;
	return 0;
}

void tui_pf_init_spill(struct tui_pcapfile *f, int fd, int dlt, const char *name,
		       uint32_t snaplen, bool nano)
{
	memset(f, 0, sizeof *f);
	f->fd = fd;
	f->nano = nano;
	f->data_start = 24;
	set_iface(&f->ifaces[0], tui_dlt_to_lt(dlt), snaplen, host_be());
	f->ifaces[0].linktype = dlt;
	if (name)
		f->ifaces[0].linktype_name = name;
	f->ifaces[0].ups = nano ? 1000000000u : 1000000u;
	atomic_store(&f->nifaces, 1);
}

/* if_tsresol (9) and if_tsoffset (14) from an IDB's options. */
static void idb_options(struct tui_iface *i, const uint8_t *o, size_t n, bool be)
{
	while (n >= 4) {
		uint16_t code = rd16(o, be), len = rd16(o + 2, be);
		size_t padded = 4 + (((size_t)len + 3) & ~(size_t)3);
		if (code == 0 || padded > n)
			break;
		if (code == 9 && len >= 1) {
			uint8_t v = o[4];
			unsigned e = v & 0x7fu;
			uint64_t ups = 1;
			for (unsigned k = 0; k < e && ups < UINT64_MAX / 10; k++)
				ups *= (v & 0x80u) ? 2 : 10;
			i->ups = ups ? ups : 1;
		} else if (code == 14 && len >= 8) {
			uint64_t hi = rd32(o + 4, be), lo = rd32(o + 8, be);
			i->tsoffset = (int64_t)(be ? hi << 32 | lo : lo << 32 | hi);
		}
		o += padded;
		n -= padded;
	}
}

static int64_t ng_shb(struct tui_pcapfile *f, const uint8_t *b, size_t avail, char *err,
		      size_t errlen)
{
	if (avail < 12)
		return 0;
	uint32_t bom = rd32(b + 8, true);
	if (bom != BOM && rd32(b + 8, false) != BOM) {
		snprintf(err, errlen, "pcapng section header with a bad byte-order magic");
		return -1;
	}
	f->sec_be = bom == BOM;
	f->sec_base = atomic_load(&f->nifaces);
	f->seen_shb = true;
	uint32_t total = rd32(b + 4, f->sec_be);
	if (total < 28 || total % 4) {
		snprintf(err, errlen, "pcapng section header of bad length %u", total);
		return -1;
	}
	return total;
}

static int64_t ng_idb(struct tui_pcapfile *f, const uint8_t *b, size_t avail, uint32_t total,
		      char *err, size_t errlen)
{
	unsigned n = atomic_load(&f->nifaces);
	if (total < 20 || total > IDB_MAX) {
		snprintf(err, errlen, "pcapng interface block of bad length %u", total);
		return -1;
	}
	if (avail < total)
		return 0;
	if (n >= TUI_MAX_IFACES) {
		snprintf(err, errlen, "more than %u interfaces", TUI_MAX_IFACES);
		return -1;
	}
	struct tui_iface *i = &f->ifaces[n];
	set_iface(i, rd16(b + 8, f->sec_be), rd32(b + 12, f->sec_be), f->sec_be);
	idb_options(i, b + 16, total - 20, f->sec_be);
	/* written before the entries that name it are published (release) */
	atomic_store_explicit(&f->nifaces, n + 1, memory_order_release);
	return total;
}

/* The global interface of a packet block, or -1 (err) when it is unknown. */
static int ng_iface(const struct tui_pcapfile *f, uint32_t local, char *err, size_t errlen)
{
	uint64_t g = (uint64_t)f->sec_base + local;
	if (g >= atomic_load(&f->nifaces)) {
		snprintf(err, errlen, "packet on undeclared interface %u", local);
		return -1;
	}
	return (int)g;
}

static int64_t ng_block(struct tui_pcapfile *f, const uint8_t *b, size_t avail, uint64_t off,
			uint64_t *entry, char *err, size_t errlen)
{
	if (avail < 8)
		return 0;
	uint32_t type = rd32(b, f->sec_be);
	if (rd32(b, false) == SHB)
		return ng_shb(f, b, avail, err, errlen);
	if (!f->seen_shb) {
		snprintf(err, errlen, "pcapng block before the section header");
		return -1;
	}
	uint32_t total = rd32(b + 4, f->sec_be);
	if (total < 12 || total % 4) {
		snprintf(err, errlen, "pcapng block of bad length %u at offset %llu", total,
			 (unsigned long long)off);
		return -1;
	}
	if (type == IDB)
		return ng_idb(f, b, avail, total, err, errlen);
	if (type == EPB || type == PB || type == SPB) {
		unsigned need = type == SPB ? 12 : 28;
		if (avail < need)
			return 0;
		uint32_t local = type == EPB ? rd32(b + 8, f->sec_be)
			       : type == PB  ? rd16(b + 8, f->sec_be)
					     : 0;
		int g = ng_iface(f, local, err, errlen);
		if (g < 0)
			return -1;
		if (total < need + 4u) {
			snprintf(err, errlen, "pcapng packet block too short at offset %llu",
				 (unsigned long long)off);
			return -1;
		}
		unsigned kind = type == EPB ? TUI_K_EPB : type == PB ? TUI_K_PB : TUI_K_SPB;
		*entry = TUI_ENTRY(off, (unsigned)g, kind);
	}
	return total;
}

static int64_t pcap_record(struct tui_pcapfile *f, const uint8_t *b, size_t avail,
			   uint64_t off, uint64_t *entry, char *err, size_t errlen)
{
	if (avail < 16)
		return 0;
	uint32_t caplen = rd32(b + 8, f->ifaces[0].be);
	if (caplen > TUI_MAX_CAPLEN) {
		snprintf(err, errlen, "record of %u bytes at offset %llu: corrupt file", caplen,
			 (unsigned long long)off);
		return -1;
	}
	*entry = TUI_ENTRY(off, 0, TUI_K_PCAP);
	return 16 + (int64_t)caplen;
}

int64_t tui_pf_block(struct tui_pcapfile *f, const uint8_t *b, size_t avail, uint64_t off,
		     uint64_t *entry, char *err, size_t errlen)
{
	*entry = TUI_NO_ENTRY;
	if (f->ng)
		return ng_block(f, b, avail, off, entry, err, errlen);
	return pcap_record(f, b, avail, off, entry, err, errlen);
}

unsigned tui_pf_hdr_need(uint64_t entry)
{
	static const unsigned need[] = {[TUI_K_PCAP] = 16, [TUI_K_EPB] = 28, [TUI_K_SPB] = 12,
					[TUI_K_PB] = 28};
	return need[TUI_ENTRY_KIND(entry)];
}

/* A 64-bit pcapng time stamp in `ups` units per second -> sec + frac. */
static void ng_time(struct tui_rec *r, const struct tui_iface *i, uint64_t ts)
{
	uint64_t rem = ts % i->ups;
	r->sec = (int64_t)(ts / i->ups) + i->tsoffset;
	r->nano = i->ups > 1000000u;
	uint64_t unit = r->nano ? 1000000000u : 1000000u;
	r->frac = (uint32_t)((unsigned __int128)rem * unit / i->ups);
}

static int parse_ng(const struct tui_pcapfile *f, uint64_t entry, const uint8_t *b,
		    struct tui_rec *r)
{
	const struct tui_iface *i = &f->ifaces[TUI_ENTRY_IFACE(entry)];
	unsigned kind = TUI_ENTRY_KIND(entry);
	r->total = rd32(b + 4, i->be);
	r->linktype = i->linktype;
	r->linktype_name = i->linktype_name;
	if (kind == TUI_K_SPB) {
		r->len = rd32(b + 8, i->be);
		r->hdr = 12;
		r->caplen = r->len;
		if (i->snaplen && r->caplen > i->snaplen)
			r->caplen = i->snaplen;
		if (r->caplen > r->total - 16)
			r->caplen = r->total - 16;
		r->sec = 0;
		r->frac = 0;
		r->nano = false;
		return 0;
	}
	uint64_t ts = (uint64_t)rd32(b + 12, i->be) << 32 | rd32(b + 16, i->be);
	ng_time(r, i, ts);
	r->caplen = rd32(b + 20, i->be);
	r->len = rd32(b + 24, i->be);
	r->hdr = 28;
	return r->caplen > r->total - 32 ? -1 : 0;
}

int tui_pf_parse(const struct tui_pcapfile *f, uint64_t entry, const uint8_t *b, size_t avail,
		 struct tui_rec *r)
{
	if (avail < tui_pf_hdr_need(entry))
		return -1;
	r->direction = -1;
	if (TUI_ENTRY_KIND(entry) != TUI_K_PCAP)
		return parse_ng(f, entry, b, r);
	const struct tui_iface *i = &f->ifaces[0];
	r->sec = (int64_t)rd32(b, i->be);
	r->frac = rd32(b + 4, i->be);
	r->nano = f->nano;
	r->caplen = rd32(b + 8, i->be);
	r->len = rd32(b + 12, i->be);
	r->hdr = 16;
	r->total = 16 + r->caplen;
	r->linktype = i->linktype;
	r->linktype_name = i->linktype_name;
	/* the live spill file keeps the direction in the interface bits */
	unsigned d = TUI_ENTRY_IFACE(entry);
	r->direction = d ? (int8_t)(d - 1) : -1;
	return r->caplen > TUI_MAX_CAPLEN ? -1 : 0;
}

static int pread_full(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(fd, (uint8_t *)buf + got, n - got, (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

int tui_pf_read(const struct tui_pcapfile *f, uint64_t entry, struct tui_rec *r, uint8_t *buf,
		uint32_t cap)
{
	uint8_t h[32];
	unsigned need = tui_pf_hdr_need(entry);
	uint64_t off = TUI_ENTRY_OFF(entry);
	if (pread_full(f->fd, h, need, off) || tui_pf_parse(f, entry, h, need, r))
		return -1;
	if (r->caplen > cap)
		r->caplen = cap;
	return pread_full(f->fd, buf, r->caplen, off + r->hdr);
}
