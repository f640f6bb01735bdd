/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_pcapfile.h - the one reader of pcap and pcapng files: record by record
 * for -r, and by position for the TUI's index (docs/capture.md).
 *
 * Why not libpcap's reader: libpcap refuses pcapng files whose interfaces
 * differ in link type or snap length, and cannot seek to a record (the TUI
 * needs random access).  This reader handles pcap (µs/ns, either byte order)
 * and pcapng (several sections and interfaces, per-interface link type,
 * if_tsresol and if_tsoffset; EPB, SPB and the obsolete PB), streams from a
 * pipe as well as a file, and reports where each record starts.
 * Includes no libpcap header: it is plain file parsing.
 *
 * Threads: open, next and close belong to one thread (read-ahead adds a
 * private one, see PS_PCAPFILE_READAHEAD).  parse and read_at
 * only read state that never changes once written (the fd, the format, the
 * interfaces up to ps_pcapfile_ifaces), so other threads may call them at
 * the same time for positions an earlier next() returned, once those
 * positions were handed over with release/acquire (the TUI's index does).
 */
#ifndef PS_PCAPFILE_H
#define PS_PCAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ps_pcapfile;

/* What kind of record a position names (fits in 2 bits). */
enum ps_pcap_kind { PS_PCAP_K_PCAP = 0, PS_PCAP_K_EPB = 1, PS_PCAP_K_SPB = 2, PS_PCAP_K_PB = 3 };

#define PS_PCAP_MAX_IFACES 16384u     /* interfaces over all sections (14 bits) */
#define PS_PCAP_MAX_RECORD (64u << 20) /* a larger record or block is an error */
/* Record seconds saturate here, so sec * 10^9 + ns fits in an int64 for
 * every consumer (a pcapng if_tsoffset near INT64_MAX, or 1 s units with a
 * 64-bit time stamp, would overflow otherwise). */
#define PS_PCAP_SEC_MAX INT64_C(9223372035)
#define PS_PCAP_SEC_MIN (-PS_PCAP_SEC_MAX)

/* Where a record is: enough to read it again with read_at. */
struct ps_pcappos {
	uint64_t offset; /* of the record (pcap) or block (pcapng) */
	uint32_t iface;  /* interface number over all sections (0 for pcap) */
	unsigned kind;   /* enum ps_pcap_kind */
};

struct ps_pcaprec {
	const uint8_t *data; /* next(): borrowed until the next call; read_at: the caller's buf */
	uint32_t caplen, len;
	uint32_t hdr;        /* bytes of the record before the packet data */
	int64_t sec;         /* saturated to [PS_PCAP_SEC_MIN, PS_PCAP_SEC_MAX] */
	uint32_t frac;       /* µs, or ns when nano; pcap: as stored (may be out of range) */
	bool nano;
	int dlt;             /* link type as libpcap reports it (DLT_*) */
	const char *linktype_name; /* static */
	uint32_t ifid;       /* pcapng interface within its section (0 for pcap) */
	struct ps_pcappos pos;
};

/* Flags of open: without PS_PCAPFILE_IFACE_PRECISION every frac is in the
 * file's precision (ps_pcapfile_nano: that of the first interface), as -r
 * prints; with it, in each interface's own (µs unless finer), as the TUI shows. */
#define PS_PCAPFILE_IFACE_PRECISION 1u
/* Read ahead: a thread of the reader's own reads the next chunks of the
 * file (or pipe) while the caller works on the current records
 * (pcapfile_ra.c).  Records, errors and positions are the same as
 * without it; next() records are still borrowed only until the next call
 * (the chunk they are in goes back to the thread then).  Worth it only
 * with a core to spare.  No thread starts for a file the open already
 * read whole, or when memory or threads run out. */
#define PS_PCAPFILE_READAHEAD 2u

/* Open a file ("-" = standard input).  0 ok; -1 with the reason in err. */
int ps_pcapfile_open(struct ps_pcapfile **out, const char *path, unsigned flags, char *err,
		     size_t errlen);
/* The same on an open descriptor, read from its current position; the
 * reader owns fd from now on (closed by close, or here on failure). */
int ps_pcapfile_open_fd(struct ps_pcapfile **out, int fd, unsigned flags, char *err,
			size_t errlen);
/* 1 record; 0 end of file; -1 error (e.g. a record cut short) with err filled. */
int ps_pcapfile_next(struct ps_pcapfile *pf, struct ps_pcaprec *r, char *err, size_t errlen);
void ps_pcapfile_close(struct ps_pcapfile *pf);

/* Bytes of record header parse needs for a kind (12..28). */
unsigned ps_pcapfile_hdr_len(unsigned kind);
/* The record at pos from its header, b[0..avail) (at least hdr_len(kind)
 * bytes read from pos->offset): everything but data.  0 ok, -1 (err) when
 * the bytes are no such record or pos names an unknown interface. */
int ps_pcapfile_parse(const struct ps_pcapfile *pf, const struct ps_pcappos *pos,
		      const uint8_t *b, size_t avail, struct ps_pcaprec *r, char *err,
		      size_t errlen);
/* Read the record at pos again (pread: the sequential position is kept)
 * with up to cap data bytes into buf; r->caplen is clipped to cap and
 * r->data = buf.  Regular files only.  1 ok, -1 error (err). */
int ps_pcapfile_read_at(const struct ps_pcapfile *pf, const struct ps_pcappos *pos,
			struct ps_pcaprec *r, uint8_t *buf, uint32_t cap, char *err, size_t errlen);

bool ps_pcapfile_nano(const struct ps_pcapfile *pf);    /* file precision: ns */
int ps_pcapfile_dlt(const struct ps_pcapfile *pf);      /* of the first interface */
uint32_t ps_pcapfile_snaplen(const struct ps_pcapfile *pf);
bool ps_pcapfile_is_ng(const struct ps_pcapfile *pf);
bool ps_pcapfile_swapped(const struct ps_pcapfile *pf); /* big-endian (last section's) */
uint32_t ps_pcapfile_ifaces(const struct ps_pcapfile *pf); /* interfaces known so far */
uint64_t ps_pcapfile_tell(const struct ps_pcapfile *pf); /* offset after the last record read */
bool ps_pcapfile_reads_ahead(const struct ps_pcapfile *pf); /* a read-ahead thread runs */

#endif
