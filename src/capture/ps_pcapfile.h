/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_pcapfile.h - a reader of pcap and pcapng files, record by record.
 *
 * Why not libpcap's reader: libpcap refuses pcapng files whose interfaces
 * differ in link type or snap length, and cannot seek to a record (the TUI
 * needs random access).  This reader handles pcap (µs/ns, either byte order)
 * and pcapng (several sections and interfaces, per-interface link type,
 * if_tsresol and if_tsoffset; EPB, SPB and the obsolete PB), streams from a
 * pipe as well as a file, and reports where each record starts.
 * Includes no libpcap header: it is plain file parsing.
 */
#ifndef PS_PCAPFILE_H
#define PS_PCAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ps_pcapfile;

struct ps_pcaprec {
	const uint8_t *data; /* borrowed until the next call on the reader */
	uint32_t caplen, len;
	int64_t sec;
	uint32_t frac;   /* µs, or ns when ps_pcapfile_nano() */
	int linktype;    /* LINKTYPE_* value from the file */
	uint32_t ifid;   /* pcapng interface (0 for pcap) */
	uint64_t offset; /* file offset of the record (pcap) or block (pcapng) */
};

/* Open a file ("-" = standard input).  0 ok; -1 with the reason in err. */
int ps_pcapfile_open(struct ps_pcapfile **out, const char *path, char *err, size_t errlen);
/* 1 record; 0 end of file; -1 error (e.g. a record cut short) with err filled. */
int ps_pcapfile_next(struct ps_pcapfile *pf, struct ps_pcaprec *r, char *err, size_t errlen);
/* Re-read the record at `offset` (returned by an earlier next()) without
 * disturbing the sequential position.  Regular files only.  1 ok, -1 error. */
int ps_pcapfile_read_at(struct ps_pcapfile *pf, uint64_t offset, struct ps_pcaprec *r, char *err,
			size_t errlen);
void ps_pcapfile_close(struct ps_pcapfile *pf);

bool ps_pcapfile_nano(const struct ps_pcapfile *pf);     /* time stamps in ns */
int ps_pcapfile_linktype(const struct ps_pcapfile *pf);  /* of the first interface */
uint32_t ps_pcapfile_snaplen(const struct ps_pcapfile *pf);
bool ps_pcapfile_is_ng(const struct ps_pcapfile *pf);
bool ps_pcapfile_swapped(const struct ps_pcapfile *pf);

#endif
