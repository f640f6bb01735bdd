/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_pcapfile.h - random access to pcap and pcapng records.
 *
 * libpcap reads a capture front to back; the TUI needs packet N at once, so
 * it keeps its own index of record offsets (built by tui_store.c with
 * tui_pf_block) and reads records back with pread.  Supported: pcap with
 * microsecond or nanosecond time stamps in either byte order; pcapng with
 * any number of sections (each with its byte order) and interfaces (each
 * with its link type, snap length, if_tsresol and if_tsoffset), and its
 * Enhanced, Simple and obsolete Packet Blocks.  Other blocks are skipped.
 *
 * An index entry packs the record's file offset (48 bits), the global
 * interface number (14 bits) and the record kind (2 bits) into 8 bytes.
 */
#ifndef TUI_PCAPFILE_H
#define TUI_PCAPFILE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TUI_MAX_IFACES 1024u   /* interfaces over all sections of a pcapng */
#define TUI_MAX_CAPLEN (1u << 28) /* a larger record length means corruption */

enum tui_kind { TUI_K_PCAP = 0, TUI_K_EPB = 1, TUI_K_SPB = 2, TUI_K_PB = 3 };

#define TUI_ENTRY(off, ifc, kind)                                                                  \
	((uint64_t)(off) | ((uint64_t)(ifc) << 48) | ((uint64_t)(kind) << 62))
#define TUI_ENTRY_OFF(e) ((e) & ((UINT64_C(1) << 48) - 1))
#define TUI_ENTRY_IFACE(e) ((unsigned)(((e) >> 48) & 0x3fffu))
#define TUI_ENTRY_KIND(e) ((unsigned)((e) >> 62))
#define TUI_NO_ENTRY UINT64_MAX

struct tui_iface {
	int linktype;              /* DLT_* as libpcap reports it */
	const char *linktype_name; /* static, from libpcap */
	uint32_t snaplen;
	bool be;                   /* the section is big-endian */
	uint64_t ups;              /* time stamp units per second */
	int64_t tsoffset;          /* seconds added to every time stamp */
};

/* One packet record's metadata. */
struct tui_rec {
	int64_t sec;
	uint32_t frac;   /* µs, or ns when nano */
	bool nano;
	uint32_t caplen; /* bytes of data in the record (clipped to the caller's buffer by reads) */
	uint32_t len;    /* bytes on the wire */
	uint32_t hdr;    /* bytes of the record before the packet data */
	uint32_t total;  /* whole record length in the file */
	int linktype;
	const char *linktype_name;
	int8_t direction; /* -1 unknown, 0 in, 1 out (live spill only) */
};

struct tui_pcapfile {
	int fd;
	bool ng;            /* pcapng, else pcap */
	bool nano;          /* pcap: nanosecond magic */
	uint64_t data_start; /* offset of the first record/block */
	struct tui_iface ifaces[TUI_MAX_IFACES];
	_Atomic unsigned nifaces; /* published by the indexer before entries that use them */
	/* pcapng walk state (the indexer's own) */
	unsigned sec_base;  /* global number of the section's interface 0 */
	bool sec_be;
	bool seen_shb;
};

/* Identify the file on fd (first bytes `head`, n of them) and set up f.
 * 0 ok; -1 with the reason in err (errlen bytes). */
int tui_pf_init(struct tui_pcapfile *f, int fd, const uint8_t *head, size_t n, char *err,
		size_t errlen);
/* Set up f for a pcap stream we write ourselves (the live spill file):
 * host byte order, one interface. */
void tui_pf_init_spill(struct tui_pcapfile *f, int fd, int dlt, const char *name,
		       uint32_t snaplen, bool nano);

/* Walk one record/block at b[0..avail), file offset off.  Returns its total
 * length (> 0) and sets *entry (TUI_NO_ENTRY when it is not a packet);
 * 0 when more bytes are needed to parse it; -1 when it is corrupt (err). */
int64_t tui_pf_block(struct tui_pcapfile *f, const uint8_t *b, size_t avail, uint64_t off,
		     uint64_t *entry, char *err, size_t errlen);

/* Bytes of record header tui_pf_parse needs for this kind of entry. */
unsigned tui_pf_hdr_need(uint64_t entry);
/* Parse a packet record header (b holds tui_pf_hdr_need(entry) bytes).
 * 0 ok, -1 corrupt. */
int tui_pf_parse(const struct tui_pcapfile *f, uint64_t entry, const uint8_t *b, size_t avail,
		 struct tui_rec *r);
/* Read one packet: metadata into r, up to cap data bytes into buf (r->caplen
 * is clipped to cap).  0 ok, -1 I/O error or corrupt record. */
int tui_pf_read(const struct tui_pcapfile *f, uint64_t entry, struct tui_rec *r, uint8_t *buf,
		uint32_t cap);

/* LINKTYPE_* as stored in files -> DLT_* as libpcap reports it, and back. */
int tui_lt_to_dlt(uint32_t lt);
uint32_t tui_dlt_to_lt(int dlt);
const char *tui_dlt_name(int dlt);

#endif
