/* SPDX-License-Identifier: BSD-2-Clause */
/* pcapfile_int.h - the reader's private state, shared by pcapfile.c (the
 * stream, pcap records, random access) and pcapng.c (blocks and options). */
#ifndef PCAPFILE_INT_H
#define PCAPFILE_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ps_pcapfile.h"

#define PF_CHUNK (1u << 20) /* read(2) size */
/* read-ahead (pcapfile_ra.c): chunks in the ring, and the headroom in
 * front of each that takes the head of a record cut by the previous
 * chunk's end (a 256 KiB-snaplen record with room for pcapng options:
 * larger ones are gathered in the growable buffer) */
#define PF_RA_CHUNKS 4u
#define PF_RA_HEAD (288u << 10)
#define PF_IFACE_CHUNK 64u  /* interfaces are allocated in chunks that never move */

enum { PF_SHB = 0x0A0D0D0A, PF_IDB = 1, PF_PB = 2, PF_SPB = 3, PF_EPB = 6 };

struct pf_iface {
	int dlt;
	const char *name;  /* static, from the link-type table */
	uint32_t snaplen;
	uint64_t units;    /* time stamp units per second (if_tsresol), >= 1 */
	int64_t tsoffset;  /* seconds added to every time stamp (if_tsoffset) */
	bool be;           /* byte order of its section */
	bool nano;         /* units finer than µs */
};

struct ps_pcapfile {
	int fd;
	bool own_fd, seekable, iface_prec;
	const uint8_t *buf;     /* the window: gbuf, or a read-ahead chunk */
	size_t start, end;      /* unread bytes are buf[start, end) */
	uint64_t buf_off;       /* file offset of buf[0] (modulo 2^64) */
	uint8_t *gbuf;          /* the growable buffer, gcap bytes */
	size_t gcap;
	struct pf_ra *ra;       /* the read-ahead thread, NULL without */
	bool eof;
	bool ng, be, nano;
	int dlt;                /* of the first interface, -1 before it */
	uint32_t snaplen;
	/* interfaces of every section, numbered globally; entries below
	 * nifaces are immutable (read_at reads them from other threads) */
	struct pf_iface *ifchunk[PS_PCAP_MAX_IFACES / PF_IFACE_CHUNK];
	_Atomic uint32_t nifaces;
	uint32_t sec_base;      /* global number of this section's interface 0 */
	const struct pf_iface *pcap_ifc; /* pcap: its one interface (not looked up per record) */
};

static inline uint16_t pf_rd16(bool be, const uint8_t *p)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static inline uint32_t pf_rd32(bool be, const uint8_t *p)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* gbuf holds at least n bytes (its contents kept).  0 ok, -1 out of
 * memory.  Inline: both the reader and its read-ahead use it. */
static inline int pf_grow(struct ps_pcapfile *pf, size_t n)
{
	if (pf->gcap >= n)
		return 0;
	bool window = pf->buf == pf->gbuf; /* compared before realloc frees it */
	uint8_t *nb = realloc(pf->gbuf, n);
	if (!nb)
		return -1;
	if (window)
		pf->buf = nb;
	pf->gbuf = nb;
	pf->gcap = n;
	return 0;
}

/* Start reading ahead from where the window ends (pcapfile_ra.c).  0 ok,
 * -1 not started (no thread or memory: the caller reads by itself). */
int pf_ra_start(struct ps_pcapfile *pf);
/* Stop the thread and free the ring (NULL: nothing). */
void pf_ra_stop(struct pf_ra *ra);
/* refill() with the thread: same contract (need bytes unread, or to the
 * end of the file; available bytes or -1 with errno). */
long pf_ra_refill(struct ps_pcapfile *pf, size_t need);

/* Interface g, or NULL when it is not (yet) known. */
const struct pf_iface *pf_iface(const struct ps_pcapfile *pf, uint32_t g);
/* Add an interface (pcap: the file's one).  NULL when out of memory or full. */
struct pf_iface *pf_iface_new(struct ps_pcapfile *pf);
void pf_iface_publish(struct ps_pcapfile *pf);
void pf_ifaces_free(struct ps_pcapfile *pf);

/* An Interface Description Block b[0..blen) -> a new interface.  0 ok, -1 (err). */
int pf_ng_idb(struct ps_pcapfile *pf, const uint8_t *b, uint32_t blen, char *err, size_t errlen);
/* The header of a packet block of type `type` on interface ifc: b holds at
 * least ps_pcapfile_hdr_len of its kind; blen is the block's total length.
 * Fills r (not data, not pos).  0 ok, -1 (err). */
int pf_ng_packet(const struct ps_pcapfile *pf, const struct pf_iface *ifc, uint32_t type,
		 const uint8_t *b, uint32_t blen, struct ps_pcaprec *r, char *err, size_t errlen);
/* Block type -> kind, or -1 when it is not a packet block. */
int pf_ng_kind(uint32_t type);

#endif
